"""The report form in headless Chromium: what its JavaScript adds, and that it is only added."""

import os

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


@pytest.fixture
def formulier(live_server, referentiedata_live):
    from datetime import date

    from rapportage.services import rapportageperiode_openen

    plan = referentiedata_live
    trekker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "trekker")
    koppel_aan_persoon(trekker, "G. Poell")
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager")
    periode = rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=3, deadline=date(2099, 1, 1), door=manager
    )
    rapport = periode.rapportages.get(onderdeel__code="1")
    return f"{live_server.url}/themarapportages/{rapport.pk}/"


def _inloggen(browser, url, javascript=True):
    pagina = browser.new_context(java_script_enabled=javascript).new_page()
    pagina.goto(url)  # to the login page, and back after it
    pagina.fill("#id_username", "trekker")
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_url(url)
    return pagina


def test_leaving_with_unsaved_changes_asks_first(browser, formulier):
    pagina = _inloggen(browser, formulier)
    dialogen = []

    def weigeren(dialoog):
        dialogen.append(dialoog.type)
        dialoog.dismiss()

    pagina.on("dialog", weigeren)
    pagina.click("a:has-text('Mijn thema')")  # nothing typed yet: leaves without asking
    assert dialogen == []
    pagina.goto(formulier)
    pagina.fill("#id_kosten_tekst", "Een tekst die nog niet is opgeslagen.")
    pagina.click(".utrecht-breadcrumb-nav a")
    assert dialogen == ["beforeunload"]
    assert pagina.url == formulier
    assert pagina.input_value("#id_kosten_tekst") == "Een tekst die nog niet is opgeslagen."
    # Saving is no leaving.
    pagina.click("button[name=opslaan]")
    pagina.wait_for_url(formulier)
    assert dialogen == ["beforeunload"]


def test_the_text_grows_and_counts_down_as_one_types(browser, formulier):
    pagina = _inloggen(browser, formulier)
    veld = pagina.locator("#id_kosten_tekst")
    teller = pagina.locator("#id_kosten_tekst_teller")
    hoogte = veld.bounding_box()["height"]
    veld.fill("Regel\n" * 20)
    assert veld.bounding_box()["height"] > hoogte * 1.5
    assert teller.inner_text() == "Nog 4.880 van de 5.000 tekens over."


def test_after_a_refused_save_the_focus_is_on_the_error_summary(browser, formulier):
    pagina = _inloggen(browser, formulier)
    pagina.check("input[name=kosten_smiley][value=rood]")
    pagina.fill("#id_kosten_tekst", "")
    pagina.click("button[name=opslaan]")
    pagina.wait_for_selector("#foutmeldingen")
    assert pagina.evaluate("document.activeElement.id") == "foutmeldingen"


def test_without_javascript_the_form_works_and_states_its_limit(browser, formulier):
    from rapportage.models import ThemaRapportage

    pagina = _inloggen(browser, formulier, javascript=False)
    assert pagina.locator("#id_kosten_tekst_teller").is_hidden()
    assert pagina.locator("text=Hooguit 5.000 tekens.").count() == 3
    pagina.fill("#id_kosten_tekst", "Zonder JavaScript opgeslagen.")
    pagina.click("button[name=opslaan]")
    pagina.wait_for_url(formulier)
    assert ThemaRapportage.objects.filter(kosten_tekst="Zonder JavaScript opgeslagen.").exists()
    # The error summary takes the focus without JavaScript too (autofocus).
    pagina.check("input[name=kosten_smiley][value=rood]")
    pagina.fill("#id_kosten_tekst", "")
    pagina.click("button[name=opslaan]")
    pagina.wait_for_selector("#foutmeldingen")
    assert pagina.evaluate("document.activeElement.id") == "foutmeldingen"
