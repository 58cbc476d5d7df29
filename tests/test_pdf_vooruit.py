"""Documents rendered ahead: every save that changes what the plan or a report shows queues their
render again after its commit, once per transaction, so the next download is served from storage
without rendering."""

import subprocess

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documenten import documenten, pdf, taken
from documenten.models import PdfDocument

from .factories import formulier_gegevens, onderdeel
from .voorwaarden import MET_PDF_TEKST

pytestmark = [MET_PDF_TEKST, pytest.mark.django_db]

SLUG = "midden-limburg-2015-2016"


@pytest.fixture(autouse=True)
def vooruit(settings):
    """As with a task worker (here the tasks run at once, in the test's process)."""
    settings.PDF_VOORUIT_RENDEREN = True


@pytest.fixture
def renders(settings, tmp_path, monkeypatch):
    """Storage of its own, and every render and WeasyPrint layout in this process counted."""
    settings.MEDIA_ROOT = tmp_path
    geteld = {"renderen": 0, "weasyprint": 0}
    echt_renderen, echt_opmaken = documenten.renderen, pdf.html_naar_document

    def renderen(*args, **kwargs):
        geteld["renderen"] += 1
        return echt_renderen(*args, **kwargs)

    def opmaken(*args, **kwargs):
        geteld["weasyprint"] += 1
        return echt_opmaken(*args, **kwargs)

    monkeypatch.setattr(documenten, "renderen", renderen)
    monkeypatch.setattr(pdf, "html_naar_document", opmaken)
    # What the fixtures wrote counts as committed before the pages are used: the transaction of
    # the test holds it, and the page's save must be the one that queues the render.
    transaction.get_connection().run_on_commit.clear()
    return geteld


def _tekst(antwoord) -> str:
    inhoud = b"".join(antwoord.streaming_content)
    assert inhoud.startswith(b"%PDF")
    return " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=inhoud, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )


def test_a_trekkers_save_renders_the_open_report_and_its_download_renders_nothing(
    client, rollen, open_periode, renders, django_capture_on_commit_callbacks
):
    client.force_login(rollen["trekker"])
    pdf_url = reverse("documenten:rapport_pdf", args=[SLUG, open_periode.code])
    assert client.get(pdf_url).status_code == 200  # the first download renders it
    assert renders["renderen"] == 1

    rapport = open_periode.rapportages.get(onderdeel__code="1")
    gegevens = {
        "tijd_smiley": "groen",
        "tijd_tekst": "Loopt volgens plan sinds de nieuwe afspraken.",
        "kosten_smiley": "groen",
        "kosten_tekst": "Binnen budget.",
        "bijzonderheden_smiley": "groen",
        "bijzonderheden_tekst": "Geen",
        "versie": rapport.versie,
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        antwoord = client.post(reverse("rapportage:bewerken", args=[rapport.pk]), gegevens)
    assert antwoord.status_code == 302
    assert callbacks == [taken._pdfs_bijwerken_bestellen]
    # Rendered in the background (the tests' task backend runs it at once).
    assert renders["renderen"] == 2
    assert PdfDocument.objects.filter(soort="rapport", status="klaar").count() == 2

    renders.update(renderen=0, weasyprint=0)
    antwoord = client.get(pdf_url)
    assert antwoord.status_code == 200
    assert "Loopt volgens plan sinds de nieuwe afspraken." in _tekst(antwoord)
    assert renders == {"renderen": 0, "weasyprint": 0}


def test_a_theme_changed_in_the_admin_renders_the_plan_and_its_download_renders_nothing(
    client, plan, rollen, renders, django_capture_on_commit_callbacks
):
    from django.test import Client

    from regio.constants import Gebruikersrol
    from regio.models import Gebruiker
    from regio.rollen import rol_toekennen

    beheerder = Gebruiker.objects.create_user("beheerder", password="geheim-wachtwoord")
    rol_toekennen(beheerder, Gebruikersrol.BEHEERDER)
    transaction.get_connection().run_on_commit.clear()
    client.force_login(beheerder)
    manager = Client()
    manager.force_login(rollen["manager"])
    pdf_url = reverse("documenten:plan_pdf", args=[SLUG])
    assert manager.get(pdf_url).status_code == 200
    assert renders["renderen"] == 1

    thema = onderdeel(plan, 7)
    url = reverse("admin:agenda_onderdeel_change", args=[thema.pk])
    gegevens = formulier_gegevens(client.get(url))
    gegevens["titel"] = thema.titel + " in de hele regio"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        antwoord = client.post(url, gegevens)
    assert antwoord.status_code == 302, antwoord.context and antwoord.context["errors"]
    # One render queued for the whole save (the item and its rows each write history).
    assert callbacks == [taken._pdfs_bijwerken_bestellen]
    assert renders["renderen"] == 2

    renders.update(renderen=0, weasyprint=0)
    antwoord = manager.get(pdf_url)
    assert antwoord.status_code == 200
    assert f"{thema.titel} in de hele regio" in _tekst(antwoord)
    assert renders == {"renderen": 0, "weasyprint": 0}


def test_many_changes_in_one_transaction_queue_one_render(plan, django_capture_on_commit_callbacks):
    transaction.get_connection().run_on_commit.clear()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for code in (1, 2, 3):
            thema = onderdeel(plan, code)
            thema.titel += " (bijgewerkt)"
            thema.save()
        # A change in a savepoint that is rolled back takes nothing away from the others.
        try:
            with transaction.atomic():
                thema.save()
                raise RuntimeError("teruggedraaid")
        except RuntimeError:
            pass
    assert callbacks == [taken._pdfs_bijwerken_bestellen]


def test_a_rolled_back_change_queues_nothing(plan, django_capture_on_commit_callbacks):
    transaction.get_connection().run_on_commit.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                thema = onderdeel(plan, 1)
                thema.titel += " (bijgewerkt)"
                thema.save()
                raise RuntimeError("teruggedraaid")
        except RuntimeError:
            pass
    assert callbacks == []


def test_the_excel_imports_bulk_writes_queue_a_render(plan, django_capture_on_commit_callbacks):
    from agenda.excel.synchronisatie import historie_kopieren
    from agenda.models import Onderdeel

    transaction.get_connection().run_on_commit.clear()
    pks = list(plan.onderdelen.values_list("pk", flat=True)[:3])
    with django_capture_on_commit_callbacks() as callbacks:
        historie_kopieren(Onderdeel, pks, "~", timezone.now(), "import", None)
    assert callbacks == [taken._pdfs_bijwerken_bestellen]


def test_a_change_no_document_shows_queues_nothing(rollen, django_capture_on_commit_callbacks):
    transaction.get_connection().run_on_commit.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        gebruiker = rollen["collega"]
        gebruiker.first_name = "Anders"
        gebruiker.save()
    assert callbacks == []


def test_where_tasks_run_in_the_request_a_save_does_not_wait_for_a_render(
    plan, settings, django_capture_on_commit_callbacks
):
    """The demo's tasks run inside the request: a save there renders nothing ahead."""
    settings.PDF_VOORUIT_RENDEREN = False
    transaction.get_connection().run_on_commit.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        thema = onderdeel(plan, 1)
        thema.titel += " (bijgewerkt)"
        thema.save()
    assert callbacks == []
