"""Backup and restore (README, "Backup and restore"): a backup restored into an empty database and
an empty storage gives the same dumpdata and the same archived bytes."""

import io
import json
import subprocess

import pytest
from django.core.management import call_command

from documenten.documenten import rapport_pdf_bytes
from documenten.models import PdfDocument
from documenten.taken import bestel
from rapportage.models import GearchiveerdRapport
from rapportage.services import gearchiveerd_rapport

from .processen import PROJECT, PYTHON, beheeropdracht, omgeving, verse_database


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_the_same_data_and_archive(referentiedata_live, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = referentiedata_live
    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
    archief = gearchiveerd_rapport(periode, pdf_maken=rapport_pdf_bytes)
    bestel(
        plan, "thema", {"niveau": "themas", "code": "1"}
    )  # a cached render in the storage as well
    origineel = archief.bestand.read()
    archief.bestand.close()
    assert PdfDocument.objects.filter(status="klaar").count() == 1

    call_command("backup_maken", str(tmp_path / "backup"), stdout=io.StringIO())
    voor = io.StringIO()
    call_command("dumpdata", stdout=voor)

    with verse_database(tmp_path) as leeg:
        env = omgeving(DATABASE_URL=leeg, MEDIA_ROOT=tmp_path / "nieuw")
        uitvoer = beheeropdracht("backup_terugzetten", str(tmp_path / "backup"), env=env).stdout
        assert "1 gearchiveerd(e) rapport(en) gecontroleerd" in uitvoer
        na = beheeropdracht("dumpdata", env=env).stdout

        # Into a database that is no longer empty: refused, nothing changed.
        nogmaals = subprocess.run(
            [PYTHON, "manage.py", "backup_terugzetten", str(tmp_path / "backup")],
            env=env,
            cwd=PROJECT,
            capture_output=True,
            text=True,
        )
        assert nogmaals.returncode != 0
        assert "De database is niet leeg" in nogmaals.stderr
        assert beheeropdracht("dumpdata", env=env).stdout == na

    assert json.loads(na) == json.loads(voor.getvalue())
    # The dump holds every reference region's plan, whatever its shape.
    plannen = {r["fields"]["slug"] for r in json.loads(na) if r["model"] == "agenda.plan"}
    assert plannen == {
        "midden-limburg-2015-2016",
        "holland-rijnland-2014-2015",
        "gooi-en-vechtstreek-2015-2018",
    }
    teruggezet = (tmp_path / "nieuw" / archief.bestand.name).read_bytes()
    assert teruggezet == origineel
    assert GearchiveerdRapport.objects.get().sha256 == archief.sha256


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "archief.pdf").write_bytes(b"%PDF-1.7 origineel")
    call_command("backup_maken", str(tmp_path / "backup"), stdout=io.StringIO())
    (tmp_path / "backup" / "opslag" / "archief.pdf").write_bytes(b"%PDF-1.7 anders")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="archief.pdf in de backup is beschadigd"):
        call_command("backup_terugzetten", str(tmp_path / "backup"))


@pytest.mark.django_db
def test_a_backup_never_overwrites_an_earlier_one(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "iets").write_text("eerder")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="is niet leeg"):
        call_command("backup_maken", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / "iets").read_text() == "eerder"


@pytest.mark.django_db
def test_a_backup_inside_an_open_transaction_is_refused_not_left_waiting(tmp_path, settings):
    """SQLite copies page by page and waits while a write lock is held; inside a transaction
    (one that took the write lock at its start) it would wait for itself for ever."""
    from django.core.management import CommandError
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads from its own connection")
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(CommandError, match="buiten een transactie"):
        call_command("backup_maken", str(tmp_path / "backup"))
