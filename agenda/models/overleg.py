"""The meeting structure (overlegstructuur) and the plan's numbered agenda lists."""

from django.db import models
from simple_history.models import HistoricalRecords

from regio.models import Subregio

from .plan import INHOUDSTITEL_UITLEG, Onderdeel, Plan


class Overlegsectie(models.Model):
    """A group of meetings as the plan prints them (chapter 3 and 4 tables)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="overlegsecties")
    hoofdstuk = models.PositiveSmallIntegerField("hoofdstuk")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    titel = models.CharField("titel", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sectie van de overlegstructuur"
        verbose_name_plural = "secties van de overlegstructuur"
        ordering = ["plan", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "titel"], name="overlegsectie_titel_uniek"),
        ]

    def __str__(self):
        return self.titel


class Overlegstructuur(models.Model):
    """A standing meeting, with the items of the plan on its agenda."""

    sectie = models.ForeignKey(Overlegsectie, on_delete=models.CASCADE, related_name="overleggen")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    nummer = models.CharField("nummer", max_length=20, help_text="Zoals gedrukt, bijv. “4.a”.")
    naam = models.CharField("naam", max_length=300)
    trekker = models.TextField("trekker", blank=True)
    deelnemers = models.TextField("deelnemende partijen", blank=True)
    frequentie = models.TextField("frequentie en data", blank=True)
    doelstelling = models.TextField("doelstelling", blank=True)
    agenda = models.TextField("agenda", blank=True, help_text="Zoals het plan de agenda noemt.")
    voetnoot = models.TextField("voetnoot", blank=True)
    onderdelen = models.ManyToManyField(
        Onderdeel, verbose_name="op de agenda", blank=True, related_name="overleggen"
    )
    history = HistoricalRecords(m2m_fields=[onderdelen])

    class Meta:
        verbose_name = "overleg"
        verbose_name_plural = "overlegstructuur"
        ordering = ["sectie", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["sectie", "volgorde"], name="overleg_volgorde_uniek"),
        ]

    def __str__(self):
        return f"{self.nummer} {self.naam}"


class Agendalijst(models.Model):
    """Lists 35 (subregional agenda) and 36 (local Wmo agendas) of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agendalijsten")
    nummer = models.PositiveSmallIntegerField("nummer")
    titel = models.CharField("titel", max_length=300)
    inhoudstitel = models.CharField(
        "titel in de inhoudsopgave", max_length=300, blank=True, help_text=INHOUDSTITEL_UITLEG
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "agendalijst"
        verbose_name_plural = "agendalijsten"
        ordering = ["plan", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="agendalijst_nummer_uniek"),
        ]

    def __str__(self):
        return f"{self.nummer}. {self.titel}"

    @property
    def inhoudsregel(self) -> str:
        """The list as the plan's contents prints it: “36. Lokale Wmo-agenda”."""
        return f"{self.nummer}. {self.inhoudstitel or self.titel}"


class Agendapunt(models.Model):
    lijst = models.ForeignKey(Agendalijst, on_delete=models.CASCADE, related_name="punten")
    nummer = models.PositiveSmallIntegerField("nummer")
    subregio = models.ForeignKey(
        Subregio, on_delete=models.PROTECT, null=True, blank=True, related_name="agendapunten"
    )
    omschrijving = models.TextField("omschrijving")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "agendapunt"
        verbose_name_plural = "agendapunten"
        ordering = ["lijst", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["lijst", "nummer"], name="agendapunt_nummer_uniek"),
        ]

    def __str__(self):
        return f"{self.nummer}. {self.omschrijving}"
