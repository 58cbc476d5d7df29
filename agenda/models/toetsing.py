"""Holding a plan against a checklist of required components (e.g. the national requirements
for a regioplan beschermd wonen, seed 003). The checklist is data: others can be added."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .plan import Hoofdstuk, Onderdeel, Plan


class Toetsingskader(models.Model):
    naam = models.CharField("naam", max_length=300, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)
    bron = models.CharField("bron", max_length=300, blank=True)
    omschrijving = models.TextField("omschrijving", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "toetsingskader"
        verbose_name_plural = "toetsingskaders"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Toetsingseis(models.Model):
    kader = models.ForeignKey(Toetsingskader, on_delete=models.CASCADE, related_name="eisen")
    groep = models.CharField("groep", max_length=200, help_text="Bijv. “Het plan bevat minstens”.")
    code = models.SlugField("code", max_length=50)
    titel = models.TextField("eis")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    verplicht = models.BooleanField(
        "verplicht", default=True, help_text="Uit: een aandachtspunt, geen harde eis."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "eis van een toetsingskader"
        verbose_name_plural = "eisen van toetsingskaders"
        ordering = ["kader", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["kader", "code"], name="toetsingseis_code_uniek"),
        ]

    def __str__(self):
        return self.titel


class Toetsing(models.Model):
    """Where a plan covers one requirement: the items and chapters that do, and a note."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="toetsingen")
    eis = models.ForeignKey(Toetsingseis, on_delete=models.CASCADE, related_name="toetsingen")
    onderdelen = models.ManyToManyField(
        Onderdeel, verbose_name="onderdelen die eraan voldoen", blank=True, related_name="+"
    )
    hoofdstukken = models.ManyToManyField(
        Hoofdstuk, verbose_name="hoofdstukken die eraan voldoen", blank=True, related_name="+"
    )
    toelichting = models.TextField("toelichting", blank=True)
    history = HistoricalRecords(m2m_fields=[onderdelen, hoofdstukken])

    class Meta:
        verbose_name = "toetsing"
        verbose_name_plural = "toetsingen"
        ordering = ["plan", "eis__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "eis"], name="toetsing_uniek"),
        ]

    def __str__(self):
        return f"{self.plan}: {self.eis}"

    def clean(self):
        if (
            self.plan_id
            and self.eis_id
            and not self.plan.toetsingskaders.filter(pk=self.eis.kader_id).exists()
        ):
            raise ValidationError(
                {"eis": "Dit plan wordt niet aan het kader van deze eis getoetst."}
            )
