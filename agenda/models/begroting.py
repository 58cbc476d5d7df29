"""What a plan costs and how the gemeenten share it: budget lines and reserves.

A line is linked to any number of items; its share per gemeente is computed (agenda.begroting),
never typed, except when the gemeenten agreed amounts per gemeente (`Bijdrage`)."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from regio.models import Gemeente

from ..constants import KeuzelijstSoort, Verdeling
from .plan import Onderdeel, Plan, _van_planvorm
from .planvorm import Lijstwaarde

BEDRAG = {"max_digits": 14, "decimal_places": 2}


class Reserve(models.Model):
    """Money set aside (regioreserve, frictiebudget) on a reference date: what is committed to
    budget lines and what is left follow from the lines drawn from it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reserves")
    naam = models.CharField("naam", max_length=200)
    peildatum = models.DateField("peildatum")
    saldo = models.DecimalField("saldo op de peildatum (€)", **BEDRAG)
    toelichting = models.TextField("toelichting", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reserve"
        verbose_name_plural = "reserves"
        ordering = ["plan", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "naam"], name="reserve_naam_uniek"),
        ]

    def __str__(self):
        return self.naam


class Begrotingspost(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="begrotingsposten")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    omschrijving = models.CharField("omschrijving", max_length=500)
    bron = models.ForeignKey(
        Lijstwaarde,
        verbose_name="bron",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Bijv. regulier budget, regioreserve, rijksmiddelen.",
    )
    jaar_van = models.PositiveSmallIntegerField("van jaar", null=True, blank=True)
    jaar_tot_en_met = models.PositiveSmallIntegerField("tot en met jaar", null=True, blank=True)
    bedrag = models.DecimalField("bedrag (€)", null=True, blank=True, **BEDRAG)
    structureel = models.BooleanField(
        "structureel",
        null=True,
        blank=True,
        help_text="Ja: elk jaar. Nee: eenmalig (incidenteel). Leeg: het plan zegt het niet.",
    )
    verdeling = models.CharField(
        "verdeling", max_length=20, choices=Verdeling.choices, default=Verdeling.GEEN
    )
    peildatum = models.DateField(
        "peildatum inwonertal",
        null=True,
        blank=True,
        help_text="Bij verdeling naar rato: de inwonertallen van deze datum.",
    )
    reserve = models.ForeignKey(
        Reserve,
        verbose_name="ten laste van reserve",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posten",
    )
    onderdelen = models.ManyToManyField(
        Onderdeel, verbose_name="voor", blank=True, related_name="begrotingsposten"
    )
    toelichting = models.TextField("toelichting", blank=True)
    history = HistoricalRecords(m2m_fields=[onderdelen])

    class Meta:
        verbose_name = "begrotingspost"
        verbose_name_plural = "begrotingsposten"
        ordering = ["plan", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bedrag__isnull=True) | models.Q(bedrag__gte=0),
                name="begrotingspost_bedrag_niet_negatief",
            ),
            models.CheckConstraint(
                condition=models.Q(jaar_van__isnull=True)
                | models.Q(jaar_tot_en_met__isnull=True)
                | models.Q(jaar_tot_en_met__gte=models.F("jaar_van")),
                name="begrotingspost_jaren_oplopend",
            ),
        ]

    def __str__(self):
        return self.omschrijving

    @property
    def jaren(self) -> str:
        if self.jaar_van and self.jaar_tot_en_met and self.jaar_van != self.jaar_tot_en_met:
            return f"{self.jaar_van}–{self.jaar_tot_en_met}"
        return str(self.jaar_van or self.jaar_tot_en_met or "")

    def clean(self):
        fouten = {}
        if (
            self.bron is not None
            and self.plan_id
            and not _van_planvorm(self.bron, self.plan, KeuzelijstSoort.BRON)
        ):
            fouten["bron"] = "Kies een bron uit de lijst van de planvorm van dit plan."
        if self.verdeling == Verdeling.NAAR_RATO and not self.peildatum:
            fouten["peildatum"] = (
                "Naar rato verdelen gaat naar het inwonertal op een peildatum; vul die in."
            )
        if self.verdeling != Verdeling.GEEN and self.bedrag is None:
            fouten["bedrag"] = "Een verdeling heeft een bedrag nodig."
        if self.jaar_van and self.jaar_tot_en_met and self.jaar_tot_en_met < self.jaar_van:
            fouten["jaar_tot_en_met"] = "Het eindjaar ligt vóór het beginjaar."
        if self.reserve_id and self.plan_id and self.reserve.plan_id != self.plan_id:
            fouten["reserve"] = "Deze reserve hoort bij een ander plan."
        if fouten:
            raise ValidationError(fouten)


class Bijdrage(models.Model):
    """A gemeente's agreed share of a budget line (verdeling “per gemeente”)."""

    post = models.ForeignKey(Begrotingspost, on_delete=models.CASCADE, related_name="bijdragen")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    bedrag = models.DecimalField("bedrag (€)", **BEDRAG)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bijdrage van een gemeente"
        verbose_name_plural = "bijdragen van gemeenten"
        ordering = ["post", "gemeente__naam"]
        constraints = [
            models.UniqueConstraint(fields=["post", "gemeente"], name="bijdrage_uniek"),
            models.CheckConstraint(
                condition=models.Q(bedrag__gte=0), name="bijdrage_niet_negatief"
            ),
        ]

    def __str__(self):
        return f"{self.gemeente}: € {self.bedrag}"
