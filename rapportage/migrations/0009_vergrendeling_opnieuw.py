"""SQLite rebuilds a table to alter a column and loses its triggers on the way: install the lock
triggers of 0004 again (PostgreSQL keeps them; there this is a no-op re-creation)."""

import importlib

from django.db import migrations

vergrendeling = importlib.import_module("rapportage.migrations.0004_vergrendeling_in_database")


def opnieuw(apps, schema_editor):
    statements = {
        "sqlite": vergrendeling.SQLITE_UIT + vergrendeling.SQLITE_AAN,
        "postgresql": vergrendeling.POSTGRES_UIT + vergrendeling.POSTGRES_AAN,
    }
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0008_vormen_en_onderdelen")]

    operations = [migrations.RunPython(opnieuw, migrations.RunPython.noop)]
