"""Adopted is immutable: the adopted period, its reports, the archive and the cycle's history
are append-only in the database (SQLite and PostgreSQL); the way back is reopening, which
records who and why; the admin shows locked rows read-only (issue 13, finding 5)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from rapportage.models import GearchiveerdRapport, Heropening, Rapportageperiode, ThemaRapportage
from regio.constants import Gebruikersrol

from .factories import eerste_of_voorbeeld, maak_gebruiker

pytestmark = pytest.mark.django_db


def _geweigerd(actie):
    with pytest.raises(IntegrityError), transaction.atomic():
        actie()


@pytest.fixture
def beheerder(client):
    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder"))
    return client


# --- Through the admin, where a beheerder would try -------------------------------------------


def test_admin_cannot_rewrite_an_adopted_periods_summary(beheerder, periode):
    url = reverse("admin:rapportage_rapportageperiode_change", args=[periode.pk])
    pagina = beheerder.get(url)
    assert "Deze periode is vastgesteld: ze is alleen-lezen" in pagina.text
    assert 'name="samenvatting"' not in pagina.text
    gegevens = {
        "plan": periode.plan_id,
        "jaar": periode.jaar,
        "kwartaal": periode.kwartaal,
        "titel": periode.titel,
        "samenvatting": "Herschreven na vaststelling",
        "status": "open",
        "rapportages-TOTAL_FORMS": "0",
        "rapportages-INITIAL_FORMS": "0",
    }
    antwoord = beheerder.post(url, gegevens, follow=True)
    assert "Niet opgeslagen." in antwoord.text
    periode.refresh_from_db()
    assert periode.samenvatting != "Herschreven na vaststelling"
    assert periode.status == "vastgesteld"


def test_admin_cannot_change_a_locked_report_and_says_why(beheerder, periode):
    rapport = periode.rapportages.get(onderdeel__code="1")
    url = reverse("admin:rapportage_themarapportage_change", args=[rapport.pk])
    pagina = beheerder.get(url)
    assert pagina.status_code == 200
    assert "Deze rapportage is vastgesteld: ze is alleen-lezen" in pagina.text
    antwoord = beheerder.post(
        url, {"tijd_tekst": "Herschreven", "versie_bij_openen": "1"}, follow=True
    )
    assert "Niet opgeslagen." in antwoord.text
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == rapport.tijd_tekst


def test_admin_cannot_delete_an_adopted_period(beheerder, periode):
    url = reverse("admin:rapportage_rapportageperiode_delete", args=[periode.pk])
    assert beheerder.post(url, {"post": "yes"}).status_code == 403
    lijst = reverse("admin:rapportage_rapportageperiode_changelist")
    antwoord = beheerder.post(
        lijst, {"action": "delete_selected", "_selected_action": [periode.pk], "post": "yes"}
    )
    assert antwoord.status_code < 500
    assert Rapportageperiode.objects.filter(pk=periode.pk).exists()


def test_admin_cannot_revert_an_adopted_report_through_its_history(beheerder, periode):
    rapport = periode.rapportages.get(onderdeel__code="1")
    versie = rapport.history.order_by("history_id").first()
    url = reverse(
        "admin:rapportage_themarapportage_simple_history",
        args=[rapport.pk, versie.history_id],
    )
    antwoord = beheerder.post(url, {"tijd_tekst": "Teruggezet", "periode": periode.pk})
    assert antwoord.status_code == 403
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == rapport.tijd_tekst


def test_an_account_in_the_history_is_made_inactive_not_deleted(beheerder, open_periode, rollen):
    from rapportage.services import themarapportage_opslaan

    rapport = open_periode.rapportages.get(onderdeel__code="1")
    gegevens = {veld: getattr(rapport, veld) for veld in ("tijd_smiley", "tijd_tekst")}
    gegevens |= {f"{d}_{s}": "" for d in ("kosten", "bijzonderheden") for s in ("smiley", "tekst")}
    themarapportage_opslaan(rapport=rapport, door=rollen["trekker"], gegevens=gegevens, versie=1)
    url = reverse("admin:regio_gebruiker_delete", args=[rollen["trekker"].pk])
    pagina = beheerder.post(url, {"post": "yes"})
    assert pagina.status_code == 200
    assert "zet het account op inactief" in pagina.text
    assert rollen["trekker"].__class__.objects.filter(pk=rollen["trekker"].pk).exists()


# --- In the database, whatever code tries -----------------------------------------------------


def test_the_adopted_period_row_refuses_every_change(periode):
    rij = Rapportageperiode.objects.filter(pk=periode.pk)
    _geweigerd(lambda: rij.update(samenvatting="Herschreven"))
    _geweigerd(lambda: rij.update(status="open", vastgesteld_op=None))
    _geweigerd(lambda: rij.update(status="open", vastgesteld_op=None, aantal_heropeningen=1))
    _geweigerd(lambda: rij.delete())
    rij.update(titel=periode.titel)  # writing what is there changes nothing, and is allowed


def test_reopening_in_the_database_needs_a_recorded_reopening(periode, rollen):
    rij = Rapportageperiode.objects.filter(pk=periode.pk)
    Heropening.objects.create(periode=periode, door=rollen["manager"], reden="Tikfout")
    # With the reopening recorded, opening changes status, date and count, and nothing else.
    _geweigerd(
        lambda: rij.update(
            status="open", vastgesteld_op=None, aantal_heropeningen=1, samenvatting="Anders"
        )
    )
    rij.update(status="open", vastgesteld_op=None, aantal_heropeningen=1)
    # A second opening needs a second reopening: the count cannot be turned back.
    rij.update(status="vastgesteld", vastgesteld_op=date(2015, 9, 1))
    _geweigerd(lambda: rij.update(status="open", vastgesteld_op=None, aantal_heropeningen=2))


def test_unlocking_a_report_and_changing_it_in_one_go_is_refused(periode):
    rapport = periode.rapportages.get(onderdeel__code="1")
    rij = ThemaRapportage.objects.filter(pk=rapport.pk)
    # The probe's trick: unlock and rewrite at once, then lock again.
    _geweigerd(lambda: rij.update(vergrendeld=False, tijd_tekst="X"))
    # Unlocking alone while the period is adopted: refused too.
    _geweigerd(lambda: rij.update(vergrendeld=False))
    _geweigerd(lambda: rij.update(tijd_tekst="X"))
    # Nor can it be moved to another item of the plan (the trigger names every column).
    ander = periode.rapportages.exclude(pk=rapport.pk).first().onderdeel_id
    _geweigerd(lambda: rij.update(onderdeel_id=ander))
    _geweigerd(lambda: rij.delete())
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == rapport.tijd_tekst


def test_no_report_is_added_to_an_adopted_period(periode, plan):
    from agenda.models import Onderdeel

    thema = Onderdeel.objects.create(
        plan=plan,
        niveau=plan.rapportageniveau,
        ouder=plan.onderdelen.filter(niveau=plan.groepniveau).first(),
        code="99",
        volgorde=99,
        titel="Nieuw",
    )
    _geweigerd(lambda: ThemaRapportage.objects.create(periode=periode, onderdeel=thema))


def test_a_period_is_adopted_only_with_every_report_locked(open_periode):
    _geweigerd(
        lambda: Rapportageperiode.objects.filter(pk=open_periode.pk).update(
            status="vastgesteld", vastgesteld_op=date(2015, 11, 1)
        )
    )


def test_the_archive_record_and_the_reopenings_are_append_only(periode, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    archief = eerste_of_voorbeeld(GearchiveerdRapport)
    heropening = eerste_of_voorbeeld(Heropening)
    for model, obj in [(GearchiveerdRapport, archief), (Heropening, heropening)]:
        rij = model.objects.filter(pk=obj.pk)
        veld = "sha256" if model is GearchiveerdRapport else "reden"
        _geweigerd(lambda rij=rij, veld=veld: rij.update(**{veld: "0" * 64}))
        _geweigerd(lambda rij=rij: rij.delete())


def test_the_cycles_history_is_append_only(periode, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rapport = periode.rapportages.get(onderdeel__code="1")
    eerste_of_voorbeeld(GearchiveerdRapport)
    eerste_of_voorbeeld(Heropening)
    for historie in [
        rapport.history,
        Rapportageperiode.history,
        GearchiveerdRapport.history,
        Heropening.history,
    ]:
        rij = historie.model.objects.filter(history_id=historie.first().history_id)
        _geweigerd(lambda rij=rij: rij.update(history_change_reason="herschreven"))
        _geweigerd(lambda rij=rij: rij.delete())


# --- The way back: reopening, through the page ------------------------------------------------


def test_reopening_through_the_page_records_who_and_why_and_unlocks(client, rollen, periode):
    client.force_login(rollen["manager"])
    antwoord = client.post(
        reverse("rapportage:heropenen", args=[periode.plan.slug, periode.code]),
        {"reden": "Tikfout in thema 3"},
    )
    assert antwoord.status_code == 302
    periode.refresh_from_db()
    assert periode.status == "open" and periode.aantal_heropeningen == 1
    heropening = periode.heropeningen.get()
    assert (heropening.door, heropening.reden) == (rollen["manager"], "Tikfout in thema 3")
    assert not periode.rapportages.filter(vergrendeld=True).exists()
    # What the adopted report said is unchanged: only the lock and the version moved.
    rapport = periode.rapportages.get(onderdeel__code="1")
    assert rapport.history.first().history_change_reason == "heropend: Tikfout in thema 3"
