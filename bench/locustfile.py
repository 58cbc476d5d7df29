"""Load scenario for bench/belasting.py (headless locust on loopback; see bench/README.md).

50 concurrent users: 28 readers browsing plans, themes, reports and dashboards; 20 trekkers each
saving their theme's status as concept again and again and submitting it after INDIENEN_NA
seconds; one transformatiemanager (with the TOTP second step) approving what is submitted and
adopting the quarter once everything is approved; one griffie downloading PDFs.

Every request is recorded with its category ("pagina", "pdf uit cache", "opslaan", ...) and every
successful save with its text, written to BELASTING_UITVOER at the end, for belasting.py to
compare with the database.
"""

import json
import os
import random
import re
import time
from itertools import count
from pathlib import Path

from django_otp.oath import totp
from locust import HttpUser, between, events, task

GEGEVENS = json.loads(Path(os.environ["BELASTING_GEGEVENS"]).read_text())
PLAN = f"/plannen/{GEGEVENS['plan']}"
DASHBOARD = f"/dashboard/{GEGEVENS['plan']}"
INDIENEN_NA = float(os.environ.get("INDIENEN_NA", "60"))
BEGIN = time.monotonic()

METINGEN: list[tuple[str, str, float, bool, bool]] = []  # (category, name, ms, ok, steady)
# The steady phase starts 5 s after the last user has signed in: signing in (a deliberately slow
# password hash, about a second of CPU each) is measured on its own; the targets hold for the
# steady phase.
STABIEL_VANAF = [float("inf")]
OPSLAGEN: dict[str, list[str]] = {}  # trekker -> texts saved successfully, in order
_vrij = {naam: iter(lijst) for naam, lijst in GEGEVENS["accounts"].items()}
_teller = count(1)


GEBRUIKERS = int(os.environ.get("BELASTING_GEBRUIKERS", "50"))
_ingelogd = count(1)


def _binnen():
    """Called when a user has signed in; the last one starts the steady phase."""
    if next(_ingelogd) == GEBRUIKERS:
        STABIEL_VANAF[0] = time.monotonic() + 5


@events.test_stop.add_listener
def _wegschrijven(**kwargs):
    with open(os.environ["BELASTING_UITVOER"], "w") as uit:
        json.dump({"metingen": METINGEN, "opslagen": OPSLAGEN}, uit)


class Gebruiker(HttpUser):
    abstract = True
    wait_time = between(2, 5)  # reading a page; a person reads longer, so this is a hard test
    soort = ""

    def on_start(self):
        # Behind the gemeente's TLS proxy: the app sees https and sets Secure cookies, which
        # this client keeps (bench/belasting.py talks to gunicorn on loopback).
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Origin": self.host.replace("http://", "https://")}
        )
        self.naam = next(_vrij[self.soort])
        self.verzoek("inloggen", "GET", "/inloggen/")
        antwoord = self.verzoek(
            "inloggen",
            "POST",
            "/inloggen/",
            data={
                "username": self.naam,
                "password": GEGEVENS["wachtwoord"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            verwacht=(302,),
        )
        if antwoord.status_code == 302 and self.naam in GEGEVENS["totp_sleutels"]:
            sleutel = bytes.fromhex(GEGEVENS["totp_sleutels"][self.naam])
            self.verzoek(
                "inloggen",
                "POST",
                "/inloggen/tweede-stap/",
                data={"code": f"{totp(sleutel):06d}", "csrfmiddlewaretoken": self._csrf()},
                verwacht=(302,),
            )
        _binnen()

    def _csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def verzoek(self, soort, methode, pad, *, naam=None, verwacht=(200,), **kwargs):
        """One request, timed and recorded; a status outside `verwacht` is a failure."""
        begin = time.perf_counter()
        with self.client.request(
            methode, pad, name=naam or pad, allow_redirects=False, catch_response=True, **kwargs
        ) as antwoord:
            ms = (time.perf_counter() - begin) * 1000
            ok = antwoord.status_code in verwacht
            if not ok:
                antwoord.failure(f"status {antwoord.status_code} voor {methode} {pad}")
            METINGEN.append((soort, naam or pad, ms, ok, time.monotonic() >= STABIEL_VANAF[0]))
        for cookie in self.client.cookies:
            cookie.secure = False
        return antwoord

    def pagina(self, pad, naam=None):
        return self.verzoek("pagina", "GET", pad, naam=naam)


class Lezer(Gebruiker):
    """Browses the plan, the themes, the reports and the dashboards."""

    fixed_count = 28
    soort = "lezers"

    @task(3)
    def plan(self):
        self.pagina(f"{PLAN}/", "plan")

    @task(4)
    def thema(self):
        self.pagina(f"{PLAN}/themas/{random.randint(1, 34)}/", "thema")

    @task(1)
    def overlegstructuur(self):
        self.pagina(f"{PLAN}/overlegstructuur/", "overlegstructuur")

    @task(2)
    def rapporten(self):
        self.pagina(f"{PLAN}/rapportages/", "rapportages")
        self.pagina(f"{PLAN}/rapportages/2015-Q2/", "rapport")

    @task(2)
    def dashboard(self):
        self.pagina(f"{DASHBOARD}/", "dashboard")

    @task(1)
    def dashboard_filters(self):
        self.pagina(f"{DASHBOARD}/?domein=jeugdhulp&subregio=MLO", "dashboard gefilterd")

    @task(1)
    def dashboard_personen(self):
        self.pagina(f"{DASHBOARD}/personen/", "dashboard personen")


class Trekker(Gebruiker):
    """Saves their theme's status as concept, again and again; submits it once, later."""

    fixed_count = 20
    soort = "trekkers"
    ingediend = False

    @task(1)
    def mijn_themas(self):
        self.pagina("/mijn-themas/", "mijn thema's")

    @task(4)
    def opslaan(self):
        if self.ingediend:
            self.pagina(f"{PLAN}/themas/{GEGEVENS['themas'][self.naam]}/", "thema")
            return
        pk = GEGEVENS["rapporten"][self.naam]
        formulier = self.pagina(f"/themarapportages/{pk}/", "statusformulier")
        versie = re.search(r'name="versie" value="(\d+)"', formulier.text)
        if versie is None:
            return
        tekst = f"Opslag {next(_teller)} door {self.naam}: op koers."
        indienen = time.monotonic() - BEGIN > INDIENEN_NA
        gegevens = {
            "csrfmiddlewaretoken": self._csrf(),
            "versie": versie.group(1),
            "tijd_smiley": "groen",
            "tijd_tekst": tekst,
            "kosten_smiley": "groen",
            "kosten_tekst": "Binnen budget.",
            "bijzonderheden_smiley": "groen",
            "bijzonderheden_tekst": "Geen.",
            ("indienen" if indienen else "opslaan"): "",
        }
        antwoord = self.verzoek(
            "opslaan",
            "POST",
            f"/themarapportages/{pk}/",
            naam="status opslaan",
            data=gegevens,
            verwacht=(302,),
        )
        if antwoord.status_code == 302:
            OPSLAGEN.setdefault(self.naam, []).append(tekst)
            self.ingediend = indienen


class Manager(Gebruiker):
    """Approves what is submitted; adopts the quarter once every report is approved."""

    fixed_count = 1
    soort = "managers"
    wait_time = between(3, 6)
    vastgesteld = False

    @task
    def beoordelen(self):
        voortgang = self.pagina(f"{PLAN}/rapportages/2015-Q3/voortgang/", "voortgang")
        # Approving all first shows every text it approves, with the versions seen.
        lijst = self.pagina(f"{PLAN}/rapportages/2015-Q3/voortgang/goedkeuren/", "goed te keuren")
        velden = dict(re.findall(r'name="(versie-\d+)" value="(\d+)"', lijst.text))
        if velden:
            self.verzoek(
                "beoordelen",
                "POST",
                f"{PLAN}/rapportages/2015-Q3/voortgang/goedkeuren/",
                naam="alles goedkeuren",
                data={**velden, "csrfmiddlewaretoken": self._csrf()},
                verwacht=(302,),
            )
        elif (
            not self.vastgesteld
            and "Rapportage vaststellen</a>" in voortgang.text
            # The link is there from the start (adopting with unapproved items is possible);
            # this manager adopts once every report is approved, when the page stops saying so.
            and "Vaststellen kan ook als niet alles is goedgekeurd" not in voortgang.text
        ):
            self.pagina(f"{PLAN}/rapportages/2015-Q3/vaststellen/", "vaststellen (formulier)")
            self.verzoek(
                "vaststellen",
                "POST",
                f"{PLAN}/rapportages/2015-Q3/vaststellen/",
                naam="vaststellen",
                data={
                    "vastgesteld_op": time.strftime("%Y-%m-%d"),
                    "inleiding": "[smileylegenda]",
                    "samenvatting": "Vastgesteld tijdens de belastingtest.",
                    "csrfmiddlewaretoken": self._csrf(),
                },
                verwacht=(302,),
            )
            self.vastgesteld = True
        else:
            self.pagina(f"{DASHBOARD}/", "dashboard")


class Griffie(Gebruiker):
    """Downloads the adopted plan and reports, and theme PDFs (rendered by the worker once)."""

    fixed_count = 1
    soort = "griffie"

    def download(self, pad, naam):
        antwoord = self.verzoek("pdf", "GET", pad, naam=naam, verwacht=(200, 302))
        if antwoord.status_code == 200:
            METINGEN[-1] = ("pdf uit cache", *METINGEN[-1][1:])
        else:
            METINGEN[-1] = ("pdf bestellen", *METINGEN[-1][1:])

    @task(2)
    def plan_pdf(self):
        self.download(f"{PLAN}/pdf/", "plan-PDF")

    @task(2)
    def rapport_pdf(self):
        self.download(f"{PLAN}/rapportages/2015-Q2/pdf/", "rapport-PDF Q2")

    @task(2)
    def thema_pdf(self):
        self.download(f"{PLAN}/themas/{random.randint(1, 6)}/pdf/", "thema-PDF")

    @task(1)
    def rapport_q3(self):
        self.pagina(f"{PLAN}/rapportages/", "rapportages")
