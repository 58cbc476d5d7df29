"""The quarter as people go through it, in headless Chromium: trekker, manager, griffie."""

import hashlib
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from regio.constants import Gebruikersrol

from .factories import koppel_aan_persoon, maak_gebruiker
from .test_toegankelijkheid import _overtredingen
from .voorwaarden import CHROMIUM, MET_BROWSER

pytestmark = [
    pytest.mark.django_db(transaction=True),
    MET_BROWSER,
]


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


def _inloggen(browser, url, gebruikersnaam):
    pagina = browser.new_context().new_page()
    pagina.goto(f"{url}/inloggen/")
    pagina.fill("#id_username", gebruikersnaam)
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_load_state()
    return pagina


def test_a_quarter_from_opening_to_adoption(live_server, browser, settings, referentiedata_live):
    from agenda.models import Plan
    from rapportage.models import ThemaRapportage
    from rapportage.services import rapportageperiode_openen

    plan = Plan.objects.get(slug="midden-limburg-2015-2016")
    trekker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "trekker")
    koppel_aan_persoon(trekker, "G. Poell")
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager")
    periode = rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=3, deadline=date(2099, 1, 1), door=manager
    )
    url = live_server.url

    # The trekker fills in theme 1 and is refused an empty explanation on orange.
    t = _inloggen(browser, url, "trekker")
    t.goto(f"{url}/mijn-themas/")
    t.click("text=1. 1Gezin1Plan")
    expect(t.locator("text=Overgenomen van het vorige kwartaal.")).to_have_count(1)
    assert _overtredingen(t) == ""
    t.check("input[name=tijd_smiley][value=oranje]")
    t.fill("#id_tijd_tekst", "")
    t.click("button[name=indienen]")
    expect(t.locator("text=Een toelichting is verplicht bij oranje.").first).to_be_attached()
    assert _overtredingen(t) == ""
    assert ThemaRapportage.objects.get(periode=periode, onderdeel__code="1").versie == 1
    t.fill("#id_tijd_tekst", "Planning iets vertraagd door de inkoop 2016.")
    t.click("button[name=indienen]")
    expect(t.locator("text=ingediend").first).to_be_attached()

    # The manager sends it back with a comment.
    m = _inloggen(browser, url, "manager")
    rapport = ThemaRapportage.objects.get(periode=periode, onderdeel__code="1")
    m.goto(f"{url}/themarapportages/{rapport.pk}/")
    m.fill("#id_opmerking", "Noem de nieuwe datum.")
    m.click("text=Terugsturen naar de invullers")

    # The trekker sees the comment, corrects and submits again.
    t.goto(f"{url}/themarapportages/{rapport.pk}/")
    assert t.locator("text=Noem de nieuwe datum.").count() == 1
    t.fill("#id_tijd_tekst", "Vertraagd; nieuwe datum 1 december 2015.")
    t.click("button[name=indienen]")

    # The manager approves all and adopts.
    from rapportage.services import themarapportage_goedkeuren, themarapportage_opslaan

    for overig in periode.rapportages.select_related("onderdeel").exclude(onderdeel__code="1"):
        gegevens = {
            veld: getattr(overig, veld)
            for veld in (
                "tijd_smiley",
                "tijd_tekst",
                "kosten_smiley",
                "kosten_tekst",
                "bijzonderheden_smiley",
                "bijzonderheden_tekst",
            )
        }
        themarapportage_opslaan(
            rapport=overig, door=manager, gegevens=gegevens, versie=overig.versie, indienen=True
        )
    m.goto(f"{url}/themarapportages/{rapport.pk}/")
    m.click("button:has-text('Goedkeuren')")
    for overig in periode.rapportages.select_related("onderdeel").filter(status="ingediend"):
        themarapportage_goedkeuren(rapport=overig, door=manager)
    m.goto(f"{url}/plannen/{plan.slug}/rapportages/2015-Q3/voortgang/")
    assert _overtredingen(m) == ""
    m.click("text=Rapportage vaststellen")
    m.fill("#id_samenvatting", "Het derde kwartaal in het kort.")
    m.click("button:has-text('Vaststellen')")
    assert m.locator("h1").inner_text() == "3e kwartaal 2015"

    # Read-only for everyone now, the trekker included.
    t.goto(f"{url}/themarapportages/{rapport.pk}/")
    assert t.locator("text=Deze rapportage is vastgesteld").count() == 1
    assert t.locator("button[name=indienen]").count() == 0
    assert periode.archief.count() == 1

    # The griffie downloads the adopted report from the browser: exactly the archived file,
    # and it shows the corrected text of theme 1.
    maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "griffie")
    g = _inloggen(browser, url, "griffie")
    g.goto(f"{url}/plannen/{plan.slug}/rapportages/2015-Q3/")
    with g.expect_download() as download:
        g.click("text=Download deze rapportage")
    inhoud = Path(download.value.path()).read_bytes()
    archief = periode.archief.get()
    assert hashlib.sha256(inhoud).hexdigest() == archief.sha256
    tekst = subprocess.run(
        ["pdftotext", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()
    assert "Vertraagd; nieuwe datum 1 december 2015." in " ".join(tekst.split())
