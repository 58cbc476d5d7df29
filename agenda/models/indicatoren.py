"""Indicators of an item and their measurements, entered by its trekker during the cycle."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from regio.models import Gemeente, Partij

from ..constants import Frequentie
from .plan import Onderdeel

WAARDE = {"max_digits": 16, "decimal_places": 2}


class Indicator(models.Model):
    onderdeel = models.ForeignKey(Onderdeel, on_delete=models.CASCADE, related_name="indicatoren")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    naam = models.CharField("naam", max_length=300)
    eenheid = models.CharField("eenheid", max_length=50, blank=True, help_text="Bijv. “%”.")
    bron = models.CharField("bron", max_length=300, blank=True)
    frequentie = models.CharField(
        "frequentie", max_length=10, choices=Frequentie.choices, default=Frequentie.KWARTAAL
    )
    streefwaarde = models.DecimalField("streefwaarde", null=True, blank=True, **WAARDE)
    streefjaar = models.PositiveSmallIntegerField("streefjaar", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        ordering = ["onderdeel", "volgorde", "pk"]

    def __str__(self):
        return self.naam

    def clean(self):
        if self.streefjaar and self.streefwaarde is None:
            raise ValidationError({"streefwaarde": "Bij een streefjaar hoort een streefwaarde."})


class Meting(models.Model):
    """One measured value: for the whole region, or for one gemeente or aanbieder.

    `periode` is the month (1–12) or quarter (1–4) of the year, as the indicator's frequency says;
    0 for a yearly measurement."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="metingen")
    jaar = models.PositiveSmallIntegerField("jaar")
    periode = models.PositiveSmallIntegerField("maand of kwartaal", default=0)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aanbieder = models.ForeignKey(
        Partij, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waarde = models.DecimalField("waarde", **WAARDE)
    toelichting = models.CharField("toelichting", max_length=500, blank=True)
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "meting"
        verbose_name_plural = "metingen"
        ordering = ["indicator", "jaar", "periode"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "jaar", "periode"],
                condition=models.Q(gemeente__isnull=True, aanbieder__isnull=True),
                name="meting_uniek_regio",
                violation_error_message="Voor deze periode is al een waarde ingevuld.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "jaar", "periode", "gemeente"],
                condition=models.Q(gemeente__isnull=False, aanbieder__isnull=True),
                name="meting_uniek_gemeente",
                violation_error_message="Voor deze gemeente en periode is al een waarde ingevuld.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "jaar", "periode", "aanbieder"],
                condition=models.Q(gemeente__isnull=True, aanbieder__isnull=False),
                name="meting_uniek_aanbieder",
                violation_error_message="Voor deze aanbieder en periode is al een waarde ingevuld.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "jaar", "periode", "gemeente", "aanbieder"],
                condition=models.Q(gemeente__isnull=False, aanbieder__isnull=False),
                name="meting_uniek_gemeente_aanbieder",
            ),
            models.CheckConstraint(
                condition=models.Q(periode__lte=12), name="meting_periode_hoogstens_12"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.waarde} ({self.periode_label})"

    @property
    def periode_label(self) -> str:
        frequentie = self.indicator.frequentie if self.indicator_id else Frequentie.KWARTAAL
        if frequentie == Frequentie.KWARTAAL and self.periode:
            return f"Q{self.periode} {self.jaar}"
        if frequentie == Frequentie.MAAND and self.periode:
            return f"{self.periode:02d}-{self.jaar}"
        return str(self.jaar)

    def clean(self):
        if not self.indicator_id:
            return
        grens = {Frequentie.MAAND: 12, Frequentie.KWARTAAL: 4, Frequentie.JAAR: 0}
        hoogste = grens[self.indicator.frequentie]
        if hoogste and not 1 <= self.periode <= hoogste:
            soort = "maand (1–12)" if hoogste == 12 else "kwartaal (1–4)"
            raise ValidationError({"periode": f"Kies een {soort}."})
        if not hoogste and self.periode:
            raise ValidationError({"periode": "Deze indicator wordt per jaar gemeten."})
