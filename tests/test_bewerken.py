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
    return open_periode.rapportages.get(onderdeel__code="1")


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
    rapport.onderdeel.invullers.add(collega)
    client.force_login(collega)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]), {**GROEN, "versie": 1}
    )
    assert antwoord.status_code == 302


def _opslaan(rapport, door, **velden):
    from rapportage.services import themarapportage_opslaan

    rapport = ThemaRapportage.objects.get(pk=rapport.pk)
    return themarapportage_opslaan(
        rapport=rapport,
        door=door,
        gegevens={veld: getattr(rapport, veld) for veld in GROEN} | velden,
        versie=rapport.versie,
        indienen=velden.pop("indienen", False) if "indienen" in velden else False,
    )


def test_saving_again_after_a_conflict_keeps_the_others_change(client, rollen, trekker, rapport):
    """The trekker changed costs, the manager meanwhile time: the second save keeps both."""
    geopend = ThemaRapportage.objects.get(pk=rapport.pk)
    invoer = {veld: getattr(geopend, veld) for veld in GROEN} | {"versie": geopend.versie}
    _opslaan(
        rapport, rollen["manager"], tijd_smiley="rood", tijd_tekst="Vertraagd: door de manager."
    )
    url = reverse("rapportage:bewerken", args=[rapport.pk])
    antwoord = client.post(url, {**invoer, "kosten_tekst": "Kosten: van de trekker."})
    assert antwoord.status_code == 409
    form = antwoord.context["form"]
    # The form now carries the manager's time row and the trekker's costs row.
    assert form.data["tijd_tekst"] == "Vertraagd: door de manager."
    assert form.data["tijd_smiley"] == "rood"
    assert form.data["kosten_tekst"] == "Kosten: van de trekker."
    assert antwoord.context["samen_veranderd"] == []
    antwoord = client.post(url, {**form.data, "opslaan": ""})
    assert antwoord.status_code == 302
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert opgeslagen.tijd_tekst == "Vertraagd: door de manager."
    assert opgeslagen.kosten_tekst == "Kosten: van de trekker."


def test_a_field_both_changed_is_named(client, rollen, trekker, rapport):
    _opslaan(rapport, rollen["manager"], kosten_tekst="Manager")
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "kosten_tekst": "Trekker", "versie": 1},
    )
    assert antwoord.status_code == 409
    assert [str(label) for label in antwoord.context["samen_veranderd"]] != []
    assert "U en de ander veranderden allebei" in antwoord.text


def test_submitting_an_untouched_copy_keeps_it_marked_as_copied(client, trekker, rapport):
    geopend = ThemaRapportage.objects.get(pk=rapport.pk)
    ongewijzigd = {veld: getattr(geopend, veld) for veld in GROEN}
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**ongewijzigd, "versie": geopend.versie, "indienen": ""},
    )
    assert antwoord.status_code == 302, antwoord.context and antwoord.context["form"].errors
    na = ThemaRapportage.objects.get(pk=rapport.pk)
    assert na.status == "ingediend" and na.gekopieerd
    _opslaan(rapport, trekker, kosten_tekst="Nu wel bijgewerkt.")
    assert not ThemaRapportage.objects.get(pk=rapport.pk).gekopieerd


def test_saving_from_a_stale_tab_gives_the_text_back(client, trekker, rapport):
    """Submitted in one tab, then 'Opslaan' in another: refused with reason, text kept."""
    _opslaan(rapport, trekker, **GROEN, indienen=True)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_tekst": "Tekst uit het tweede tabblad", "versie": 1},
    )
    assert antwoord.status_code == 409
    assert "Niet opgeslagen: deze rapportage is intussen ingediend" in antwoord.text
    assert "Tekst uit het tweede tabblad" in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == "Op koers."


def test_the_manager_correcting_a_submitted_report_keeps_its_status(client, rollen, rapport):
    _opslaan(rapport, rollen["trekker"], **GROEN, indienen=True)
    client.force_login(rollen["manager"])
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "kosten_tekst": "Gecorrigeerd", "versie": 2},
        follow=True,
    )
    assert "Wijzigingen in thema 1 opgeslagen; de rapportage blijft ingediend." in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).status == "ingediend"


@pytest.mark.parametrize(
    "tekst, melding",
    [
        ("x" * 5001, "niet meer dan 5000 tekens"),
        ("Planning \u202eevil\u202c klopt", "leesrichting"),
    ],
)
def test_implausible_texts_are_refused(client, trekker, rapport, tekst, melding):
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_tekst": tekst, "versie": 1},
    )
    assert antwoord.status_code == 200 and melding in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).versie == 1


def test_approving_what_changed_since_it_was_shown_is_refused(client, rollen, rapport):
    _opslaan(rapport, rollen["trekker"], **GROEN, indienen=True)
    getoond = ThemaRapportage.objects.get(pk=rapport.pk).versie
    _opslaan(rapport, rollen["manager"], tijd_smiley="rood", tijd_tekst="Later gewijzigd")
    client.force_login(rollen["manager"])
    url = reverse("rapportage:goedkeuren", args=[rapport.pk])
    antwoord = client.post(url, {"versie": getoond}, follow=True)
    assert "is intussen gewijzigd" in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).status == "ingediend"
    antwoord = client.post(url, {}, follow=True)  # an old form without a version
    assert "Dit formulier is verouderd" in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).status == "ingediend"
    nu = ThemaRapportage.objects.get(pk=rapport.pk).versie
    client.post(url, {"versie": nu})
    assert ThemaRapportage.objects.get(pk=rapport.pk).status == "goedgekeurd"


def test_after_approving_only_a_page_of_this_site_is_returned_to(client, rollen, rapport):
    _opslaan(rapport, rollen["trekker"], **GROEN, indienen=True)
    client.force_login(rollen["manager"])
    versie = ThemaRapportage.objects.get(pk=rapport.pk).versie
    antwoord = client.post(
        reverse("rapportage:goedkeuren", args=[rapport.pk]),
        {"versie": versie, "terug": "https://evil.example.org/phish"},
    )
    assert antwoord["Location"] == reverse("rapportage:bewerken", args=[rapport.pk])


def test_approve_all_submitted_as_shown(client, rollen, open_periode):
    manager = rollen["manager"]
    rapporten = list(open_periode.rapportages.order_by("onderdeel__pad")[:3])
    for rapport in rapporten:
        _opslaan(rapport, manager, **GROEN, indienen=True)
    client.force_login(manager)
    voortgang = reverse("rapportage:voortgang", args=[open_periode.plan.slug, open_periode.code])
    pagina = client.get(voortgang)
    assert "Alle 3 ingediende rapportages goedkeuren" in pagina.text
    versies = {
        f"versie-{r.pk}": r.versie
        for r in ThemaRapportage.objects.filter(pk__in=[r.pk for r in rapporten])
    }
    _opslaan(rapporten[2], manager, kosten_tekst="Na het tonen gewijzigd")
    antwoord = client.post(
        reverse("rapportage:alles_goedkeuren", args=[open_periode.plan.slug, open_periode.code]),
        versies,
        follow=True,
    )
    assert "2 rapportages goedgekeurd." in antwoord.text
    assert f"Thema {rapporten[2].onderdeel.code} niet goedgekeurd" in antwoord.text
    statussen = [ThemaRapportage.objects.get(pk=r.pk).status for r in rapporten]
    assert statussen == ["goedgekeurd", "goedgekeurd", "ingediend"]


def test_the_manager_assigns_who_fills_in_a_theme(client, rollen, rapport):
    url = reverse("rapportage:invullers", args=[rapport.periode.plan.slug, "themas", 1])
    collega, buiten = rollen["collega"], rollen["buitenstaander"]
    collega.first_name, collega.last_name = "Ans", "Jacobs"
    collega.save()
    client.force_login(rollen["trekker"])
    assert client.get(url).status_code == 403
    client.force_login(rollen["manager"])
    pagina = client.get(url)
    assert "G. Poell (trekker)" in pagina.text
    keuzes = [int(str(pk)) for pk, _label in pagina.context["form"].fields["invullers"].choices]
    # The theme's own trekker already fills it in: no choice to make about them.
    assert collega.pk in keuzes and rollen["trekker"].pk not in keuzes
    # Someone of another region is no choice.
    antwoord = client.post(url, {"invullers": [buiten.pk]})
    assert antwoord.status_code == 200 and "geldige keuze" in antwoord.text
    client.post(url, {"invullers": [collega.pk]})
    assert list(rapport.onderdeel.invullers.all()) == [collega]
    historie = rapport.onderdeel.history.first()
    assert historie.history_user == rollen["manager"]
    assert historie.history_change_reason == "invullers gewijzigd"
    geschiedenis = client.get(
        reverse("rapportage:geschiedenis", args=[rapport.periode.plan.slug, "themas", 1])
    )
    assert "Ans Jacobs" in geschiedenis.text
    client.force_login(collega)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]), {**GROEN, "versie": 1}
    )
    assert antwoord.status_code == 302


def test_choosing_invullers_takes_the_same_queries_for_more_colleagues(client, rollen, rapport):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regio.constants import Gebruikersrol
    from regio.models import Persoon

    from .factories import maak_gebruiker

    plan = rapport.periode.plan
    url = reverse("rapportage:invullers", args=[plan.slug, "themas", 1])
    client.force_login(rollen["manager"])
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url).status_code == 200
    for nummer in range(5):  # colleagues known by their person's name, as the labels show
        collega = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, f"extra{nummer}")
        Persoon.objects.create(regio=plan.regio, naam=f"Collega {nummer}", gebruiker=collega)
    with CaptureQueriesContext(connection) as veel:
        pagina = client.get(url)
    assert "Collega 4" in pagina.text
    assert len(veel) == len(weinig)
