import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _inhoudstype_verhuizen(apps, schema_editor):
    """The content type moves along, so permissions granted on PDF documents and the admin's
    log keep pointing at them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="documenten", model="pdfdocument").exists():
        ContentType.objects.filter(app_label="rapportage", model="pdfdocument").update(
            app_label="documenten"
        )


def _inhoudstype_terug(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="rapportage", model="pdfdocument").exists():
        ContentType.objects.filter(app_label="documenten", model="pdfdocument").update(
            app_label="rapportage"
        )


class Migration(migrations.Migration):
    """PdfDocument, moved here from rapportage: created in this app's state on the table it
    had there (rapportage_pdfdocument), which is neither created nor changed."""

    initial = True

    dependencies = [
        ("agenda", "0012_planvorm_versie"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("rapportage", "0015_pdfdocument_naar_documenten"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="PdfDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sleutel",
                            models.CharField(
                                max_length=64, unique=True, verbose_name="inhoudsversie"
                            ),
                        ),
                        ("soort", models.CharField(max_length=20, verbose_name="soort")),
                        (
                            "parameters",
                            models.JSONField(blank=True, default=dict, verbose_name="parameters"),
                        ),
                        (
                            "variant",
                            models.CharField(default="ua", max_length=10, verbose_name="variant"),
                        ),
                        (
                            "bestandsnaam",
                            models.CharField(max_length=200, verbose_name="bestandsnaam"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("wachtrij", "In de wachtrij"),
                                    ("bezig", "Wordt gemaakt"),
                                    ("klaar", "Klaar"),
                                    ("mislukt", "Mislukt"),
                                ],
                                default="wachtrij",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "onderdeel",
                            models.CharField(blank=True, max_length=200, verbose_name="bezig met"),
                        ),
                        (
                            "voortgang",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="voortgang (%)"
                            ),
                        ),
                        (
                            "paginas",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="pagina's"
                            ),
                        ),
                        (
                            "bestand",
                            models.FileField(
                                blank=True, upload_to="pdf-cache/%Y/", verbose_name="PDF"
                            ),
                        ),
                        (
                            "sha256",
                            models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
                        ),
                        ("foutmelding", models.TextField(blank=True, verbose_name="foutmelding")),
                        ("duur", models.FloatField(blank=True, null=True, verbose_name="duur (s)")),
                        (
                            "aangemaakt_op",
                            models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op"),
                        ),
                        (
                            "bijgewerkt_op",
                            models.DateTimeField(auto_now=True, verbose_name="bijgewerkt op"),
                        ),
                        (
                            "besteld_door",
                            models.ForeignKey(
                                blank=True,
                                help_text="Wie de render liet maken: één account kan de wachtrij niet vullen.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="besteld door",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pdf_documenten",
                                to="agenda.plan",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "PDF-document",
                        "verbose_name_plural": "PDF-documenten",
                        "db_table": "rapportage_pdfdocument",
                        "ordering": ["-aangemaakt_op"],
                    },
                ),
            ],
        ),
        migrations.RunPython(_inhoudstype_verhuizen, _inhoudstype_terug),
    ]
