"""Accounts in the admin: nobody becomes superuser there (issue 13, finding 4)."""

import pytest
from django.urls import reverse

from regio.constants import Gebruikersrol
from regio.models import Gebruiker
from regio.rollen import rol_toekennen

from .factories import formulier_gegevens, maak_gebruiker

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client):
    gebruiker = maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder")
    client.force_login(gebruiker)
    return gebruiker


def _wijzig(client, gebruiker, **velden):
    url = reverse("admin:regio_gebruiker_change", args=[gebruiker.pk])
    gegevens = formulier_gegevens(client.get(url))
    gegevens.update(velden)
    return client.post(url, gegevens)


def test_a_beheerder_cannot_make_an_account_superuser(client, beheerder, plan):
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager")
    antwoord = _wijzig(client, manager, is_superuser="on", is_staff="on")
    assert antwoord.status_code == 302
    manager.refresh_from_db()
    assert not manager.is_superuser and not manager.is_staff


def test_a_beheerder_cannot_make_themselves_superuser(client, beheerder):
    _wijzig(client, beheerder, is_superuser="on")
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser


def test_the_change_form_shows_superuser_status_read_only(client, beheerder, plan):
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager")
    antwoord = client.get(reverse("admin:regio_gebruiker_change", args=[manager.pk]))
    assert 'name="is_superuser"' not in antwoord.text
    assert 'name="user_permissions"' not in antwoord.text


def test_a_beheerder_cannot_change_a_superusers_account(client, beheerder):
    baas = Gebruiker.objects.create_superuser("baas", password="geheim-wachtwoord")
    wijzigen = reverse("admin:regio_gebruiker_change", args=[baas.pk])
    for url in (wijzigen, f"{wijzigen.removesuffix('change/')}password/"):
        antwoord = client.post(
            url, {"password1": "overgenomen-42-x", "password2": "overgenomen-42-x"}
        )
        assert antwoord.status_code == 403
    baas.refresh_from_db()
    assert baas.check_password("geheim-wachtwoord")


def test_giving_a_role_clears_superuser(client, plan):
    baas = Gebruiker.objects.create_superuser("baas", password="geheim-wachtwoord")
    andere = Gebruiker.objects.create_superuser("andere", password="geheim-wachtwoord")
    client.force_login(baas)
    antwoord = _wijzig(
        client, andere, rol=Gebruikersrol.TRANSFORMATIEMANAGER, regio=str(plan.regio.pk)
    )
    assert antwoord.status_code == 302
    andere.refresh_from_db()
    assert andere.rol == Gebruikersrol.TRANSFORMATIEMANAGER and not andere.is_superuser
    # The command line's superuser keeps working: createsuperuser gives no role.
    rol_toekennen(baas, Gebruikersrol.BEHEERDER)
    baas.refresh_from_db()
    assert not baas.is_superuser
