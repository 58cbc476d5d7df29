"""Starting the app's own processes (web server, task worker, an identity provider) for the
tests that check how they work together, on loopback only, and stopping them again."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

PROJECT = Path(settings.BASE_DIR)
PYTHON = sys.executable
BIN = Path(sys.executable).parent


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The URL of the database the tests use now (pytest-django's test database)."""
    d = connection.settings_dict
    if connection.vendor == "postgresql":
        gebruiker = d["USER"] or "postgres"
        wachtwoord = f":{d['PASSWORD']}" if d["PASSWORD"] else ""
        return f"postgres://{gebruiker}{wachtwoord}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"
    return f"sqlite:///{d['NAME']}"


def omgeving(**extra) -> dict:
    """Environment for a child process: production settings, this test's database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "OIDC_", "S3_", "MEDIA_", "TASKS_", "DJANGO_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="alleen-voor-de-tests",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_FORMAT="json",
        # Plain HTTP on loopback: no TLS in front of these servers.
        SECURE_SSL_REDIRECT="false",
        PATH=f"{BIN}:{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


@contextmanager
def proces(args, *, env, log: Path, cwd=PROJECT):
    """Run a process for the duration of the block; its output goes to `log`."""
    with open(log, "wb") as uit:
        p = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=uit, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield p
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()


def wacht_op(url: str, *, proces=None, log: Path | None = None, seconden: float = 60) -> None:
    """Until `url` answers (any HTTP status); fails early when the process has died."""
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if proces is not None and proces.poll() is not None:
            uitvoer = log.read_text(errors="replace")[-3000:] if log else ""
            raise AssertionError(f"{proces.args} stopped with {proces.returncode}:\n{uitvoer}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconden} s")


def json_regels(log: Path) -> list[dict]:
    """The structured log lines a process wrote (other output is skipped)."""
    regels = []
    for regel in log.read_text(errors="replace").splitlines():
        if regel.startswith("{"):
            try:
                regels.append(json.loads(regel))
            except json.JSONDecodeError:
                continue
    return regels


@contextmanager
def verse_database(tmp_path: Path):
    """A new, empty database beside the test database: a file for SQLite, a database on the
    same server for PostgreSQL (dropped afterwards)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'verse.sqlite3'}"
        return
    import uuid

    import psycopg2

    naam = f"vers_{uuid.uuid4().hex[:12]}"
    d = connection.settings_dict
    beheer = psycopg2.connect(
        dbname="postgres",
        user=d["USER"] or "postgres",
        password=d["PASSWORD"] or None,
        host=d["HOST"] or "127.0.0.1",
        port=d["PORT"] or 5432,
    )
    beheer.autocommit = True
    with beheer.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{naam}"')
    basis = database_url().rsplit("/", 1)[0]
    try:
        yield f"{basis}/{naam}"
    finally:
        with beheer.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        beheer.close()


def beheeropdracht(*args, env: dict) -> subprocess.CompletedProcess:
    """Run `manage.py <args>` in the given environment; fails with its output."""
    resultaat = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=PROJECT, capture_output=True, text=True
    )
    assert resultaat.returncode == 0, resultaat.stdout[-2000:] + resultaat.stderr[-3000:]
    return resultaat
