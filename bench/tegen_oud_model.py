#!/usr/bin/env python
"""Midden-Limburg's pages on this checkout against a checkout of the old plan model, alternating.

    git worktree add --detach /tmp/oud 2befbe9          # the last commit before the generic plan
    .venv/bin/python bench/tegen_oud_model.py /tmp/oud   # 40 requests per page, 3 rounds

Each checkout gets its own SQLite database, built once and kept in $TMPDIR/bench-oud-model/
(reference data, two generated adopted quarters per plan, a superuser): the same data on both
sides, as far as the two models can hold it. Every measurement runs in a fresh process with that
checkout first on the path, without the test instrumentation (Django's test client, full middleware
and templates, DEBUG off); the two checkouts alternate per page and round, so load from other work on
the machine falls on both. Per measurement it prints the time, the load average, the query count,
p50 and minimum of the wall-clock time and the p50 of the process's CPU time (SQLite runs in the
process, so it includes the database; on a busy machine it moves less than the wall clock); at the
end per page the medians of the rounds' p50s, old → new, and the ratios.
`--verzoeken` and `--rondes` change the numbers; pages can be given as arguments.
"""

import argparse
import hashlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIER = Path(__file__).resolve().parent.parent
PAGINAS = [
    "/dashboard/midden-limburg-2015-2016/",
    "/dashboard/midden-limburg-2015-2016/personen/",
    "/dashboard/midden-limburg-2015-2016/overleggen/",
    "/plannen/midden-limburg-2015-2016/rapportages/",
    "/plannen/midden-limburg-2015-2016/",
    "/plannen/midden-limburg-2015-2016/themas/25/",
    "/plannen/midden-limburg-2015-2016/rapportages/2015-Q2/",
]
WACHTWOORD = "bench-wachtwoord"


def _map(checkout: Path) -> Path:
    sleutel = hashlib.sha256(str(checkout).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "bench-oud-model" / f"{checkout.name}-{sleutel}"


def meten(checkout: Path, url: str, verzoeken: int):
    """In the child process: build the database if needed, then time `verzoeken` requests."""
    sys.path.insert(0, str(checkout))
    map_ = _map(checkout)
    map_.mkdir(parents=True, exist_ok=True)
    db = map_ / "bench.sqlite3"
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="transformatie.settings",
        SECRET_KEY="alleen-voor-de-benchmark",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        TWEE_FACTOR_VERPLICHT="false",
        MEDIA_ROOT=str(map_ / "media"),
        STATIC_ROOT=str(map_ / "static"),
    )
    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from regio.models import Gebruiker

    klaar = map_ / "klaar"
    if not klaar.exists():
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
        Gebruiker.objects.create_superuser("bench", password=WACHTWOORD)
        klaar.touch()
    logging.disable(logging.CRITICAL)
    client = Client()
    client.force_login(Gebruiker.objects.get(username="bench"))
    for _ in range(3):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    aantal = len(queries)  # now: every request clears the connection's log
    tijden, cpu = [], []
    for _ in range(verzoeken):
        begin, cpu_begin = time.perf_counter(), time.process_time()
        client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - cpu_begin) * 1000)
    tijden.sort()
    cpu.sort()
    print(f"{aantal} {tijden[len(tijden) // 2]:.1f} {tijden[0]:.1f} {cpu[len(cpu) // 2]:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("oud", type=Path, help="checkout of the old plan model")
    parser.add_argument("paginas", nargs="*", default=PAGINAS)
    parser.add_argument("--nieuw", type=Path, default=HIER)
    parser.add_argument("--verzoeken", type=int, default=40)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--meet", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_intermixed_args()
    if args.meet:
        meten(args.meet.resolve(), args.paginas[0], args.verzoeken)
        return
    kanten = {"oud": args.oud.resolve(), "nieuw": args.nieuw.resolve()}
    p50 = {(kant, url): [] for kant in kanten for url in args.paginas}
    cpu50 = {(kant, url): [] for kant in kanten for url in args.paginas}
    aantallen = {}
    for ronde in range(1, args.rondes + 1):
        for url in args.paginas:
            for kant, checkout in kanten.items():
                uit = subprocess.run(
                    [sys.executable, __file__, "x", url, "--meet", str(checkout)]
                    + ["--verzoeken", str(args.verzoeken)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                queries, mediaan, minimum, cpu = int(uit[-4]), *map(float, uit[-3:])
                p50[kant, url].append(mediaan)
                cpu50[kant, url].append(cpu)
                aantallen[kant, url] = queries
                belasting = os.getloadavg()[0]
                print(
                    f"{time.strftime('%H:%M:%S')} ronde {ronde} load {belasting:.2f} {kant:5} "
                    f"{url} {queries} queries p50 {mediaan:.1f} ms min {minimum:.1f} "
                    f"cpu p50 {cpu:.1f}",
                    flush=True,
                )
    print("\nmedian of the rounds' p50, old → new: wall clock, process CPU time (queries)")
    for url in args.paginas:
        oud, nieuw = (statistics.median(p50[kant, url]) for kant in kanten)
        cpu_oud, cpu_nieuw = (statistics.median(cpu50[kant, url]) for kant in kanten)
        print(
            f"  {url:58} {oud:6.1f} → {nieuw:6.1f} ms ×{nieuw / oud:.2f}   "
            f"cpu {cpu_oud:6.1f} → {cpu_nieuw:6.1f} ms ×{cpu_nieuw / cpu_oud:.2f}   "
            f"({aantallen['oud', url]} → {aantallen['nieuw', url]})"
        )


if __name__ == "__main__":
    main()
