"""E-mail notifications of the cycle: each event once, in Dutch, through a background task,
and listed on the person's page (Berichten). The tests read Django's outbox."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from rapportage.meldingen import verstuur_melding
from rapportage.models import Melding
from rapportage.services import (
    invuller_toevoegen,
    rapportageperiode_openen,
    rapportageperiode_vaststellen,
    themarapportage_goedkeuren,
    themarapportage_opslaan,
    themarapportage_terugsturen,
)
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


@pytest.fixture
def met_adressen(rollen):
    for naam in ("trekker", "collega", "manager", "griffie"):
        gebruiker = rollen[naam]
        gebruiker.email = f"{naam}@regio.example"
        gebruiker.save()
    return rollen


def _aan(adres):
    return [m for m in mail.outbox if m.to == [adres]]


def test_opening_a_period_mails_each_invuller_their_items_and_the_deadline(
    plan, met_adressen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapportageperiode_openen(
            plan=plan,
            jaar=2015,
            kwartaal=3,
            deadline=date(2015, 10, 15),
            door=met_adressen["manager"],
        )
    berichten = _aan("trekker@regio.example")
    assert len(berichten) == 1
    bericht = berichten[0]
    assert bericht.subject == (
        "Kwartaalrapportage 3e kwartaal 2015 geopend: uw thema's invullen vóór 15-10-2015"
    )
    assert "Dien uw rapportages uiterlijk 15 oktober 2015 in." in bericht.body
    assert "- Thema 1: 1Gezin1Plan" in bericht.body
    assert "/themarapportages/" in bericht.body
    assert not _aan("collega@regio.example")  # fills in nothing


def test_each_event_is_mailed_once_even_if_the_task_runs_twice(
    plan, met_adressen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        periode = rapportageperiode_openen(
            plan=plan,
            jaar=2015,
            kwartaal=3,
            deadline=date(2015, 10, 15),
            door=met_adressen["manager"],
        )
    melding = Melding.objects.get(periode=periode, ontvanger=met_adressen["trekker"])
    assert melding.status == "verstuurd"
    assert verstuur_melding.call(melding.pk) == "al verstuurd"
    # The same event recorded again makes no second record.
    from rapportage import meldingen

    with django_capture_on_commit_callbacks(execute=True):
        assert meldingen.periode_geopend(periode, door=met_adressen["manager"]) == []
    assert len(_aan("trekker@regio.example")) == 1


def test_sent_back_approved_and_adopted_are_mailed(
    plan, met_adressen, open_periode, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manager, trekker = met_adressen["manager"], met_adressen["trekker"]
    rapport = open_periode.rapportages.get(onderdeel__code="1")
    with django_capture_on_commit_callbacks(execute=True):
        themarapportage_opslaan(
            rapport=rapport, door=trekker, gegevens=GROEN, versie=rapport.versie, indienen=True
        )
        themarapportage_terugsturen(rapport=rapport, door=manager, opmerking="Noem de datum.")
    teruggestuurd = [m for m in _aan("trekker@regio.example") if "Teruggestuurd" in m.subject]
    assert len(teruggestuurd) == 1
    assert teruggestuurd[0].subject == (
        "Teruggestuurd: de rapportage van thema 1 (3e kwartaal 2015)"
    )
    assert "Noem de datum." in teruggestuurd[0].body
    with django_capture_on_commit_callbacks(execute=True):
        themarapportage_opslaan(
            rapport=rapport, door=trekker, gegevens=GROEN, versie=rapport.versie, indienen=True
        )
        themarapportage_goedkeuren(rapport=rapport, door=manager)
    goedgekeurd = [m for m in _aan("trekker@regio.example") if "Goedgekeurd" in m.subject]
    assert [m.subject for m in goedgekeurd] == [
        "Goedgekeurd: de rapportage van thema 1 (3e kwartaal 2015)"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        rapportageperiode_vaststellen(
            periode=open_periode,
            door=manager,
            inleiding="",
            samenvatting="",
            pdf_maken=lambda p: b"%PDF-1.7 x",
        )
    for adres in ("griffie@regio.example", "manager@regio.example", "trekker@regio.example"):
        vastgesteld = [m for m in _aan(adres) if m.subject.startswith("Vastgesteld")]
        assert len(vastgesteld) == 1, adres
        assert "/plannen/midden-limburg-2015-2016/rapportages/2015-Q3/pdf/" in vastgesteld[0].body
        assert "Over 33 thema's is niet gerapporteerd." in vastgesteld[0].body


def test_a_colleague_asked_to_fill_in_is_told(
    plan, met_adressen, open_periode, django_capture_on_commit_callbacks
):
    onderdeel = open_periode.rapportages.get(onderdeel__code="2").onderdeel
    with django_capture_on_commit_callbacks(execute=True):
        invuller_toevoegen(
            onderdeel=onderdeel, gebruiker=met_adressen["collega"], door=met_adressen["manager"]
        )
        invuller_toevoegen(
            onderdeel=onderdeel, gebruiker=met_adressen["collega"], door=met_adressen["manager"]
        )
    berichten = _aan("collega@regio.example")
    assert [m.subject for m in berichten] == ["Gevraagd: vul de kwartaalrapportage van thema 2 in"]


def test_an_account_without_address_still_finds_it_on_its_page(
    client, plan, rollen, django_capture_on_commit_callbacks
):
    trekker = rollen["trekker"]
    assert not trekker.email
    with django_capture_on_commit_callbacks(execute=True):
        rapportageperiode_openen(
            plan=plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 15), door=rollen["manager"]
        )
    assert not mail.outbox
    melding = Melding.objects.get(ontvanger=trekker)
    assert melding.status == "geen_adres"
    client.force_login(trekker)
    pagina = client.get(reverse("rapportage:berichten"))
    assert "Kwartaalrapportage 3e kwartaal 2015 geopend" in pagina.text
    assert "niet gemaild: geen e-mailadres" in pagina.text
    assert (
        "Kwartaalrapportage 3e kwartaal 2015 geopend"
        in client.get(reverse("rapportage:mijn_themas")).text
    )
    # Nobody reads another's messages.
    client.force_login(rollen["collega"])
    assert "3e kwartaal 2015 geopend" not in client.get(reverse("rapportage:berichten")).text


def test_a_failed_send_is_recorded_not_retried(
    plan, met_adressen, django_capture_on_commit_callbacks, monkeypatch
):
    import rapportage.meldingen as meldingen

    def kapot(*args, **kwargs):
        raise ConnectionRefusedError("SMTP-server weigert")

    monkeypatch.setattr(meldingen, "send_mail", kapot)
    with django_capture_on_commit_callbacks(execute=True):
        rapportageperiode_openen(
            plan=plan,
            jaar=2015,
            kwartaal=3,
            deadline=date(2015, 10, 15),
            door=met_adressen["manager"],
        )
    melding = Melding.objects.get(ontvanger=met_adressen["trekker"])
    assert melding.status == "mislukt" and "SMTP-server weigert" in melding.foutmelding


def test_nothing_is_mailed_for_a_step_that_was_refused(
    plan, met_adressen, open_periode, django_capture_on_commit_callbacks
):
    from rapportage.services import CyclusFout

    rapport = open_periode.rapportages.get(onderdeel__code="1")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CyclusFout):
        themarapportage_terugsturen(rapport=rapport, door=met_adressen["manager"], opmerking="x")
    assert not mail.outbox and not Melding.objects.filter(soort="teruggestuurd").exists()


def test_a_griffie_of_another_region_gets_nothing(
    plan, met_adressen, open_periode, django_capture_on_commit_callbacks
):
    ander = maak_gebruiker(Gebruikersrol.GRIFFIE, met_adressen["buitenstaander"].regio, "g2")
    ander.email = "griffie@elders.example"
    ander.save()
    with django_capture_on_commit_callbacks(execute=True):
        rapportageperiode_vaststellen(
            periode=open_periode, door=met_adressen["manager"], inleiding="", samenvatting=""
        )
    assert not _aan("griffie@elders.example")


def test_the_messages_page_takes_the_same_queries_for_more_messages(client, rollen, open_periode):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    trekker = rollen["trekker"]

    def bericht(n):
        Melding.objects.create(
            ontvanger=trekker,
            periode=open_periode,
            soort="goedgekeurd",
            sleutel=f"test-{n}",
            onderwerp=f"Goedgekeurd {n}",
            tekst="Tekst",
        )

    bericht(0)
    client.force_login(trekker)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(reverse("rapportage:berichten")).status_code == 200
    for n in range(1, 20):
        bericht(n)
    with CaptureQueriesContext(connection) as veel:
        assert "Goedgekeurd 19" in client.get(reverse("rapportage:berichten")).text
    assert len(veel) == len(weinig)
