"""The shape of a plan: its levels, the sections (rows) of each level and its own lists.

Every region writes its plan in its own shape and words (Midden-Limburg: Speerpunt → Thema →
Activiteit; Holland Rijnland: Taak → Actie; Gooi en Vechtstreek: Onderdeel → Cluster → Bouwsteen).
A shape is data that a beheerder keeps in the admin; several plans may share one.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from ..constants import KeuzelijstSoort, Lidwoord, SectieSoort


class Planvorm(models.Model):
    naam = models.CharField("naam", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)
    omschrijving = models.TextField("omschrijving", blank=True)
    rapportageniveau = models.ForeignKey(
        "Niveau",
        verbose_name="kwartaalrapportage per",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Het niveau waarvan elk onderdeel per kwartaal een rapportage krijgt.",
    )
    # Replaced by a new random value on every change to the shape, its levels, sections and
    # lists: the key under which processes keep the shape they read (agenda.vormcache).
    versie = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(excluded_fields=["versie"])

    class Meta:
        verbose_name = "planvorm"
        verbose_name_plural = "planvormen"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def clean(self):
        if self.rapportageniveau_id and self.pk and self.rapportageniveau.planvorm_id != self.pk:
            raise ValidationError({"rapportageniveau": "Kies een niveau van deze planvorm."})


# Level slugs that would clash with the plan's own pages (/plannen/<slug>/rapportages/ …).
GERESERVEERDE_SLUGS = {
    "rapportages",
    "overlegstructuur",
    "pdf",
    "selectie",
    "begroting",
    "toetsing",
    "geschiedenis",
    "invullers",
}


class NiveauManager(models.Manager):
    """Levels always come with their shape: they are few, and every choice list names both."""

    def get_queryset(self):
        return super().get_queryset().select_related("planvorm")


class Niveau(models.Model):
    """A level of a plan's outline, named as the plan names it."""

    planvorm = models.ForeignKey(Planvorm, on_delete=models.CASCADE, related_name="niveaus")
    diepte = models.PositiveSmallIntegerField(
        "diepte", help_text="1 voor het bovenste niveau, 2 daaronder, enzovoort."
    )
    naam = models.CharField("naam", max_length=100, help_text="Enkelvoud, bijv. “Thema”.")
    meervoud = models.CharField("meervoud", max_length=100, help_text="Bijv. “Thema's”.")
    lidwoord = models.CharField(
        "lidwoord", max_length=3, choices=Lidwoord.choices, default=Lidwoord.HET
    )
    slug = models.SlugField(
        "in webadressen", max_length=50, help_text="Bijv. “themas”: /plannen/…/themas/7/."
    )
    code_tonen = models.BooleanField(
        "nummer tonen",
        default=True,
        help_text="Drukt het plan het nummer van elk onderdeel af (“7.”, “3.5.10”)?",
    )
    schaal_met_domeinen = models.BooleanField(
        "schaal met aantal domeinen",
        default=False,
        help_text="Schaal afdrukken als “R3D” of “R1D (Wmo)”: de schaal, het aantal domeinen "
        "en, bij één of twee, welke.",
    )
    history = HistoricalRecords()

    objects = NiveauManager()

    class Meta:
        verbose_name = "niveau"
        verbose_name_plural = "niveaus"
        ordering = ["planvorm", "diepte"]
        constraints = [
            models.UniqueConstraint(
                fields=["planvorm", "diepte"],
                name="niveau_diepte_uniek",
                violation_error_message="Deze planvorm heeft al een niveau op deze diepte.",
            ),
            models.UniqueConstraint(
                fields=["planvorm", "slug"],
                name="niveau_slug_uniek",
                violation_error_message="Deze planvorm gebruikt dit webadres al voor een ander "
                "niveau.",
            ),
            models.CheckConstraint(condition=models.Q(diepte__gte=1), name="niveau_diepte_vanaf_1"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.planvorm})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.meervoud.replace("'", "")) or slugify(self.naam)
        super().save(*args, **kwargs)

    def clean(self):
        if self.slug in GERESERVEERDE_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is al het adres van een andere pagina; kies een ander."}
            )
        if (
            self.planvorm_id
            and self.diepte
            and self.diepte > 1
            and not Niveau.objects.filter(planvorm_id=self.planvorm_id, diepte=self.diepte - 1)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "diepte": f"Maak eerst het niveau op diepte {self.diepte - 1}: niveaus sluiten op "
                    "elkaar aan, van boven (1) naar beneden."
                }
            )

    @property
    def dit(self) -> str:
        """ "dit thema", "deze taak"."""
        return "dit" if self.lidwoord == Lidwoord.HET else "deze"

    @property
    def klein(self) -> str:
        """The name inside a sentence: "thema", "taak"."""
        return self.naam[:1].lower() + self.naam[1:]

    @property
    def klein_meervoud(self) -> str:
        return self.meervoud[:1].lower() + self.meervoud[1:]


class Sectie(models.Model):
    """A row of an item's table: which rows a level has, their labels, order and use."""

    niveau = models.ForeignKey(Niveau, on_delete=models.CASCADE, related_name="secties")
    sleutel = models.SlugField(
        "sleutel",
        max_length=50,
        help_text="Vaste naam in de gegevens, bijv. “planning”; verander die niet meer.",
    )
    letter = models.CharField(
        "letter", max_length=5, blank=True, help_text="Zoals gedrukt, bijv. “a.”."
    )
    label = models.CharField("label", max_length=200)
    soort = models.CharField("soort", max_length=20, choices=SectieSoort.choices)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    in_rapportage = models.BooleanField(
        "in de kwartaalrapportage",
        default=False,
        help_text="Toont de kwartaalrapportage deze rij bij elk onderdeel?",
    )
    als_kolom = models.BooleanField(
        "als kolom",
        default=False,
        help_text="Een kolom in de tabel waarin het niveau erboven deze onderdelen opsomt "
        "(bijv. Wie en Deadline van een actiepunt). Zonder zulke kolommen staan de onderdelen "
        "daar als lijst.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sectie"
        verbose_name_plural = "secties"
        ordering = ["niveau", "volgorde"]
        constraints = [
            models.UniqueConstraint(
                fields=["niveau", "sleutel"],
                name="sectie_sleutel_uniek",
                violation_error_message="Dit niveau heeft al een sectie met deze sleutel.",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if (
            self.in_rapportage
            and self.niveau_id
            and self.niveau.planvorm.rapportageniveau_id
            and self.niveau.planvorm.rapportageniveau_id != self.niveau_id
        ):
            raise ValidationError(
                {
                    "in_rapportage": f"De kwartaalrapportage gaat per "
                    f"{self.niveau.planvorm.rapportageniveau.naam.lower()}, niet per "
                    f"{self.niveau.naam.lower()}: alleen rijen van dat niveau kunnen erin staan."
                }
            )
        if self.soort == SectieSoort.ONDERDELEN and self.niveau_id:
            dieper = Niveau.objects.filter(
                planvorm_id=self.niveau.planvorm_id, diepte=self.niveau.diepte + 1
            )
            if not dieper.exists():
                raise ValidationError(
                    {
                        "soort": "Deze sectie toont de onderdelen van het volgende niveau, maar "
                        "de planvorm heeft geen niveau onder dit niveau."
                    }
                )


class Keuzelijst(models.Model):
    """One of a shape's own lists (domains, scales, priorities, roles, budget sources)."""

    planvorm = models.ForeignKey(Planvorm, on_delete=models.CASCADE, related_name="keuzelijsten")
    soort = models.CharField("soort", max_length=20, choices=KeuzelijstSoort.choices)
    naam = models.CharField(
        "naam", max_length=100, help_text="Zoals het plan de lijst noemt, bijv. “Decentralisatie”."
    )
    meervoud = models.CharField("meervoud", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "keuzelijst"
        verbose_name_plural = "keuzelijsten"
        ordering = ["planvorm", "soort"]
        constraints = [
            models.UniqueConstraint(
                fields=["planvorm", "soort"],
                name="keuzelijst_soort_uniek",
                violation_error_message="Deze planvorm heeft al een lijst van deze soort.",
            ),
        ]

    def __str__(self):
        return f"{self.naam} ({self.planvorm})"


class Lijstwaarde(models.Model):
    keuzelijst = models.ForeignKey(Keuzelijst, on_delete=models.CASCADE, related_name="waarden")
    code = models.SlugField("code", max_length=50, help_text="Vaste naam in de gegevens.")
    label = models.CharField("label", max_length=200)
    kort = models.CharField(
        "kort", max_length=20, blank=True, help_text="Zoals gedrukt in een kop, bijv. “R” of “J”."
    )
    meervoud = models.CharField("meervoud", max_length=200, blank=True)
    betekenis = models.TextField("betekenis", blank=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)
    rapporteert = models.BooleanField(
        "vult de kwartaalrapportage in",
        default=False,
        help_text="Alleen bij rollen: wie deze rol heeft, vult de kwartaalrapportage in.",
    )
    leidend = models.BooleanField(
        "leidt het onderdeel",
        default=False,
        help_text="Alleen bij rollen: getoond als wie het onderdeel trekt.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "lijstwaarde"
        verbose_name_plural = "lijstwaarden"
        ordering = ["keuzelijst", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["keuzelijst", "code"],
                name="lijstwaarde_code_uniek",
                violation_error_message="Deze lijst heeft al een waarde met deze code.",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def afkorting(self) -> str:
        return self.kort or self.label
