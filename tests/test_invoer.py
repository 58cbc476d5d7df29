"""Malformed input gets a clear answer, never a server error (issue 13, finding 8). The broad
search is tests/test_fuzz.py; these are the inputs the probe found, one by one."""

import pytest
from django.test import Client
from django.urls import reverse

from rapportage.models import ThemaRapportage

from .test_settings import _laad

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"
GROOT = "9" * 20  # above 2**63
ENORM = "9" * 5000


@pytest.fixture
def manager(rollen):
    client = Client(raise_request_exception=False)
    client.force_login(rollen["manager"])
    return client


@pytest.fixture
def ingediend(open_periode):
    rapport = open_periode.rapportages.get(onderdeel__code="1")
    ThemaRapportage.objects.filter(pk=rapport.pk).update(status="ingediend")
    rapport.refresh_from_db()
    return rapport


@pytest.mark.parametrize(
    "terug",
    ["x", "rapportage:bewerken", "rapportage:mijn_themas", "//aanvaller.example/", "javascript:x"],
)
@pytest.mark.parametrize("actie", ["goedkeuren", "terugsturen"])
def test_a_bad_return_address_leads_back_to_the_report(manager, ingediend, terug, actie):
    antwoord = manager.post(
        reverse(f"rapportage:{actie}", args=[ingediend.pk]),
        {"versie": ingediend.versie, "opmerking": "Aanvullen", "terug": terug},
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("rapportage:bewerken", args=[ingediend.pk]))
    ingediend.refresh_from_db()
    assert ingediend.status == {"goedkeuren": "goedgekeurd", "terugsturen": "teruggestuurd"}[actie]


def test_a_return_address_of_this_site_is_kept(manager, ingediend, open_periode):
    terug = reverse("rapportage:voortgang", args=[SLUG, open_periode.code])
    antwoord = manager.post(
        reverse("rapportage:goedkeuren", args=[ingediend.pk]),
        {"versie": ingediend.versie, "terug": f"{terug}?x=1#oud"},
    )
    assert antwoord["Location"] == f"{terug}?x=1#rapport-{ingediend.pk}"


PERIODEPAGINAS = {
    "rapport": "",
    "voortgang": "voortgang/",
    "vaststellen": "vaststellen/",
    "heropenen": "heropenen/",
    "periode_verwijderen": "verwijderen/",
    "rapport_pdf": "pdf/",
}


@pytest.mark.parametrize(
    "code", ["²-Q1", "2015-Q²", "٢٠١٥-Q1", "2015-Q5", "2015-Q1x", f"{ENORM}-Q1"]
)
@pytest.mark.parametrize("naam", PERIODEPAGINAS)
def test_a_period_code_with_other_digits_is_not_found(manager, naam, code):
    antwoord = manager.get(f"/plannen/{SLUG}/rapportages/{code}/{PERIODEPAGINAS[naam]}")
    assert antwoord.status_code == 404


@pytest.mark.parametrize("waarde", ["²", "٣", "1.5", "-1", ENORM, GROOT, "1e3", "0x1"])
def test_a_selection_number_in_other_forms_is_a_dutch_error(manager, waarde):
    antwoord = manager.get(
        reverse("documenten:selectie_pdf", args=[SLUG]), {"groep": waarde, "maken": "1"}
    )
    assert antwoord.status_code == 400
    assert "Onbekend speerpunt" in antwoord.text


@pytest.mark.parametrize("waarde", ["²", ENORM, GROOT, "-1"])
def test_dashboard_filters_with_odd_numbers_are_shown_as_errors(manager, waarde):
    for parameter in ("groep", "persoon", "overleg", "prioriteit", "kwartaal", "kwartalen"):
        antwoord = manager.get(reverse("dashboard:regio", args=[SLUG]), {parameter: waarde})
        assert antwoord.status_code == 200, parameter


@pytest.mark.parametrize(
    "pad",
    [
        f"/themarapportages/{GROOT}/",
        f"/themarapportages/{ENORM}/",
        f"/themarapportages/{GROOT}/goedkeuren/",
        f"/pdf/{GROOT}/",
        f"/pdf/{GROOT}/download/",
        f"/plannen/{SLUG}/themas/{GROOT}/",
        f"/plannen/{SLUG}/themas/{GROOT}/pdf/",
        f"/plannen/{SLUG}/themas/{GROOT}/invullers/",
        f"/plannen/{SLUG}/themas/{GROOT}/geschiedenis/",
        f"/plannen/{SLUG}/speerpunten/{GROOT}/",
        f"/plannen/{SLUG}/activiteiten/{ENORM}/",
        f"/plannen/holland-rijnland-2014-2015/taken/{GROOT}/",
        f"/plannen/{SLUG}/{ENORM}/1/",
    ],
)
def test_an_id_above_the_database_range_is_not_found(manager, pad):
    assert manager.get(pad).status_code == 404


def test_approve_all_ignores_versions_beyond_the_database_range(manager, ingediend, open_periode):
    antwoord = manager.post(
        reverse("rapportage:alles_goedkeuren", args=[SLUG, open_periode.code]),
        {f"versie-{GROOT}": "1", f"versie-{ingediend.pk}": GROOT, "versie-²": "1"},
    )
    assert antwoord.status_code == 302


@pytest.fixture
def beheerder(rollen):
    from regio.constants import Gebruikersrol

    from .factories import maak_gebruiker

    client = Client(raise_request_exception=False)
    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder"))
    return client


@pytest.mark.parametrize(
    "pad",
    [
        f"/admin/rapportage/themarapportage/{GROOT}/change/",
        f"/admin/rapportage/themarapportage/{ENORM}/change/",
        f"/admin/rapportage/themarapportage/{GROOT}/history/",
        f"/admin/rapportage/themarapportage/?periode__id__exact={GROOT}",
        f"/admin/rapportage/themarapportage/?periode__id__exact={ENORM}",
        "/admin/rapportage/themarapportage/?periode__id__exact=abc",
        f"/admin/rapportage/rapportageperiode/?jaar={GROOT}",
        f"/admin/agenda/onderdeel/?q={GROOT}",
        f"/admin/agenda/onderdeel/{GROOT}/change/",
        f"/admin/agenda/planvorm/{ENORM}/change/",
        f"/admin/regio/gemeente/?q={ENORM}",
        f"/admin/autocomplete/?app_label=rapportage&model_name=themarapportage&field_name=onderdeel&term={GROOT}",
    ],
)
def test_admin_answers_odd_ids_and_filters_without_a_server_error(beheerder, pad):
    assert beheerder.get(pad).status_code < 500


@pytest.mark.parametrize("waarde", [GROOT, ENORM, "abc", "²", "-5"])
def test_admin_forms_refuse_odd_numbers_in_dutch(beheerder, plan, waarde):

    from .factories import formulier_gegevens

    gemeente = plan.regio.gemeenten.filter(inwonertallen__isnull=False).first()
    voor = list(gemeente.inwonertallen.values_list("aantal", flat=True))
    url = reverse("admin:regio_gemeente_change", args=[gemeente.pk])
    gegevens = formulier_gegevens(beheerder.get(url))
    gegevens["inwonertallen-0-aantal"] = waarde
    antwoord = beheerder.post(url, gegevens)
    assert antwoord.status_code == 200
    assert "errornote" in antwoord.text
    assert list(gemeente.inwonertallen.values_list("aantal", flat=True)) == voor


@pytest.mark.parametrize(
    "variabele,waarde,melding",
    [
        ("DATABASE_CONN_MAX_AGE", "tien", "DATABASE_CONN_MAX_AGE must be a whole number"),
        ("DATABASE_CONN_MAX_AGE", "²", "DATABASE_CONN_MAX_AGE must be a whole number"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT must be a whole number"),
        ("EMAIL_PORT", "99999", "EMAIL_PORT must be at most 65535"),
    ],
)
def test_a_bad_number_in_the_environment_is_a_clear_error(variabele, waarde, melding):
    omgeving = {"DEBUG": "true", variabele: waarde}
    if variabele == "EMAIL_PORT":
        omgeving["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    resultaat = _laad(omgeving, "DEBUG")
    assert resultaat.returncode != 0
    assert melding in resultaat.stderr
    assert "ValueError" not in resultaat.stderr


@pytest.mark.parametrize(
    "pad,parameters",
    [
        (f"/plannen/{SLUG}/selectie/pdf/", {"gemeente": "a\x00b", "maken": "1"}),
        (f"/plannen/{SLUG}/selectie/pdf/", {"subregio": "\x00", "maken": "1"}),
        (f"/plannen/{SLUG}/selectie/pdf/", {"persoon": "Po\x00ell", "maken": "1"}),
        (f"/plannen/{SLUG}/selectie/pdf/", {"groep": "\x00", "domein": "w\x00", "maken": "1"}),
        (f"/dashboard/{SLUG}/", {"gemeente": "\x00", "kwartaal": "\x00"}),
        ("/inloggen/", {"next": "/\x00"}),
    ],
)
def test_a_nul_character_in_a_parameter_is_answered(manager, pad, parameters):
    """PostgreSQL refuses NUL in text; it must never reach a query."""
    assert manager.get(pad, parameters).status_code < 500


@pytest.mark.parametrize(
    "pad", ["/admin/agenda/onderdeel/?q=a%00b", "/admin/regio/gebruiker/?q=%00"]
)
def test_a_nul_character_in_an_admin_search_is_answered(beheerder, pad):
    assert beheerder.get(pad).status_code < 500


def test_a_nul_character_in_a_login_is_answered():
    antwoord = Client(raise_request_exception=False).post(
        "/inloggen/", {"username": "a\x00b", "password": "x\x00"}
    )
    assert antwoord.status_code < 500
