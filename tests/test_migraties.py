"""Migrations carry existing data over without loss: a plan of the old, hard-wired shape with a
quarter of reports (one adopted and locked) is migrated on a database of its own."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

SCRIPT = Path(__file__).with_name("migratie_voorbeeld.py")


@pytest.fixture
def lege_database(tmp_path, django_db_blocker):
    """An empty database of the kind the suite runs on (SQLite file or PostgreSQL database)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'migratie.sqlite3'}"
        return
    naam = f"migratie_{uuid.uuid4().hex[:8]}"
    instellingen = connection.settings_dict
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{naam}"')
    gebruiker = instellingen["USER"]
    wachtwoord = f":{instellingen['PASSWORD']}" if instellingen["PASSWORD"] else ""
    yield (
        f"postgres://{gebruiker}{wachtwoord}@{instellingen['HOST']}:{instellingen['PORT']}/{naam}"
    )
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{naam}"')


def test_an_old_plan_with_a_quarter_of_reports_is_carried_over(lege_database):
    omgeving = {**os.environ, "DATABASE_URL": lege_database, "SECRET_KEY": "migratietest"}
    uit = subprocess.run(
        [sys.executable, str(SCRIPT)], env=omgeving, capture_output=True, text=True, timeout=600
    )
    assert uit.returncode == 0, uit.stderr[-3000:]
    na = json.loads(uit.stdout.strip().splitlines()[-1])

    # The PDF cache moved to the documenten app on its own table: every render is still read,
    # and the content type (permissions, the admin's log) moved along.
    assert na["pdf_documenten"] == [
        ["plan", "oud-plan", "klaar", "pdf-cache/2015/oud-plan.pdf", 12, {}, None],
        ["rapport", "oud-plan", "wachtrij", "", None, {"periode": "2015-Q2"}, "besteller"],
    ]
    assert na["pdf_inhoudstype"] == ["documenten"]
    assert na["planvorm"] == "speerpunt-thema-activiteit"
    assert na["niveaus"] == ["Speerpunt", "Thema", "Activiteit"]
    assert na["rapportageniveau"] == "Thema"
    assert na["partners_label"] == "Betrokken partners"  # the plan's own row label
    assert na["hoofdstukken"][:2] == [
        "Inleiding",
        "Uitgangspunten, kernwaarden en organisatie van hulp",
    ]
    # The speerpunt became an item of level 1, its history record came along.
    assert na["speerpunt"] == ["1", "Burgerkracht", 1]
    assert na["thema"] == {
        "code": "7",
        "pad": "00001.00007",
        "schaal_label": "R2D (Jeugdhulp en Wmo)",
        "prioriteit": "2",
        "teksten": {"planning": "2015-2016", "wie": "G. Poell"},
        "domeinen": ["Jeugdhulp", "Wmo"],
        "beleidsdoelen": ["Een actuele sociale kaart"],
    }
    assert na["activiteiten"] == [
        ["Inventariseren: *lijst*", "", ""],
        ["Publiceren", "31-12-2015", "datum"],
    ]
    assert na["rollen"] == [["partner", "CJG", ""], ["trekker", "T. Rekker", "Wmo"]]
    assert na["begroting"] == [["2500.00", "naar_rato", "2015-01-01", ["7"]]]
    assert na["overleg"] == ["7"]
    assert na["deelnames"] == [["Dorp", "deelnemer", "O"], ["Stad", "centrumgemeente", "O"]]
    assert na["inwoners"] == [["Dorp", 20000], ["Stad", 60000]]
    # The adopted report kept its text, its frozen weergave and its lock (the trigger came back
    # after SQLite rebuilt the table).
    assert na["rapport"] == {
        "vergrendeld": True,
        "tijd_tekst": "Op koers.",
        "update_geweigerd": True,
        "weergave": {"titel": "Sociale kaart", "speerpunt": "Burgerkracht", "beleidsdoelen": ["x"]},
    }
