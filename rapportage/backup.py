"""Backup and restore of an installation: the database and every stored file (the PDF archive).

A backup is a folder: `database.dump` (PostgreSQL, pg_dump's custom format) or `database.sqlite3`
(SQLite's online backup), `opslag/` with every file of the media storage (a local folder or S3,
read through Django's storage API), and `manifest.json` with each file's SHA-256.

The database is saved before the files: archived reports are never deleted, so every archive
file the database names is in the backup. A rendered document (a cache) deleted in between is
dropped from the restored database and rendered again when asked for.

Restoring needs an empty database, and checks every file against the manifest and every archived
report against the SHA-256 it was adopted with.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.dispatch import Signal

MANIFEST = "manifest.json"

# Sent after a restore's files are back and checked; each receiver tidies what it keeps of them
# and returns a dict of figures for the report (documenten forgets renders whose file is gone).
teruggezet = Signal()


class BackupFout(Exception):
    """Something that stops a backup or restore, said in Dutch."""


def _sha256(pad: Path) -> str:
    h = hashlib.sha256()
    with open(pad, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _pg_programma(naam: str) -> str:
    """pg_dump / pg_restore of the newest PostgreSQL installed (never older than the server)."""
    kandidaten = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{naam}"), key=_versie)
    if kandidaten:
        return str(kandidaten[-1])
    gevonden = shutil.which(naam)
    if gevonden is None:
        raise BackupFout(f"{naam} ontbreekt; installeer de PostgreSQL-clientprogramma's.")
    return gevonden


def _versie(pad: Path) -> float:
    try:
        return float(pad.parent.parent.name)
    except ValueError:
        return 0.0


def _pg_omgeving() -> tuple[list[str], dict]:
    d = connection.settings_dict
    args = ["--host", d["HOST"] or "localhost", "--port", str(d["PORT"] or 5432)]
    if d["USER"]:
        args += ["--username", d["USER"]]
    env = {**os.environ}
    if d["PASSWORD"]:
        env["PGPASSWORD"] = d["PASSWORD"]  # never on the command line, where ps shows it
    return args, env


def _bestanden(map_: str = ""):
    """Every file name in the media storage, recursively."""
    mappen, bestanden = default_storage.listdir(map_)
    for naam in bestanden:
        yield f"{map_}/{naam}" if map_ else naam
    for sub in mappen:
        yield from _bestanden(f"{map_}/{sub}" if map_ else sub)


def backup_maken(*, doel: Path) -> dict:
    """Write a backup into `doel` (a new or empty folder). Returns the manifest."""
    doel = Path(doel)
    if doel.exists() and any(doel.iterdir()):
        raise BackupFout(f"De map {doel} is niet leeg; kies een nieuwe map voor de backup.")
    (doel / "opslag").mkdir(parents=True, exist_ok=True)

    if connection.vendor == "postgresql":
        args, env = _pg_omgeving()
        database = "database.dump"
        resultaat = subprocess.run(
            [_pg_programma("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges"]
            + ["--file", str(doel / database), connection.settings_dict["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if resultaat.returncode:
            raise BackupFout(f"pg_dump mislukte: {resultaat.stderr.strip()}")
    elif connection.vendor == "sqlite":
        database = "database.sqlite3"
        if connection.in_atomic_block:
            raise BackupFout(
                "Een backup van SQLite wordt buiten een transactie gemaakt: binnen een transactie "
                "wacht hij op zijn eigen schrijfslot."
            )
        connection.ensure_connection()
        with sqlite3.connect(doel / database) as kopie:
            connection.connection.backup(kopie)
        kopie.close()
    else:
        raise BackupFout(f"Geen backup voor database {connection.vendor!r}.")

    bestanden = {}
    try:
        namen = sorted(_bestanden())
    except FileNotFoundError:  # a local media folder that nothing was stored in yet
        namen = []
    for naam in namen:
        pad = doel / "opslag" / naam
        pad.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(naam, "rb") as bron, open(pad, "wb") as uit:
            shutil.copyfileobj(bron, uit)
        bestanden[naam] = {"sha256": _sha256(pad), "grootte": pad.stat().st_size}
    manifest = {
        "gemaakt_op": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
        "bestanden": bestanden,
    }
    (doel / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _database_leeg() -> bool:
    return not connection.introspection.table_names()


def backup_terugzetten(*, bron: Path) -> dict:
    """Restore a backup into an empty database and the configured storage; returns counts."""
    bron = Path(bron)
    try:
        manifest = json.loads((bron / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupFout(f"{bron} is geen backup: {MANIFEST} ontbreekt.") from None
    for naam, gegevens in manifest["bestanden"].items():
        pad = bron / "opslag" / naam
        if not pad.is_file() or _sha256(pad) != gegevens["sha256"]:
            raise BackupFout(f"Het bestand {naam} in de backup is beschadigd of ontbreekt.")
    if not _database_leeg():
        raise BackupFout(
            "De database is niet leeg. Zet een backup alleen terug in een nieuwe, lege database."
        )

    database = bron / manifest["database"]
    if manifest["database"] == "database.dump":
        if connection.vendor != "postgresql":
            raise BackupFout("Deze backup is van PostgreSQL; stel DATABASE_URL in op PostgreSQL.")
        args, env = _pg_omgeving()
        resultaat = subprocess.run(
            [_pg_programma("pg_restore"), *args, "--no-owner", "--no-privileges"]
            + ["--single-transaction", "--exit-on-error"]
            + ["--dbname", connection.settings_dict["NAME"], str(database)],
            env=env,
            capture_output=True,
            text=True,
        )
        if resultaat.returncode:
            raise BackupFout(f"pg_restore mislukte: {resultaat.stderr.strip()}")
    else:
        if connection.vendor != "sqlite":
            raise BackupFout("Deze backup is van SQLite; stel DATABASE_URL in op SQLite.")
        connection.ensure_connection()
        with sqlite3.connect(database) as origineel:
            origineel.backup(connection.connection)
        origineel.close()

    teruggezet = 0
    for naam, gegevens in manifest["bestanden"].items():
        if default_storage.exists(naam):
            with default_storage.open(naam, "rb") as bestaand:
                if hashlib.sha256(bestaand.read()).hexdigest() == gegevens["sha256"]:
                    continue
            raise BackupFout(f"De opslag heeft al een ander bestand {naam}; kies een lege opslag.")
        with open(bron / "opslag" / naam, "rb") as f:
            opgeslagen = default_storage.save(naam, File(f))
        if opgeslagen != naam:
            raise BackupFout(f"{naam} is opgeslagen als {opgeslagen}; de opslag is niet leeg.")
        teruggezet += 1
    return {"bestanden": teruggezet, **_controleren()}


def _controleren() -> dict:
    """Every archived report has its file with the SHA-256 it was adopted with; the apps that
    keep other files are told to check theirs (`teruggezet`)."""
    from .models import GearchiveerdRapport

    archief = 0
    for rapport in GearchiveerdRapport.objects.all():
        if not default_storage.exists(rapport.bestand.name):
            raise BackupFout(f"Het archiefbestand {rapport.bestand.name} ontbreekt.")
        with default_storage.open(rapport.bestand.name, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != rapport.sha256:
                raise BackupFout(f"Het archiefbestand {rapport.bestand.name} is gewijzigd.")
        archief += 1
    resultaat = {"archief": archief}
    for _ontvanger, cijfers in teruggezet.send(sender=None):
        resultaat.update(cijfers or {})
    return resultaat
