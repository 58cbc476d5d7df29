"""The Excel pages checked with axe-core (WCAG 2.0/2.1 A and AA) in headless Chromium, and at
320 CSS pixels wide: the start page, a file with errors, and the preview of an edit."""

import os
import shutil

import pytest

from agenda.excel import plan_exporteren
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker
from .werkboeken import aanpassen, zet

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it)",
    ),
]


def _overtredingen(pagina):
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(pagina, options={"runOnly": {"type": "tag", "values": WCAG}})
    return resultaat.generate_report() if resultaat.violations_count else ""


def test_the_excel_pages_pass_axe_and_reflow(live_server, referentiedata_live, tmp_path, settings):
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = tmp_path
    plan = referentiedata_live
    maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "beheer")
    fout = tmp_path / "fout.xlsx"
    fout.write_bytes(
        aanpassen(
            plan_exporteren(plan),
            lambda boek: (
                zet(boek["Thema's"], "Planning", "Nummer", "7", None)
                or zet(boek["Thema's"], "Nummer", "Nummer", "8", "7")
            ),
        )
    )
    goed = tmp_path / "goed.xlsx"
    goed.write_bytes(
        aanpassen(
            plan_exporteren(plan),
            lambda boek: zet(boek["Thema's"], "Thema", "Nummer", "7", "Nieuw"),
        )
    )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    rapport, breed = {}, {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for breedte in (1280, 320):
            pagina = browser.new_page(viewport={"width": breedte, "height": 800})
            pagina.goto(f"{live_server.url}/inloggen/")
            pagina.fill("#id_username", "beheer")
            pagina.fill("#id_password", "geheim-wachtwoord")
            pagina.click("button[type=submit]")
            for naam, bestand in (("start", None), ("fouten", fout), ("controle", goed)):
                pagina.goto(f"{live_server.url}/excel/")
                if bestand is not None:
                    pagina.set_input_files("#bestand", str(bestand))
                    pagina.click("button:has-text('Controleren')")
                assert pagina.locator("h1").count() == 1, naam
                if breedte == 320:
                    if pagina.evaluate("document.documentElement.scrollWidth") > 320:
                        breed[naam] = pagina.evaluate("document.documentElement.scrollWidth")
                else:
                    rapport[naam] = _overtredingen(pagina)
            pagina.close()
        browser.close()
    assert {naam: tekst for naam, tekst in rapport.items() if tekst} == {}
    assert breed == {}
