"""A 300-character URL in every text field of the cycle: no page gets wider than the screen,
and no PDF cuts it off (it used to make the report page 48,000 px wide and run off the
archived PDF's page, where the raad never saw it)."""

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from regio.constants import Gebruikersrol

from .factories import koppel_aan_persoon, maak_gebruiker
from .test_toegankelijkheid import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it)",
    ),
]

URL = "https://www.voorbeeld.nl/" + "abcdefghij" * 27 + "klmno"
assert len(URL) == 300
SLUG = "midden-limburg-2015-2016"


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


def buiten_de_pagina(pdf: bytes) -> list[str]:
    """Words of a PDF that reach past their page's right margin (pdftotext's word boxes)."""
    boxen = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    te_ver = []
    for pagina in re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', boxen, re.S):
        breedte = float(pagina.group(1))
        for woord in re.finditer(r'xMax="([\d.]+)"[^>]*>([^<]*)<', pagina.group(2)):
            if float(woord.group(1)) > breedte - 20:
                te_ver.append(woord.group(2))
    return te_ver


def _pdftekst(pdf: bytes) -> str:
    tekst = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return "".join(tekst.split())


def _inloggen(browser, url, naam, breedte):
    pagina = browser.new_context(viewport={"width": breedte, "height": 800}).new_page()
    pagina.goto(f"{url}/inloggen/")
    pagina.fill("#id_username", naam)
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_load_state()
    return pagina


def test_a_300_character_url_in_every_text_field(
    live_server, browser, settings, tmp_path, referentiedata_live
):
    from agenda.models import Beleidsdoel, Plan
    from documenten import documenten
    from rapportage.models import ThemaRapportage
    from rapportage.services import (
        rapportageperiode_openen,
        rapportageperiode_vaststellen,
        themarapportage_goedkeuren,
        themarapportage_opslaan,
        themarapportage_terugsturen,
        themarapportage_wijzigen_namens,
    )

    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.get(slug=SLUG)
    trekker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "trekker")
    koppel_aan_persoon(trekker, "G. Poell")
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager")
    maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "griffie")
    # The plan's own texts: an item's title and a goal.
    thema = plan.onderdelen.get(niveau__slug="themas", code="1")
    thema.titel = URL
    thema.save()
    Beleidsdoel.objects.create(onderdeel=thema, tekst=URL, volgorde=99)
    periode = rapportageperiode_openen(
        plan=plan,
        jaar=2015,
        kwartaal=3,
        deadline=date(2099, 1, 1),
        door=manager,
        titel=URL[:200],
    )
    rapport = periode.rapportages.get(onderdeel=thema)
    teksten = {
        "tijd_smiley": "oranje",
        "tijd_tekst": f"Zie {URL}",
        "kosten_smiley": "groen",
        "kosten_tekst": URL,
        "bijzonderheden_smiley": "groen",
        "bijzonderheden_tekst": f"- {URL}\n- {URL}",
    }
    themarapportage_opslaan(
        rapport=rapport, door=trekker, gegevens=teksten, versie=1, indienen=True
    )
    rapport = themarapportage_terugsturen(rapport=rapport, door=manager, opmerking=URL)
    themarapportage_opslaan(
        rapport=rapport, door=trekker, gegevens=teksten, versie=rapport.versie, indienen=True
    )
    rapport = ThemaRapportage.objects.get(pk=rapport.pk)
    themarapportage_wijzigen_namens(
        rapport=rapport,
        door=manager,
        gegevens={**teksten, "kosten_tekst": f"{URL} (namens)"},
        versie=rapport.versie,
        reden=URL,
    )
    url = live_server.url
    paden = {
        "formulier na terugsturen": None,  # filled in below, while it is the trekker's
        "beoordelen": f"/themarapportages/{rapport.pk}/",
        "voortgang": f"/plannen/{SLUG}/rapportages/2015-Q3/voortgang/",
        "alles goedkeuren": f"/plannen/{SLUG}/rapportages/2015-Q3/voortgang/goedkeuren/",
        "vaststellen": f"/plannen/{SLUG}/rapportages/2015-Q3/vaststellen/",
        "plan": f"/plannen/{SLUG}/",
        "thema": f"/plannen/{SLUG}/themas/1/",
        "geschiedenis": f"/plannen/{SLUG}/themas/1/geschiedenis/",
        "rapport": f"/plannen/{SLUG}/rapportages/2015-Q3/",
        "rapportages": f"/plannen/{SLUG}/rapportages/",
    }
    breed = {}
    for breedte in (1280, 375):
        m = _inloggen(browser, url, "manager", breedte)
        for naam, pad in paden.items():
            if pad is None:
                continue
            assert m.goto(f"{url}{pad}").status == 200, naam
            if m.evaluate("document.documentElement.scrollWidth") > breedte:
                breed[(naam, breedte)] = m.evaluate("document.documentElement.scrollWidth")
        m.context.close()
        t = _inloggen(browser, url, "trekker", breedte)
        for pad in ("/mijn-themas/", f"/themarapportages/{rapport.pk}/", "/berichten/"):
            t.goto(f"{url}{pad}")
            if t.evaluate("document.documentElement.scrollWidth") > breedte:
                breed[(pad, breedte)] = t.evaluate("document.documentElement.scrollWidth")
        t.context.close()
    assert breed == {}

    # The trekker's form, with the texts in its fields and the comment above them.
    rapport = themarapportage_terugsturen(
        rapport=ThemaRapportage.objects.get(pk=rapport.pk), door=manager, opmerking=URL
    )
    t = _inloggen(browser, url, "trekker", 375)
    t.goto(f"{url}/themarapportages/{rapport.pk}/")
    assert t.locator("#id_kosten_tekst").count() == 1
    assert t.evaluate("document.documentElement.scrollWidth") <= 375
    t.screenshot(path=str(tmp_path / "formulier-375.png"), full_page=True)
    t.context.close()

    # Adopted and archived: the PDF keeps every character, within the page.
    themarapportage_opslaan(
        rapport=rapport, door=trekker, gegevens=teksten, versie=rapport.versie, indienen=True
    )
    themarapportage_goedkeuren(rapport=ThemaRapportage.objects.get(pk=rapport.pk), door=manager)
    periode = rapportageperiode_vaststellen(
        periode=periode,
        door=manager,
        inleiding=URL,
        samenvatting=URL,
        pdf_maken=documenten.rapport_pdf_bytes,
    )
    pdfs = {
        "rapport": periode.archief.get().bestand.read(),
        "thema": documenten.pdf_bytes(documenten.onderdeel_document(plan, thema)),
    }
    for naam, pdf in pdfs.items():
        assert buiten_de_pagina(pdf) == [], naam
        assert _pdftekst(pdf).count(URL) >= 2, naam
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "5", "-l", "5", "-", str(tmp_path / "rapport")],
        input=pdfs["rapport"],
        check=True,
    )
    assert list(Path(tmp_path).glob("rapport-*.png"))
