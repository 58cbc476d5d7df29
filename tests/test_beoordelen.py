"""Reviewing is not editing: the manager reviews a submitted report in a read view beside last
quarter's, approves or sends back there, and changes a text only "namens" the invullers, with a
reason the invullers see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapportage.models import Namenswijziging, ThemaRapportage
from rapportage.services import themarapportage_goedkeuren, themarapportage_opslaan

from .factories import meer_rapportages

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
def ingediend(open_periode, rollen):
    rapport = open_periode.rapportages.get(onderdeel__code="1")
    return themarapportage_opslaan(
        rapport=rapport,
        door=rollen["trekker"],
        gegevens={**GROEN, "tijd_smiley": "oranje", "tijd_tekst": "Vertraagd door de inkoop."},
        versie=rapport.versie,
        indienen=True,
    )


def test_the_review_shows_each_row_beside_last_quarter_with_what_changed(client, rollen, ingediend):
    client.force_login(rollen["manager"])
    pagina = client.get(reverse("rapportage:bewerken", args=[ingediend.pk]))
    tekst = pagina.text
    assert 'name="tijd_tekst"' not in tekst  # a read view, not the form
    assert "Vorig kwartaal (2e kwartaal 2015)" in tekst
    vorig = ThemaRapportage.objects.get(periode__kwartaal=2, onderdeel__code="1")
    assert vorig.kosten_tekst.split()[0] in tekst  # last quarter's text beside it
    assert "smiley gewijzigd" in tekst and "tekst gewijzigd" in tekst
    assert '<ins><span class="visually-hidden">toegevoegd: </span>' in tekst
    assert 'class="ta-gewijzigd"' in tekst
    assert reverse("rapportage:goedkeuren", args=[ingediend.pk]) in tekst
    assert reverse("rapportage:terugsturen", args=[ingediend.pk]) in tekst
    assert reverse("rapportage:namens", args=[ingediend.pk]) in tekst


def test_approving_and_sending_back_from_the_review(client, rollen, ingediend):
    client.force_login(rollen["manager"])
    url = reverse("rapportage:terugsturen", args=[ingediend.pk])
    antwoord = client.post(url, {"versie": ingediend.versie, "opmerking": "  "}, follow=True)
    assert "Schrijf erbij wat er anders moet." in antwoord.text
    antwoord = client.post(
        url, {"versie": ingediend.versie, "opmerking": "Noem de nieuwe datum."}, follow=True
    )
    assert "teruggestuurd; de invullers krijgen uw opmerking per e-mail" in antwoord.text
    client.force_login(rollen["trekker"])
    pagina = client.get(reverse("rapportage:bewerken", args=[ingediend.pk]))
    # The comment is a warning, not information.
    assert 'utrecht-alert--warning" role="status"' in pagina.text
    assert "Noem de nieuwe datum." in pagina.text


def test_approve_all_first_shows_every_text(client, rollen, open_periode, ingediend):
    client.force_login(rollen["manager"])
    url = reverse("rapportage:alles_goedkeuren", args=[open_periode.plan.slug, open_periode.code])
    pagina = client.get(url)
    assert "Vertraagd door de inkoop." in pagina.text
    assert (
        ThemaRapportage.objects.get(pk=ingediend.pk).status == "ingediend"
    )  # a GET approves nothing
    antwoord = client.post(url, {f"versie-{ingediend.pk}": ingediend.versie}, follow=True)
    assert "1 rapportages goedgekeurd." in antwoord.text


def test_changing_on_behalf_needs_a_reason_and_the_trekker_sees_it(client, rollen, ingediend):
    manager, trekker = rollen["manager"], rollen["trekker"]
    manager.first_name, manager.last_name = "Mia", "Manager"
    manager.save()
    client.force_login(manager)
    url = reverse("rapportage:namens", args=[ingediend.pk])
    pagina = client.get(url)
    assert "U past de rapportage aan namens G. Poell" in pagina.text
    invoer = {
        **GROEN,
        "tijd_smiley": "oranje",
        "tijd_tekst": "Vertraagd door de inkoop; nieuwe datum 1 december.",
        "versie": ingediend.versie,
    }
    antwoord = client.post(url, {**invoer, "reden": ""})
    assert antwoord.status_code == 200
    assert "Schrijf erbij waarom u de rapportage wijzigt." in antwoord.text
    assert ThemaRapportage.objects.get(pk=ingediend.pk).versie == ingediend.versie
    antwoord = client.post(url, {**invoer, "reden": "Datum uit het MT toegevoegd"}, follow=True)
    assert "gewijzigd namens de invullers" in antwoord.text
    opgeslagen = ThemaRapportage.objects.get(pk=ingediend.pk)
    assert opgeslagen.status == "ingediend"
    assert opgeslagen.tijd_tekst == "Vertraagd door de inkoop; nieuwe datum 1 december."
    wijziging = Namenswijziging.objects.get(rapport=ingediend)
    assert wijziging.door == manager and wijziging.reden == "Datum uit het MT toegevoegd"
    historie = opgeslagen.history.first()
    assert historie.history_user == manager
    assert historie.history_change_reason == (
        "gewijzigd namens de invullers: Datum uit het MT toegevoegd"
    )
    # The trekker sees who changed what, and why.
    client.force_login(trekker)
    tekst = client.get(reverse("rapportage:bewerken", args=[ingediend.pk])).text
    assert "Mia Manager heeft deze rapportage op" in tekst
    assert "gewijzigd namens de invullers.</strong> Reden: Datum uit het MT toegevoegd" in tekst
    assert "nieuwe datum 1 december.</ins>" in tekst
    # Nothing changed is no change.
    client.force_login(manager)
    antwoord = client.post(
        url, {**invoer, "versie": opgeslagen.versie, "reden": "Nog eens"}, follow=False
    )
    assert "U heeft niets gewijzigd" in antwoord.text


def test_changing_on_behalf_is_only_for_submitted_reports_and_managers(
    client, rollen, open_periode, ingediend
):
    concept = open_periode.rapportages.get(onderdeel__code="2")
    client.force_login(rollen["manager"])
    antwoord = client.get(reverse("rapportage:namens", args=[concept.pk]), follow=True)
    assert "alleen bij een ingediende of goedgekeurde rapportage" in antwoord.text
    client.force_login(rollen["trekker"])
    assert client.get(reverse("rapportage:namens", args=[ingediend.pk])).status_code == 403


def test_an_approved_report_can_still_be_changed_on_behalf_until_adoption(
    client, rollen, ingediend
):
    themarapportage_goedkeuren(rapport=ingediend, door=rollen["manager"])
    client.force_login(rollen["manager"])
    url = reverse("rapportage:namens", args=[ingediend.pk])
    antwoord = client.post(
        url,
        {
            **GROEN,
            "tijd_smiley": "oranje",
            "tijd_tekst": "Tikfout hersteld.",
            "versie": ThemaRapportage.objects.get(pk=ingediend.pk).versie,
            "reden": "Tikfout",
        },
    )
    assert antwoord.status_code == 302
    assert ThemaRapportage.objects.get(pk=ingediend.pk).status == "goedgekeurd"


@pytest.mark.parametrize("pagina", ["review", "alles_goedkeuren", "voortgang", "vaststellen"])
def test_the_review_pages_take_the_same_queries_for_more_data(
    client, rollen, plan, open_periode, ingediend, pagina
):
    """More items, quarters and submitted reports: the same number of queries."""
    client.force_login(rollen["manager"])
    urls = {
        "review": reverse("rapportage:bewerken", args=[ingediend.pk]),
        "alles_goedkeuren": reverse(
            "rapportage:alles_goedkeuren", args=[plan.slug, open_periode.code]
        ),
        "voortgang": reverse("rapportage:voortgang", args=[plan.slug, open_periode.code]),
        "vaststellen": reverse("rapportage:vaststellen", args=[plan.slug, open_periode.code]),
    }
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(urls[pagina]).status_code == 200
    meer_rapportages(open_periode, 6)
    with CaptureQueriesContext(connection) as veel:
        assert client.get(urls[pagina]).status_code == 200
    assert len(veel) == len(weinig), [q["sql"] for q in veel.captured_queries]
