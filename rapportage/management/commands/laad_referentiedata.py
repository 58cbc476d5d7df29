from django.core.management.base import BaseCommand, CommandError

from rapportage.referentiedata import REFERENTIEMAP, laad_referentiedata
from regio.referentiedata import ReferentiedataFout


class Command(BaseCommand):
    help = (
        "Laadt de referentiedata van Midden-Limburg (fixtures/midden-limburg): regio, gemeenten, "
        "het meerjarenplan 2015-2016 met alle thema's en overleggen, en de rapportage juli 2015. "
        "Alles of niets; een tweede keer laden verandert niets."
    )

    def handle(self, *args, **options):
        try:
            plan = laad_referentiedata(REFERENTIEMAP)
        except ReferentiedataFout as fout:
            raise CommandError(
                f"Referentiedata niet geladen, er is niets gewijzigd. {fout}"
            ) from fout
        self.stdout.write(
            self.style.SUCCESS(
                f"Referentiedata geladen: {plan} ({plan.themas.count()} thema's, "
                f"{plan.rapportageperiodes.count()} rapportageperiode(s))."
            )
        )
