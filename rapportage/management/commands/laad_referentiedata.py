from django.core.management.base import BaseCommand, CommandError

from rapportage.referentiedata import REFERENTIEMAP, laad_referentiedata
from regio.referentiedata import ReferentiedataFout


class Command(BaseCommand):
    help = (
        "Laadt de referentiedata (fixtures/): de planvormen, de toetsingskaders en de regio's "
        "Midden-Limburg, Holland Rijnland en Gooi en Vechtstreek met hun gemeenten, mensen, "
        "plan, overlegstructuur en rapportages. Alles of niets; een tweede keer laden "
        "verandert niets."
    )

    def handle(self, *args, **options):
        try:
            plannen = laad_referentiedata(REFERENTIEMAP)
        except ReferentiedataFout as fout:
            raise CommandError(
                f"Referentiedata niet geladen, er is niets gewijzigd. {fout}"
            ) from fout
        for plan in plannen:
            niveau = plan.planvorm.rapportageniveau
            aantal = plan.onderdelen.filter(niveau=niveau).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Referentiedata geladen: {plan} ({aantal} {niveau.klein_meervoud}, "
                    f"{plan.rapportageperiodes.count()} rapportageperiode(s))."
                )
            )
