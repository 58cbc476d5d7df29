"""python manage.py exporteer_pdf: the plan, a quarterly report, a theme or a selection as PDF."""

import re
import sys
from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from agenda.filters import ThemaSelectie
from agenda.models import Plan
from rapportage import documenten
from rapportage.constants import PeriodeStatus
from rapportage.services import gearchiveerd_rapport


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    pass


# argparse speaks English; its few messages for wrong arguments, in Dutch.
ARGPARSE_MELDINGEN = [
    (r"the following arguments are required: (.*)", r"deze opties zijn verplicht: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"\1 moet een geheel getal zijn, niet \2"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"\1 kent \2 niet; kies uit \3",
    ),
    (r"argument (\S+): expected one argument", r"\1 heeft een waarde nodig"),
    (r"unrecognized arguments: (.*)", r"onbekende opties: \1"),
]

SCHRIJFFOUTEN = {
    FileNotFoundError: "de map bestaat niet",
    IsADirectoryError: "dat is een map, geen bestand",
    PermissionError: "geen toestemming om daar te schrijven",
}


def _nederlands(melding: str) -> str:
    for patroon, vervanging in ARGPARSE_MELDINGEN:
        if re.fullmatch(patroon, melding):
            return re.sub(patroon, vervanging, melding)
    return melding


class Command(BaseCommand):
    help = (
        "Schrijft een PDF van het meerjarenplan, een kwartaalrapportage, één thema of een selectie\n"
        "van thema's, zoals de download in de browser.\n\n"
        "Voorbeelden:\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --output plan.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --periode 2015-Q2 --output q2.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --thema 25 --output thema25.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --decentralisatie wmo "
        "--gemeente Weert --output weert-wmo.pdf\n\n"
        "Een vastgestelde rapportage komt als het gearchiveerde bestand (PDF/A-3b), byte voor\n"
        "byte zoals vastgesteld, net als in de browser; --variant ua maakt een nieuwe,\n"
        "toegankelijke PDF/UA-versie."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Keep the examples in the description on their own lines.
        parser = super().create_parser(
            prog_name, subcommand, formatter_class=_HelpFormatter, **kwargs
        )

        def fout(melding):
            melding = _nederlands(melding)
            if not parser.called_from_command_line:
                raise CommandError(melding)
            parser.print_usage(sys.stderr)
            parser.exit(2, f"{parser.prog}: fout: {melding}\n")

        parser.error = fout
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Slug van het plan, bijv. midden-limburg-2015-2016."
        )
        parser.add_argument(
            "--periode", help="Kwartaalrapportage in plaats van het plan, bijv. 2015-Q2."
        )
        parser.add_argument("--thema", type=int, help="Alleen dit thema (nummer).")
        parser.add_argument(
            "--speerpunt", type=int, help="Selectie: thema's van dit speerpunt (volgnummer)."
        )
        parser.add_argument(
            "--decentralisatie",
            choices=["jeugdhulp", "wmo", "participatie"],
            help="Selectie: thema's die deze decentralisatie raken.",
        )
        parser.add_argument(
            "--gemeente",
            help="Selectie: de regionale thema's en die van de subregio van deze gemeente, met de "
            "subregionale en lokale agenda's.",
        )
        parser.add_argument(
            "--subregio",
            help="Selectie: de regionale thema's en die van deze subregio (afkorting, bijv. MLO).",
        )
        parser.add_argument(
            "--trekker",
            help="Selectie: thema's waarvan deze persoon trekker is (deel van de naam).",
        )
        parser.add_argument(
            "--variant",
            choices=["ua", "archief"],
            help="ua: toegankelijk, getagd (PDF/UA-1; standaard, behalve voor een vastgestelde "
            "rapportage); archief: PDF/A-3b.",
        )
        parser.add_argument(
            "--output", required=True, help="Pad van het PDF-bestand dat geschreven wordt."
        )

    def handle(self, *args, **opties):
        plan = Plan.objects.select_related("regio").filter(slug=opties["plan"]).first()
        if plan is None:
            bekend = ", ".join(Plan.objects.values_list("slug", flat=True)) or "geen"
            raise CommandError(f"Onbekend plan {opties['plan']!r}. Bekende plannen: {bekend}.")
        selectie_opties = {
            naam: opties[naam]
            for naam in ("speerpunt", "decentralisatie", "gemeente", "subregio", "trekker")
            if opties[naam] not in (None, "")
        }
        gekozen = [naam for naam in ("periode", "thema") if opties[naam] is not None]
        if len(gekozen) > 1 or (gekozen and selectie_opties):
            raise CommandError("Kies één soort document: --periode, --thema, of selectie-opties.")
        inhoud = self._inhoud(plan, opties, selectie_opties)
        try:
            with open(opties["output"], "wb") as bestand:
                bestand.write(inhoud)
        except OSError as fout:
            reden = next(
                (tekst for soort, tekst in SCHRIJFFOUTEN.items() if isinstance(fout, soort)),
                fout.strerror,
            )
            raise CommandError(f"Kan {opties['output']!r} niet schrijven: {reden}.") from fout
        self.stdout.write(
            f"{opties['output']} geschreven ({len(inhoud):,} bytes).".replace(",", ".")
        )

    def _inhoud(self, plan, opties, selectie_opties) -> bytes:
        variant = opties["variant"] or "ua"
        if opties["periode"]:
            periode = plan.rapportageperiodes.met_code(opties["periode"]).first()
            if periode is None:
                bekend = ", ".join(p.code for p in plan.rapportageperiodes.all()) or "geen"
                raise CommandError(
                    f"Onbekende periode {opties['periode']!r}. Perioden van dit plan: {bekend}."
                )
            periode.plan = plan
            if periode.status == PeriodeStatus.VASTGESTELD and opties["variant"] != "ua":
                archief = gearchiveerd_rapport(periode, pdf_maken=documenten.rapport_pdf_bytes)
                with archief.bestand.open("rb") as bestand:
                    return bestand.read()
            return documenten.pdf_bytes(documenten.rapport_document(periode), variant)
        if opties["thema"] is not None:
            thema = plan.themas.filter(nummer=opties["thema"]).first()
            if thema is None:
                nummers = plan.themas.order_by("nummer").values_list("nummer", flat=True)
                raise CommandError(
                    f"Plan {plan.slug} heeft geen thema {opties['thema']} (thema's "
                    f"{nummers.first()}–{nummers.last()}; de agenda's 35 en 36 staan in het "
                    "plan-PDF)."
                )
            return documenten.pdf_bytes(documenten.thema_document(plan, thema), variant)
        if selectie_opties:
            selectie = ThemaSelectie({k: str(v) for k, v in selectie_opties.items()}, plan=plan)
            fouten = selectie.onbekende_waarden()
            if fouten or not selectie.is_valid():
                fouten += [f"{veld}: {' '.join(f)}" for veld, f in selectie.errors.items()]
                raise CommandError("Ongeldige selectie: " + "; ".join(fouten) + ".")
            if not selectie.qs.exists():
                raise CommandError("Deze selectie bevat geen thema's.")
            return documenten.pdf_bytes(documenten.selectie_document(plan, selectie), variant)
        return documenten.pdf_bytes(documenten.plan_document(plan), variant)
