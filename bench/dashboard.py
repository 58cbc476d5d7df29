#!/usr/bin/env python
"""Render time of the dashboards on a national-scale dataset in PostgreSQL: p50 and p95.

Run from the project root, as root (it starts a throwaway PostgreSQL cluster as the `postgres`
user, listening on 127.0.0.1 only, like .ci/run does, and removes it afterwards):

    .venv/bin/python bench/dashboard.py                 # 40 regions × 40 themes × 12 quarters
    .venv/bin/python bench/dashboard.py --herhalingen 50 --regios 40 --themas 40 --kwartalen 12

With DATABASE_URL set (an empty PostgreSQL database you own) it uses that database instead and
starts nothing. The dataset is the reference case (Midden-Limburg) plus `genereer_testdata`.
Each page is requested through Django's test client (full middleware, templates, session, no
network) after two warm-up requests; the figures are wall-clock times per request.

Targets (issue 5, on the 2-core machine): p95 < 150 ms for a region dashboard and < 500 ms for
the national overview. The script exits with status 1 when a target is missed.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

from _postgres import Cluster

ROOT = Path(__file__).resolve().parent.parent
DOELEN = {"regio": 150, "landelijk": 500}


def percentiel(waarden, p):
    gesorteerd = sorted(waarden)
    index = max(0, min(len(gesorteerd) - 1, round(p / 100 * len(gesorteerd) + 0.5) - 1))
    return gesorteerd[index]


def meet(client, url, herhalingen):
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        antwoord = client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200, url
    return tijden, len(antwoord.content)


def bench(args):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from agenda.models import Plan
    from regio.constants import Gebruikersrol
    from regio.models import Gebruiker
    from regio.rollen import rol_toekennen

    begin = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("laad_referentiedata", verbosity=0, stdout=io.StringIO())
    call_command(
        "genereer_testdata",
        plan="midden-limburg-2015-2016",
        kwartalen=2,
        stdout=io.StringIO(),
    )
    call_command(
        "genereer_testdata",
        regios=args.regios,
        themas=args.themas,
        kwartalen=args.kwartalen,
        stdout=sys.stdout,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"dataset ready in {time.perf_counter() - begin:.1f} s")

    plan = Plan.objects.exclude(slug="midden-limburg-2015-2016").order_by("pk").first()
    manager = Gebruiker.objects.create_user("bench-manager", password="x", regio=plan.regio)
    rol_toekennen(manager, Gebruikersrol.TRANSFORMATIEMANAGER)
    beheerder = Gebruiker.objects.create_superuser("bench-beheer", password="x")
    griffie = Gebruiker.objects.create_user("bench-griffie", password="x", regio=plan.regio)
    rol_toekennen(griffie, Gebruikersrol.GRIFFIE)

    regio_url = reverse("dashboard:regio", args=[plan.slug])
    gevallen = [
        ("regio", "region dashboard (manager, 4 quarters)", manager, regio_url),
        ("regio", "region dashboard, all 12 quarters", manager, f"{regio_url}?kwartalen=alle"),
        (
            "regio",
            "region dashboard, 3 filters",
            manager,
            f"{regio_url}?domein=jeugdhulp&verandering=slechter&tijd=oranje",
        ),
        ("regio", "people page", manager, reverse("dashboard:personen", args=[plan.slug])),
        ("regio", "meetings page", manager, reverse("dashboard:overleggen", args=[plan.slug])),
        (
            "",
            "XLSX export, all quarters",
            manager,
            reverse("dashboard:export_xlsx", args=[plan.slug]) + "?kwartalen=alle",
        ),
        (
            "landelijk",
            "national overview (superuser, all plans)",
            beheerder,
            reverse("dashboard:landelijk"),
        ),
        (
            "landelijk",
            "national overview (griffie: adopted only)",
            griffie,
            reverse("dashboard:landelijk"),
        ),
    ]
    print(
        f"\n{Plan.objects.count()} plans; {args.herhalingen} requests per page after 2 warm-ups\n"
    )
    print(
        f"{'page':46} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} {'KiB':>6}  target"
    )
    gemist = []
    for doel, naam, gebruiker, url in gevallen:
        client = Client()
        client.force_login(gebruiker)
        tijden, grootte = meet(client, url, args.herhalingen)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p50, p95 = statistics.median(tijden), percentiel(tijden, 95)
        grens = DOELEN.get(doel)
        oordeel = "" if grens is None else ("ok" if p95 < grens else "MISSED") + f" (p95 < {grens})"
        if grens is not None and p95 >= grens:
            gemist.append(naam)
        print(
            f"{naam:46} {p50:8.1f} {p95:8.1f} {max(tijden):8.1f} {len(queries):8d} "
            f"{grootte / 1024:6.0f}  {oordeel}"
        )
    return gemist


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--herhalingen", type=int, default=40)
    parser.add_argument("--regios", type=int, default=40)
    parser.add_argument("--themas", type=int, default=40)
    parser.add_argument("--kwartalen", type=int, default=12)
    parser.add_argument("--poort", type=int, default=55433)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformatie.settings")
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"  # the test client speaks plain HTTP
    cluster = None
    if not os.environ.get("DATABASE_URL"):
        cluster = Cluster(args.poort)
        os.environ["DATABASE_URL"] = cluster.start()
    elif not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("DATABASE_URL must point to PostgreSQL.")
    try:
        gemist = bench(args)
    finally:
        if cluster:
            cluster.stop()
    if gemist:
        print(f"\nTarget missed: {', '.join(gemist)}")
        sys.exit(1)
    print("\nAll targets met.")


if __name__ == "__main__":
    main()
