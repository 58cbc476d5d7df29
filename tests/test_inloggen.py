"""Logging in: lockout per account and per address, password reset by e-mail, password rules,
sessions that end after a working day of inactivity and everywhere at logout (issue 13,
defence 10)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from regio.constants import Gebruikersrol
from transformatie.middleware import SESSIE_ACTIEF, SESSIE_VERLENGEN_NA

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

WACHTWOORD = "geheim-wachtwoord"


@pytest.fixture
def account(plan):
    gebruiker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "anna")
    gebruiker.email = "anna@gemeente.example"
    gebruiker.save()
    return gebruiker


def _inloggen(naam, wachtwoord, adres="10.0.0.1"):
    client = Client(REMOTE_ADDR=adres)
    antwoord = client.post(reverse("login"), {"username": naam, "password": wachtwoord})
    return client, antwoord


def _ingelogd(client) -> bool:
    return client.get(reverse("rapportage:mijn_themas")).status_code == 200


def test_an_account_is_locked_after_five_failures_from_anywhere(account):
    for poging in range(5):
        _inloggen("anna", f"fout-{poging}", adres=f"10.0.0.{poging + 1}")
    client, antwoord = _inloggen("anna", WACHTWOORD, adres="10.0.0.99")
    assert antwoord.status_code == 429
    assert "Te veel mislukte pogingen" in antwoord.text
    assert "de komende 15 minuten niet worden ingelogd" in antwoord.text
    assert not _ingelogd(client)


def test_an_address_is_locked_after_five_failures_on_any_account(account, rollen):
    for poging in range(5):
        _inloggen(f"bestaat-niet-{poging}", "fout", adres="10.0.0.7")
    client, antwoord = _inloggen("anna", WACHTWOORD, adres="10.0.0.7")
    assert antwoord.status_code == 429
    # The account itself is not locked: from elsewhere it logs in.
    client, antwoord = _inloggen("anna", WACHTWOORD, adres="10.0.0.8")
    assert antwoord.status_code == 302 and _ingelogd(client)


def test_a_success_before_the_limit_starts_counting_again(account):
    for _ in range(4):
        _inloggen("anna", "fout", adres="10.0.0.1")
    _inloggen("anna", WACHTWOORD, adres="10.0.0.1")
    for _ in range(4):
        _inloggen("anna", "fout", adres="10.0.0.1")
    client, antwoord = _inloggen("anna", WACHTWOORD, adres="10.0.0.1")
    assert antwoord.status_code == 302


def test_the_login_page_offers_a_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).text


def _herstellink(account) -> str:
    client = Client()
    antwoord = client.post(reverse("password_reset"), {"email": account.email})
    assert antwoord.status_code == 302
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == [account.email]
    assert "wachtwoord" in bericht.subject.lower()
    assert "Iemand (hopelijk u)" in bericht.body
    link = re.search(r"https?://\S+", bericht.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # BASIS_URL, never the request's Host
    return link.removeprefix("http://127.0.0.1:8000")


def test_password_reset_by_email_in_dutch(account):
    pad = _herstellink(account)
    client = Client()
    formulier = client.get(pad, follow=True)
    assert "Nieuw wachtwoord" in formulier.text
    url = formulier.redirect_chain[-1][0] if formulier.redirect_chain else pad
    zwak = client.post(url, {"new_password1": "welkom123", "new_password2": "welkom123"})
    assert zwak.status_code == 200
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten." in zwak.text
    sterk = "Rivier-langs-de-Maas-2015"
    antwoord = client.post(url, {"new_password1": sterk, "new_password2": sterk})
    assert antwoord.status_code == 302
    assert "Uw wachtwoord is gewijzigd" in client.get(antwoord["Location"]).text
    account.refresh_from_db()
    assert account.check_password(sterk)
    # The link works once.
    assert "ongeldig" in Client().get(pad, follow=True).text


def test_password_reset_does_not_tell_whether_an_address_exists(account):
    antwoord = Client().post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert antwoord.status_code == 302
    assert mail.outbox == []


def test_password_rules_are_djangos_validators(account):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for zwak in ["kort-1", "wachtwoord", "123456789012345", "anna-gemeente-example"]:
        with pytest.raises(ValidationError):
            validate_password(zwak, user=account)
    validate_password("Rivier-langs-de-Maas-2015", user=account)


def test_a_session_ends_after_a_working_day_without_activity(account, settings):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client, antwoord = _inloggen("anna", WACHTWOORD)
    assert antwoord.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    sessie = Session.objects.get(session_key=client.session.session_key)
    eerst = sessie.expire_date
    # Within five minutes of the last write a request does not write the session again...
    assert _ingelogd(client)
    assert Session.objects.get(pk=sessie.pk).expire_date == eerst
    # ...after that, the next request moves the end on to a working day from now.
    opgeslagen = client.session
    opgeslagen[SESSIE_ACTIEF] -= SESSIE_VERLENGEN_NA
    opgeslagen.save()
    Session.objects.filter(pk=sessie.pk).update(expire_date=eerst - timedelta(minutes=6))
    assert _ingelogd(client)
    verlengd = Session.objects.get(pk=sessie.pk).expire_date
    assert verlengd >= timezone.now() + timedelta(hours=8) - timedelta(minutes=1)
    # A working day without a request: the session has ended.
    Session.objects.filter(pk=sessie.pk).update(expire_date=timezone.now())
    assert not _ingelogd(client)


def test_logging_out_ends_the_session_everywhere(account):
    kantoor, _ = _inloggen("anna", WACHTWOORD, adres="10.0.0.1")
    thuis, _ = _inloggen("anna", WACHTWOORD, adres="10.0.0.2")
    assert _ingelogd(kantoor) and _ingelogd(thuis)
    assert kantoor.post(reverse("logout")).status_code == 302
    assert not _ingelogd(kantoor)
    assert not _ingelogd(thuis)
    # Logging in again works, and ends no other session by itself.
    opnieuw, antwoord = _inloggen("anna", WACHTWOORD, adres="10.0.0.1")
    assert antwoord.status_code == 302 and _ingelogd(opnieuw)
