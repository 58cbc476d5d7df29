"""Synthetic data at national scale for the dashboards and their benchmark (bench/dashboard.py)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agenda.models import Plan
from dashboard.testdata import Generator


class Command(BaseCommand):
    help = (
        "Genereert een synthetische landelijke dataset: regio's met gemeenten, subregio's, "
        "personen, een vastgesteld meerjarenplan in de vorm van dat van Midden-Limburg "
        "(speerpunten, thema's met doelen, activiteiten en trekkers), "
        "een overlegstructuur en kwartaalrapportages met smileys en toelichtingen. Het laatste "
        "kwartaal blijft open, met ontbrekende rapportages. Met --plan voegt het in plaats "
        "daarvan gegenereerde kwartalen toe aan een bestaand plan, aansluitend op het laatste "
        "kwartaal. Voorbeelden: 'genereer_testdata' (40 regio's × 40 thema's × 12 kwartalen) en "
        "'genereer_testdata --plan midden-limburg-2015-2016 --kwartalen 2'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--regios", type=int, default=40, help="Aantal nieuwe regio's (standaard 40)."
        )
        parser.add_argument(
            "--themas", type=int, default=40, help="Aantal thema's per plan (standaard 40)."
        )
        parser.add_argument(
            "--kwartalen",
            type=int,
            default=12,
            help="Aantal kwartalen; nieuwe regio's eindigen bij het huidige kwartaal "
            "(standaard 12).",
        )
        parser.add_argument(
            "--plan",
            metavar="SLUG",
            help="Voeg --kwartalen gegenereerde kwartalen toe aan dit bestaande plan, in plaats "
            "van nieuwe regio's te maken.",
        )
        parser.add_argument(
            "--alles-vastgesteld",
            action="store_true",
            help="Stel ook het laatste gegenereerde kwartaal vast (standaard blijft het open).",
        )
        parser.add_argument(
            "--voorbeeldindicatoren",
            action="store_true",
            help="Met --plan: geef een plan zonder indicatoren eerst één voorbeeldindicator per "
            "onderdeel waarover gerapporteerd wordt (zo genoemd), met een meting per kwartaal.",
        )
        parser.add_argument(
            "--alleen-als-leeg",
            action="store_true",
            help="Met --plan: doe niets als het plan al kwartalen heeft (voor bin/demo, dat "
            "vaker mag draaien).",
        )
        parser.add_argument(
            "--seed", type=int, default=2015, help="Startwaarde van het toeval (herhaalbaar)."
        )

    def handle(self, *args, **opties):
        for naam in ("regios", "themas", "kwartalen"):
            if opties[naam] < 1:
                raise CommandError(f"--{naam} moet minstens 1 zijn.")
        generator = Generator(seed=opties["seed"])
        laatste_open = not opties["alles_vastgesteld"]
        begin = time.perf_counter()
        if opties["plan"]:
            plan = Plan.objects.filter(slug=opties["plan"]).first()
            if plan is None:
                raise CommandError(f"Onbekend plan: {opties['plan']}")
            if opties["alleen_als_leeg"] and plan.rapportageperiodes.exists():
                self.stdout.write(f"{plan.slug} heeft al kwartalen; niets gegenereerd.")
                return
            resultaat = generator.kwartalen_toevoegen(
                plan,
                opties["kwartalen"],
                laatste_open=laatste_open,
                voorbeeldindicatoren=opties["voorbeeldindicatoren"],
            )
            wat = f"{resultaat.perioden} kwartalen toegevoegd aan {plan.slug}"
        else:
            vandaag = timezone.localdate()
            resultaat = generator.regios(
                opties["regios"],
                opties["themas"],
                opties["kwartalen"],
                eind=(vandaag.year, (vandaag.month - 1) // 3 + 1),
                laatste_open=laatste_open,
            )
            wat = f"{resultaat.regios} regio's met {resultaat.themas} thema's"
        self.stdout.write(
            self.style.SUCCESS(
                f"{wat}: {resultaat.rapportages} rapportages "
                f"in {time.perf_counter() - begin:.1f} s."
            )
        )
