#!/usr/bin/env python
"""Midden-Limburg's pages on this checkout against a checkout of the old plan model, alternating.

    git worktree add --detach /tmp/oud 2befbe9          # the last commit before the generic plan
    .venv/bin/python bench/tegen_oud_model.py /tmp/oud   # 40 requests per page, 3 rounds

Each checkout gets its own SQLite database, built once per set of migrations and kept in
$TMPDIR/bench-oud-model/ (reference data, two generated adopted quarters per plan, a superuser):
the same data on both sides, as far as the two models can hold it. Every measurement runs in a fresh process with that
checkout first on the path, without the test instrumentation (Django's test client, full middleware
and templates, DEBUG off); the two checkouts alternate per page and round, so load from other work on
the machine falls on both. Per measurement it prints the time, the load average, the query count,
p50 and minimum of the wall-clock time and the p50 of the process's CPU time (SQLite runs in the
process, so it includes the database; on a busy machine it moves less than the wall clock); at the
end per page the medians of the rounds' p50s, old → new, and the ratios.
`--verzoeken` and `--rondes` change the numbers; pages can be given as arguments.

    .venv/bin/python bench/tegen_oud_model.py /tmp/oud --instructies   # needs valgrind

counts instead of timing: each checkout runs once under valgrind's callgrind, and per page the
instructions executed by the `--verzoeken` requests after warming up are read from its counter
(callgrind_control) and divided by their number. The process's own instructions only, SQLite's
included, with the same hash seed on both sides: the same figures on a busy machine as on a quiet
one, to within a few tenths of a percent, in about five minutes for both sides at once. Time
spent waiting (disk, locks) is not counted, and an instruction is not a nanosecond: a page that
moves work from Python into the database or the other way may weigh differently in time.
"""

import argparse
import hashlib
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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
    # A new migration gives a new database: one built before it would lack its columns.
    migraties = sorted(
        str(pad.relative_to(checkout)) for pad in checkout.glob("*/migrations/0*.py")
    )
    sleutel = hashlib.sha256("|".join([str(checkout), *migraties]).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "bench-oud-model" / f"{checkout.name}-{sleutel}"


def _client(checkout: Path):
    """In the child process: Django of `checkout` on its own database (built if needed), and a
    test client signed in as the bench's superuser."""
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
    from django.test import Client

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
    return client


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)  # now: every request clears the connection's log


def meten(checkout: Path, url: str, verzoeken: int):
    """In the child process: time `verzoeken` requests."""
    client = _client(checkout)
    aantal = _queries(client, url)
    tijden, cpu = [], []
    for _ in range(verzoeken):
        begin, cpu_begin = time.perf_counter(), time.process_time()
        client.get(url)
        tijden.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - cpu_begin) * 1000)
    tijden.sort()
    cpu.sort()
    print(f"{aantal} {tijden[len(tijden) // 2]:.1f} {tijden[0]:.1f} {cpu[len(cpu) // 2]:.1f}")


def tellen(checkout: Path, urls: list[str], verzoeken: int):
    """In the child process, under callgrind: per page, after warming up, `verzoeken` requests
    between two marks at which the parent reads the instruction counter."""
    client = _client(checkout)
    for url in urls:
        print(f"QUERIES {_queries(client, url)} {url}", flush=True)
        print(f"BEGIN 0 {url}", flush=True)
        sys.stdin.readline()
        for _ in range(verzoeken):
            client.get(url)
        print(f"EIND 0 {url}", flush=True)
        sys.stdin.readline()


def _teller(pid: int) -> int:
    """The instructions the process under callgrind has executed so far, all threads."""
    uit = subprocess.run(
        ["callgrind_control", "-e", str(pid)], capture_output=True, text=True, check=True
    ).stdout
    getallen = re.findall(r"Th \d+\s+([\d,]+)", uit)
    if not getallen:
        raise SystemExit(f"callgrind_control gaf geen tellerstand:\n{uit}")
    return sum(int(getal.replace(",", "")) for getal in getallen)


def instructies(checkout: Path, urls: list[str], verzoeken: int) -> dict:
    """Per page: instructions per request and queries, for one checkout, in one process."""
    # The database is built outside valgrind, where it takes seconds rather than half an hour.
    subprocess.run(
        [sys.executable, __file__, "x", urls[0], "--meet", str(checkout), "--verzoeken", "1"],
        capture_output=True,
        check=True,
    )
    proces = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
        + [__file__, "x", *urls, "--meet", str(checkout), "--tel"]
        + ["--verzoeken", str(verzoeken)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        # The same hash seed on both sides: dict and set layouts are part of the count.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    stand, queries = {}, {}
    for regel in proces.stdout:
        soort, getal, url = regel.strip().split(" ", 2)
        if soort == "QUERIES":
            queries[url] = int(getal)
        elif soort in ("BEGIN", "EIND"):
            stand[soort, url] = _teller(proces.pid)
            proces.stdin.write("\n")
            proces.stdin.flush()
    if proces.wait() != 0:
        raise SystemExit(f"de meting van {checkout} is mislukt (exit {proces.returncode})")
    return {
        url: ((stand["EIND", url] - stand["BEGIN", url]) / verzoeken, queries[url]) for url in urls
    }


def main_instructies(kanten: dict, urls: list[str], verzoeken: int):
    if not shutil.which("valgrind"):
        raise SystemExit("--instructies needs valgrind (apt-get install valgrind)")
    # The two sides at once: a count does not depend on what else the machine does.
    with ThreadPoolExecutor(max_workers=2) as pool:
        taken = {kant: pool.submit(instructies, co, urls, verzoeken) for kant, co in kanten.items()}
        uitkomst = {kant: taak.result() for kant, taak in taken.items()}
    print(
        f"\ninstructions per request ({verzoeken} requests after warming up), old → new (queries)"
    )
    for url in urls:
        (oud, q_oud), (nieuw, q_nieuw) = uitkomst["oud"][url], uitkomst["nieuw"][url]
        print(
            f"  {url:58} {oud / 1e6:7.2f} → {nieuw / 1e6:7.2f} M ×{nieuw / oud:.2f}   "
            f"({q_oud} → {q_nieuw})"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("oud", type=Path, help="checkout of the old plan model")
    parser.add_argument("paginas", nargs="*", default=PAGINAS)
    parser.add_argument("--nieuw", type=Path, default=HIER)
    parser.add_argument("--verzoeken", type=int, default=40)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument(
        "--instructies",
        action="store_true",
        help="count instructions per request under valgrind instead of timing: one run, "
        "the same figures on a busy machine",
    )
    parser.add_argument("--meet", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tel", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_intermixed_args()
    if args.meet and args.tel:
        tellen(args.meet.resolve(), args.paginas, args.verzoeken)
        return
    if args.meet:
        meten(args.meet.resolve(), args.paginas[0], args.verzoeken)
        return
    kanten = {"oud": args.oud.resolve(), "nieuw": args.nieuw.resolve()}
    if args.instructies:
        main_instructies(kanten, args.paginas, args.verzoeken)
        return
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
