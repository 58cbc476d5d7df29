"""python manage.py backup_terugzetten MAP: a backup into an empty database and storage."""

from django.core.management.base import BaseCommand, CommandError

from rapportage.backup import BackupFout, backup_terugzetten


class Command(BaseCommand):
    help = (
        "Zet een backup van backup_maken terug in een nieuwe, lege database (DATABASE_URL) en de "
        "ingestelde opslag, en controleert elk gearchiveerd rapport op zijn SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("map", help="de map die backup_maken schreef")

    def handle(self, *args, **opties):
        try:
            resultaat = backup_terugzetten(bron=opties["map"])
        except (BackupFout, OSError) as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(
            f"Backup teruggezet: {resultaat['bestanden']} bestand(en), "
            f"{resultaat['archief']} gearchiveerd(e) rapport(en) gecontroleerd."
        )
        if resultaat.get("vergeten_renders"):
            self.stdout.write(
                f"{resultaat['vergeten_renders']} tussentijds opgeruimde PDF('s) worden opnieuw "
                "gemaakt als iemand ze opvraagt."
            )
