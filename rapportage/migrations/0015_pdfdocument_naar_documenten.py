from django.db import migrations


class Migration(migrations.Migration):
    """PdfDocument moved to the documenten app (documenten.0001): it leaves this app's state
    only, its table (rapportage_pdfdocument) and every row in it stay where they are."""

    dependencies = [
        ("rapportage", "0014_pdf_besteld_door"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PdfDocument")],
            database_operations=[],
        ),
    ]
