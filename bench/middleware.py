#!/usr/bin/env python
"""What the middleware and the per-request machinery cost on a signed-in request.

    .venv/bin/python bench/middleware.py                  # per middleware, this checkout
    .venv/bin/python bench/middleware.py --tegen /tmp/voor  # this checkout against another one

Production settings (DEBUG off, JSON log lines written to a file as gunicorn's stderr would be,
two-step sign-in required, HTTPS as behind the gemeente's proxy) against a throwaway SQLite
database kept in $TMPDIR/bench-middleware/<checkout> (reference data, a beleidsmedewerker, a
griffie, a transformatiemanager signed in with a confirmed TOTP device, the plan PDF and the
Q2 2015 archive ready), through Django's test client without the test instrumentation.

Request kinds: the accessibility statement (a page with nothing of its own to read), a theme page
and the dashboard as the beleidsmedewerker, the dashboard as the manager (OTP-verified), the
cached plan PDF and the archived Q2 report PDF as the griffie. Database connections stay open
between requests (DATABASE_CONN_MAX_AGE=60), as in production.

Default mode: a marker between every two middleware notes the time and the query count as the
request passes in and the response passes out; per request kind it prints each middleware's own
time (median over `--verzoeken` requests; the kinds take turns request by request) and queries,
the view's, and the whole request's. A lazy read (session, account, OTP device) counts for the
first middleware that touches it. `--sql` prints each kind's queries first.

`--tegen CHECKOUT`: every kind on this checkout and on CHECKOUT (for example `git archive` of the
commit before a change, unpacked), each in its own processes and database, alternating per round
(`--rondes`); prints the medians of the rounds' p50 wall clock and CPU time, and the queries.
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
PLAN = "/plannen/midden-limburg-2015-2016"
SOORTEN = {
    # A page with nothing of its own to read: the floor of every signed-in page (base template,
    # menu, context processors).
    "toegankelijkheidsverklaring": ("lezer", "/toegankelijkheid/"),
    "thema": ("lezer", f"{PLAN}/themas/25/"),
    "dashboard": ("lezer", "/dashboard/midden-limburg-2015-2016/"),
    "dashboard manager (OTP)": ("manager", "/dashboard/midden-limburg-2015-2016/"),
    "plan-PDF uit cache": ("griffie", f"{PLAN}/pdf/"),
    "rapport-PDF gearchiveerd": ("griffie", f"{PLAN}/rapportages/2015-Q2/pdf/"),
}


def _map(checkout: Path) -> Path:
    sleutel = hashlib.sha256(str(checkout).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "bench-middleware" / f"{checkout.name}-{sleutel}"


def _django(checkout: Path):
    sys.path.insert(0, str(checkout))
    map_ = _map(checkout)
    map_.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{map_ / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="transformatie.settings",
        SECRET_KEY="alleen-voor-de-benchmark",
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        # Kept open between requests, as bin/productie web and bench/belasting.py run it.
        DATABASE_CONN_MAX_AGE="60",
        TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        MEDIA_ROOT=str(map_ / "media"),
        STATIC_ROOT=str(map_ / "static"),
    )
    os.environ.pop("LOG_FORMAT", None)
    os.environ.pop("TWEE_FACTOR_VERPLICHT", None)
    import django

    # The log handler writes JSON lines to the stderr it finds at set-up, as under gunicorn;
    # here that is a file, so the terminal keeps the figures and any traceback.
    sys.stderr = open(map_ / "log.jsonl", "a")  # noqa: SIM115
    django.setup()
    sys.stderr = sys.__stderr__
    return map_


def _opzetten(map_: Path):
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agenda.models import Plan
    from documenten.documenten import rapport_pdf_bytes
    from documenten.taken import bestel, maak_pdf_document
    from rapportage.services import gearchiveerd_rapport
    from regio.constants import Gebruikersrol
    from regio.models import Gebruiker
    from regio.rollen import rol_toekennen

    if (map_ / "klaar").exists():
        return
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("laad_referentiedata", stdout=io.StringIO())
    plan = Plan.objects.get(slug="midden-limburg-2015-2016")
    for naam, rol in [
        ("lezer", Gebruikersrol.BELEIDSMEDEWERKER),
        ("griffie", Gebruikersrol.GRIFFIE),
        ("manager", Gebruikersrol.TRANSFORMATIEMANAGER),
    ]:
        gebruiker = Gebruiker.objects.create_user(naam, regio=plan.regio)
        rol_toekennen(gebruiker, rol)
    TOTPDevice.objects.create(
        user=Gebruiker.objects.get(username="manager"), name="app", confirmed=True
    )
    maak_pdf_document.call(bestel(plan, "plan").pk)
    gearchiveerd_rapport(plan.rapportageperiodes.get(kwartaal=2), pdf_maken=rapport_pdf_bytes)
    (map_ / "klaar").touch()


def _clients():
    """A signed-in client per account; the manager's session holds its verified TOTP device."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from regio.models import Gebruiker

    clients = {}
    for naam in ("lezer", "griffie", "manager"):
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        gebruiker = Gebruiker.objects.get(username=naam)
        client.force_login(gebruiker)
        if naam == "manager":
            sessie = client.session
            sessie[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=gebruiker).persistent_id
            sessie.save()
        clients[naam] = client
    return clients


def _verzoek(client, url):
    antwoord = client.get(url, secure=True)
    if antwoord.status_code != 200:
        raise SystemExit(f"{url}: status {antwoord.status_code}")
    if hasattr(antwoord, "streaming_content"):
        b"".join(antwoord.streaming_content)  # read to the end: the client closes it
    return antwoord


def _meten(client, url, verzoeken):
    tijden, cpu = [], []
    for _ in range(verzoeken):
        begin, cpu_begin = time.perf_counter(), time.process_time()
        _verzoek(client, url)
        tijden.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - cpu_begin) * 1000)
    return statistics.median(tijden), statistics.median(cpu)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _verzoek(client, url)
    return [q["sql"] for q in queries.captured_queries]


class _Meetpunt:
    """Put between every two middleware: notes the time and the query count when the request
    passes inwards and when the response passes outwards."""

    index = 0
    metingen: list = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.metingen.append(("in", self.index, time.perf_counter(), _teller[0]))
        response = self.get_response(request)
        self.metingen.append(("uit", self.index, time.perf_counter(), _teller[0]))
        return response


_teller = [0]


def _tellen(execute, sql, params, many, context):
    _teller[0] += 1
    return execute(sql, params, many, context)


def _meetpunten(aantal):
    for index in range(aantal):
        globals()[f"Meetpunt{index}"] = type(f"Meetpunt{index}", (_Meetpunt,), {"index": index})
    return [f"{__name__}.Meetpunt{index}" for index in range(aantal)]


def per_middleware(verzoeken, toon_sql):
    """Each middleware's own time and queries: what passes between the marker before it and the
    one after it, on the way in and on the way out."""
    map_ = _django(HIER)
    _opzetten(map_)
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    volledig = list(settings.MIDDLEWARE)
    punten = _meetpunten(len(volledig) + 1)
    gemeten = [punt for paar in zip(punten, volledig, strict=False) for punt in paar]
    gemeten.append(punten[-1])
    namen = [m.rsplit(".", 1)[-1] for m in volledig] + ["view (with URL routing)"]
    eigen = {(s, n): [] for s in SOORTEN for n in namen}
    queries = {}
    totaal = {s: [] for s in SOORTEN}
    with override_settings(MIDDLEWARE=gemeten):
        clients = _clients()
        for soort, (account, url) in SOORTEN.items():
            for _ in range(3):
                _verzoek(clients[account], url)
            sql = _queries(clients[account], url)
            if toon_sql:
                print(f"\n{soort}: {len(sql)} queries")
                for regel in sql:
                    print(f"   {regel[:150]}")
        with connection.execute_wrapper(_tellen):
            for _ in range(verzoeken):
                # The kinds take turns, request by request, so noise hits them all.
                for soort, (account, url) in SOORTEN.items():
                    _Meetpunt.metingen = []
                    begin = time.perf_counter()
                    _verzoek(clients[account], url)
                    totaal[soort].append((time.perf_counter() - begin) * 1000)
                    t = {(kant, i): (tijd, q) for kant, i, tijd, q in _Meetpunt.metingen}
                    for i, naam in enumerate(namen):
                        if i < len(volledig):
                            tijd = (t["in", i + 1][0] - t["in", i][0]) + (
                                t["uit", i][0] - t["uit", i + 1][0]
                            )
                            aantal = (t["in", i + 1][1] - t["in", i][1]) + (
                                t["uit", i][1] - t["uit", i + 1][1]
                            )
                        else:
                            tijd = t["uit", i][0] - t["in", i][0]
                            aantal = t["uit", i][1] - t["in", i][1]
                        eigen[soort, naam].append(tijd * 1000)
                        queries[soort, naam] = aantal
    print(
        f"\nmedian over {verzoeken} requests of each middleware's own time (ms) and its queries;"
        "\na lazy read (session, account, OTP device) counts for the first middleware that asks"
    )
    for soort, (account, url) in SOORTEN.items():
        print(f"\n{soort} ({url}, {account})")
        som = 0.0
        for naam in namen:
            mediaan = statistics.median(eigen[soort, naam])
            if naam != namen[-1]:
                som += mediaan
            print(f"  {naam:40} {mediaan:7.3f} ms  {queries[soort, naam]:2d} queries")
        print(f"  {'all middleware together':40} {som:7.3f} ms")
        print(f"  {'whole request (test client)':40} {statistics.median(totaal[soort]):7.3f} ms")
    print(f"\nload average {_load()}")


def _mediaan(paren):
    return statistics.median(p[0] for p in paren), statistics.median(p[1] for p in paren)


def _load():
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def een_checkout(checkout: Path, verzoeken):
    """In a child process: the full list on `checkout`, every request kind; one line each."""
    map_ = _django(checkout)
    _opzetten(map_)
    clients = _clients()
    for soort, (account, url) in SOORTEN.items():
        for _ in range(3):
            _verzoek(clients[account], url)
        aantal = len(_queries(clients[account], url))
        wand, cpu = _meten(clients[account], url, verzoeken)
        print(f"{soort}\t{aantal}\t{wand:.2f}\t{cpu:.2f}", flush=True)


def tegen(ander: Path, verzoeken, rondes):
    kanten = {"ander": ander.resolve(), "deze": HIER}
    resultaten = {(k, s): [] for k in kanten for s in SOORTEN}
    aantallen = {}
    for ronde in range(1, rondes + 1):
        for kant, checkout in kanten.items():
            uit = subprocess.run(
                [sys.executable, __file__, "--meet", str(checkout), "--verzoeken", str(verzoeken)],
                capture_output=True,
                text=True,
                check=True,
                cwd=checkout,
            ).stdout
            for regel in uit.strip().splitlines():
                soort, aantal, wand, cpu = regel.split("\t")
                aantallen[kant, soort] = int(aantal)
                resultaten[kant, soort].append((float(wand), float(cpu)))
        print(f"{time.strftime('%H:%M:%S')} ronde {ronde} klaar, load {_load()}", flush=True)
    print(f"\nmedian of {rondes} rounds' p50 of {verzoeken} requests, {ander} → this checkout")
    for soort in SOORTEN:
        (w0, c0), (w1, c1) = (_mediaan(resultaten[k, soort]) for k in kanten)
        print(
            f"  {soort:28} wall {w0:6.1f} → {w1:6.1f} ms   CPU {c0:6.1f} → {c1:6.1f} ms   "
            f"queries {aantallen['ander', soort]} → {aantallen['deze', soort]}"
        )
    print(f"\nload average {_load()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tegen", type=Path, help="another checkout to compare with")
    parser.add_argument("--verzoeken", type=int, default=100, help="requests per kind (a round)")
    parser.add_argument("--rondes", type=int, default=3, help="rounds per checkout (--tegen)")
    parser.add_argument("--sql", action="store_true", help="print the full list's queries")
    parser.add_argument("--meet", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.meet:
        een_checkout(args.meet.resolve(), args.verzoeken)
    elif args.tegen:
        tegen(args.tegen, args.verzoeken, args.rondes)
    else:
        per_middleware(args.verzoeken, args.sql)


if __name__ == "__main__":
    main()
