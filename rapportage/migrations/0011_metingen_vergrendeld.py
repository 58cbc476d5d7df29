"""The measurements of an adopted quarter cannot be changed, added or deleted, whatever code
tries, like the adopted reports themselves (0004). Reopening the period opens them again.

Which measurements a quarter holds (rapportage.metingen.perioden_van_kwartaal): an indicator
measured per quarter, that quarter; per month, its three months; per year, the year's value
with the fourth quarter.

0010 rebuilt the report table on SQLite, which drops its triggers: they are installed again.
"""

import importlib

from django.db import migrations

vergrendeling = importlib.import_module("rapportage.migrations.0004_vergrendeling_in_database")

MELDING = "De metingen van een vastgesteld kwartaal kunnen niet gewijzigd worden."


def _vastgesteld(rij: str) -> str:
    """SQL: the measurement `rij` (OLD or NEW) belongs to an adopted quarter of its plan."""
    return f"""EXISTS (
        SELECT 1 FROM agenda_indicator i
        JOIN agenda_onderdeel o ON o.id = i.onderdeel_id
        JOIN rapportage_rapportageperiode p ON p.plan_id = o.plan_id
        WHERE i.id = {rij}.indicator_id AND p.status = 'vastgesteld' AND p.jaar = {rij}.jaar
        AND ((i.frequentie = 'kwartaal' AND {rij}.periode = p.kwartaal)
          OR (i.frequentie = 'maand' AND ({rij}.periode + 2) / 3 = p.kwartaal)
          OR (i.frequentie = 'jaar' AND p.kwartaal = 4)))"""


SQLITE_AAN = [
    f"""CREATE TRIGGER meting_vastgesteld_insert BEFORE INSERT ON agenda_meting
    FOR EACH ROW WHEN {_vastgesteld("NEW")}
    BEGIN SELECT RAISE(ABORT, '{MELDING}'); END;""",
    f"""CREATE TRIGGER meting_vastgesteld_update BEFORE UPDATE ON agenda_meting
    FOR EACH ROW WHEN {_vastgesteld("OLD")} OR {_vastgesteld("NEW")}
    BEGIN SELECT RAISE(ABORT, '{MELDING}'); END;""",
    f"""CREATE TRIGGER meting_vastgesteld_delete BEFORE DELETE ON agenda_meting
    FOR EACH ROW WHEN {_vastgesteld("OLD")}
    BEGIN SELECT RAISE(ABORT, '{MELDING}'); END;""",
]
SQLITE_UIT = [
    "DROP TRIGGER IF EXISTS meting_vastgesteld_insert;",
    "DROP TRIGGER IF EXISTS meting_vastgesteld_update;",
    "DROP TRIGGER IF EXISTS meting_vastgesteld_delete;",
]
POSTGRES_AAN = [
    f"""CREATE OR REPLACE FUNCTION meting_vastgesteld() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND {_vastgesteld("OLD")} THEN
            RAISE EXCEPTION '{MELDING}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND {_vastgesteld("NEW")} THEN
            RAISE EXCEPTION '{MELDING}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER meting_vastgesteld
    BEFORE INSERT OR UPDATE OR DELETE ON agenda_meting
    FOR EACH ROW EXECUTE FUNCTION meting_vastgesteld();""",
]
POSTGRES_UIT = [
    "DROP TRIGGER IF EXISTS meting_vastgesteld ON agenda_meting;",
    "DROP FUNCTION IF EXISTS meting_vastgesteld();",
]


def _uitvoeren(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0010_eerste_kwartaal_vertrouwen")]

    operations = [
        migrations.RunPython(
            _uitvoeren(
                {
                    "sqlite": vergrendeling.SQLITE_UIT + vergrendeling.SQLITE_AAN,
                    "postgresql": vergrendeling.POSTGRES_UIT + vergrendeling.POSTGRES_AAN,
                }
            ),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            _uitvoeren({"sqlite": SQLITE_AAN, "postgresql": POSTGRES_AAN}),
            _uitvoeren({"sqlite": SQLITE_UIT, "postgresql": POSTGRES_UIT}),
        ),
    ]
