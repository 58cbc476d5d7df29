"""Organisations become parties (one notion of whoever acts: gemeente, werkgroep, organisation);
their old "soort" is the organisation's type."""

from django.db import migrations


class Migration(migrations.Migration):
    # After every migration that still names the organisation model by its old name.
    dependencies = [("regio", "0002_alleen_beheerder_in_admin"), ("agenda", "0006_lijstniveau")]

    operations = [
        migrations.RenameModel("Organisatie", "Partij"),
        migrations.RenameModel("HistoricalOrganisatie", "HistoricalPartij"),
        migrations.RenameField("Partij", "soort", "organisatietype"),
        migrations.RenameField("HistoricalPartij", "soort", "organisatietype"),
    ]
