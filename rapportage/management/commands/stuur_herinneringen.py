from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rapportage.herinneringen import herinneringen_versturen


class Command(BaseCommand):
    help = (
        "Mailt trekkers met openstaande kwartaalrapportages: vanaf N dagen voor de deadline en "
        "wanneer die verstreken is. Voor cron; stuurt dezelfde herinnering nooit twee keer op een dag."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dagen",
            type=int,
            default=7,
            help="Herinner vanaf zoveel dagen voor de deadline (standaard 7).",
        )
        parser.add_argument(
            "--vandaag",
            help="Doe alsof het deze datum is (JJJJ-MM-DD), om te testen of in te halen.",
        )

    def handle(self, *args, dagen, vandaag, **options):
        if dagen < 0:
            raise CommandError("--dagen kan niet negatief zijn.")
        try:
            dag = date.fromisoformat(vandaag) if vandaag else timezone.localdate()
        except ValueError as fout:
            raise CommandError(
                f"--vandaag moet een datum zijn als 2026-03-31, niet {vandaag!r}."
            ) from fout
        verslag = herinneringen_versturen(vandaag=dag, dagen_vooraf=dagen)
        for regel in verslag:
            self.stdout.write(regel)
        self.stdout.write(f"{len(verslag)} herinnering(en) verwerkt.")
