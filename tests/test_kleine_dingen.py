"""Small things seen in a first real quarter: statuses told apart by word and shape, opening a
period, the history's words, the Invullers page, the latest smileys on a phone."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from rapportage.services import rapportageperiode_vaststellen
from rapportage.templatetags.smileys import STATUSICONEN, statusicoon

pytestmark = pytest.mark.django_db


def test_every_status_has_a_shape_of_its_own_and_a_word():
    statussen = [
        "concept",
        "ingediend",
        "teruggestuurd",
        "goedgekeurd",
        "vastgesteld",
        "niet_gerapporteerd",
        "overgenomen",
    ]
    vormen = {STATUSICONEN[s] for s in statussen}
    assert len(vormen) == len(statussen)  # not colour alone: every shape differs
    icoon = statusicoon("niet_gerapporteerd", "Niet gerapporteerd")
    assert 'role="img" aria-label="Niet gerapporteerd"' in icoon
    assert 'aria-hidden="true"' in statusicoon("concept")


def test_the_progress_page_names_each_status_in_words(client, rollen, open_periode):
    client.force_login(rollen["manager"])
    tekst = client.get(
        reverse("rapportage:voortgang", args=[open_periode.plan.slug, open_periode.code])
    ).text
    assert 'class="ta-badge ta-status-concept"' in tekst and "Concept</span>" in tekst
    assert "ta-statusicoon--concept" in tekst


def test_opening_says_a_period_is_already_open_before_the_form(client, rollen, open_periode):
    client.force_login(rollen["manager"])
    url = reverse("rapportage:periode_openen", args=[open_periode.plan.slug])
    pagina = client.get(url)
    assert "3e kwartaal 2015 (2015-Q3) is nog open." in pagina.text
    assert 'name="deadline"' not in pagina.text
    antwoord = client.post(url, {"jaar": 2015, "kwartaal": 4, "deadline": "2099-01-15"})
    assert antwoord.status_code == 409
    assert open_periode.plan.rapportageperiodes.count() == 2


def test_a_deadline_in_the_past_asks_for_confirmation(client, rollen, plan):
    client.force_login(rollen["manager"])
    url = reverse("rapportage:periode_openen", args=[plan.slug])
    antwoord = client.post(url, {"jaar": 2015, "kwartaal": 3, "deadline": "2015-10-15"})
    assert antwoord.status_code == 200
    assert "De deadline (15-10-2015) ligt in het verleden" in antwoord.text
    assert 'name="deadline_bevestigd"' in antwoord.text
    assert plan.rapportageperiodes.count() == 1
    antwoord = client.post(
        url,
        {"jaar": 2015, "kwartaal": 3, "deadline": "2015-10-15", "deadline_bevestigd": "on"},
    )
    assert antwoord.status_code == 302
    assert plan.rapportageperiodes.count() == 2


def test_a_future_deadline_needs_no_confirmation(client, rollen, plan):
    client.force_login(rollen["manager"])
    url = reverse("rapportage:periode_openen", args=[plan.slug])
    assert 'name="deadline_bevestigd"' not in client.get(url).text
    antwoord = client.post(url, {"jaar": 2015, "kwartaal": 3, "deadline": "2099-10-15"})
    assert antwoord.status_code == 302


def test_history_says_yes_and_no_in_dutch(client, rollen, open_periode):
    rapportageperiode_vaststellen(
        periode=open_periode,
        door=rollen["manager"],
        inleiding="",
        samenvatting="",
        vastgesteld_op=date(2015, 11, 10),
    )
    client.force_login(rollen["manager"])
    tekst = unescape(
        client.get(
            reverse("rapportage:geschiedenis", args=[open_periode.plan.slug, "themas", 1])
        ).text
    )
    assert "Vergrendeld</th><td><del>nee</del></td><td><ins>ja</ins>" in tekst
    assert "True" not in tekst and "False" not in tekst
    assert "<ins>Niet gerapporteerd</ins>" in tekst


def test_the_invullers_page_explains_who_can_be_chosen(client, rollen, plan):
    client.force_login(rollen["manager"])
    tekst = unescape(
        client.get(reverse("rapportage:invullers", args=[plan.slug, "themas", 1])).text
    )
    assert "G. Poell (1e aanspreekpersoon)" in tekst
    assert "Zonder account, dus niet te kiezen:" in tekst and "H. Jansen" in tekst
    assert "Vraag de functioneel beheerder een account te maken" in tekst
    assert "beleidsmedewerkers van de regio Midden-Limburg met een account" in tekst


def test_the_plan_lists_latest_smileys_as_cards_on_a_phone(client, rollen, plan):
    client.force_login(rollen["manager"])
    tekst = client.get(reverse("rapportage:plan", args=[plan.slug])).text
    assert 'class="utrecht-table ta-kaarttabel' in tekst
    assert 'data-label="Laatste stand"' in tekst


def test_no_template_comment_spans_lines():
    """Django's {# #} comment ends at the line's end: one that goes on to the next line is
    printed as text on the page or in the PDF (a theme PDF showed one). Longer comments use
    {% comment %}."""
    from pathlib import Path

    from django.conf import settings

    gebroken = [
        f"{pad.relative_to(settings.BASE_DIR)}:{nummer}"
        for pad in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for nummer, regel in enumerate(pad.read_text().splitlines(), start=1)
        if "{#" in regel and "#}" not in regel.split("{#", 1)[1]
    ]
    assert gebroken == []
