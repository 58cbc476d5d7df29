"""The quarterly cycle: open, fill in, submit, send back, approve, adopt, lock, reopen."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from rapportage.models import GearchiveerdRapport, ThemaRapportage
from rapportage.services import (
    Conflict,
    CyclusFout,
    rapport_archiveren,
    rapportageperiode_heropenen,
    rapportageperiode_openen,
    rapportageperiode_vaststellen,
    themarapportage_goedkeuren,
    themarapportage_opslaan,
    themarapportage_terugsturen,
)

from .factories import onderdeel

pytestmark = pytest.mark.django_db

GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


def _rapport(periode, nummer=1):
    return periode.rapportages.select_related("onderdeel", "periode__plan").get(
        onderdeel__code=str(nummer)
    )


def test_opening_copies_last_quarter_and_marks_it(open_periode):
    assert open_periode.rapportages.count() == 34
    rapport = _rapport(open_periode, 25)
    vorig = ThemaRapportage.objects.get(periode__kwartaal=2, onderdeel__code="25")
    assert rapport.gekopieerd
    assert rapport.status == "concept"
    assert (rapport.tijd_smiley, rapport.tijd_tekst) == (vorig.tijd_smiley, vorig.tijd_tekst)
    assert rapport.history.count() == 1


def test_opening_twice_or_a_second_open_period_is_refused(open_periode, plan, rollen):
    with pytest.raises(CyclusFout, match="al een open periode"):
        rapportageperiode_openen(
            plan=plan, jaar=2015, kwartaal=4, deadline=date(2016, 1, 15), door=rollen["manager"]
        )


def test_saving_clears_the_copied_mark_and_bumps_the_version(open_periode, rollen):
    rapport = _rapport(open_periode)
    themarapportage_opslaan(rapport=rapport, door=rollen["trekker"], gegevens=GROEN, versie=1)
    rapport.refresh_from_db()
    assert not rapport.gekopieerd
    assert rapport.versie == 2
    assert rapport.ingevuld_door == rollen["trekker"]
    assert rapport.history.first().history_user == rollen["trekker"]


def test_orange_without_explanation_saves_nothing(open_periode, rollen):
    rapport = _rapport(open_periode)
    gegevens = {**GROEN, "tijd_smiley": "oranje", "tijd_tekst": ""}
    with pytest.raises(Exception, match="toelichting is verplicht bij oranje"):
        themarapportage_opslaan(
            rapport=rapport, door=rollen["trekker"], gegevens=gegevens, versie=1
        )
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert opgeslagen.versie == 1
    assert opgeslagen.gekopieerd


def test_second_save_of_the_same_version_is_a_conflict_showing_the_change(open_periode, rollen):
    eerste = _rapport(open_periode)
    tweede = _rapport(open_periode)
    themarapportage_opslaan(
        rapport=eerste,
        door=rollen["manager"],
        gegevens={**GROEN, "kosten_smiley": "oranje", "kosten_tekst": "Duurder."},
        versie=1,
    )
    with pytest.raises(Conflict) as conflict:
        themarapportage_opslaan(rapport=tweede, door=rollen["trekker"], gegevens=GROEN, versie=1)
    velden = {w.veld: (w.was, w.is_nu) for w in conflict.value.wijzigingen}
    assert velden["kosten_smiley"][1] == "Oranje"
    assert velden["kosten_tekst"][1] == "Duurder."
    assert ThemaRapportage.objects.get(pk=eerste.pk).kosten_tekst == "Duurder."


def test_full_cycle_submit_send_back_correct_approve_adopt(open_periode, rollen):
    trekker, manager = rollen["trekker"], rollen["manager"]
    rapport = _rapport(open_periode)
    themarapportage_opslaan(rapport=rapport, door=trekker, gegevens=GROEN, versie=1, indienen=True)
    assert rapport.status == "ingediend"
    themarapportage_terugsturen(rapport=rapport, door=manager, opmerking="Kosten toelichten")
    assert rapport.status == "teruggestuurd"
    assert rapport.opmerking_manager == "Kosten toelichten"
    themarapportage_opslaan(
        rapport=rapport, door=trekker, gegevens=GROEN, versie=rapport.versie, indienen=True
    )
    themarapportage_goedkeuren(rapport=rapport, door=manager)
    assert rapport.status == "goedgekeurd"
    assert rapport.opmerking_manager == ""


def _alles_goedkeuren(periode, manager):
    for rapport in periode.rapportages.select_related("onderdeel"):
        themarapportage_opslaan(
            rapport=rapport, door=manager, gegevens=GROEN, versie=rapport.versie, indienen=True
        )
        themarapportage_goedkeuren(rapport=rapport, door=manager)


def test_adoption_needs_every_report_approved(open_periode, rollen):
    with pytest.raises(CyclusFout, match="Nog niet alle rapportages zijn goedgekeurd"):
        rapportageperiode_vaststellen(
            periode=open_periode, door=rollen["manager"], inleiding="", samenvatting=""
        )


def test_adoption_freezes_the_theme_locks_and_archives(open_periode, rollen, plan):
    manager = rollen["manager"]
    _alles_goedkeuren(open_periode, manager)
    rapportageperiode_vaststellen(
        periode=open_periode,
        door=manager,
        inleiding="In",
        samenvatting="Sam",
        pdf_maken=lambda periode: b"%PDF-1.7 vastgesteld",
    )
    open_periode.refresh_from_db()
    assert open_periode.status == "vastgesteld"
    rapport = _rapport(open_periode, 25)
    assert rapport.vergrendeld
    assert rapport.weergave["titel"] == "Inrichting samenwerking in de regio"
    archief = GearchiveerdRapport.objects.get(periode=open_periode)
    assert archief.versie == 1
    assert len(archief.sha256) == 64
    assert archief.bestand.read() == b"%PDF-1.7 vastgesteld"

    # Later edits of the plan do not change the adopted report.
    thema = onderdeel(plan, 25)
    thema.titel = "Nieuwe titel"
    thema.save()
    assert _rapport(open_periode, 25).weergave["titel"] == "Inrichting samenwerking in de regio"


def test_adopted_report_cannot_be_changed_even_by_the_database(periode, rollen):
    rapport = _rapport(periode)
    assert rapport.vergrendeld
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemaRapportage.objects.filter(pk=rapport.pk).update(tijd_tekst="Herschreven")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemaRapportage.objects.filter(pk=rapport.pk).delete()
    with pytest.raises(CyclusFout, match="vastgesteld"):
        themarapportage_opslaan(
            rapport=rapport, door=rollen["manager"], gegevens=GROEN, versie=rapport.versie
        )


def test_reopening_needs_a_reason_is_logged_and_unlocks(periode, rollen):
    with pytest.raises(CyclusFout, match="reden"):
        rapportageperiode_heropenen(periode=periode, door=rollen["manager"], reden="  ")
    rapportageperiode_heropenen(periode=periode, door=rollen["manager"], reden="Tikfout in thema 3")
    periode.refresh_from_db()
    assert periode.status == "open"
    assert periode.heropeningen.get().reden == "Tikfout in thema 3"
    assert not periode.rapportages.filter(vergrendeld=True).exists()


def test_re_adoption_archives_a_new_version_beside_the_old(periode, rollen):
    manager = rollen["manager"]
    rapport_archiveren(periode=periode, pdf=b"%PDF eerste", door=manager)
    rapportageperiode_heropenen(periode=periode, door=manager, reden="Correctie")
    rapportageperiode_vaststellen(
        periode=periode,
        door=manager,
        inleiding="",
        samenvatting="",
        pdf_maken=lambda p: b"%PDF tweede",
    )
    versies = list(periode.archief.order_by("versie").values_list("versie", "sha256"))
    assert [v for v, _ in versies] == [1, 2]
    assert versies[0][1] != versies[1][1]


@pytest.mark.parametrize(
    ("actie", "melding"),
    [
        (lambda r, m: themarapportage_goedkeuren(rapport=r, door=m), "is concept"),
        (lambda r, m: themarapportage_terugsturen(rapport=r, door=m, opmerking="x"), "is concept"),
        (lambda r, m: themarapportage_terugsturen(rapport=r, door=m, opmerking=" "), "waarom"),
    ],
)
def test_forbidden_transitions_from_concept(open_periode, rollen, actie, melding):
    rapport = _rapport(open_periode)
    with pytest.raises(CyclusFout, match=melding):
        actie(rapport, rollen["manager"])


def test_submitting_incomplete_report_is_refused(open_periode, rollen):
    rapport = _rapport(open_periode)
    gegevens = {**GROEN, "kosten_smiley": ""}
    with pytest.raises(CyclusFout, match="smiley bij rapportage over kosten"):
        themarapportage_opslaan(
            rapport=rapport, door=rollen["trekker"], gegevens=gegevens, versie=1, indienen=True
        )
    assert ThemaRapportage.objects.get(pk=rapport.pk).status == "concept"


@pytest.mark.parametrize(
    "jaar, deadline, veld",
    [
        ("70000", "2015-10-15", "jaar"),
        ("9223372036854775808", "2015-10-15", "jaar"),
        ("2014", "2015-10-15", "jaar"),
        ("2015", "2015-01-01", "deadline"),  # before Q3 begins
    ],
)
def test_implausible_periods_are_refused_in_dutch(client, plan, rollen, jaar, deadline, veld):
    from django.urls import reverse

    client.force_login(rollen["manager"])
    antwoord = client.post(
        reverse("rapportage:periode_openen", args=[plan.slug]),
        {"jaar": jaar, "kwartaal": "3", "deadline": deadline},
    )
    assert antwoord.status_code == 200
    assert antwoord.context["form"].errors.get(veld), antwoord.context["form"].errors
    assert plan.rapportageperiodes.count() == 1


def test_the_form_proposes_the_next_quarter_in_the_plans_years(client, plan, rollen):
    from django.urls import reverse

    client.force_login(rollen["manager"])
    form = client.get(reverse("rapportage:periode_openen", args=[plan.slug])).context["form"]
    assert (form.initial["jaar"], form.initial["kwartaal"]) == (2015, 3)
    assert [keuze for keuze, _label in form.fields["jaar"].choices] == [2015, 2016]


def test_a_period_opened_by_mistake_can_be_removed_until_someone_works_in_it(
    client, open_periode, rollen
):
    from django.urls import reverse

    from rapportage.models import Rapportageperiode

    plan = open_periode.plan
    client.force_login(rollen["manager"])
    voortgang = reverse("rapportage:voortgang", args=[plan.slug, open_periode.code])
    assert "Periode verwijderen" in client.get(voortgang).text
    url = reverse("rapportage:periode_verwijderen", args=[plan.slug, open_periode.code])
    themarapportage_opslaan(
        rapport=open_periode.rapportages.get(onderdeel__code="1"),
        door=rollen["trekker"],
        gegevens=GROEN,
        versie=1,
    )
    assert "Periode verwijderen" not in client.get(voortgang).text
    antwoord = client.post(url)
    assert antwoord.status_code == 400 and "er is al aan gewerkt" in antwoord.text
    assert Rapportageperiode.objects.filter(pk=open_periode.pk).exists()


def test_removing_an_untouched_period(client, open_periode, rollen):
    from django.urls import reverse

    from rapportage.models import Rapportageperiode, ThemaRapportage

    plan = open_periode.plan
    client.force_login(rollen["trekker"])
    url = reverse("rapportage:periode_verwijderen", args=[plan.slug, open_periode.code])
    assert client.post(url).status_code == 403
    client.force_login(rollen["manager"])
    antwoord = client.post(url, follow=True)
    assert "is verwijderd" in antwoord.text
    assert not Rapportageperiode.objects.filter(pk=open_periode.pk).exists()
    assert not ThemaRapportage.objects.filter(periode_id=open_periode.pk).exists()
    verwijderd = Rapportageperiode.history.filter(id=open_periode.pk, history_type="-").get()
    assert verwijderd.history_user == rollen["manager"]
    # And the right quarter can now be opened.
    opnieuw = rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 15), door=rollen["manager"]
    )
    assert opnieuw.rapportages.count() == 34
