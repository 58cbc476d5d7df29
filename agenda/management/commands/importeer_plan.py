"""python manage.py importeer_plan: a whole plan from its workbook, checked first, all or nothing."""

from pathlib import Path

from django.core.management.base import CommandError

from agenda.excel import ImportFout, importeren, importplan_maken
from regio.models import Regio

from ..opdrachten import Opdracht, bestandsfout


class Command(Opdracht):
    help = (
        "Leest een plan uit een Excel-werkboek (een export of een ingevuld sjabloon, zie\n"
        "exporteer_plan). Eerst wordt alles gecontroleerd en elke fout gemeld met blad, rij en\n"
        "kolom; daarna wordt alles in één keer opgeslagen, of niets. Ongewijzigde rijen blijven\n"
        "onaangeroerd; rijen die het bestand weglaat, worden alleen verwijderd met\n"
        "--verwijderen-bevestigd.\n\n"
        "Voorbeelden:\n"
        "  importeer_plan plan.xlsx --controleer\n"
        "  importeer_plan plan.xlsx\n"
        "  importeer_plan plan.xlsx --verwijderen-bevestigd\n"
        "  importeer_plan sjabloon.xlsx --regio noord-veluwe"
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Het .xlsx-bestand.")
        parser.add_argument(
            "--regio",
            help="Webadres van een bestaande regio om het plan in te importeren; blad Regio "
            "wordt dan niet gebruikt.",
        )
        parser.add_argument(
            "--controleer",
            action="store_true",
            help="Alleen controleren en tonen wat er aangemaakt, gewijzigd en verwijderd zou "
            "worden; er wordt niets opgeslagen.",
        )
        parser.add_argument(
            "--verwijderen-bevestigd",
            action="store_true",
            help="Rijen die het bestand weglaat ook echt verwijderen.",
        )

    def handle(self, *args, **opties):
        pad = Path(opties["bestand"])
        try:
            inhoud = pad.read_bytes()
        except OSError as fout:
            reden = bestandsfout(fout, schrijven=False)
            raise CommandError(f"Kan {str(pad)!r} niet lezen: {reden}.") from fout
        regio = None
        if opties["regio"]:
            regio = Regio.objects.filter(slug=opties["regio"]).first()
            if regio is None:
                bekend = ", ".join(Regio.objects.values_list("slug", flat=True)) or "geen"
                raise CommandError(
                    f"Onbekende regio {opties['regio']!r}. Bekende regio's: {bekend}."
                )
        if opties["controleer"]:
            plan = importplan_maken(inhoud, bestandsnaam=pad.name, regio=regio)
            self._tonen(plan)
            if not plan.geldig:
                raise CommandError(self._fouten(plan))
            self.stdout.write("Gecontroleerd; er is niets opgeslagen.")
            return
        try:
            plan = importeren(
                inhoud,
                bestandsnaam=pad.name,
                regio=regio,
                verwijderen=opties["verwijderen_bevestigd"],
            )
        except ImportFout as fout:
            self._tonen(fout.importplan)
            raise CommandError(self._fouten(fout.importplan)) from fout
        self._tonen(plan)
        self.stdout.write(
            self.style.SUCCESS(f"Geïmporteerd: {plan.plan_titel} ({plan.samenvatting()}).")
        )

    def _fouten(self, plan) -> str:
        regels = [f"Niet geïmporteerd, er is niets opgeslagen ({len(plan.fouten)} fout(en)):"]
        regels += [f"- {fout}" for fout in plan.fouten]
        return "\n".join(regels)

    def _tonen(self, plan):
        for melding in plan.waarschuwingen:
            self.stdout.write(f"Let op: {melding}")
        if not plan.geldig:
            return
        self.stdout.write(
            f"{'Nieuw plan' if plan.nieuw_plan else 'Plan'} {plan.plan_titel} "
            f"({plan.plan_slug}): {plan.samenvatting()}."
        )
        for groep in plan.groepen:
            if not groep.veranderd:
                continue
            self.stdout.write(
                f"{groep.naam}: {groep.aantal_nieuw} nieuw, {groep.aantal_gewijzigd} gewijzigd, "
                f"{groep.aantal_verwijderd} te verwijderen"
            )
            for regel in groep.gewijzigd:
                self.stdout.write(
                    f"  ~ {regel.tekst} ({regel.plaats}): {'; '.join(regel.wijzigingen)}"
                )
            for regel in groep.verwijderd:
                self.stdout.write(f"  - {regel.tekst}")
            if groep.aantal_verwijderd > len(groep.verwijderd):
                self.stdout.write(f"  … en nog {groep.aantal_verwijderd - len(groep.verwijderd)}")
        if plan.heeft_verwijderingen:
            self.stdout.write(
                "Het bestand laat rijen weg; die worden alleen verwijderd met "
                "--verwijderen-bevestigd."
            )
