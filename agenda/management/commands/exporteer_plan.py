"""python manage.py exporteer_plan: a plan's whole workbook, or the blank template of a shape."""

from django.core.management.base import CommandError

from agenda.excel import plan_exporteren, sjabloon
from agenda.models import Plan, Planvorm
from regio.models import Regio

from ..opdrachten import Opdracht, bestandsfout


class Command(Opdracht):
    help = (
        "Schrijft een plan als Excel-werkboek (.xlsx): het plan, zijn uitwerking, rollen,\n"
        "begroting, indicatoren, overlegstructuur, kwartaalrapportages, de regio en de\n"
        "planvorm, met een blad Toelichting dat elke kolom uitlegt. Met --sjabloon een leeg\n"
        "werkboek in de woorden van een planvorm, om een plan in te vullen en te importeren\n"
        "(importeer_plan).\n\n"
        "Voorbeelden:\n"
        "  exporteer_plan --plan midden-limburg-2015-2016 --output plan.xlsx\n"
        "  exporteer_plan --sjabloon opgave-deelopgave-actiepunt --output sjabloon.xlsx\n"
        "  exporteer_plan --sjabloon taak-actie --regio holland-rijnland --output sjabloon.xlsx"
    )

    def add_arguments(self, parser):
        soort = parser.add_mutually_exclusive_group(required=True)
        soort.add_argument("--plan", help="Webadres (slug) van het plan.")
        soort.add_argument(
            "--sjabloon",
            metavar="PLANVORM",
            help="Webadres (slug) van een planvorm: een leeg werkboek in haar woorden.",
        )
        parser.add_argument(
            "--regio",
            help="Bij --sjabloon: vul de regio, haar gemeenten, partijen en personen al in.",
        )
        parser.add_argument(
            "--alleen-vastgesteld",
            action="store_true",
            help="Bij --plan: alleen vastgestelde kwartaalrapportages (een voorbeeld zonder "
            "concepten).",
        )
        parser.add_argument("--output", required=True, help="Pad van het .xlsx-bestand.")

    def handle(self, *args, **opties):
        if opties["plan"]:
            if opties["regio"]:
                raise CommandError("--regio hoort bij --sjabloon; een plan heeft zijn eigen regio.")
            plan = Plan.objects.filter(slug=opties["plan"]).first()
            if plan is None:
                bekend = ", ".join(Plan.objects.values_list("slug", flat=True)) or "geen"
                raise CommandError(f"Onbekend plan {opties['plan']!r}. Bekende plannen: {bekend}.")
            inhoud = plan_exporteren(plan, alleen_vastgesteld=opties["alleen_vastgesteld"])
        else:
            vorm = Planvorm.objects.filter(slug=opties["sjabloon"]).first()
            if vorm is None:
                bekend = ", ".join(Planvorm.objects.values_list("slug", flat=True)) or "geen"
                raise CommandError(
                    f"Onbekende planvorm {opties['sjabloon']!r}. Bekende planvormen: {bekend}."
                )
            regio = None
            if opties["regio"]:
                regio = Regio.objects.filter(slug=opties["regio"]).first()
                if regio is None:
                    bekend = ", ".join(Regio.objects.values_list("slug", flat=True)) or "geen"
                    raise CommandError(
                        f"Onbekende regio {opties['regio']!r}. Bekende regio's: {bekend}."
                    )
            inhoud = sjabloon(vorm, regio=regio)
        try:
            with open(opties["output"], "wb") as bestand:
                bestand.write(inhoud)
        except OSError as fout:
            raise CommandError(
                f"Kan {opties['output']!r} niet schrijven: {bestandsfout(fout)}."
            ) from fout
        self.stdout.write(
            f"{opties['output']} geschreven ({len(inhoud):,} bytes).".replace(",", ".")
        )
