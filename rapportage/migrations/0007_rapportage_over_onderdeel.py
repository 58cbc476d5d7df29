"""A report is about an item of the plan's outline (a thema, a taak, an actiepunt)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0006_pdf_documenten"),
        ("agenda", "0007_thema_wordt_onderdeel"),
    ]

    operations = [
        migrations.RemoveConstraint("themarapportage", "themarapportage_uniek"),
        migrations.RenameField("ThemaRapportage", "thema", "onderdeel"),
        migrations.RenameField("HistoricalThemaRapportage", "thema", "onderdeel"),
    ]
