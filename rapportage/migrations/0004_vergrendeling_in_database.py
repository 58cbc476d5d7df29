"""An adopted (locked) theme report cannot be changed or deleted, whatever code tries.

Only the update that unlocks it (reopening the period) passes; SQLite and PostgreSQL alike.
"""

from django.db import migrations

MELDING = "Een vastgestelde rapportage kan niet gewijzigd worden; heropen eerst de periode."

SQLITE_AAN = [
    f"""CREATE TRIGGER themarapportage_vergrendeld_update
    BEFORE UPDATE ON rapportage_themarapportage
    FOR EACH ROW WHEN OLD.vergrendeld = 1 AND NEW.vergrendeld = 1
    BEGIN SELECT RAISE(ABORT, '{MELDING}'); END;""",
    f"""CREATE TRIGGER themarapportage_vergrendeld_delete
    BEFORE DELETE ON rapportage_themarapportage
    FOR EACH ROW WHEN OLD.vergrendeld = 1
    BEGIN SELECT RAISE(ABORT, '{MELDING}'); END;""",
]
SQLITE_UIT = [
    "DROP TRIGGER IF EXISTS themarapportage_vergrendeld_update;",
    "DROP TRIGGER IF EXISTS themarapportage_vergrendeld_delete;",
]
POSTGRES_AAN = [
    f"""CREATE OR REPLACE FUNCTION themarapportage_vergrendeld() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.vergrendeld THEN
            RAISE EXCEPTION '{MELDING}' USING ERRCODE = 'integrity_constraint_violation';
        ELSIF TG_OP = 'UPDATE' AND OLD.vergrendeld AND NEW.vergrendeld THEN
            RAISE EXCEPTION '{MELDING}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER themarapportage_vergrendeld
    BEFORE UPDATE OR DELETE ON rapportage_themarapportage
    FOR EACH ROW EXECUTE FUNCTION themarapportage_vergrendeld();""",
]
POSTGRES_UIT = [
    "DROP TRIGGER IF EXISTS themarapportage_vergrendeld ON rapportage_themarapportage;",
    "DROP FUNCTION IF EXISTS themarapportage_vergrendeld();",
]


def _uitvoeren(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0003_rapportagecyclus")]

    operations = [
        migrations.RunPython(
            _uitvoeren({"sqlite": SQLITE_AAN, "postgresql": POSTGRES_AAN}),
            _uitvoeren({"sqlite": SQLITE_UIT, "postgresql": POSTGRES_UIT}),
        ),
    ]
