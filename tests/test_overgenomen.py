"""The "overgenomen" mark of a copied report, through the page (issue: it never cleared).

The form used to write its input onto the report while validating, so the service compared the
input with itself and never saw a change. These tests go through the view, as a trekker does."""

import pytest
from django.urls import reverse

from rapportage.models import ThemaRapportage

pytestmark = pytest.mark.django_db


@pytest.fixture
def rapport(open_periode):
    return open_periode.rapportages.get(onderdeel__code="1")


@pytest.fixture
def trekker(client, rollen):
    client.force_login(rollen["trekker"])
    return rollen["trekker"]


def _zoals_opgeslagen(rapport) -> dict:
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    velden = [f"{d}_{s}" for d in ("tijd", "kosten", "bijzonderheden") for s in ("smiley", "tekst")]
    return {veld: getattr(opgeslagen, veld) for veld in velden} | {"versie": opgeslagen.versie}


def _voortgang(client, rollen, rapport) -> str:
    client.force_login(rollen["manager"])
    periode = rapport.periode
    tekst = client.get(reverse("rapportage:voortgang", args=[periode.plan.slug, periode.code]))
    return tekst.text.split(f'id="rapport-{rapport.pk}"')[1].split("</tr>")[0]


@pytest.mark.parametrize("knop", ["opslaan", "indienen"])
def test_rewriting_a_copy_in_the_form_clears_the_mark(client, rollen, trekker, rapport, knop):
    url = reverse("rapportage:bewerken", args=[rapport.pk])
    pagina = client.get(url)
    assert "Overgenomen van het vorige kwartaal." in pagina.text
    invoer = _zoals_opgeslagen(rapport) | {
        "tijd_smiley": "rood",
        "tijd_tekst": "Vastgelopen op de aanbesteding.",
        "kosten_smiley": "groen",
        knop: "",
    }
    antwoord = client.post(url, invoer)
    assert antwoord.status_code == 302, antwoord.context and antwoord.context["form"].errors
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert not opgeslagen.gekopieerd
    assert opgeslagen.tijd_smiley == "rood"
    assert "Overgenomen van het vorige kwartaal." not in client.get(url).text
    assert "overgenomen, niet bewerkt" not in _voortgang(client, rollen, rapport)


def test_only_a_changed_smiley_clears_the_mark_too(client, trekker, rapport):
    url = reverse("rapportage:bewerken", args=[rapport.pk])
    invoer = _zoals_opgeslagen(rapport)
    invoer["bijzonderheden_smiley"] = "groen"
    assert client.post(url, invoer).status_code == 302
    assert not ThemaRapportage.objects.get(pk=rapport.pk).gekopieerd


def test_submitting_the_copy_unchanged_through_the_page_keeps_it_marked(
    client, rollen, trekker, rapport
):
    url = reverse("rapportage:bewerken", args=[rapport.pk])
    assert client.post(url, _zoals_opgeslagen(rapport) | {"indienen": ""}).status_code == 302
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert opgeslagen.status == "ingediend" and opgeslagen.gekopieerd
    assert "overgenomen, niet bewerkt" in _voortgang(client, rollen, rapport)


def test_a_refused_save_leaves_the_report_as_it_was(client, trekker, rapport):
    """Orange without an explanation: nothing saved, and the mark stays (nothing was changed)."""
    url = reverse("rapportage:bewerken", args=[rapport.pk])
    invoer = _zoals_opgeslagen(rapport) | {"kosten_smiley": "oranje", "kosten_tekst": ""}
    antwoord = client.post(url, invoer)
    assert antwoord.status_code == 200 and "Een toelichting is verplicht bij oranje." in (
        antwoord.text
    )
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert opgeslagen.gekopieerd and opgeslagen.versie == 1
    # The page shows the report's status as stored, not the refused input.
    assert antwoord.context["rapport"].kosten_smiley == opgeslagen.kosten_smiley
