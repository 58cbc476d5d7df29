"""python manage.py backup_maken MAP: the database and every stored file, into a new folder."""

from django.core.management.base import BaseCommand, CommandError

from rapportage.backup import BackupFout, backup_maken


class Command(BaseCommand):
    help = (
        "Maakt een backup van de database en van alle opgeslagen bestanden (het PDF-archief) "
        "in een nieuwe, lege map. Terugzetten: backup_terugzetten MAP."
    )

    def add_arguments(self, parser):
        parser.add_argument("map", help="nieuwe of lege map voor de backup")

    def handle(self, *args, **opties):
        try:
            manifest = backup_maken(doel=opties["map"])
        except (BackupFout, OSError) as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            f"Backup gemaakt in {opties['map']}: {manifest['database']} en "
            f"{len(manifest['bestanden'])} bestand(en)."
        )
