import os
import subprocess
import sys

from django.conf import settings

CODE = "import django, sys; django.setup(); from django.conf import settings as s; print(s.{})"


def _laad(omgeving, expressie):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"} and not k.startswith(("OIDC_", "S3_"))
    }
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


def test_s3_storage_needs_a_bucket():
    resultaat = _laad({"DEBUG": "true", "MEDIA_STORAGE": "s3"}, "STORAGES")
    assert "S3_BUCKET must be set when MEDIA_STORAGE is s3" in resultaat.stderr


def test_s3_storage_from_the_environment():
    resultaat = _laad(
        {
            "DEBUG": "true",
            "MEDIA_STORAGE": "s3",
            "S3_BUCKET": "archief",
            "S3_ENDPOINT_URL": "https://s3.gemeente.example",
        },
        "STORAGES['default']['OPTIONS']['bucket_name'], s.STORAGES['default']['OPTIONS']['endpoint_url']",
    )
    assert resultaat.stdout.strip() == "archief https://s3.gemeente.example"


def test_unknown_storage_is_a_clear_error():
    resultaat = _laad({"DEBUG": "true", "MEDIA_STORAGE": "ftp"}, "STORAGES")
    assert "MEDIA_STORAGE must be local or s3, not 'ftp'" in resultaat.stderr


def test_an_identity_provider_needs_all_its_endpoints():
    resultaat = _laad(
        {"DEBUG": "true", "OIDC_RP_CLIENT_ID": "agenda", "OIDC_RP_CLIENT_SECRET": "x"},
        "OIDC_AAN",
    )
    assert "these must be set too: OIDC_OP_AUTHORIZATION_ENDPOINT" in resultaat.stderr


def test_without_an_identity_provider_only_local_accounts():
    resultaat = _laad({"DEBUG": "true"}, "AUTHENTICATION_BACKENDS")
    assert resultaat.stdout.strip() == (
        "['axes.backends.AxesStandaloneBackend', 'django.contrib.auth.backends.ModelBackend']"
    )


PRODUCTIE = {
    "DEBUG": "false",
    "SECRET_KEY": "p8Zq-1vW9xR3kL0mN7bT2yH5cF4jD6sA8gE1uI3oP9wQ2zX7vB5nM4",
    "ALLOWED_HOSTS": "agenda.example.nl",
    "CSRF_TRUSTED_ORIGINS": "https://agenda.example.nl",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.nl",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
    "TRUSTED_PROXIES": "1",
}


def _check_deploy(omgeving):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    # What the test run itself sets (the browser tests allow async-unsafe calls) is no
    # production setting.
    env = {
        k: v
        for k, v in env.items()
        if not k.startswith(("EMAIL_", "SECURE_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(omgeving)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings():
    """README's production settings pass every deployment check, Django's and ours."""
    resultaat = _check_deploy(PRODUCTIE)
    assert resultaat.returncode == 0, resultaat.stdout + resultaat.stderr
    assert "System check identified no issues" in resultaat.stdout


def test_check_deploy_warns_when_mail_would_not_be_sent():
    resultaat = _check_deploy({**PRODUCTIE, "EMAIL_BACKEND": ""})
    assert resultaat.returncode != 0
    assert "regio.W001" in resultaat.stderr
