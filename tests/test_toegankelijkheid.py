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


def csp_meldingen(pagina) -> list[str]:
    """Every Content-Security-Policy violation Chromium reports on this page from now on."""
    meldingen = []

    def luister(bericht):
        # Code the test itself runs in the page (axe-core, through evaluate) has no URL: what
        # it injects is not the site's doing. The site's markup and scripts always have one.
        if "Content Security Policy" in bericht.text and bericht.location.get("url"):
            meldingen.append(f"{pagina.url}: {bericht.text} ({bericht.location})")

    pagina.on("console", luister)
    return meldingen


def bezoek(pagina, url):
    """Open a URL and check that it came with a CSP (so no violation means: none happened)."""
    antwoord = pagina.goto(url)
    assert "content-security-policy" in antwoord.headers, url
    return antwoord


def _overtredingen(pagina):
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(pagina, options={"runOnly": {"type": "tag", "values": WCAG}})
    return resultaat.generate_report() if resultaat.violations_count else ""


def test_every_page_type_passes_axe(live_server, browser, referentiedata_live):
    maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, regio=None, naam="toets")
    from regio.models import Gebruiker, Regio

    Gebruiker.objects.filter(username="toets").update(
        regio=Regio.objects.get(slug="midden-limburg")
    )
    pagina = browser.new_page()
    csp = csp_meldingen(pagina)
    rapport = {}

    bezoek(pagina, f"{live_server.url}/inloggen/")
    rapport["inloggen"] = _overtredingen(pagina)
    pagina.fill("#id_username", "toets")
    pagina.fill("#id_password", "fout")
    pagina.click("button[type=submit]")
    rapport["inloggen met fout"] = _overtredingen(pagina)
    pagina.fill("#id_username", "toets")
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_load_state()

    for naam, pad in PAGINAS.items():
        bezoek(pagina, f"{live_server.url}{pad}")
        assert pagina.locator("h1").count() == 1, naam
        rapport[naam] = _overtredingen(pagina)

    assert {naam: tekst for naam, tekst in rapport.items() if tekst} == {}
    assert csp == []


def test_no_page_type_reports_a_csp_violation(live_server, browser, referentiedata_live):
    """Pages the axe tests do not open (the cycle's, the PDF progress page, the admin, the
    password reset, an error page): Chromium reports no Content-Security-Policy violation."""
    from datetime import date

    from agenda.models import Plan
    from documenten.models import PdfDocument
    from rapportage.services import rapportageperiode_openen
    from regio.models import Regio

    regio = Regio.objects.get(slug="midden-limburg")
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, regio, "toets")
    maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheer")
    periode = rapportageperiode_openen(
        plan=referentiedata_live, jaar=2015, kwartaal=3, deadline=date(2099, 1, 1), door=manager
    )
    rapport = periode.rapportages.get(onderdeel__code="1")
    activiteit = rapport.onderdeel.kinderen.first()
    hr = Plan.objects.get(regio__slug="holland-rijnland")
    maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, hr.regio, "hr-toets")
    record = PdfDocument.objects.create(plan=referentiedata_live, soort="plan", sleutel="x")
    plan = f"/plannen/{referentiedata_live.slug}"
    url = live_server.url

    pagina = browser.new_page()
    csp = csp_meldingen(pagina)
    for pad in ["/wachtwoord-vergeten/", "/wachtwoord-vergeten/verstuurd/", "/bestaat-niet/"]:
        bezoek(pagina, f"{url}{pad}")
    bezoek(pagina, f"{url}/wachtwoord-herstellen/MQ/ongeldig/")

    def inloggen(naam):
        bezoek(pagina, f"{url}/inloggen/")
        pagina.fill("#id_username", naam)
        pagina.fill("#id_password", "geheim-wachtwoord")
        pagina.click("button[type=submit]")
        pagina.wait_for_load_state()

    inloggen("toets")
    for pad in [
        "/mijn-themas/",
        f"/themarapportages/{rapport.pk}/",
        f"{plan}/rapportages/{periode.code}/voortgang/",
        f"{plan}/rapportages/{periode.code}/vaststellen/",
        f"{plan}/rapportages/{periode.code}/verwijderen/",
        f"{plan}/rapportages/2015-Q2/heropenen/",
        f"{plan}/themas/1/geschiedenis/",
        f"{plan}/speerpunten/1/",
        f"{plan}/activiteiten/{activiteit.code}/",
        f"{plan}/begroting/",
        f"{plan}/toetsing/regioplan-beschermd-wonen/",
        f"/pdf/{record.pk}/",
        f"/dashboard/{referentiedata_live.slug}/",
        f"/dashboard/{referentiedata_live.slug}/personen/",
        f"/dashboard/{referentiedata_live.slug}/overleggen/",
        "/dashboard/landelijk/",
    ]:
        bezoek(pagina, f"{url}{pad}")
    pagina.click("text=Uitloggen")
    pagina.wait_for_load_state()

    # Another shape: Holland Rijnland's plan, an item of each level, its dashboard.
    inloggen("hr-toets")
    hr_plan = f"/plannen/{hr.slug}"
    for pad in [
        f"{hr_plan}/",
        *[
            f"{hr_plan}/{o.niveau.slug}/{o.code}/"
            for o in {o.niveau_id: o for o in hr.onderdelen.select_related("niveau")}.values()
        ],
        f"/dashboard/{hr.slug}/",
    ]:
        bezoek(pagina, f"{url}{pad}")
    pagina.click("text=Uitloggen")
    pagina.wait_for_load_state()

    inloggen("beheer")
    for pad in [
        "/admin/",
        "/admin/agenda/onderdeel/",
        f"/admin/agenda/onderdeel/{rapport.onderdeel_id}/change/",
        f"/admin/agenda/planvorm/{referentiedata_live.planvorm_id}/change/",
        f"/admin/rapportage/themarapportage/{rapport.pk}/change/",
        f"/admin/rapportage/themarapportage/{rapport.pk}/history/",
        "/admin/rapportage/rapportageperiode/",
        "/admin/regio/gebruiker/add/",
        f"/admin/regio/gebruiker/{manager.pk}/change/",
        "/admin/regio/persoon/?q=Poell",
    ]:
        bezoek(pagina, f"{url}{pad}")
    assert csp == []

    # The listener does hear a violation in the site's markup: an inline style attribute
    # slipped into a page (here by rewriting the response on its way) is refused and reported.
    def met_inline_stijl(route):
        antwoord = route.fetch()
        tekst = antwoord.text().replace("</body>", '<p style="color: red">x</p></body>')
        route.fulfill(response=antwoord, body=tekst)

    pagina.route(f"{url}/admin/", met_inline_stijl)
    bezoek(pagina, f"{url}/admin/")
    pagina.wait_for_timeout(200)
    assert csp and "style" in csp[0]


def test_every_page_reflows_to_320_pixels(live_server, browser, referentiedata_live):
    """WCAG 1.4.10: at 320 CSS pixels wide nothing makes the page scroll sideways. Tables of
    several columns scroll inside their own region; tables of labels and values stack."""
    from regio.models import Regio

    maak_gebruiker(
        Gebruikersrol.TRANSFORMATIEMANAGER, Regio.objects.get(slug="midden-limburg"), "smal"
    )
    pagina = browser.new_page(viewport={"width": 320, "height": 640})
    csp = csp_meldingen(pagina)
    bezoek(pagina, f"{live_server.url}/inloggen/")
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
        assert bezoek(pagina, f"{live_server.url}{pad}").status == 200, pad
        breedte = pagina.evaluate("document.documentElement.scrollWidth")
        if breedte > 320:
            breed[pad] = breedte
    assert breed == {}
    assert csp == []
