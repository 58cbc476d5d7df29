import re

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from regio.models import Organisatie, Persoon, Regio, Subregio

from .constants import (
    STANDAARD_RIJLABELS,
    FinancieringSoort,
    Lijstniveau,
    PlanStatus,
    Prioriteit,
    Schaal,
    ThemaRolSoort,
)

CURSIEF = re.compile(r"(?<!\*)\*([^*]+)\*(?!\*)")


class Plan(models.Model):
    """A region's meerjarenplan: introduction, principles, and the themes under its speerpunten."""

    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="plannen")
    slug = models.SlugField("slug", max_length=100, unique=True)
    titel = models.CharField("titel", max_length=300)
    jaar_van = models.PositiveSmallIntegerField("van jaar")
    jaar_tot_en_met = models.PositiveSmallIntegerField("tot en met jaar")
    status = models.CharField(
        "status", max_length=20, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    vastgesteld_op = models.DateField("vastgesteld op", null=True, blank=True)
    inleiding = models.TextField("inleiding", blank=True)
    uitgangspunten_inleiding = models.TextField("inleiding op de uitgangspunten", blank=True)
    uitgangspunten = models.TextField("uitgangspunten", blank=True)
    kernwaarden = models.TextField("kernwaarden", blank=True)
    organisatie_van_hulp = models.TextField("organisatie van hulp", blank=True)
    rijlabels = models.JSONField(
        "rijlabels",
        default=dict,
        blank=True,
        help_text="Hoe dit plan de rijen van een thematabel noemt, waar het afwijkt van de standaard.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "meerjarenplan"
        verbose_name_plural = "meerjarenplannen"
        ordering = ["regio", "-jaar_van"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jaar_tot_en_met__gte=models.F("jaar_van")),
                name="plan_periode_oplopend",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PlanStatus.VASTGESTELD, vastgesteld_op__isnull=True),
                name="plan_vastgesteld_met_datum",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def periode(self):
        return f"{self.jaar_van}-{self.jaar_tot_en_met}"

    def clean(self):
        if self.status == PlanStatus.VASTGESTELD and not self.vastgesteld_op:
            raise ValidationError({"vastgesteld_op": "Vul de datum van vaststelling in."})
        if self.jaar_van and self.jaar_tot_en_met and self.jaar_tot_en_met < self.jaar_van:
            raise ValidationError({"jaar_tot_en_met": "Het eindjaar ligt vóór het beginjaar."})

    def rijlabel(self, sleutel):
        return self.rijlabels.get(sleutel) or STANDAARD_RIJLABELS[sleutel]


class Speerpunt(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="speerpunten")
    nummer = models.PositiveSmallIntegerField("volgnummer")
    titel = models.CharField("titel", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "speerpunt"
        verbose_name_plural = "speerpunten"
        ordering = ["plan", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="speerpunt_nummer_uniek"),
        ]

    def __str__(self):
        return self.titel


class Thema(models.Model):
    """A numbered theme of the plan with every row (a-o) of its table."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themas")
    speerpunt = models.ForeignKey(Speerpunt, on_delete=models.PROTECT, related_name="themas")
    nummer = models.PositiveSmallIntegerField("nummer")
    titel = models.CharField("titel", max_length=300)
    schaal = models.CharField(
        "schaal", max_length=2, choices=Schaal.choices, default=Schaal.REGIONAAL
    )
    subregio = models.ForeignKey(
        Subregio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="themas",
        help_text="Alleen bij een subregionaal thema.",
    )
    jeugdhulp = models.BooleanField("Jeugdhulp", default=False)
    wmo = models.BooleanField("Wmo", default=False)
    participatie = models.BooleanField("Participatie", default=False)
    verantwoordelijk = models.TextField("verantwoordelijk", blank=True)
    partners = models.TextField("partners", blank=True, help_text="Zoals het plan ze noemt.")
    partner_organisaties = models.ManyToManyField(
        Organisatie, verbose_name="partnerorganisaties", blank=True, related_name="themas"
    )
    planning = models.TextField("planning", blank=True)
    meten = models.TextField("meten", blank=True)
    financien = models.TextField("financiën", blank=True)
    besluiten = models.TextField("besluiten", blank=True)
    rol_bedrijfsvoering = models.TextField("rol bedrijfsvoering", blank=True)
    rol_lokaal = models.TextField("rol lokaal", blank=True)
    overleg = models.TextField("overleg", blank=True)
    wie = models.TextField("wie", blank=True, help_text="Zoals het plan het schrijft.")
    prioriteit = models.PositiveSmallIntegerField(
        "prioriteit", choices=Prioriteit.choices, null=True, blank=True
    )
    prioriteit_tekst = models.CharField(
        "prioriteit zoals gedrukt", max_length=100, blank=True, help_text="Bijv. “1 (Wmo) 3 (J)”."
    )
    prioriteit_toelichting = models.TextField("reden van de prioriteit", blank=True)
    invullers = models.ManyToManyField(
        "regio.Gebruiker",
        verbose_name="ook in te vullen door",
        blank=True,
        related_name="toegewezen_themas",
        help_text="Accounts die de kwartaalrapportage van dit thema mogen invullen, naast de "
        "trekkers en de 1e aanspreekpersoon.",
    )
    rijlabels = models.JSONField(
        "afwijkende rijlabels",
        default=dict,
        blank=True,
        help_text="Alleen de rijen die dit thema anders noemt dan het plan.",
    )
    history = HistoricalRecords(m2m_fields=[partner_organisaties, invullers])

    class Meta:
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        ordering = ["plan", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="thema_nummer_uniek_in_plan"),
            models.CheckConstraint(
                condition=models.Q(prioriteit__isnull=True) | models.Q(prioriteit__in=[1, 2, 3]),
                name="thema_prioriteit_1_tot_3",
            ),
        ]

    def __str__(self):
        return f"{self.nummer}. {self.titel}"

    def clean(self):
        if self.speerpunt_id and self.plan_id and self.speerpunt.plan_id != self.plan_id:
            raise ValidationError({"speerpunt": "Dit speerpunt hoort bij een ander plan."})
        if self.subregio_id and self.schaal != Schaal.SUBREGIONAAL:
            raise ValidationError(
                {"subregio": "Alleen een subregionaal thema hoort bij een subregio."}
            )

    @property
    def decentralisaties(self):
        """The decentralisaties this theme touches, in the plan's order."""
        namen = [
            ("Jeugdhulp", self.jeugdhulp),
            ("Wmo", self.wmo),
            ("Participatie", self.participatie),
        ]
        return [naam for naam, raakt in namen if raakt]

    @property
    def schaal_label(self):
        """As the plan prints it: “R3D”, “R1D (Wmo)”, “R2D (Jeugdhulp en Wmo)”."""
        domeinen = self.decentralisaties
        code = f"{self.schaal}{len(domeinen)}D"
        if not domeinen or len(domeinen) == 3:
            return code
        return f"{code} ({' en '.join(domeinen)})"

    def rijlabel(self, sleutel):
        return self.rijlabels.get(sleutel) or self.plan.rijlabel(sleutel)

    @property
    def labels(self):
        """Every row's label as this theme prints it, for templates."""
        return {sleutel: self.rijlabel(sleutel) for sleutel in STANDAARD_RIJLABELS}

    @property
    def trekkers(self):
        """The people who lead this theme (uses prefetched roles)."""
        return [rol.persoon for rol in self.rollen.all() if rol.rol == ThemaRolSoort.TREKKER]


class ThemaItem(models.Model):
    """An item of one of a theme's ordered lists."""

    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    niveau = models.PositiveSmallIntegerField(
        "opmaak", choices=Lijstniveau.choices, default=Lijstniveau.PUNT
    )

    class Meta:
        abstract = True
        ordering = ["thema", "volgorde"]

    def __str__(self):
        return self.tekst


class Beleidsdoel(ThemaItem):
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="beleidsdoelen")
    tekst = models.TextField("beleidsdoel")
    history = HistoricalRecords()

    class Meta(ThemaItem.Meta):
        verbose_name = "beleidsdoel"
        verbose_name_plural = "beleidsdoelen"


class MaatschappelijkEffect(ThemaItem):
    thema = models.ForeignKey(
        Thema, on_delete=models.CASCADE, related_name="maatschappelijke_effecten"
    )
    tekst = models.TextField("maatschappelijk effect")
    history = HistoricalRecords()

    class Meta(ThemaItem.Meta):
        verbose_name = "maatschappelijk effect"
        verbose_name_plural = "maatschappelijke effecten"


class Activiteit(ThemaItem):
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="activiteiten")
    omschrijving = models.TextField(
        "omschrijving",
        help_text="Zet het concrete resultaat tussen sterretjes: *evaluatieverslag*.",
    )
    planning = models.CharField("planning", max_length=500, blank=True)
    datum = models.DateField("uiterlijk gereed", null=True, blank=True)
    history = HistoricalRecords()

    class Meta(ThemaItem.Meta):
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"

    def __str__(self):
        return self.omschrijving

    @property
    def resultaat(self):
        """The concrete result: the parts of the description the plan sets in italics."""
        return "; ".join(deel.strip() for deel in CURSIEF.findall(self.omschrijving))


class ThemaRol(models.Model):
    """A person's role on a theme, with the domain note the plan adds (“jeugdbeleid”)."""

    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="rollen")
    persoon = models.ForeignKey(Persoon, on_delete=models.PROTECT, related_name="themarollen")
    rol = models.CharField("rol", max_length=20, choices=ThemaRolSoort.choices)
    toelichting = models.CharField("toelichting", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rol op een thema"
        verbose_name_plural = "rollen op thema's"
        ordering = ["thema", "rol", "persoon__naam"]
        constraints = [
            models.UniqueConstraint(fields=["thema", "persoon", "rol"], name="themarol_uniek"),
        ]

    def __str__(self):
        return f"{self.persoon} – {self.get_rol_display()}"


class Financiering(models.Model):
    thema = models.ForeignKey(Thema, on_delete=models.CASCADE, related_name="financiering")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    soort = models.CharField("soort", max_length=20, choices=FinancieringSoort.choices)
    bedrag = models.DecimalField(
        "bedrag (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    naar_rato = models.BooleanField(
        "naar rato verdeeld",
        default=False,
        help_text="Gedeeld tussen de gemeenten naar inwonertal.",
    )
    omschrijving = models.CharField("omschrijving", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "financiering"
        verbose_name_plural = "financiering"
        ordering = ["thema", "volgorde"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bedrag__isnull=True) | models.Q(bedrag__gte=0),
                name="financiering_bedrag_niet_negatief",
            ),
        ]

    def __str__(self):
        bedrag = f" € {self.bedrag}" if self.bedrag is not None else ""
        return f"{self.get_soort_display()}{bedrag}"


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
    """A standing meeting, with the themes on its agenda."""

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
    themas = models.ManyToManyField(
        Thema, verbose_name="thema's op de agenda", blank=True, related_name="overleggen"
    )
    history = HistoricalRecords(m2m_fields=[themas])

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
