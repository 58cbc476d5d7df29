"""Accessibility as a legal bar: every page type each role reaches has 0 axe violations (WCAG 2.1
A and AA) in Chromium, and the status form and the adoption work with the keyboard alone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from regio.constants import Gebruikersrol

from .factories import koppel_aan_persoon, maak_gebruiker
from .test_toegankelijkheid import _overtredingen, browser  # noqa: F401
from .voorwaarden import MET_BROWSER

pytestmark = [pytest.mark.django_db(transaction=True), MET_BROWSER]

PLAN = "/plannen/midden-limburg-2015-2016"
DASHBOARD = "/dashboard/midden-limburg-2015-2016"

# Page types everyone who reads the plan reaches; the roles add their own below.
LEZEN = {
    "plan": f"{PLAN}/",
    "onderdeel": f"{PLAN}/themas/1/",
    "geschiedenis van een onderdeel": f"{PLAN}/themas/1/geschiedenis/",
    "groep": f"{PLAN}/speerpunten/1/",
    "overlegstructuur": f"{PLAN}/overlegstructuur/",
    "begroting": f"{PLAN}/begroting/",
    "toetsing": f"{PLAN}/toetsing/regioplan-beschermd-wonen/",
    "rapportages": f"{PLAN}/rapportages/",
    "vastgesteld rapport": f"{PLAN}/rapportages/2015-Q2/",
    "selectie-PDF": f"{PLAN}/selectie/pdf/",
    "selectie-PDF met fout": f"{PLAN}/selectie/pdf/?maken=1&subregio=XYZ",
    "dashboard": f"{DASHBOARD}/",
    "dashboard per persoon": f"{DASHBOARD}/personen/",
    "dashboard per overleg": f"{DASHBOARD}/overleggen/",
    "toegankelijkheidsverklaring": "/toegankelijkheid/",
    "niet gevonden": "/bestaat-niet/",
}


def _paginas(rol, rapport_pk, pdf_pk):
    open_rapport = {
        "open rapport": f"{PLAN}/rapportages/2015-Q3/",
        "mijn rapportages": "/mijn-themas/",
        "status invullen": f"/themarapportages/{rapport_pk}/",
        "PDF-voortgang": f"/pdf/{pdf_pk}/",
    }
    if rol == Gebruikersrol.BELEIDSMEDEWERKER:
        return {**LEZEN, **open_rapport, "geen toegang": "/dashboard/landelijk/"}
    if rol == Gebruikersrol.TRANSFORMATIEMANAGER:
        return {
            **LEZEN,
            **open_rapport,
            "voortgang": f"{PLAN}/rapportages/2015-Q3/voortgang/",
            "invullers": f"{PLAN}/themas/1/invullers/",
            "periode openen": f"{PLAN}/rapportages/nieuw/",
            "vaststellen": f"{PLAN}/rapportages/2015-Q3/vaststellen/",
            "periode verwijderen": f"{PLAN}/rapportages/2015-Q3/verwijderen/",
            "heropenen": f"{PLAN}/rapportages/2015-Q2/heropenen/",
            "landelijk dashboard": "/dashboard/landelijk/",
        }
    if rol == Gebruikersrol.GRIFFIE:
        return {**LEZEN, "landelijk dashboard": "/dashboard/landelijk/"}
    return {
        **LEZEN,
        "landelijk dashboard": "/dashboard/landelijk/",
        "beheer": "/admin/",
        "beheer: onderdelen": "/admin/agenda/onderdeel/",
        "beheer: planvormen": "/admin/agenda/planvorm/",
        "beheer: gebruikers": "/admin/regio/gebruiker/",
    }


@pytest.fixture
def kwartaal(referentiedata_live, settings, tmp_path):
    """Q3 2015 open, an account per role, a rendered PDF."""
    from documenten.taken import bestel
    from rapportage.services import rapportageperiode_openen

    settings.MEDIA_ROOT = tmp_path
    plan = referentiedata_live
    accounts = {rol: maak_gebruiker(rol, plan.regio, rol.value) for rol in Gebruikersrol}
    koppel_aan_persoon(accounts[Gebruikersrol.BELEIDSMEDEWERKER], "G. Poell")
    periode = rapportageperiode_openen(
        plan=plan,
        jaar=2015,
        kwartaal=3,
        deadline=date(2099, 1, 1),
        door=accounts[Gebruikersrol.TRANSFORMATIEMANAGER],
    )
    return {
        "plan": plan,
        "periode": periode,
        "rapport": periode.rapportages.get(onderdeel__code="1"),
        "pdf": bestel(plan, "thema", {"niveau": "themas", "code": "1"}),
    }


def _inloggen(browser, url, naam):  # noqa: F811
    pagina = browser.new_context().new_page()
    pagina.goto(f"{url}/inloggen/")
    pagina.fill("#id_username", naam)
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_load_state()
    return pagina


@pytest.mark.parametrize("rol", list(Gebruikersrol), ids=lambda r: r.value)
def test_every_page_type_of_every_role_passes_axe(
    live_server,
    browser,  # noqa: F811
    kwartaal,
    settings,
    tmp_path,
    rol,
):
    pagina = _inloggen(browser, live_server.url, rol.value)
    rapport = {}
    for naam, pad in _paginas(rol, kwartaal["rapport"].pk, kwartaal["pdf"].pk).items():
        antwoord = pagina.goto(f"{live_server.url}{pad}")
        assert antwoord.status in (200, 400, 403, 404), (naam, antwoord.status)
        assert pagina.locator("h1").count() == 1, naam
        rapport[naam] = _overtredingen(pagina)
    assert {naam: tekst for naam, tekst in rapport.items() if tekst} == {}


def test_sign_in_pages_pass_axe(live_server, browser, referentiedata_live, settings):  # noqa: F811
    """The login with an identity provider offered, the second step's set-up with its QR code
    and with a wrong code, and the code prompt."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.TWEE_FACTOR_VERPLICHT = True
    settings.OIDC_AAN = True
    settings.OIDC_PROVIDER_NAAM = "de identity provider van Weert"
    maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, referentiedata_live.regio, "manager")
    rapport = {}
    pagina = browser.new_context().new_page()
    pagina.goto(f"{live_server.url}/inloggen/?oidc=mislukt")
    rapport["inloggen met identity provider"] = _overtredingen(pagina)
    pagina.fill("#id_username", "manager")
    pagina.fill("#id_password", "fout")
    pagina.click("main button[type=submit]")
    expect(pagina.locator("[role=alert]").first).to_be_attached()
    rapport["inloggen met fout"] = _overtredingen(pagina)
    pagina.fill("#id_username", "manager")
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_url("**/inloggen/tweede-stap/instellen/**")
    rapport["app koppelen"] = _overtredingen(pagina)
    pagina.fill("#id_code", "000000")
    pagina.click("main button[type=submit]")
    expect(pagina.locator("text=Deze code klopt niet")).to_have_count(1)
    rapport["app koppelen met fout"] = _overtredingen(pagina)
    TOTPDevice.objects.update(confirmed=True)
    pagina.goto(f"{live_server.url}/inloggen/tweede-stap/")
    rapport["code invullen"] = _overtredingen(pagina)
    assert {naam: tekst for naam, tekst in rapport.items() if tekst} == {}


def _tab_naar(pagina, selector: str, *, maximaal: int = 80) -> int:
    """Press Tab until the element matching `selector` has the focus; returns how many times."""
    for keer in range(1, maximaal + 1):
        pagina.keyboard.press("Tab")
        if pagina.evaluate(f"document.activeElement.matches({selector!r})"):
            zichtbaar = pagina.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' && s.outlineWidth !== '0px'; })()"
            )
            assert zichtbaar, f"{selector} has the focus but shows no focus outline"
            return keer
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_status_form_and_adoption_with_the_keyboard_alone(
    live_server,
    browser,  # noqa: F811
    kwartaal,
    settings,
    tmp_path,
):
    from rapportage.constants import PeriodeStatus, RapportageStatus
    from rapportage.models import ThemaRapportage

    url = live_server.url
    periode, rapport = kwartaal["periode"], kwartaal["rapport"]
    # Every other report is in already: this test is about the first one and the adoption.
    periode.rapportages.exclude(pk=rapport.pk).update(status=RapportageStatus.INGEDIEND)

    # The trekker signs in, opens the form, chooses orange for Tijd with the arrow keys, writes
    # the explanation and submits, never touching the mouse.
    t = browser.new_context().new_page()
    t.goto(f"{url}/inloggen/")
    _tab_naar(t, "#id_username")
    t.keyboard.type("beleidsmedewerker")
    _tab_naar(t, "#id_password")
    t.keyboard.type("geheim-wachtwoord")
    t.keyboard.press("Enter")
    # A trekker lands on the reports they fill in.
    t.wait_for_url(f"{url}/mijn-themas/")
    _tab_naar(t, f"a[href='/themarapportages/{rapport.pk}/']")
    t.keyboard.press("Enter")
    t.wait_for_url(f"{url}/themarapportages/{rapport.pk}/")
    _tab_naar(t, "input[name=tijd_smiley]:checked")
    huidige = t.evaluate("document.activeElement.value")
    volgorde = ["groen", "oranje", "rood"]
    for _ in range((volgorde.index("oranje") - volgorde.index(huidige)) % 3):
        t.keyboard.press("ArrowDown")
    assert t.evaluate("document.activeElement.value") == "oranje"
    _tab_naar(t, "#id_tijd_tekst")
    t.keyboard.press("Control+A")
    t.keyboard.type("Planning iets vertraagd door de aanbesteding.")
    _tab_naar(t, "button[name=indienen]")
    with t.expect_navigation():
        t.keyboard.press("Enter")
    rapport.refresh_from_db()
    assert (rapport.status, rapport.tijd_smiley) == (RapportageStatus.INGEDIEND, "oranje")
    assert rapport.tijd_tekst == "Planning iets vertraagd door de aanbesteding."

    # The manager approves everything submitted and adopts the quarter, by keyboard too.
    m = _inloggen(browser, url, "transformatiemanager")
    m.goto(f"{url}{PLAN}/rapportages/2015-Q3/voortgang/")
    _tab_naar(m, f"a[href='{PLAN}/rapportages/2015-Q3/voortgang/goedkeuren/']")
    m.keyboard.press("Enter")
    m.wait_for_url(f"{url}{PLAN}/rapportages/2015-Q3/voortgang/goedkeuren/")
    _tab_naar(m, "form.ta-acties button[type=submit]", maximaal=200)
    with m.expect_navigation():
        m.keyboard.press("Enter")
    assert (
        not ThemaRapportage.objects.filter(periode=periode)
        .exclude(status=RapportageStatus.GOEDGEKEURD)
        .exists()
    )
    _tab_naar(m, f"a[href='{PLAN}/rapportages/2015-Q3/vaststellen/']", maximaal=200)
    m.keyboard.press("Enter")
    m.wait_for_url(f"{url}{PLAN}/rapportages/2015-Q3/vaststellen/")
    _tab_naar(m, "#id_samenvatting")
    m.keyboard.type("Het beeld is overwegend groen.")
    _tab_naar(m, "main button[type=submit]")
    m.keyboard.press("Enter")
    m.wait_for_url(f"{url}{PLAN}/rapportages/2015-Q3/", timeout=60000)
    periode.refresh_from_db()
    assert periode.status == PeriodeStatus.VASTGESTELD
    assert periode.samenvatting == "Het beeld is overwegend groen."
    assert periode.archief.count() == 1


def test_the_beheerders_edit_pages_pass_axe(live_server, browser, referentiedata_live):  # noqa: F811
    """Edit pages with tables of rows (inlines), search boxes (select2) and two-list selectors,
    each with empty and filled boxes; the list pages are in the per-role test above."""
    from agenda.models import (
        Begrotingspost,
        Indicator,
        Keuzelijst,
        Overlegstructuur,
        Planvorm,
        Toetsingskader,
    )
    from rapportage.models import Rapportageperiode, ThemaRapportage
    from regio.models import Gemeente, Persoon

    plan = referentiedata_live
    beheerder = maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "beheerder")
    thema = plan.onderdelen.get(niveau__slug="themas", code="1")
    paden = {
        "onderdeel": f"agenda/onderdeel/{thema.pk}/change/",
        "nieuw onderdeel": "agenda/onderdeel/add/",
        "planvorm": f"agenda/planvorm/{Planvorm.objects.first().pk}/change/",
        "plan": f"agenda/plan/{plan.pk}/change/",
        "begrotingspost": f"agenda/begrotingspost/{Begrotingspost.objects.first().pk}/change/",
        "indicator": f"agenda/indicator/{Indicator.objects.first().pk}/change/",
        "toetsingskader": f"agenda/toetsingskader/{Toetsingskader.objects.first().pk}/change/",
        "overlegstructuur": f"agenda/overlegstructuur/{Overlegstructuur.objects.first().pk}/change/",
        "keuzelijst": f"agenda/keuzelijst/{Keuzelijst.objects.first().pk}/change/",
        "gebruiker": f"regio/gebruiker/{beheerder.pk}/change/",
        "persoon": f"regio/persoon/{Persoon.objects.first().pk}/change/",
        "regio": f"regio/regio/{plan.regio.pk}/change/",
        "gemeente": f"regio/gemeente/{Gemeente.objects.first().pk}/change/",
        "periode": f"rapportage/rapportageperiode/{Rapportageperiode.objects.first().pk}/change/",
        "rapportage": f"rapportage/themarapportage/{ThemaRapportage.objects.first().pk}/change/",
    }
    pagina = _inloggen(browser, live_server.url, "beheerder")
    rapport = {}
    for naam, pad in paden.items():
        antwoord = pagina.goto(f"{live_server.url}/admin/{pad}")
        assert antwoord.status == 200, naam
        rapport[naam] = _overtredingen(pagina)
    # A row added in the browser is named as well.
    pagina.goto(f"{live_server.url}/admin/{paden['onderdeel']}")
    pagina.locator(".add-row a").first.click()
    rapport["onderdeel met een nieuwe rij"] = _overtredingen(pagina)
    assert {naam: tekst for naam, tekst in rapport.items() if tekst} == {}
