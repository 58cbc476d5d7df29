"""Adopting with a task worker (issue 14, point 5): the adoption's request renders nothing, the
worker archives the report from what the adoption froze, byte for byte what the request would
have archived, and until it is done the download shows the progress page, never another file."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from documenten import archivering, pdf
from documenten.models import PdfDocument
from documenten.taken import maak_pdf_document
from rapportage.constants import RapportageStatus
from rapportage.models import GearchiveerdRapport
from rapportage.services import (
    rapportageperiode_heropenen,
    themarapportage_goedkeuren,
    themarapportage_opslaan,
)

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


@pytest.fixture
def werker(settings, tmp_path):
    """Tasks are stored for a worker; the test runs them itself."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def renders(monkeypatch):
    """Every layout of a PDF (the costly part), whoever asks for it."""
    aantal = []
    echt = pdf.html_naar_document

    def html_naar_document(html, **kwargs):
        aantal.append(len(html))
        return echt(html, **kwargs)

    monkeypatch.setattr(pdf, "html_naar_document", html_naar_document)
    return aantal


def _taken():
    """The waiting tasks; the adoption's notification mail is one too."""
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"))


def _pdf_taken():
    return [t for t in _taken() if t.task_path.endswith(".maak_pdf_document")]


def _werker_draait():
    """What `manage.py db_worker` does with each task: run it, a failure stays in the worker."""
    for taak in _taken():
        taak.claim("test")
        try:
            taak.task.call(*taak.args_kwargs["args"], **taak.args_kwargs["kwargs"])
        except Exception:
            taak.set_failed(RuntimeError("mislukt"))
        else:
            taak.set_successful(None)


def _vaststellen(client, periode, manager, django_capture_on_commit_callbacks):
    for rapport in periode.rapportages.exclude(status=RapportageStatus.GOEDGEKEURD):
        if rapport.status != RapportageStatus.INGEDIEND:
            themarapportage_opslaan(
                rapport=rapport, door=manager, gegevens=GROEN, versie=rapport.versie, indienen=True
            )
        themarapportage_goedkeuren(rapport=rapport, door=manager)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("rapportage:vaststellen", args=[periode.plan.slug, periode.code]),
            {
                "vastgesteld_op": "2015-11-10",
                "inleiding": "[smileylegenda]",
                "samenvatting": "Het derde kwartaal.",
            },
            follow=True,
        )


def _download(client, periode):
    return client.get(reverse("documenten:rapport_pdf", args=[periode.plan.slug, periode.code]))


def test_adopting_queues_the_archive_and_the_worker_archives_the_adopted_version(
    client, rollen, open_periode, werker, renders, django_capture_on_commit_callbacks
):
    periode = open_periode
    antwoord = _vaststellen(client, periode, rollen["manager"], django_capture_on_commit_callbacks)
    assert renders == []  # nothing was laid out in the adoption's request
    assert antwoord.status_code == 200
    assert "is vastgesteld. De PDF voor het archief wordt nu gemaakt" in antwoord.text
    [taak] = _pdf_taken()
    record = PdfDocument.objects.get(soort=archivering.SOORT)
    assert taak.args_kwargs["args"] == [record.pk]
    assert not GearchiveerdRapport.objects.filter(periode=periode).exists()

    # Until the worker is done, the download is the progress page, for the manager and the
    # griffie alike: no other file, no render of its own, no error.
    for gebruiker in (rollen["manager"], rollen["griffie"]):
        client.force_login(gebruiker)
        antwoord = _download(client, periode)
        assert antwoord.status_code == 302
        assert antwoord.url == reverse("documenten:pdf_voortgang", args=[record.pk])
        pagina = client.get(antwoord.url)
        assert pagina.status_code == 200
        assert "De PDF wordt gemaakt" in pagina.text and 'http-equiv="refresh"' in pagina.text
        assert periode.naam in pagina.text
    assert renders == []

    # What the request would have archived, rendered now, before the plan changes.
    from documenten import documenten

    periode.refresh_from_db()
    verwacht = documenten.rapport_pdf_bytes(periode)
    # The plan's title is printed in the report but not locked by its adoption: a change before
    # the worker gets to it must not reach the archive.
    plan = periode.plan
    plan.titel = "Een andere titel na de vaststelling"
    plan.save()
    renders.clear()

    _werker_draait()
    assert len(renders) == 1
    archief = GearchiveerdRapport.objects.get(periode=periode)
    assert archief.versie == 1 and archief.vastgesteld_door == rollen["manager"]
    record.refresh_from_db()
    assert record.status == PdfDocument.Status.KLAAR and "html" not in record.parameters

    client.force_login(rollen["griffie"])
    antwoord = _download(client, periode)
    assert antwoord.status_code == 200
    inhoud = b"".join(antwoord.streaming_content)
    assert inhoud == verwacht == archief.bestand.open("rb").read()
    assert antwoord["X-Content-SHA256"] == archief.sha256
    # The progress page of the order leads to that download too.
    antwoord = client.get(reverse("documenten:pdf_voortgang", args=[record.pk]))
    assert antwoord.url == reverse("documenten:rapport_pdf", args=[plan.slug, periode.code])
    assert len(renders) == 1


def test_an_archive_ordered_twice_is_rendered_and_archived_once(
    client, rollen, open_periode, werker, renders, django_capture_on_commit_callbacks
):
    _vaststellen(client, open_periode, rollen["manager"], django_capture_on_commit_callbacks)
    record = PdfDocument.objects.get(soort=archivering.SOORT)
    maak_pdf_document.enqueue(record.pk)  # a second task for the same order
    _werker_draait()
    assert len(renders) == 1
    assert GearchiveerdRapport.objects.filter(periode=open_periode).count() == 1

    # A worker thought abandoned that finishes after another took the order over and archived
    # it: its render is dropped, the archive keeps one version.
    record.refresh_from_db()
    assert archivering.archiveren(record, b"%PDF-1.7 te laat", 1, 1.0) is None
    assert GearchiveerdRapport.objects.filter(periode=open_periode).count() == 1


def test_a_failed_archive_render_is_logged_and_queued_again_by_the_next_download(
    client,
    rollen,
    open_periode,
    werker,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    _vaststellen(client, open_periode, rollen["manager"], django_capture_on_commit_callbacks)
    record = PdfDocument.objects.get(soort=archivering.SOORT)

    def kapot(html, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(pdf, "html_naar_document", kapot)
    with caplog.at_level(logging.INFO):
        _werker_draait()
    record.refresh_from_db()
    assert record.status == PdfDocument.Status.MISLUKT
    assert not GearchiveerdRapport.objects.filter(periode=open_periode).exists()
    mislukt = [
        r
        for r in caplog.records
        if getattr(r, "action", "") == "pdf maken" and getattr(r, "result", "") == "mislukt"
    ]
    assert mislukt and mislukt[-1].object == f"pdfdocument:{record.pk}"
    assert mislukt[-1].fout == "OSError"

    # The griffie's download says so in Dutch and queues it again, once.
    monkeypatch.undo()
    client.force_login(rollen["griffie"])
    antwoord = _download(client, open_periode)
    assert antwoord.url == reverse("documenten:pdf_voortgang", args=[record.pk])
    _download(client, open_periode)
    assert len(_pdf_taken()) == 1
    record.refresh_from_db()
    assert record.status == PdfDocument.Status.WACHTRIJ

    _werker_draait()
    antwoord = _download(client, open_periode)
    assert antwoord.status_code == 200
    archief = GearchiveerdRapport.objects.get(periode=open_periode)
    assert b"".join(antwoord.streaming_content) == archief.bestand.open("rb").read()


def test_an_abandoned_archive_render_is_queued_again(
    client, rollen, open_periode, werker, django_capture_on_commit_callbacks
):
    _vaststellen(client, open_periode, rollen["manager"], django_capture_on_commit_callbacks)
    record = PdfDocument.objects.get(soort=archivering.SOORT)
    for taak in _taken():
        taak.claim("gestorven")  # its worker died while rendering
    PdfDocument.objects.filter(pk=record.pk).update(status=PdfDocument.Status.BEZIG)
    client.force_login(rollen["manager"])
    _download(client, open_periode)
    assert _pdf_taken() == []  # still working: left alone
    PdfDocument.objects.filter(pk=record.pk).update(
        bijgewerkt_op=timezone.now() - timedelta(minutes=31)
    )
    _download(client, open_periode)
    assert len(_pdf_taken()) == 1
    _werker_draait()
    assert _download(client, open_periode).status_code == 200
    assert GearchiveerdRapport.objects.filter(periode=open_periode).count() == 1


def test_a_readoption_never_serves_the_earlier_version_while_its_archive_is_made(
    client, rollen, open_periode, werker, django_capture_on_commit_callbacks
):
    manager = rollen["manager"]
    _vaststellen(client, open_periode, manager, django_capture_on_commit_callbacks)
    _werker_draait()
    eerste = GearchiveerdRapport.objects.get(periode=open_periode)
    rapportageperiode_heropenen(periode=open_periode, door=manager, reden="Tekst verbeterd")
    open_periode.refresh_from_db()

    antwoord = _vaststellen(client, open_periode, manager, django_capture_on_commit_callbacks)
    assert antwoord.status_code == 200
    tweede = PdfDocument.objects.filter(soort=archivering.SOORT).order_by("-pk").first()
    pagina = reverse("rapportage:rapport", args=[open_periode.plan.slug, open_periode.code])
    lijst = reverse("rapportage:overzicht", args=[open_periode.plan.slug])
    for gebruiker in (manager, rollen["griffie"]):
        client.force_login(gebruiker)
        antwoord = _download(client, open_periode)
        assert antwoord.status_code == 302, "version 1 belongs to the earlier adoption"
        assert antwoord.url == reverse("documenten:pdf_voortgang", args=[tweede.pk])
        # Nor does the report's page, or the list of reports, name version 1's checksum beside
        # that download.
        assert eerste.sha256 not in client.get(pagina).text
        assert eerste.sha256 not in client.get(lijst).text

    _werker_draait()
    antwoord = _download(client, open_periode)
    nieuw = GearchiveerdRapport.objects.get(periode=open_periode, versie=2)
    assert antwoord["X-Content-SHA256"] == nieuw.sha256 != eerste.sha256
    assert nieuw.sha256 in client.get(pagina).text
    assert f'Versie 2, SHA-256 <code class="ta-hash">{nieuw.sha256}' in client.get(lijst).text


def test_an_archive_order_whose_task_was_lost_is_queued_again(
    client, rollen, open_periode, werker, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    _vaststellen(client, open_periode, rollen["manager"], django_capture_on_commit_callbacks)
    record = PdfDocument.objects.get(soort=archivering.SOORT)
    DBTaskResult.objects.all().delete()  # a queue restored from an older backup
    client.force_login(rollen["griffie"])
    _download(client, open_periode)
    assert _pdf_taken() == []  # waiting a short while is no reason to queue it twice
    PdfDocument.objects.filter(pk=record.pk).update(
        bijgewerkt_op=timezone.now() - timedelta(minutes=31)
    )
    assert _download(client, open_periode).status_code == 302
    assert len(_pdf_taken()) == 1
    _werker_draait()
    assert _download(client, open_periode).status_code == 200
