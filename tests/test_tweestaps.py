"""The second sign-in step (TOTP) for transformatiemanagers and beheerders with local accounts."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

PLAN = "/plannen/midden-limburg-2015-2016/"


@pytest.fixture(autouse=True)
def verplicht(settings):
    settings.TWEE_FACTOR_VERPLICHT = True


def code(apparaat) -> str:
    return f"{totp(apparaat.bin_key):06d}"


def wachten_voorbij(apparaat):
    """After a wrong code django-otp refuses every code for 2^(n-1) seconds; as if that passed."""
    TOTPDevice.objects.filter(pk=apparaat.pk).update(throttling_failure_timestamp=None)


def inloggen(client, naam):
    antwoord = client.post("/inloggen/", {"username": naam, "password": "geheim-wachtwoord"})
    assert antwoord.status_code == 302
    return antwoord


@pytest.mark.parametrize("rol", [Gebruikersrol.TRANSFORMATIEMANAGER, Gebruikersrol.BEHEERDER])
def test_it_links_an_app_then_asks_for_a_code_at_every_login(client, plan, rol):
    maak_gebruiker(rol, plan.regio, "sleutelhouder")
    inloggen(client, "sleutelhouder")

    antwoord = client.get(PLAN)
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/inloggen/tweede-stap/?next=")
    instellen = client.get(antwoord["Location"], follow=True)
    assert instellen.redirect_chain[-1][0].startswith("/inloggen/tweede-stap/instellen/")
    assert "<svg" in instellen.text and "QR-code voor uw authenticator-app" in instellen.text
    apparaat = TOTPDevice.objects.get(user__username="sleutelhouder", confirmed=False)
    sleutel = re.search(r'<code class="ta-sleutel">([A-Z2-7 ]+)</code>', instellen.text).group(1)
    from base64 import b32decode

    assert b32decode(sleutel.replace(" ", "") + "=" * (-len(sleutel.replace(" ", "")) % 8)) == (
        apparaat.bin_key
    )

    fout = client.post("/inloggen/tweede-stap/instellen/", {"code": "000000", "next": PLAN})
    assert fout.status_code == 400
    assert "Deze code klopt niet" in fout.text
    assert client.get(PLAN).status_code == 302

    wachten_voorbij(apparaat)
    goed = client.post("/inloggen/tweede-stap/instellen/", {"code": code(apparaat), "next": PLAN})
    assert goed.status_code == 302 and goed["Location"] == PLAN
    assert client.get(PLAN).status_code == 200
    assert TOTPDevice.objects.get(user__username="sleutelhouder").confirmed

    client.post("/uitloggen/")
    TOTPDevice.objects.update(last_t=-1)  # a later login: the code of this moment is new again
    inloggen(client, "sleutelhouder")
    vraag = client.get(PLAN, follow=True)
    assert vraag.redirect_chain[-1][0].startswith("/inloggen/tweede-stap/?next=")
    assert "Vul de code in" not in vraag.text and "Code uit uw authenticator-app" in vraag.text
    assert client.post("/inloggen/tweede-stap/", {"code": "12345"}).status_code == 400
    apparaat.refresh_from_db()  # "12345" is no code at all: it does not count as a wrong one
    goed = client.post("/inloggen/tweede-stap/", {"code": code(apparaat), "next": PLAN})
    assert goed["Location"] == PLAN
    assert client.get(PLAN).status_code == 200


def test_the_admin_waits_for_the_second_step_too(client, plan):
    maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "beheer")
    inloggen(client, "beheer")
    antwoord = client.get("/admin/")
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/inloggen/tweede-stap/")


@pytest.mark.parametrize("rol", [Gebruikersrol.BELEIDSMEDEWERKER, Gebruikersrol.GRIFFIE])
def test_other_roles_sign_in_with_their_password(client, plan, rol):
    maak_gebruiker(rol, plan.regio, "gewoon")
    inloggen(client, "gewoon")
    assert client.get("/dashboard/").status_code in (200, 302)
    assert client.get(PLAN).status_code in (200, 404)  # 404: the griffie's plan is not adopted
    assert not client.get(PLAN).get("Location", "").startswith("/inloggen/tweede-stap/")


def test_a_reused_or_guessed_code_is_refused_and_guessing_is_throttled(client, plan):
    gebruiker = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "gokker")
    apparaat = TOTPDevice.objects.create(user=gebruiker, name="app", confirmed=True)
    inloggen(client, "gokker")
    for gok in ["111111", "222222", "333333"]:
        assert client.post("/inloggen/tweede-stap/", {"code": gok}).status_code == 400
    antwoord = client.post("/inloggen/tweede-stap/", {"code": code(apparaat)})
    assert antwoord.status_code == 400
    assert "Te veel foute codes" in antwoord.text
    assert client.get(PLAN).status_code == 302


def test_the_return_address_stays_on_this_site(client, plan):
    gebruiker = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "omleiding")
    apparaat = TOTPDevice.objects.create(user=gebruiker, name="app", confirmed=True)
    inloggen(client, "omleiding")
    antwoord = client.post(
        "/inloggen/tweede-stap/", {"code": code(apparaat), "next": "https://kwaad.example/"}
    )
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"


def test_a_beheerder_sees_who_has_an_app_but_never_its_key(client, plan):
    from django.test import override_settings

    beheerder = maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "beheer")
    collega = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "collega")
    apparaat = TOTPDevice.objects.create(user=collega, name="app", confirmed=True)
    with override_settings(TWEE_FACTOR_VERPLICHT=False):
        client.force_login(beheerder)
        pagina = client.get(f"/admin/otp_totp/totpdevice/{apparaat.pk}/change/")
        assert pagina.status_code == 200
        assert apparaat.key not in pagina.text
        verwijderen = client.post(
            f"/admin/otp_totp/totpdevice/{apparaat.pk}/delete/", {"post": "yes"}
        )
    assert verwijderen.status_code == 302
    assert not TOTPDevice.objects.filter(user=collega).exists()
