"""python manage.py exporteer_pdf: the plan, a quarterly report, an item, a selection or a
checklist as PDF."""

import re

from django.core.management.base import CommandError

from agenda.filters import OnderdeelSelectie
from agenda.management.opdrachten import Opdracht, bestandsfout
from agenda.models import Plan
from documenten import documenten
from documenten.archief import vastgesteld_bestand
from documenten.archivering import ArchiefWordtGemaakt


class Command(Opdracht):
    help = (
        "Schrijft een PDF van een plan, een kwartaalrapportage, één onderdeel (zoals een thema\n"
        "of taak), een selectie of een toetsing, zoals de download in de browser.\n\n"
        "Voorbeelden:\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --output plan.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --periode 2015-Q2 --output q2.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --onderdeel 25 --output thema25.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --domein wmo "
        "--gemeente Weert --output weert-wmo.pdf\n"
        "  exporteer_pdf --plan midden-limburg-2015-2016 --toetsing regioplan-beschermd-wonen "
        "--output toetsing.pdf\n\n"
        "Een vastgestelde rapportage komt als het gearchiveerde bestand (PDF/A-3a en\n"
        "PDF/UA-1), byte voor byte zoals vastgesteld, net als in de browser; --variant ua\n"
        "maakt een nieuwe, toegankelijke PDF/UA-versie."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Slug van het plan, bijv. midden-limburg-2015-2016."
        )
        parser.add_argument(
            "--periode", help="Kwartaalrapportage in plaats van het plan, bijv. 2015-Q2."
        )
        parser.add_argument(
            "--onderdeel",
            "--thema",
            dest="onderdeel",
            help="Alleen dit onderdeel, met zijn nummer zoals het plan het drukt (bijv. 25).",
        )
        parser.add_argument(
            "--niveau",
            help="Bij --onderdeel: het niveau (zoals in het webadres, bijv. themas); standaard "
            "het niveau waarover gerapporteerd wordt.",
        )
        parser.add_argument(
            "--toetsing",
            help="De toetsing van het plan aan dit kader (bijv. regioplan-beschermd-wonen).",
        )
        parser.add_argument(
            "--groep",
            "--speerpunt",
            dest="groep",
            help="Selectie: de onderdelen onder dit bovenste onderdeel (bijv. speerpunt 1).",
        )
        parser.add_argument(
            "--domein",
            "--decentralisatie",
            dest="domein",
            help="Selectie: onderdelen die dit domein raken (bijv. wmo).",
        )
        parser.add_argument(
            "--gemeente",
            help="Selectie: de regionale onderdelen en die van de subregio van deze gemeente, "
            "met de subregionale en lokale agenda's.",
        )
        parser.add_argument(
            "--subregio",
            help="Selectie: de regionale onderdelen en die van deze subregio (afkorting, bijv. MLO).",
        )
        parser.add_argument(
            "--persoon",
            "--trekker",
            dest="persoon",
            help="Selectie: onderdelen die deze persoon trekt (deel van de naam).",
        )
        parser.add_argument(
            "--variant",
            choices=["ua", "archief"],
            help="ua: toegankelijk, getagd (PDF/UA-1; standaard, behalve voor een vastgestelde "
            "rapportage); archief: PDF/A-3a en PDF/UA-1.",
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
            for naam in ("groep", "domein", "gemeente", "subregio", "persoon")
            if opties[naam] not in (None, "")
        }
        gekozen = [n for n in ("periode", "onderdeel", "toetsing") if opties[n] is not None]
        if len(gekozen) > 1 or (gekozen and selectie_opties):
            raise CommandError(
                "Kies één soort document: --periode, --onderdeel, --toetsing of selectie-opties."
            )
        inhoud = self._inhoud(plan, opties, selectie_opties)
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
            try:
                archief = vastgesteld_bestand(periode, opties["variant"])
            except ArchiefWordtGemaakt as bezig:
                raise CommandError(
                    f"De PDF voor het archief van {periode.naam} wordt nog gemaakt (PDF-document "
                    f"{bezig.record.pk}); probeer het over een paar minuten opnieuw."
                ) from bezig
            if archief is not None:
                with archief.bestand.open("rb") as bestand:
                    return bestand.read()
            return documenten.pdf_bytes(documenten.rapport_document(periode), variant)
        if opties["onderdeel"] is not None:
            return documenten.pdf_bytes(
                documenten.onderdeel_document(plan, self._onderdeel(plan, opties)), variant
            )
        if opties["toetsing"] is not None:
            if not plan.toetsingskaders.filter(slug=opties["toetsing"]).exists():
                bekend = ", ".join(plan.toetsingskaders.values_list("slug", flat=True)) or "geen"
                raise CommandError(
                    f"Plan {plan.slug} wordt niet getoetst aan {opties['toetsing']!r} "
                    f"(wel aan: {bekend})."
                )
            return documenten.pdf_bytes(
                documenten.toetsing_document(plan, opties["toetsing"]), variant
            )
        if selectie_opties:
            selectie = OnderdeelSelectie({k: str(v) for k, v in selectie_opties.items()}, plan=plan)
            fouten = selectie.onbekende_waarden()
            if fouten or not selectie.is_valid():
                fouten += [f"{veld}: {' '.join(f)}" for veld, f in selectie.errors.items()]
                raise CommandError("Ongeldige selectie: " + "; ".join(fouten) + ".")
            if not selectie.qs.exists():
                raise CommandError(
                    f"Deze selectie bevat geen {plan.rapportageniveau.klein_meervoud}."
                )
            return documenten.pdf_bytes(documenten.selectie_document(plan, selectie), variant)
        return documenten.pdf_bytes(documenten.plan_document(plan), variant)

    def _onderdeel(self, plan, opties):
        niveau = plan.rapportageniveau
        if opties["niveau"]:
            niveau = next((n for n in plan.niveaus if n.slug == opties["niveau"]), None)
            if niveau is None:
                bekend = ", ".join(n.slug for n in plan.niveaus)
                raise CommandError(
                    f"Plan {plan.slug} heeft geen niveau {opties['niveau']!r} (wel: {bekend})."
                )
        # PostgreSQL refuses a NUL in any query: such a number is simply not found.
        onderdeel = (
            plan.onderdelen.filter(niveau=niveau, code=opties["onderdeel"]).first()
            if "\x00" not in opties["onderdeel"]
            else None
        )
        if onderdeel is None:
            codes = list(
                plan.onderdelen.filter(niveau=niveau).order_by("pad").values_list("code", flat=True)
            )
            bereik = f"{codes[0]}–{codes[-1]}" if codes else "geen"
            lijst = ""
            gevraagd = str(opties["onderdeel"])
            # ASCII digits only: "²".isdigit() is true, yet int() refuses it.
            if (
                re.fullmatch(r"[0-9]{1,9}", gevraagd, re.ASCII)
                and plan.agendalijsten.filter(nummer=int(gevraagd)).exists()
            ):
                lijst = f"; {opties['onderdeel']} is een agendalijst en staat in het plan-PDF"
            raise CommandError(
                f"Plan {plan.slug} heeft geen {niveau.klein} {opties['onderdeel']} "
                f"({niveau.klein_meervoud}: {bereik}{lijst})."
            )
        return onderdeel
