"""The task worker (django-tasks-db): PDFs and e-mail leave the request, and several workers on
one database never render the same document twice."""

import time

import pytest
from django.core import mail

from documenten import documenten
from documenten.models import PdfDocument
from documenten.taken import bestel, maak_pdf_document
from rapportage.mail import mail_versturen

from .processen import (
    PYTHON,
    database_url,
    json_regels,
    omgeving,
    proces,
)
from .voorwaarden import MET_POSTGRESQL

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def geteld(monkeypatch):
    """Counts renders, whoever asks for them."""
    aantal = []
    echt = documenten.renderen

    def renderen(doc, **kwargs):
        aantal.append(doc.bestandsnaam)
        return echt(doc, **kwargs)

    monkeypatch.setattr(documenten, "renderen", renderen)
    return aantal


@pytest.mark.django_db
def test_a_document_enqueued_twice_is_rendered_once(plan, geteld, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DATABASE_BACKEND  # enqueue only; this test runs the tasks itself
    record = bestel(plan, "thema", {"thema": 1})
    maak_pdf_document.enqueue(record.pk)  # a second task for the same document

    maak_pdf_document.call(record.pk)
    maak_pdf_document.call(record.pk)

    record.refresh_from_db()
    assert record.status == PdfDocument.Status.KLAAR
    assert geteld == [record.bestandsnaam]


@pytest.mark.django_db
def test_a_failed_document_is_queued_again_once(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DATABASE_BACKEND
    from django_tasks_db.models import DBTaskResult

    record = bestel(plan, "thema", {"thema": 2})
    PdfDocument.objects.filter(pk=record.pk).update(status=PdfDocument.Status.MISLUKT)
    bestel(plan, "thema", {"thema": 2})
    bestel(plan, "thema", {"thema": 2})  # already back in the queue: no second task
    assert DBTaskResult.objects.filter(args_kwargs__args=[record.pk]).count() == 2


@pytest.mark.django_db
def test_reminder_mail_goes_through_the_task_queue(settings):
    settings.TASKS = DATABASE_BACKEND
    from django_tasks_db.models import DBTaskResult

    mail_versturen.enqueue("Onderwerp", "Tekst", ["trekker@example.nl"])
    assert mail.outbox == []
    taak = DBTaskResult.objects.get()
    taak.task.call(*taak.args_kwargs["args"])
    assert [bericht.to for bericht in mail.outbox] == [["trekker@example.nl"]]


@MET_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_three_workers_render_each_document_exactly_once(referentiedata_live, settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = referentiedata_live
    env = omgeving(
        DATABASE_URL=database_url(),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        MEDIA_ROOT=tmp_path / "media",
    )
    logs = [tmp_path / f"werker{i}.log" for i in range(3)]
    from contextlib import ExitStack

    from django_tasks_db.models import DBTaskResult

    with ExitStack() as stapel:
        for i, log in enumerate(logs):
            stapel.enter_context(
                proces(
                    [PYTHON, "manage.py", "db_worker", "--interval", "0.2", f"--worker-id=w{i}"],
                    env=env,
                    log=log,
                )
            )
        einde = time.monotonic() + 60
        while not all("Starting worker" in log.read_text() for log in logs):
            assert time.monotonic() < einde, "the workers did not start within 60 s"
            time.sleep(0.2)
        records = [bestel(plan, "thema", {"thema": n}) for n in (1, 2, 3)]
        for record in records:  # every document twice more, as a double click or a retry would
            maak_pdf_document.enqueue(record.pk)
            maak_pdf_document.enqueue(record.pk)

        einde = time.monotonic() + 120
        while DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
            assert time.monotonic() < einde, "the workers did not finish within 120 s"
            time.sleep(0.3)

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    uitvoerders = set()
    for taak in DBTaskResult.objects.all():
        uitvoerders.update(taak.worker_ids)
    begonnen = []
    for log in logs:
        for regel in json_regels(log):
            if regel.get("action") == "pdf maken" and regel.get("result") == "begonnen":
                begonnen.append(regel["object"])
    assert sorted(begonnen) == sorted(f"pdfdocument:{r.pk}" for r in records)
    assert len(uitvoerders) >= 2, "the tasks should have been shared between workers"
    for record in records:
        record.refresh_from_db()
        assert record.status == PdfDocument.Status.KLAAR
        assert record.bestand.read()[:5] == b"%PDF-"


@pytest.mark.django_db
def test_an_abandoned_render_is_queued_again_but_a_running_one_is_not(
    plan, geteld, settings, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DATABASE_BACKEND
    from django_tasks_db.models import DBTaskResult

    record = bestel(plan, "thema", {"thema": 3})
    PdfDocument.objects.filter(pk=record.pk).update(status=PdfDocument.Status.BEZIG)
    assert bestel(plan, "thema", {"thema": 3}).status == PdfDocument.Status.BEZIG  # still working
    assert DBTaskResult.objects.count() == 1

    # Its worker died 31 minutes ago: the next request queues it again, and it is rendered.
    PdfDocument.objects.filter(pk=record.pk).update(
        bijgewerkt_op=timezone.now() - timedelta(minutes=31)
    )
    assert bestel(plan, "thema", {"thema": 3}).status == PdfDocument.Status.WACHTRIJ
    assert DBTaskResult.objects.count() == 2
    maak_pdf_document.call(record.pk)
    record.refresh_from_db()
    assert record.status == PdfDocument.Status.KLAAR
    assert geteld == [record.bestandsnaam]
