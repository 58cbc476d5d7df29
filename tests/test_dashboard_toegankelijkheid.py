"""The dashboard pages, checked with axe-core (WCAG 2.0/2.1 A and AA) in headless Chromium."""

import pytest

from regio.constants import Gebruikersrol

from .factories import maak_gebruiker
from .test_toegankelijkheid import (  # noqa: F401
    CHROMIUM,
    _overtredingen,
    bezoek,
    browser,
    csp_meldingen,
)
from .voorwaarden import MET_BROWSER

pytestmark = [
    pytest.mark.django_db(transaction=True),
    MET_BROWSER,
]

PLAN = "/dashboard/midden-limburg-2015-2016"
PAGINAS = {
    "dashboard": f"{PLAN}/",
    "dashboard met filters": f"{PLAN}/?decentralisatie=jeugdhulp&subregio=MLO&verandering=slechter",
    "dashboard met fout": f"{PLAN}/?prioriteit=9",
    "per persoon": f"{PLAN}/personen/",
    "per overleg": f"{PLAN}/overleggen/",
    "landelijk": "/dashboard/landelijk/",
}


def test_dashboard_pages_pass_axe(live_server, browser, referentiedata_live):  # noqa: F811
    from dashboard.testdata import Generator

    Generator(seed=1).kwartalen_toevoegen(referentiedata_live, 2)
    maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, referentiedata_live.regio, "toets")
    pagina = browser.new_page()
    csp = csp_meldingen(pagina)
    pagina.goto(f"{live_server.url}/inloggen/")
    pagina.fill("#id_username", "toets")
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_url(f"{live_server.url}/plannen/**")

    rapport = {}
    for naam, pad in PAGINAS.items():
        bezoek(pagina, f"{live_server.url}{pad}")
        assert pagina.locator("h1").count() == 1, naam
        rapport[naam] = _overtredingen(pagina)
    assert {naam: tekst for naam, tekst in rapport.items() if tekst} == {}
    assert csp == []
