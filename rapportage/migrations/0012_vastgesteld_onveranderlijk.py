"""Adopted is immutable, in the database, on SQLite and PostgreSQL alike.

- An adopted period: no change and no deletion; the only way back is reopening, which needs a
  new Heropening row (who and why) and counts it in `aantal_heropeningen`, with every text
  unchanged. A period is adopted only with all its reports locked.
- A locked report, or any report of an adopted period: no change, no deletion, no new report;
  unlocking changes nothing else and needs the period open again (so: reopened).
- Archived PDFs (with their SHA-256), reopenings and the history of the cycle's records are
  append-only: no UPDATE, no DELETE.

Replaces the row trigger of 0004, which let `SET vergrendeld=0, tijd_tekst='X'` through (0009
installed it once more on SQLite after the report table was rebuilt for `onderdeel`). These are the
final triggers: a later migration that makes SQLite rebuild one of these tables must install them
again (see 0009).
"""

import importlib

from django.db import migrations, models

VASTGESTELD = "Een vastgestelde periode kan niet gewijzigd worden; heropen hem eerst."
VERGRENDELD = "Een vastgestelde rapportage kan niet gewijzigd worden; heropen eerst de periode."
ALLEEN_TOEVOEGEN = "Dit is een blijvend verslag: regels worden toegevoegd, nooit gewijzigd of verwijderd."
NIET_ALLES_VERGRENDELD = "Een periode wordt pas vastgesteld als al haar rapportages vergrendeld zijn."

# Tables that only grow: the archive, the reopenings and the cycle's history.
ALLEEN_TOEVOEGEN_TABELLEN = [
    "rapportage_gearchiveerdrapport",
    "rapportage_heropening",
    "rapportage_historicalrapportageperiode",
    "rapportage_historicalthemarapportage",
    "rapportage_historicalheropening",
    "rapportage_historicalgearchiveerdrapport",
]

# SQLite has no row comparison: every column that may not change, by name.
PERIODE_INHOUD = ["id", "plan_id", "jaar", "kwartaal", "titel", "deadline", "inleiding", "samenvatting"]
RAPPORT_INHOUD = [
    "id", "periode_id", "onderdeel_id", "status", "weergave",
    "tijd_smiley", "tijd_tekst", "kosten_smiley", "kosten_tekst",
    "bijzonderheden_smiley", "bijzonderheden_tekst",
    "ingevuld_door_id", "ingevuld_op", "gekopieerd", "opmerking_manager", "overgenomen_uit_id",
]  # fmt: skip


def _gelijk(kolommen):
    return " AND ".join(f"NEW.{k} IS OLD.{k}" for k in kolommen)


def _periodestatus(kolom):
    return f"(SELECT status FROM rapportage_rapportageperiode WHERE id = {kolom})"


def _weiger(melding):
    return f"BEGIN SELECT RAISE(ABORT, '{melding}'); END;"


SQLITE_AAN = [
    "DROP TRIGGER IF EXISTS themarapportage_vergrendeld_update;",
    "DROP TRIGGER IF EXISTS themarapportage_vergrendeld_delete;",
    f"""CREATE TRIGGER rapportageperiode_vastgesteld_update
    BEFORE UPDATE ON rapportage_rapportageperiode FOR EACH ROW WHEN
        (OLD.status = 'vastgesteld' AND NOT ({_gelijk(PERIODE_INHOUD)} AND (
            (NEW.status = 'vastgesteld' AND NEW.vastgesteld_op IS OLD.vastgesteld_op
             AND NEW.aantal_heropeningen IS OLD.aantal_heropeningen)
            OR (NEW.status = 'open' AND NEW.vastgesteld_op IS NULL
                AND NEW.aantal_heropeningen = OLD.aantal_heropeningen + 1
                AND (SELECT COUNT(*) FROM rapportage_heropening WHERE periode_id = OLD.id)
                    >= NEW.aantal_heropeningen))))
        OR (OLD.status <> 'vastgesteld' AND NEW.aantal_heropeningen IS NOT OLD.aantal_heropeningen)
    {_weiger(VASTGESTELD)}""",
    f"""CREATE TRIGGER rapportageperiode_vastgesteld_alles_vergrendeld
    BEFORE UPDATE ON rapportage_rapportageperiode FOR EACH ROW WHEN
        OLD.status <> 'vastgesteld' AND NEW.status = 'vastgesteld'
        AND EXISTS (SELECT 1 FROM rapportage_themarapportage
                    WHERE periode_id = NEW.id AND vergrendeld = 0)
    {_weiger(NIET_ALLES_VERGRENDELD)}""",
    f"""CREATE TRIGGER rapportageperiode_vastgesteld_delete
    BEFORE DELETE ON rapportage_rapportageperiode FOR EACH ROW WHEN OLD.status = 'vastgesteld'
    {_weiger(VASTGESTELD)}""",
    f"""CREATE TRIGGER themarapportage_vastgesteld_insert
    BEFORE INSERT ON rapportage_themarapportage FOR EACH ROW WHEN
        {_periodestatus("NEW.periode_id")} = 'vastgesteld'
    {_weiger(VERGRENDELD)}""",
    f"""CREATE TRIGGER themarapportage_vastgesteld_update
    BEFORE UPDATE ON rapportage_themarapportage FOR EACH ROW WHEN
        (OLD.vergrendeld = 1 OR {_periodestatus("OLD.periode_id")} = 'vastgesteld')
        AND NOT ({_gelijk(RAPPORT_INHOUD)} AND (
            (NEW.vergrendeld IS OLD.vergrendeld AND NEW.versie IS OLD.versie)
            OR (OLD.vergrendeld = 1 AND NEW.vergrendeld = 0
                AND {_periodestatus("OLD.periode_id")} = 'open')))
    {_weiger(VERGRENDELD)}""",
    f"""CREATE TRIGGER themarapportage_vastgesteld_delete
    BEFORE DELETE ON rapportage_themarapportage FOR EACH ROW WHEN
        OLD.vergrendeld = 1 OR {_periodestatus("OLD.periode_id")} = 'vastgesteld'
    {_weiger(VERGRENDELD)}""",
    *[
        f"""CREATE TRIGGER {tabel}_alleen_toevoegen_{actie.lower()}
        BEFORE {actie} ON {tabel} FOR EACH ROW {_weiger(ALLEEN_TOEVOEGEN)}"""
        for tabel in ALLEEN_TOEVOEGEN_TABELLEN
        for actie in ("UPDATE", "DELETE")
    ],
]
SQLITE_UIT = [
    "DROP TRIGGER IF EXISTS rapportageperiode_vastgesteld_update;",
    "DROP TRIGGER IF EXISTS rapportageperiode_vastgesteld_alles_vergrendeld;",
    "DROP TRIGGER IF EXISTS rapportageperiode_vastgesteld_delete;",
    "DROP TRIGGER IF EXISTS themarapportage_vastgesteld_insert;",
    "DROP TRIGGER IF EXISTS themarapportage_vastgesteld_update;",
    "DROP TRIGGER IF EXISTS themarapportage_vastgesteld_delete;",
    *[
        f"DROP TRIGGER IF EXISTS {tabel}_alleen_toevoegen_{actie.lower()};"
        for tabel in ALLEEN_TOEVOEGEN_TABELLEN
        for actie in ("UPDATE", "DELETE")
    ],
]


def _pg_weiger(melding):
    return f"RAISE EXCEPTION '{melding}' USING ERRCODE = 'integrity_constraint_violation';"


POSTGRES_AAN = [
    "DROP TRIGGER IF EXISTS themarapportage_vergrendeld ON rapportage_themarapportage;",
    "DROP FUNCTION IF EXISTS themarapportage_vergrendeld();",
    f"""CREATE OR REPLACE FUNCTION rapportageperiode_vastgesteld() RETURNS trigger AS $$
    DECLARE
        inhoud rapportage_rapportageperiode%ROWTYPE;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status = 'vastgesteld' THEN {_pg_weiger(VASTGESTELD)} END IF;
            RETURN OLD;
        END IF;
        IF OLD.status <> 'vastgesteld' THEN
            IF NEW.aantal_heropeningen IS DISTINCT FROM OLD.aantal_heropeningen THEN
                {_pg_weiger(VASTGESTELD)}
            END IF;
            IF NEW.status = 'vastgesteld' AND EXISTS (
                SELECT 1 FROM rapportage_themarapportage
                WHERE periode_id = NEW.id AND NOT vergrendeld
            ) THEN
                {_pg_weiger(NIET_ALLES_VERGRENDELD)}
            END IF;
            RETURN NEW;
        END IF;
        IF NEW IS NOT DISTINCT FROM OLD THEN RETURN NEW; END IF;
        -- Reopening: status, date and count change, nothing else.
        inhoud := NEW;
        inhoud.status := OLD.status;
        inhoud.vastgesteld_op := OLD.vastgesteld_op;
        inhoud.aantal_heropeningen := OLD.aantal_heropeningen;
        IF inhoud IS DISTINCT FROM OLD
            OR NEW.status <> 'open' OR NEW.vastgesteld_op IS NOT NULL
            OR NEW.aantal_heropeningen <> OLD.aantal_heropeningen + 1
            OR (SELECT count(*) FROM rapportage_heropening WHERE periode_id = OLD.id)
                < NEW.aantal_heropeningen
        THEN
            {_pg_weiger(VASTGESTELD)}
        END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER rapportageperiode_vastgesteld
    BEFORE UPDATE OR DELETE ON rapportage_rapportageperiode
    FOR EACH ROW EXECUTE FUNCTION rapportageperiode_vastgesteld();""",
    f"""CREATE OR REPLACE FUNCTION themarapportage_vastgesteld() RETURNS trigger AS $$
    DECLARE
        inhoud rapportage_themarapportage%ROWTYPE;
        periodestatus text;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT status INTO periodestatus FROM rapportage_rapportageperiode
            WHERE id = NEW.periode_id;
            IF periodestatus = 'vastgesteld' THEN {_pg_weiger(VERGRENDELD)} END IF;
            RETURN NEW;
        END IF;
        SELECT status INTO periodestatus FROM rapportage_rapportageperiode
        WHERE id = OLD.periode_id;
        IF TG_OP = 'DELETE' THEN
            IF OLD.vergrendeld OR periodestatus = 'vastgesteld' THEN
                {_pg_weiger(VERGRENDELD)}
            END IF;
            RETURN OLD;
        END IF;
        IF NOT OLD.vergrendeld AND periodestatus IS DISTINCT FROM 'vastgesteld' THEN
            RETURN NEW;
        END IF;
        IF NEW IS NOT DISTINCT FROM OLD THEN RETURN NEW; END IF;
        -- Unlocking after a reopening: the lock and the version change, nothing else.
        inhoud := NEW;
        inhoud.vergrendeld := OLD.vergrendeld;
        inhoud.versie := OLD.versie;
        IF NOT (OLD.vergrendeld AND NOT NEW.vergrendeld AND periodestatus = 'open'
                AND inhoud IS NOT DISTINCT FROM OLD) THEN
            {_pg_weiger(VERGRENDELD)}
        END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER themarapportage_vastgesteld
    BEFORE INSERT OR UPDATE OR DELETE ON rapportage_themarapportage
    FOR EACH ROW EXECUTE FUNCTION themarapportage_vastgesteld();""",
    f"""CREATE OR REPLACE FUNCTION rapportage_alleen_toevoegen() RETURNS trigger AS $$
    BEGIN {_pg_weiger(ALLEEN_TOEVOEGEN)} END; $$ LANGUAGE plpgsql;""",
    *[
        f"""CREATE TRIGGER {tabel}_alleen_toevoegen BEFORE UPDATE OR DELETE ON {tabel}
        FOR EACH ROW EXECUTE FUNCTION rapportage_alleen_toevoegen();"""
        for tabel in ALLEEN_TOEVOEGEN_TABELLEN
    ],
]
POSTGRES_UIT = [
    "DROP TRIGGER IF EXISTS rapportageperiode_vastgesteld ON rapportage_rapportageperiode;",
    "DROP FUNCTION IF EXISTS rapportageperiode_vastgesteld();",
    "DROP TRIGGER IF EXISTS themarapportage_vastgesteld ON rapportage_themarapportage;",
    "DROP FUNCTION IF EXISTS themarapportage_vastgesteld();",
    *[
        f"DROP TRIGGER IF EXISTS {tabel}_alleen_toevoegen ON {tabel};"
        for tabel in ALLEEN_TOEVOEGEN_TABELLEN
    ],
    "DROP FUNCTION IF EXISTS rapportage_alleen_toevoegen();",
]

# The triggers of 0004, for going back.
SQLITE_0004 = [
    f"""CREATE TRIGGER themarapportage_vergrendeld_update
    BEFORE UPDATE ON rapportage_themarapportage
    FOR EACH ROW WHEN OLD.vergrendeld = 1 AND NEW.vergrendeld = 1
    {_weiger(VERGRENDELD)}""",
    f"""CREATE TRIGGER themarapportage_vergrendeld_delete
    BEFORE DELETE ON rapportage_themarapportage
    FOR EACH ROW WHEN OLD.vergrendeld = 1
    {_weiger(VERGRENDELD)}""",
]
POSTGRES_0004 = [
    f"""CREATE OR REPLACE FUNCTION themarapportage_vergrendeld() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.vergrendeld THEN {_pg_weiger(VERGRENDELD)}
        ELSIF TG_OP = 'UPDATE' AND OLD.vergrendeld AND NEW.vergrendeld THEN {_pg_weiger(VERGRENDELD)}
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER themarapportage_vergrendeld
    BEFORE UPDATE OR DELETE ON rapportage_themarapportage
    FOR EACH ROW EXECUTE FUNCTION themarapportage_vergrendeld();""",
]

AAN = {"sqlite": SQLITE_AAN, "postgresql": POSTGRES_AAN}
UIT = {"sqlite": SQLITE_UIT, "postgresql": POSTGRES_UIT}


def triggers_aan(connection):
    with connection.cursor() as cursor:
        for sql in AAN.get(connection.vendor, []):
            cursor.execute(sql)


def triggers_uit(connection):
    with connection.cursor() as cursor:
        for sql in UIT.get(connection.vendor, []):
            cursor.execute(sql)


def _heropeningen_tellen(apps, schema_editor):
    """Periods reopened before this migration: their count starts at what was recorded."""
    Rapportageperiode = apps.get_model("rapportage", "Rapportageperiode")
    for periode in Rapportageperiode.objects.filter(heropeningen__isnull=False).distinct():
        Rapportageperiode.objects.filter(pk=periode.pk).update(
            aantal_heropeningen=periode.heropeningen.count()
        )


def aan(apps, schema_editor):
    _heropeningen_tellen(apps, schema_editor)
    triggers_aan(schema_editor.connection)


def uit(apps, schema_editor):
    triggers_uit(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        for sql in {"sqlite": SQLITE_0004, "postgresql": POSTGRES_0004}.get(
            schema_editor.connection.vendor, []
        ):
            cursor.execute(sql)



# SQLite rebuilds the period table to add its column, and refuses to while the measurement
# triggers of 0011 name that table: they are set aside for the rebuild and installed again.
metingen = importlib.import_module("rapportage.migrations.0011_metingen_vergrendeld")


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('rapportage', '0011_metingen_vergrendeld'),
    ]

    operations = [
        migrations.RunPython(_sqlite(metingen.SQLITE_UIT), _sqlite(metingen.SQLITE_AAN)),
        migrations.AddField(
            model_name='historicalrapportageperiode',
            name='aantal_heropeningen',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Telt de heropeningen: de database laat een vastgestelde periode alleen weer open gaan met een nieuwe, vastgelegde heropening (wie en waarom).', verbose_name='aantal heropeningen'),
        ),
        migrations.AddField(
            model_name='rapportageperiode',
            name='aantal_heropeningen',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Telt de heropeningen: de database laat een vastgestelde periode alleen weer open gaan met een nieuwe, vastgelegde heropening (wie en waarom).', verbose_name='aantal heropeningen'),
        ),
        migrations.RunPython(aan, uit),
        migrations.RunPython(_sqlite(metingen.SQLITE_AAN), _sqlite(metingen.SQLITE_UIT)),
    ]
