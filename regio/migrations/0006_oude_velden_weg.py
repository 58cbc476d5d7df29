"""Remove what agenda/regio's data migration carried over into the new structure."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("regio", "0005_gegevens_overzetten")]

    operations = [
        migrations.RemoveField(
            model_name='historicalgemeente',
            name='inwoners',
        ),
        migrations.RemoveField(
            model_name='historicalgemeente',
            name='regio',
        ),
        migrations.RemoveField(
            model_name='historicalgemeente',
            name='subregio',
        ),
        migrations.RemoveField(
            model_name='historicalregio',
            name='centrumgemeente',
        ),
        migrations.RemoveField(
            model_name='regio',
            name='centrumgemeente',
        ),
        migrations.RemoveField(
            model_name='gemeente',
            name='inwoners',
        ),
        migrations.RemoveField(
            model_name='gemeente',
            name='regio',
        ),
        migrations.RemoveField(
            model_name='gemeente',
            name='subregio',
        ),
    ]
