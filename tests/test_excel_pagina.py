"""The Excel pages of the functioneel beheerder: template, example, a plan's export, and the
import in two steps (check and preview, then confirm), tried at every access level."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from agenda.excel import plan_exporteren
from agenda.models import Onderdeel
from regio.constants import Gebruikersrol

from .factories import maak_andere_regio, maak_gebruiker, onderdeel
from .werkboeken import aanpassen, rij_met, tabel, zet

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(plan):
    return maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "beheerder")


@pytest.fixture(autouse=True)
def opslag(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _ingelogd(gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def _upload(client, inhoud: bytes, naam="plan.xlsx"):
    bestand = io.BytesIO(inhoud)
    bestand.name = naam
    return client.post(reverse("agenda:excel_importeren"), {"bestand": bestand})


@pytest.mark.parametrize(
    "rol,status",
    [
        (Gebruikersrol.BEHEERDER, 200),
        (Gebruikersrol.TRANSFORMATIEMANAGER, 403),
        (Gebruikersrol.BELEIDSMEDEWERKER, 403),
        (Gebruikersrol.GRIFFIE, 403),
    ],
)
def test_it_opens_the_excel_pages_to_the_beheerder_only(plan, rol, status):
    client = _ingelogd(maak_gebruiker(rol, plan.regio))
    assert client.get(reverse("agenda:excel")).status_code == status
    sjabloon = reverse("agenda:excel_sjabloon") + "?planvorm=taak-actie"
    assert client.get(sjabloon).status_code == status
    assert client.get(reverse("agenda:excel_voorbeeld")).status_code == status
    assert _upload(client, b"x").status_code in ((status, 422) if status == 200 else (status,))


def test_it_sends_anonymous_visitors_to_the_login_page():
    antwoord = Client().get(reverse("agenda:excel"))
    assert antwoord.status_code == 302 and reverse("login") in antwoord.url


def test_it_links_the_page_from_the_admin_and_the_plan(plan, beheerder):
    client = _ingelogd(beheerder)
    assert reverse("agenda:excel") in client.get(reverse("admin:index")).text
    pagina = client.get(reverse("rapportage:plan", args=[plan.slug])).text
    assert reverse("agenda:excel") in pagina
    assert reverse("agenda:plan_excel", args=[plan.slug]) in pagina


@pytest.mark.parametrize(
    "rol,status",
    [
        (Gebruikersrol.BEHEERDER, 200),
        (Gebruikersrol.TRANSFORMATIEMANAGER, 200),
        (Gebruikersrol.BELEIDSMEDEWERKER, 403),
        (Gebruikersrol.GRIFFIE, 403),
    ],
)
def test_a_plans_whole_workbook_is_for_who_sees_all_of_the_region(plan, rol, status):
    client = _ingelogd(maak_gebruiker(rol, plan.regio))
    antwoord = client.get(reverse("agenda:plan_excel", args=[plan.slug]))
    assert antwoord.status_code == status
    if status == 200:
        assert antwoord["Content-Type"].startswith("application/vnd.openxmlformats")
        assert tabel(antwoord.content, "Thema's")[0]["Thema"] == "1Gezin1Plan"


def test_another_regions_plan_is_not_found(plan):
    regio, _ander = maak_andere_regio()
    client = _ingelogd(maak_gebruiker(Gebruikersrol.BEHEERDER, regio))
    assert client.get(reverse("agenda:plan_excel", args=[plan.slug])).status_code == 404


def test_the_template_speaks_the_shapes_words_and_knows_the_region(plan, beheerder):
    antwoord = _ingelogd(beheerder).get(
        reverse("agenda:excel_sjabloon"), {"planvorm": "opgave-deelopgave-actiepunt"}
    )
    assert antwoord.status_code == 200
    boek = openpyxl.load_workbook(io.BytesIO(antwoord.content))
    assert {"Opgaven", "Deelopgaven", "Actiepunten", "Toelichting"} <= set(boek.sheetnames)
    assert [c.value for c in boek["Actiepunten"][1]][:5] == [
        "Nummer",
        "Deelopgave",
        "Actiepunt",
        "Tekst",
        "Wie?",
    ] or "Deadline" in [c.value for c in boek["Actiepunten"][1]]
    assert boek["Actiepunten"].max_row == 1  # blank
    assert {r["Naam"] for r in tabel(antwoord.content, "Gemeenten")} >= {"Roermond", "Weert"}


def test_the_example_holds_adopted_reports_only(plan, beheerder, open_periode):
    antwoord = _ingelogd(beheerder).get(reverse("agenda:excel_voorbeeld"))
    perioden = {r["Periode"] for r in tabel(antwoord.content, "Rapportageperioden")}
    assert perioden == {"2015-Q2"}


def test_an_unknown_shape_is_not_found(beheerder):
    antwoord = _ingelogd(beheerder).get(reverse("agenda:excel_sjabloon"), {"planvorm": "geen"})
    assert antwoord.status_code == 404


def _bewerkt(plan) -> bytes:
    return aanpassen(
        plan_exporteren(plan), lambda boek: zet(boek["Thema's"], "Thema", "Nummer", "7", "Nieuw")
    )


def test_it_imports_after_a_preview_and_a_confirmation(plan, beheerder):
    client = _ingelogd(beheerder)
    controle = _upload(client, _bewerkt(plan))
    assert controle.status_code == 200
    assert "Thema 7 Sociale kaart" in controle.text
    assert "Thema: Sociale kaart → Nieuw" in controle.text
    assert onderdeel(plan, 7).titel == "Sociale kaart"  # nothing written yet
    token = client.session["excelimport"]["token"]
    antwoord = client.post(reverse("agenda:excel_bevestigen"), {"token": token}, follow=True)
    assert antwoord.redirect_chain[-1][0] == reverse("rapportage:plan", args=[plan.slug])
    assert "Geïmporteerd uit plan.xlsx: 0 nieuw, 1 gewijzigd" in antwoord.text
    thema = onderdeel(plan, 7)
    assert thema.titel == "Nieuw"
    assert thema.history.first().history_user == beheerder
    # The same confirmation twice writes nothing more.
    opnieuw = client.post(reverse("agenda:excel_bevestigen"), {"token": token}, follow=True)
    assert "Deze controle is verlopen of al gebruikt" in opnieuw.text


def test_errors_come_all_at_once_and_nothing_is_kept(plan, beheerder, tmp_path):
    def fout(boek):
        zet(boek["Thema's"], "Planning", "Nummer", "7", None)
        zet(boek["Activiteiten"], "Opmaak in de lijst", "Nummer", "1.1", "Kopje")
        blad = boek["Rollen"]
        blad.cell(row=2, column=3, value="Iemand Onbekends")

    antwoord = _upload(_ingelogd(beheerder), aanpassen(plan_exporteren(plan), fout))
    assert antwoord.status_code == 422
    assert "Er is niets opgeslagen" in antwoord.text
    assert "Iemand Onbekends" in antwoord.text and "Kopje" in antwoord.text
    assert (
        not list((tmp_path / "excelimport").glob("*"))
        if (tmp_path / "excelimport").exists()
        else True
    )
    assert "excelimport" not in _ingelogd(beheerder).session


def test_a_file_that_is_too_large_is_refused_before_it_is_stored(plan, beheerder, settings):
    settings.EXCEL_IMPORT_MAX_BYTES = 10_000
    antwoord = _upload(_ingelogd(beheerder), plan_exporteren(plan))
    assert antwoord.status_code == 413
    assert "Het bestand is groter dan" in antwoord.text


def test_not_an_excel_file(beheerder):
    antwoord = _upload(_ingelogd(beheerder), b"%PDF-1.7", naam="plan.pdf")
    assert antwoord.status_code == 422
    assert "Dit is geen Excel-bestand (.xlsx)" in antwoord.text


def test_removing_needs_the_box_ticked(plan, beheerder):
    def weghalen(boek):
        blad = boek["Activiteiten"]
        blad.delete_rows(rij_met(blad, "Nummer", "1.5"))

    client = _ingelogd(beheerder)
    controle = _upload(client, aanpassen(plan_exporteren(plan), weghalen))
    assert "Te verwijderen (1)" in controle.text
    token = client.session["excelimport"]["token"]
    zonder = client.post(reverse("agenda:excel_bevestigen"), {"token": token})
    assert zonder.status_code == 409
    assert "bevestig dat die verwijderd mogen worden" in zonder.text
    assert Onderdeel.objects.filter(plan=plan, code="1.5").exists()
    met = client.post(reverse("agenda:excel_bevestigen"), {"token": token, "verwijderen": "ja"})
    assert met.status_code == 302
    assert not Onderdeel.objects.filter(plan=plan, code="1.5").exists()


def test_a_beheerder_imports_into_their_own_region_only(plan):
    regio, _ander = maak_andere_regio()
    client = _ingelogd(maak_gebruiker(Gebruikersrol.BEHEERDER, regio))
    antwoord = _upload(client, plan_exporteren(plan))
    assert antwoord.status_code == 422
    assert (
        "bestand is van regio “midden-limburg”, en u beheert regio Zuid-Testland" in antwoord.text
    )


def test_the_upload_is_protected_against_cross_site_requests(beheerder):
    client = Client(enforce_csrf_checks=True)
    client.force_login(beheerder)
    assert _upload(client, b"x").status_code == 403


def test_a_simultaneous_import_of_the_same_rows_is_refused_not_a_server_error(
    plan, beheerder, monkeypatch
):
    import importlib

    from django.db import IntegrityError

    # The package re-exports the function `importeren`, which hides the module of that name.
    module = importlib.import_module("agenda.excel.importeren")

    client = _ingelogd(beheerder)
    _upload(client, _bewerkt(plan))
    token = client.session["excelimport"]["token"]

    def tegelijk(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(module, "schrijven", tegelijk)
    antwoord = client.post(reverse("agenda:excel_bevestigen"), {"token": token})
    assert antwoord.status_code == 409
    assert "Tegelijk met deze import heeft iemand anders hetzelfde plan bijgewerkt" in antwoord.text
    assert onderdeel(plan, 7).titel == "Sociale kaart"


def _met_vastgesteld_kwartaal(plan) -> bytes:
    """The plan's export with 2015-Q1 added as an adopted quarter, with theme 7's report."""
    from datetime import date

    def erbij(boek):
        perioden, rapporten = boek["Rapportageperioden"], boek["Rapportages"]
        kop = [c.value for c in perioden[1]]
        rij = {"Periode": "2015-Q1", "Titel": "Rapportage april 2015", "Status": "Vastgesteld"}
        rij |= {"Deadline": date(2015, 4, 15), "Vastgesteld op": date(2015, 5, 1)}
        perioden.append([rij.get(k) for k in kop])
        kop = [c.value for c in rapporten[1]]
        rij = {"Periode": "2015-Q1", "Thema": "7", "Status": "Goedgekeurd"}
        rij |= {
            "Smiley proces": "Groen",
            "Rapportage over proces": "Op schema in het eerste kwartaal.",
        }
        rapporten.append([rij.get(k) for k in kop])

    return aanpassen(plan_exporteren(plan), erbij)


def test_an_adopted_quarter_from_a_workbook_comes_in_locked(plan, beheerder):
    client = _ingelogd(beheerder)
    controle = _upload(client, _met_vastgesteld_kwartaal(plan))
    assert controle.status_code == 200, controle.text
    token = client.session["excelimport"]["token"]
    antwoord = client.post(reverse("agenda:excel_bevestigen"), {"token": token}, follow=True)
    assert "Geïmporteerd uit plan.xlsx" in antwoord.text
    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=1)
    assert periode.status == "vastgesteld" and str(periode.vastgesteld_op) == "2015-05-01"
    rapport = periode.rapportages.get()
    assert rapport.vergrendeld and rapport.onderdeel == onderdeel(plan, 7)
    assert rapport.tijd_tekst == "Op schema in het eerste kwartaal."
    assert periode.history.count() == 1 and rapport.history.count() == 1


def test_an_adopted_quarter_waits_while_another_period_is_open(plan, beheerder, open_periode):
    voor = (plan.rapportageperiodes.count(), open_periode.rapportages.count())
    antwoord = _upload(_ingelogd(beheerder), _met_vastgesteld_kwartaal(plan))
    assert antwoord.status_code == 422
    assert "2015-Q1 komt er vastgesteld bij, maar 2015-Q3 staat open" in antwoord.text
    assert "Er is niets opgeslagen" in antwoord.text
    assert (plan.rapportageperiodes.count(), open_periode.rapportages.count()) == voor
