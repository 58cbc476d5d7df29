"""The report form as a trekker uses it: validation, conflict, submit, Mijn thema's."""

import pytest
from django.urls import reverse

from rapportage.models import ThemaRapportage

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
def rapport(open_periode):
    return open_periode.rapportages.get(thema__nummer=1)


@pytest.fixture
def trekker(client, rollen):
    client.force_login(rollen["trekker"])
    return rollen["trekker"]


def test_form_shows_the_copied_mark(client, trekker, rapport):
    tekst = client.get(reverse("rapportage:bewerken", args=[rapport.pk])).text
    assert "Overgenomen van het vorige kwartaal." in tekst
    assert 'name="indienen"' in tekst


def test_orange_without_explanation_gets_a_dutch_error_and_saves_nothing(client, trekker, rapport):
    gegevens = {**GROEN, "tijd_smiley": "oranje", "tijd_tekst": "  ", "versie": 1}
    antwoord = client.post(reverse("rapportage:bewerken", args=[rapport.pk]), gegevens)
    assert antwoord.status_code == 200
    assert "Een toelichting is verplicht bij oranje." in antwoord.text
    assert "Er is niets opgeslagen." in antwoord.text
    assert 'aria-invalid="true"' in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).versie == 1


def test_unknown_smiley_is_refused(client, trekker, rapport):
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_smiley": "paars", "versie": 1},
    )
    assert antwoord.status_code == 200
    assert "Selecteer een geldige keuze" in antwoord.text


def test_submit_moves_it_to_ingediend(client, trekker, rapport):
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]), {**GROEN, "versie": 1, "indienen": ""}
    )
    assert antwoord.status_code == 302
    assert ThemaRapportage.objects.get(pk=rapport.pk).status == "ingediend"


def test_concurrent_edit_is_refused_and_shows_the_other_change(client, rollen, trekker, rapport):
    from rapportage.services import themarapportage_opslaan

    themarapportage_opslaan(
        rapport=ThemaRapportage.objects.get(pk=rapport.pk),
        door=rollen["manager"],
        gegevens={**GROEN, "kosten_tekst": "Door de manager bijgewerkt."},
        versie=1,
    )
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "kosten_tekst": "Mijn tekst", "versie": 1},
    )
    assert antwoord.status_code == 409
    assert "heeft deze rapportage intussen gewijzigd" in antwoord.text
    assert "Door de manager bijgewerkt." in antwoord.text  # what the other person changed
    assert "Mijn tekst" in antwoord.text  # the user's own input is kept
    assert ThemaRapportage.objects.get(pk=rapport.pk).kosten_tekst == "Door de manager bijgewerkt."
    # Saving again, now on top of the stored version, goes through.
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "kosten_tekst": "Mijn tekst", "versie": 2},
    )
    assert antwoord.status_code == 302


def test_sent_back_comment_is_shown_to_the_trekker(client, rollen, trekker, rapport):
    from rapportage.services import themarapportage_opslaan, themarapportage_terugsturen

    themarapportage_opslaan(rapport=rapport, door=trekker, gegevens=GROEN, versie=1, indienen=True)
    themarapportage_terugsturen(
        rapport=rapport, door=rollen["manager"], opmerking="Kosten aanvullen"
    )
    tekst = client.get(reverse("rapportage:bewerken", args=[rapport.pk])).text
    assert "Kosten aanvullen" in tekst
    assert "Kosten aanvullen" in client.get(reverse("rapportage:mijn_themas")).text


def test_mijn_themas_lists_own_themes_with_deadline_and_missing(client, trekker, open_periode):
    tekst = client.get(reverse("rapportage:mijn_themas")).text
    assert "1Gezin1Plan" in tekst
    assert "15 oktober 2015" in tekst
    assert "overgenomen van vorig kwartaal" in tekst
    assert "Organiseren van cliëntondersteuning" not in tekst  # not G. Poell's theme


def test_manager_sees_progress_and_who_is_late(client, rollen, open_periode):
    client.force_login(rollen["manager"])
    tekst = client.get(
        reverse("rapportage:voortgang", args=[open_periode.plan.slug, open_periode.code])
    ).text
    assert "<strong>34</strong> concept" in tekst
    assert "Te laat:" in tekst  # the deadline of 15 October 2015 is long past


def test_explicitly_assigned_colleague_may_fill_in(client, rollen, rapport):
    collega = rollen["collega"]
    rapport.thema.invullers.add(collega)
    client.force_login(collega)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]), {**GROEN, "versie": 1}
    )
    assert antwoord.status_code == 302
