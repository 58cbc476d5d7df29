"""The beheerder's admin for what an adopted quarter holds: read-only, no delete, refusals in
Dutch, never a server error (it used to show everything editable and end in IntegrityError)."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from agenda.models import Indicator, Meting
from rapportage.models import Rapportageperiode, ThemaRapportage

pytestmark = pytest.mark.django_db


@pytest.fixture
def vastgesteld_rapport(periode):
    return periode.rapportages.get(onderdeel__code="1")


def _wijzigen(model_naam):
    return f"admin:rapportage_{model_naam}_change"


def test_an_adopted_report_is_shown_read_only_without_delete(
    client, beheerder, vastgesteld_rapport
):
    url = reverse(_wijzigen("themarapportage"), args=[vastgesteld_rapport.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert 'name="_save"' not in pagina.text
    assert 'name="tijd_tekst"' not in pagina.text
    assert reverse(
        "admin:rapportage_themarapportage_delete", args=[vastgesteld_rapport.pk]
    ) not in (pagina.text)
    assert "Deze rapportage is vastgesteld: ze is alleen-lezen" in pagina.text


def test_saving_an_adopted_report_anyway_is_refused_in_dutch(
    client, beheerder, vastgesteld_rapport
):
    url = reverse(_wijzigen("themarapportage"), args=[vastgesteld_rapport.pk])
    antwoord = client.post(
        url,
        {"tijd_smiley": "groen", "tijd_tekst": "Herschreven", "_save": "Opslaan"},
        follow=True,
    )
    assert antwoord.status_code == 200
    assert "Niet opgeslagen. Deze rapportage is vastgesteld" in antwoord.text
    assert ThemaRapportage.objects.get(pk=vastgesteld_rapport.pk).tijd_tekst != "Herschreven"


def test_deleting_an_adopted_report_or_period_is_not_offered(client, beheerder, periode):
    rapport = periode.rapportages.first()
    for url in [
        reverse("admin:rapportage_themarapportage_delete", args=[rapport.pk]),
        reverse("admin:rapportage_rapportageperiode_delete", args=[periode.pk]),
    ]:
        antwoord = client.post(url, {"post": "yes"})
        assert antwoord.status_code == 403
        assert "Geen toegang" in antwoord.text or "toegang" in antwoord.text
    # The bulk action names what may not be deleted, in Dutch, and deletes nothing.
    actie = {"action": "delete_selected", "_selected_action": [periode.pk]}
    lijst = reverse("admin:rapportage_rapportageperiode_changelist")
    antwoord = client.post(lijst, actie)
    assert antwoord.status_code == 200
    assert "heeft geen rechten om de volgende typen objecten te verwijderen" in antwoord.text
    assert client.post(lijst, {**actie, "post": "yes"}).status_code == 403
    assert Rapportageperiode.objects.filter(pk=periode.pk).exists()
    assert ThemaRapportage.objects.filter(periode=periode).count() == 34


def test_an_adopted_period_is_read_only_and_its_status_is_the_cycles(client, beheerder, periode):
    url = reverse(_wijzigen("rapportageperiode"), args=[periode.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200 and 'name="_save"' not in pagina.text
    assert "Deze periode is vastgesteld" in pagina.text
    antwoord = client.post(url, {"titel": "Anders", "_save": "Opslaan"}, follow=True)
    assert "Niet opgeslagen. Deze periode is vastgesteld" in antwoord.text
    periode.refresh_from_db()
    assert periode.titel == "Rapportage juli 2015"


def test_an_open_period_cannot_be_adopted_in_the_admin(client, beheerder, open_periode):
    """Opening, adopting and reopening are steps with their own rules: not admin fields."""
    url = reverse(_wijzigen("rapportageperiode"), args=[open_periode.pk])
    pagina = client.get(url)
    assert 'name="status"' not in pagina.text and 'name="vastgesteld_op"' not in pagina.text


def test_a_database_refusal_reads_as_a_message_not_a_server_error(
    client, beheerder, vastgesteld_rapport, monkeypatch
):
    """Locked between opening the form and saving it: the lock trigger refuses, the admin says
    so. (The admin's own check is switched off here to reach the database's.)"""
    from rapportage.admin import ThemaRapportageAdmin

    monkeypatch.setattr(ThemaRapportageAdmin, "is_vergrendeld", lambda self, obj: False)
    url = reverse(_wijzigen("themarapportage"), args=[vastgesteld_rapport.pk])
    formulier = client.get(url).context["adminform"].form
    gegevens = {
        naam: formulier[naam].value()
        for naam in formulier.fields
        if formulier[naam].value() is not None
    }
    gegevens |= {
        "weergave": json.dumps(vastgesteld_rapport.weergave),
        "tijd_tekst": "Herschreven",
        "_save": "Opslaan",
    }
    antwoord = client.post(url, gegevens, follow=True)
    assert antwoord.status_code == 200
    fouten = antwoord.context.get("errors") if antwoord.context else None
    assert "Niet opgeslagen." in antwoord.text, fouten
    assert ThemaRapportage.objects.get(pk=vastgesteld_rapport.pk).tijd_tekst != "Herschreven"


def test_an_adopted_quarters_measurements_are_refused_in_the_admin(client, beheerder, plan):
    thema = plan.onderdelen.get(niveau__slug="themas", code="1")
    indicator = Indicator.objects.create(onderdeel=thema, naam="Gezinsplannen", eenheid="%")
    open_meting = Meting.objects.create(indicator=indicator, jaar=2015, periode=3, waarde=5)
    url = reverse("admin:agenda_indicator_change", args=[indicator.pk])
    basis = {
        "onderdeel": thema.pk,
        "volgorde": 0,
        "naam": "Gezinsplannen",
        "eenheid": "%",
        "bron": "",
        "frequentie": "kwartaal",
        "streefwaarde": "",
        "streefjaar": "",
        "metingen-TOTAL_FORMS": "2",
        "metingen-INITIAL_FORMS": "1",
        "metingen-MIN_NUM_FORMS": "0",
        "metingen-MAX_NUM_FORMS": "1000",
        "metingen-0-id": open_meting.pk,
        "metingen-0-indicator": indicator.pk,
        "metingen-0-jaar": 2015,
        "metingen-0-periode": 3,
        "metingen-0-waarde": "5",
        "metingen-1-indicator": indicator.pk,
        "metingen-1-jaar": 2015,
        "metingen-1-periode": 2,  # the adopted Q2 2015
        "metingen-1-waarde": "40",
        "_save": "Opslaan",
    }
    antwoord = client.post(url, basis)
    assert antwoord.status_code == 200
    assert "Dit kwartaal is vastgesteld: er kan geen meting meer bij komen." in antwoord.text
    assert not Meting.objects.filter(indicator=indicator, periode=2).exists()
    # A measurement of an open quarter is the admin's to change.
    basis.update({"metingen-TOTAL_FORMS": "1", "metingen-0-waarde": "7"})
    assert client.post(url, basis).status_code == 302
    assert Meting.objects.get(pk=open_meting.pk).waarde == Decimal("7")
