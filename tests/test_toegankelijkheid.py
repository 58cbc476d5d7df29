"""Chromium and axe for the browser tests; every page reflows to 320 px. The axe check of every
page type per role is in test_toegankelijkheid_rollen.py."""

import os

import pytest

from regio.constants import Gebruikersrol

from .factories import maak_gebruiker
from .voorwaarden import CHROMIUM, MET_BROWSER

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [pytest.mark.django_db(transaction=True), MET_BROWSER]

PAGINAS = {
    "plan": "/plannen/midden-limburg-2015-2016/",
    "thema": "/plannen/midden-limburg-2015-2016/themas/1/",
    "overlegstructuur": "/plannen/midden-limburg-2015-2016/overlegstructuur/",
    "rapportages": "/plannen/midden-limburg-2015-2016/rapportages/",
    "rapport": "/plannen/midden-limburg-2015-2016/rapportages/2015-Q2/",
    "invullers": "/plannen/midden-limburg-2015-2016/themas/1/invullers/",
    "periode openen": "/plannen/midden-limburg-2015-2016/rapportages/nieuw/",
    "selectie": "/plannen/midden-limburg-2015-2016/selectie/pdf/",
    "berichten": "/berichten/",
}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _overtredingen(pagina):
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(pagina, options={"runOnly": {"type": "tag", "values": WCAG}})
    return resultaat.generate_report() if resultaat.violations_count else ""


def test_every_page_reflows_to_320_pixels(live_server, browser, referentiedata_live):
    """WCAG 1.4.10: at 320 CSS pixels wide nothing makes the page scroll sideways. Tables of
    several columns scroll inside their own region; tables of labels and values stack."""
    from regio.models import Regio

    maak_gebruiker(
        Gebruikersrol.TRANSFORMATIEMANAGER, Regio.objects.get(slug="midden-limburg"), "smal"
    )
    pagina = browser.new_page(viewport={"width": 320, "height": 640})
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.fill("#id_username", "smal")
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_url(f"{live_server.url}{PAGINAS['rapportages']}")
    dashboard = "/dashboard/midden-limburg-2015-2016/"
    paden = [
        *PAGINAS.values(),
        "/plannen/midden-limburg-2015-2016/themas/1/geschiedenis/",
        "/mijn-themas/",
        dashboard,
        f"{dashboard}personen/",
        f"{dashboard}overleggen/",
        "/dashboard/landelijk/",
        "/toegankelijkheid/",
    ]
    breed = {}
    for pad in paden:
        assert pagina.goto(f"{live_server.url}{pad}").status == 200, pad
        breedte = pagina.evaluate("document.documentElement.scrollWidth")
        if breedte > 320:
            breed[pad] = breedte
    assert breed == {}
