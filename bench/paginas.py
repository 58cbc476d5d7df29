#!/usr/bin/env python
"""Render time and query count of every page type of each reference region, before and after the
data grows.

    .venv/bin/python bench/paginas.py                 # 15 requests per page after 2 warm-ups
    BENCH_HERHALINGEN=5 .venv/bin/python bench/paginas.py

In a throwaway SQLite database: the reference data of the three regions, two generated adopted
quarters for each plan, and every reported item copied once (with its goals, children, roles and
domains; the copies have no report in the adopted quarters, as a newly added item would not).
Per page the median and p95 of the requests (Django's test client, full middleware and templates)
and the number of queries. Then every plan grows to ten times its reported items and two more
quarters, and each page is measured again: the query count must stay the same (the script exits
with status 1 when it does not); the time may grow with what the page shows.

`--alleen-midden-limburg` measures only the Midden-Limburg pages whose addresses have not changed
since the plan became generic (plan, theme, report, meeting structure, dashboards), without
growing the data: the same script then runs on an older checkout, to compare figures side by
side on one machine.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))
DB = Path(tempfile.mkdtemp(prefix="bench-paginas-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformatie.settings")
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ["DEBUG"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"  # the test client speaks plain HTTP
os.environ["ALLOWED_HOSTS"] = "testserver"
# The bench signs in as a superuser without an authenticator app; with the second step required
# every page would answer with a redirect to it.
os.environ["TWEE_FACTOR_VERPLICHT"] = "false"
os.environ["MEDIA_ROOT"] = str(DB.parent / "media")
# With DEBUG off pages name static files by their hashed names from collectstatic's manifest, as
# in production; the bench collects them into its own throwaway folder.
os.environ["STATIC_ROOT"] = str(DB.parent / "static")
HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "15"))
ML = "midden-limburg-2015-2016"

import django  # noqa: E402

django.setup()


def _ml_paginas():
    return [
        ("ML plan", f"/plannen/{ML}/"),
        ("ML thema 25", f"/plannen/{ML}/themas/25/"),
        ("ML overlegstructuur", f"/plannen/{ML}/overlegstructuur/"),
        ("ML rapportages", f"/plannen/{ML}/rapportages/"),
        ("ML rapportage 2015-Q2", f"/plannen/{ML}/rapportages/2015-Q2/"),
        ("ML dashboard", f"/dashboard/{ML}/"),
        ("ML dashboard personen", f"/dashboard/{ML}/personen/"),
        ("ML dashboard overleggen", f"/dashboard/{ML}/overleggen/"),
    ]


def _alle_paginas():
    """Every page type of every plan, by name, for the item that is first in each level."""
    from django.urls import reverse

    from agenda.models import Plan

    paginas = []
    for plan in Plan.objects.select_related("regio", "planvorm").order_by("regio__naam"):
        kort = "".join(w[0] for w in plan.regio.naam.replace("-", " ").split()).upper()
        slug = plan.slug
        paginas.append((f"{kort} plan", reverse("rapportage:plan", args=[slug])))
        for niveau in plan.niveaus:
            eerste = plan.onderdelen.filter(niveau=niveau).order_by("pad").first()
            paginas.append(
                (
                    f"{kort} {niveau.naam.lower()} {eerste.code}",
                    reverse("rapportage:onderdeel", args=[slug, niveau.slug, eerste.code]),
                )
            )
        if plan.heeft_overlegstructuur:
            paginas.append(
                (f"{kort} overlegstructuur", reverse("agenda:overlegstructuur", args=[slug]))
            )
        if plan.begrotingsposten.exists():
            paginas.append((f"{kort} begroting", reverse("agenda:begroting", args=[slug])))
        for kader in plan.toetsingskaders.all():
            paginas.append(
                (f"{kort} toetsing", reverse("agenda:toetsing", args=[slug, kader.slug]))
            )
        periode = plan.rapportageperiodes.order_by("jaar", "kwartaal").first()
        paginas.append(
            (
                f"{kort} rapportage {periode.code}",
                reverse("rapportage:rapport", args=[slug, periode.code]),
            )
        )
        laatste = plan.rapportageperiodes.order_by("jaar", "kwartaal").last()
        rapport = laatste.rapportages.order_by("onderdeel__pad").first()
        paginas.append(
            (f"{kort} rapportage invullen", reverse("rapportage:bewerken", args=[rapport.pk]))
        )
        paginas.append((f"{kort} dashboard", reverse("dashboard:regio", args=[slug])))
        paginas.append((f"{kort} dashboard personen", reverse("dashboard:personen", args=[slug])))
    return paginas


def _groeien(plan, rondes, eerste_nummer=0):
    """`rondes` copies of every original reported item with what hangs from it, each in the same
    group as its original, with a report in every open quarter."""
    from agenda.models import Beleidsdoel, MaatschappelijkEffect, Onderdeel, Rol
    from rapportage.constants import PeriodeStatus
    from rapportage.models import ThemaRapportage

    niveau = plan.rapportageniveau
    originelen = list(
        plan.onderdelen.filter(niveau=niveau)
        .exclude(code__contains="-kopie-")
        .order_by("pad")
        .prefetch_related("beleidsdoelen", "maatschappelijke_effecten", "kinderen", "rollen")
    )
    perioden = list(plan.rapportageperiodes.all())
    volgnummer = eerste_nummer
    for _ in range(rondes):
        for origineel in originelen:
            volgnummer += 1
            kopie = Onderdeel.objects.get(pk=origineel.pk)
            kopie.pk = None
            kopie.code = f"{origineel.code}-kopie-{volgnummer}"
            kopie.volgorde = 10_000 + volgnummer
            kopie.save()
            kopie.domeinen.set(Onderdeel.objects.get(pk=origineel.pk).domeinen.all())
            Beleidsdoel.objects.bulk_create(
                Beleidsdoel(onderdeel=kopie, tekst=d.tekst, volgorde=d.volgorde)
                for d in origineel.beleidsdoelen.all()
            )
            MaatschappelijkEffect.objects.bulk_create(
                MaatschappelijkEffect(onderdeel=kopie, tekst=e.tekst, volgorde=e.volgorde)
                for e in origineel.maatschappelijke_effecten.all()
            )
            Rol.objects.bulk_create(
                Rol(
                    onderdeel=kopie,
                    soort_id=r.soort_id,
                    persoon_id=r.persoon_id,
                    partij_id=r.partij_id,
                    tekst=r.tekst,
                    volgorde=r.volgorde,
                )
                for r in origineel.rollen.all()
            )
            for j, kind in enumerate(origineel.kinderen.order_by("pad"), start=1):
                kind.pk = None
                kind.ouder = kopie
                kind.code = f"{kopie.code}.{j}"
                kind.save()
            for periode in perioden:
                # Adopted quarters are locked in the database; the copies report in open ones.
                if periode.status != PeriodeStatus.VASTGESTELD:
                    ThemaRapportage.objects.create(periode=periode, onderdeel=kopie)


def _meten(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        client.get(url)
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        antwoord = client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200, (url, antwoord.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    tijden.sort()
    p95 = tijden[min(len(tijden) - 1, round(0.95 * (len(tijden) - 1)))]
    return statistics.median(tijden), p95, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alleen-midden-limburg", action="store_true")
    parser.add_argument(
        "--factor", type=int, default=10, help="growth of the reported items (at least 3)"
    )
    args = parser.parse_args()
    if args.factor < 3:
        parser.error("--factor moet minstens 3 zijn")

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from regio.models import Gebruiker

    setup_test_environment()
    begin = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("laad_referentiedata", stdout=io.StringIO())
    from agenda.models import Plan

    for plan in Plan.objects.all():
        call_command(
            "genereer_testdata",
            plan=plan.slug,
            kwartalen=2,
            alles_vastgesteld=True,
            stdout=io.StringIO(),
        )
    print(f"Database: {DB} (throwaway); set up in {time.perf_counter() - begin:.1f} s")
    print(f"{HERHALINGEN} requests per page after 2 warm-ups\n")

    client = Client()
    client.force_login(Gebruiker.objects.create_superuser("bench", password="bench-wachtwoord"))
    paginas = _ml_paginas() if args.alleen_midden_limburg else _alle_paginas()
    if not args.alleen_midden_limburg:
        # The starting point already holds copied items without a report in the adopted
        # quarters, so both sizes show the same kinds of rows and only the amount differs.
        for plan in Plan.objects.all():
            _groeien(plan, 1)
    voor = {naam: _meten(client, url) for naam, url in paginas}
    if args.alleen_midden_limburg:
        print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for naam, (p50, p95, queries) in voor.items():
            print(f"{naam:34} {p50:8.1f} {p95:8.1f} {queries:8d}")
        return

    begin = time.perf_counter()
    for plan in Plan.objects.all():
        _groeien(plan, args.factor - 2, eerste_nummer=10_000)
        call_command("genereer_testdata", plan=plan.slug, kwartalen=2, stdout=io.StringIO())
    print(
        f"grown from ×2 to ×{args.factor} in reported items, +2 quarters: {time.perf_counter() - begin:.0f} s"
    )
    na = {naam: _meten(client, url) for naam, url in paginas}
    print(
        f"\n{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}   "
        f"{'grown p50':>9} {'p95':>8} {'queries':>8} {'ratio':>6}"
    )
    gegroeid = []
    for naam, (p50, p95, queries) in voor.items():
        g50, g95, gq = na[naam]
        if gq != queries:
            gegroeid.append(naam)
        print(
            f"{naam:34} {p50:8.1f} {p95:8.1f} {queries:8d}   {g50:9.1f} {g95:8.1f} {gq:8d}"
            f" {gq / queries:6.2f}"
        )
    if gegroeid:
        print(f"\nQuery count grew with the data: {', '.join(gegroeid)}")
        sys.exit(1)
    print("\nQuery counts are the same at both sizes.")


if __name__ == "__main__":
    main()
