"""Rendered PDF documents kept in storage, keyed on their content version, with render progress."""

from django.conf import settings
from django.db import models

from agenda.models import Plan


class PdfDocument(models.Model):
    """One rendered (or rendering) PDF; `sleutel` hashes the document, its options and content.

    A download whose key exists and is ready is served from storage; any change to what the
    document shows gives a new key, so a stale file is never served.
    """

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "In de wachtrij"
        BEZIG = "bezig", "Wordt gemaakt"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    sleutel = models.CharField("inhoudsversie", max_length=64, unique=True)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pdf_documenten")
    soort = models.CharField("soort", max_length=20)
    parameters = models.JSONField("parameters", default=dict, blank=True)
    variant = models.CharField("variant", max_length=10, default="ua")
    bestandsnaam = models.CharField("bestandsnaam", max_length=200)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.WACHTRIJ
    )
    onderdeel = models.CharField("bezig met", max_length=200, blank=True)
    voortgang = models.PositiveSmallIntegerField("voortgang (%)", default=0)
    paginas = models.PositiveIntegerField("pagina's", null=True, blank=True)
    bestand = models.FileField("PDF", upload_to="pdf-cache/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    foutmelding = models.TextField("foutmelding", blank=True)
    duur = models.FloatField("duur (s)", null=True, blank=True)
    besteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besteld door",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Wie de render liet maken: één account kan de wachtrij niet vullen.",
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    bijgewerkt_op = models.DateTimeField("bijgewerkt op", auto_now=True)

    class Meta:
        # The table it had when this model lived in rapportage: moving it changed no data.
        db_table = "rapportage_pdfdocument"
        verbose_name = "PDF-document"
        verbose_name_plural = "PDF-documenten"
        ordering = ["-aangemaakt_op"]

    def __str__(self):
        return f"{self.bestandsnaam} ({self.get_status_display().lower()})"
