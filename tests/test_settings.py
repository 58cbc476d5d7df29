import os
import subprocess
import sys

from django.conf import settings

CODE = "import django, sys; django.setup(); from django.conf import settings as s; print(s.{})"


def _laad(omgeving, expressie):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    env.update(omgeving, DJANGO_SETTINGS_MODULE="transformatie.settings")
    return subprocess.run(
        [sys.executable, "-c", CODE.format(expressie)],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_secret_key_is_required_when_debug_is_off():
    resultaat = _laad({"DEBUG": "false"}, "SECRET_KEY")
    assert resultaat.returncode != 0
    assert "SECRET_KEY must be set" in resultaat.stderr


def test_debug_runs_without_secret_key():
    assert _laad({"DEBUG": "true"}, "DEBUG").stdout.strip() == "True"


def test_sqlite_file_by_default():
    resultaat = _laad({"DEBUG": "true"}, "DATABASES['default']['ENGINE']")
    assert resultaat.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    resultaat = _laad(
        {"DEBUG": "true", "DATABASE_URL": "postgres://gebruiker:ww@db.example:5433/agenda"},
        "DATABASES['default']['NAME'], s.DATABASES['default']['PORT']",
    )
    assert resultaat.stdout.strip() == "agenda 5433"


def test_invalid_boolean_is_a_clear_error():
    resultaat = _laad({"DEBUG": "misschien"}, "DEBUG")
    assert "DEBUG must be true or false" in resultaat.stderr


def test_dutch_and_amsterdam():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_excel_upload_limit_comes_from_the_environment():
    resultaat = _laad({"DEBUG": "true", "EXCEL_IMPORT_MAX_MB": "2.5"}, "EXCEL_IMPORT_MAX_BYTES")
    assert resultaat.stdout.strip() == str(int(2.5 * 1024 * 1024))
    assert _laad({"DEBUG": "true"}, "EXCEL_IMPORT_MAX_BYTES").stdout.strip() == str(
        10 * 1024 * 1024
    )
    fout = _laad({"DEBUG": "true", "EXCEL_IMPORT_MAX_MB": "tien"}, "EXCEL_IMPORT_MAX_BYTES")
    assert "EXCEL_IMPORT_MAX_MB must be a number, not 'tien'" in fout.stderr
