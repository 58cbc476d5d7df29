"""/gezondheid/ for the load balancer: database, storage and the worker's queue."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


def test_it_answers_ok_without_signing_in(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    antwoord = client.get("/gezondheid/")
    assert antwoord.status_code == 200
    assert antwoord["Cache-Control"].startswith("max-age=0")
    gegevens = antwoord.json()
    assert gegevens["status"] == "ok"
    assert gegevens["onderdelen"]["database"] == {"status": "ok"}
    assert gegevens["onderdelen"]["opslag"] == {"status": "ok", "soort": "map"}
    assert gegevens["onderdelen"]["wachtrij"] == {"status": "ok", "soort": "direct"}


def test_unreachable_storage_takes_the_server_out_of_service(client, settings, tmp_path):
    (tmp_path / "bestand").write_text("geen map")
    settings.MEDIA_ROOT = tmp_path / "bestand" / "media"  # cannot be created
    antwoord = client.get("/gezondheid/")
    assert antwoord.status_code == 503
    assert antwoord.json()["onderdelen"]["opslag"]["status"] == "fout"
    assert str(tmp_path) not in antwoord.text  # the reason is for the logs, not the internet


def test_a_broken_database_takes_the_server_out_of_service(client, monkeypatch):
    from django.db import OperationalError

    from transformatie import views

    def kapot():
        raise OperationalError("verbinding geweigerd")

    monkeypatch.setattr(views, "_database", kapot)
    antwoord = client.get("/gezondheid/")
    assert antwoord.status_code == 503
    assert antwoord.json()["onderdelen"]["database"] == {
        "status": "fout",
        "fout": "OperationalError",
    }


def test_an_old_task_is_reported_but_keeps_the_server_in_service(client, settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    settings.MEDIA_ROOT = tmp_path
    settings.GEZONDHEID_MAX_WACHTTIJD = 300
    from django_tasks_db.models import DBTaskResult

    from rapportage.mail import mail_versturen

    mail_versturen.enqueue("Onderwerp", "Tekst", ["a@example.nl"])
    eerst = client.get("/gezondheid/").json()["onderdelen"]["wachtrij"]
    assert eerst["status"] == "ok" and eerst["wachtend"] == 1

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    antwoord = client.get("/gezondheid/")
    assert antwoord.status_code == 200
    wachtrij = antwoord.json()["onderdelen"]["wachtrij"]
    assert wachtrij["status"] == "te_oud" and wachtrij["oudste_seconden"] >= 600
