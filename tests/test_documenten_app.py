"""The documents app on top of the cycle: which file an adopted report serves (one rule for the
download and the command line), an adopted plan's PDF ordered when the admin adopts it, and the
cycle archiving an adoption with the PDF maker the documents app hands it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from agenda.constants import PlanStatus
from documenten import taken
from documenten.archief import vastgesteld_bestand
from rapportage.services import rapport_archiveren, rapportageperiode_heropenen
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"


def test_one_rule_decides_which_file_an_adopted_report_serves(periode, rollen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    v1 = rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 v1", door=rollen["manager"])
    assert vastgesteld_bestand(periode) == v1
    assert vastgesteld_bestand(periode, "archief") == v1
    assert vastgesteld_bestand(periode, "ua") is None  # a new accessible render was asked for

    rapportageperiode_heropenen(periode=periode, door=rollen["manager"], reden="Typefout")
    periode.refresh_from_db()
    # Reopened: rendered as it is now, except for a reader who may not see it open.
    assert vastgesteld_bestand(periode) is None
    assert vastgesteld_bestand(periode, "archief") is None
    assert vastgesteld_bestand(periode, ziet_open=False) == v1
    assert vastgesteld_bestand(periode, "archief", ziet_open=False) == v1
    assert vastgesteld_bestand(periode, "ua", ziet_open=False) is None


def test_the_download_and_the_command_serve_the_file_the_rule_picks(
    client, periode, rollen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 v1", door=rollen["manager"])
    rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 v2", door=rollen["manager"])
    client.force_login(rollen["griffie"])
    antwoord = client.get(reverse("documenten:rapport_pdf", args=[SLUG, periode.code]))
    assert b"".join(antwoord.streaming_content) == b"%PDF-1.7 v2"
    uitvoer = tmp_path / "q2.pdf"
    call_command("exporteer_pdf", "--plan", SLUG, "--periode", periode.code, "--output", uitvoer)
    assert uitvoer.read_bytes() == b"%PDF-1.7 v2"


def test_adoption_on_its_page_archives_the_pdf_the_documents_app_makes(
    client, open_periode, rollen, settings, tmp_path, monkeypatch
):
    """The cycle archives an adoption without knowing how a PDF is made: the maker is the one
    documenten registered when the apps were ready (rapportage.archiefpdf)."""
    from documenten import documenten

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        documenten, "rapport_pdf_bytes", lambda periode: b"%PDF-1.7 " + periode.code.encode()
    )
    open_periode.rapportages.update(status="goedgekeurd")
    client.force_login(rollen["manager"])
    antwoord = client.post(
        reverse("rapportage:vaststellen", args=[SLUG, open_periode.code]),
        {"vastgesteld_op": "2015-11-10", "inleiding": "In", "samenvatting": "Sam"},
    )
    assert antwoord.status_code == 302
    assert open_periode.archief.get().bestand.read() == b"%PDF-1.7 2015-Q3"


def _postgegevens(antwoord) -> dict:
    """What the admin's change form would send back unchanged: the plan's fields and every
    inline row, read from the forms the page was built with."""
    formulieren = [antwoord.context["adminform"].form]
    for inline in antwoord.context["inline_admin_formsets"]:
        formulieren += [inline.formset.management_form, *inline.formset.forms]
    gegevens = {}
    for form in formulieren:
        for naam in form.fields:
            waarde = form[naam].value()
            if waarde is None or waarde is False:
                continue
            if waarde is True:
                waarde = "on"
            elif isinstance(waarde, (list, tuple)):
                waarde = [str(w) for w in waarde]
            else:
                waarde = str(waarde)
            gegevens[form.add_prefix(naam)] = waarde
    return gegevens


@pytest.fixture
def concept_plan(plan):
    plan.status = PlanStatus.CONCEPT
    plan.save()
    return plan


@pytest.fixture
def besteld(monkeypatch):
    """The orders the documents app places, instead of rendering them."""
    bestellingen = []
    monkeypatch.setattr(
        taken, "bestel", lambda plan, soort, *a, **k: bestellingen.append((plan.pk, soort))
    )
    return bestellingen


def _opslaan(client, plan, django_capture_on_commit_callbacks, **wijzigingen):
    url = reverse("admin:agenda_plan_change", args=[plan.pk])
    gegevens = {**_postgegevens(client.get(url)), **wijzigingen}
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(url, gegevens)
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    plan.refresh_from_db()


def test_adopting_a_plan_in_the_admin_orders_its_pdf_once(
    client, concept_plan, besteld, django_capture_on_commit_callbacks
):
    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder"))
    _opslaan(client, concept_plan, django_capture_on_commit_callbacks, ondertitel="Nieuw")
    assert besteld == []  # another change of a concept plan orders nothing

    _opslaan(
        client,
        concept_plan,
        django_capture_on_commit_callbacks,
        status=PlanStatus.VASTGESTELD,
        vastgesteld_op="2015-10-06",
    )
    assert concept_plan.status == PlanStatus.VASTGESTELD
    assert besteld == [(concept_plan.pk, "plan")]

    _opslaan(client, concept_plan, django_capture_on_commit_callbacks, ondertitel="Later")
    assert besteld == [(concept_plan.pk, "plan")]  # already adopted: not again


def test_adopting_a_plan_by_workbook_orders_its_pdf_once(
    concept_plan, besteld, django_capture_on_commit_callbacks
):
    from agenda.excel import importeren, plan_exporteren

    from .werkboeken import aanpassen, gegeven

    def importeer(naam, waarde):
        inhoud = aanpassen(
            plan_exporteren(concept_plan), lambda boek: gegeven(boek["Plan"], naam, waarde)
        )
        with django_capture_on_commit_callbacks(execute=True):
            importeren(inhoud, bestandsnaam="plan.xlsx")
        concept_plan.refresh_from_db()

    importeer("Ondertitel", "Nieuw")
    assert besteld == []
    importeer("Status", PlanStatus.VASTGESTELD.label)
    assert concept_plan.status == PlanStatus.VASTGESTELD
    assert besteld == [(concept_plan.pk, "plan")]
    importeer("Ondertitel", "Later")
    assert besteld == [(concept_plan.pk, "plan")]


def test_no_save_signal_of_the_plan_carries_a_rule():
    """Adoption is announced where a person adopts a plan (the admin, a workbook), not guessed
    from every save of the model."""
    from django.db.models.signals import pre_save

    from agenda.models import Plan

    assert not pre_save.has_listeners(Plan)
