"""Error pages in Dutch, in the site's layout, with the reason where there is one."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_not_found_is_dutch(client):
    antwoord = client.get("/bestaat-niet/")
    assert antwoord.status_code == 404
    assert "Pagina niet gevonden" in antwoord.text and 'lang="nl"' in antwoord.text


@override_settings(DEBUG=False)
def test_forbidden_says_why_in_dutch(client, rollen, plan):
    client.force_login(rollen["trekker"])
    antwoord = client.get(reverse("rapportage:periode_openen", args=[plan.slug]))
    assert antwoord.status_code == 403
    assert "Geen toegang" in antwoord.text
    assert "Alleen een transformatiemanager van deze regio mag dit." in antwoord.text
    # The menu still leads back into the plan.
    assert f'href="/plannen/{plan.slug}/overlegstructuur/"' in antwoord.text


@override_settings(DEBUG=False)
def test_server_error_is_dutch_without_a_request_context(plan, monkeypatch):
    from rapportage import views_plan

    def kapot(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(views_plan, "trekkers_prefetch", kapot)
    client = Client(raise_request_exception=False)
    from regio.constants import Gebruikersrol

    from .factories import maak_gebruiker

    client.force_login(maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "g"))
    antwoord = client.get(reverse("rapportage:plan", args=[plan.slug]))
    assert antwoord.status_code == 500
    assert "Er ging iets mis" in antwoord.content.decode()


def test_menu_keeps_the_plan_on_pages_without_one(client, rollen, plan):
    client.force_login(rollen["trekker"])
    tekst = client.get(reverse("rapportage:mijn_themas")).text
    for pad in ["", "overlegstructuur/", "rapportages/"]:
        assert f'href="/plannen/{plan.slug}/{pad}"' in tekst


def test_griffie_menu_has_no_mijn_themas(client, rollen, plan):
    client.force_login(rollen["griffie"])
    tekst = client.get(reverse("rapportage:plan", args=[plan.slug])).text
    assert "Mijn thema" not in tekst
