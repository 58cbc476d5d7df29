import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from agenda.models import Onderdeel, Plan

from .constants import (
    SMILEYS_MET_TOELICHTING,
    TE_VULLEN,
    Dimensie,
    PeriodeStatus,
    RapportageStatus,
    Smiley,
)


class RapportageperiodeQuerySet(models.QuerySet):
    def met_code(self, code: str):
        """The period named as on the command line and in URLs ("2015-Q2"); no match for any
        other spelling, never an error."""
        from .converters import ontleed_periodecode

        delen = ontleed_periodecode(code)
        return self.filter(jaar=delen[0], kwartaal=delen[1]) if delen else self.none()


class Rapportageperiode(models.Model):
    """A quarter of a plan's reporting cycle, e.g. Q2 2015 (“Rapportage juli 2015”)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rapportageperiodes")
    jaar = models.PositiveSmallIntegerField("jaar")
    kwartaal = models.PositiveSmallIntegerField(
        "kwartaal", choices=[(k, f"Q{k}") for k in (1, 2, 3, 4)]
    )
    titel = models.CharField(
        "titel", max_length=200, blank=True, help_text="Bijv. “Rapportage juli 2015”."
    )
    deadline = models.DateField("deadline", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=PeriodeStatus.choices, default=PeriodeStatus.OPEN
    )
    vastgesteld_op = models.DateField("vastgesteld op", null=True, blank=True)
    inleiding = models.TextField("inleiding", blank=True)
    samenvatting = models.TextField("samenvatting", blank=True)
    aantal_heropeningen = models.PositiveIntegerField(
        "aantal heropeningen",
        default=0,
        editable=False,
        help_text="Telt de heropeningen: de database laat een vastgestelde periode alleen weer "
        "open gaan met een nieuwe, vastgelegde heropening (wie en waarom).",
    )
    history = HistoricalRecords()

    objects = RapportageperiodeQuerySet.as_manager()

    class Meta:
        verbose_name = "rapportageperiode"
        verbose_name_plural = "rapportageperiodes"
        ordering = ["plan", "jaar", "kwartaal"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "jaar", "kwartaal"], name="rapportageperiode_uniek"
            ),
            models.CheckConstraint(
                condition=models.Q(kwartaal__gte=1, kwartaal__lte=4), name="kwartaal_1_tot_4"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PeriodeStatus.VASTGESTELD, vastgesteld_op__isnull=True),
                name="periode_vastgesteld_met_datum",
            ),
            # The cycle works on one open quarter at a time; two managers opening at once
            # cannot make two (rapportageperiode_openen locks the plan, this is the last guard).
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status=PeriodeStatus.OPEN),
                name="een_open_periode_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.plan.regio} {self.code}"

    @property
    def code(self):
        """The period as the command line names it: 2015-Q2."""
        return f"{self.jaar}-Q{self.kwartaal}"

    @property
    def naam(self):
        return self.titel or self.kwartaalnaam

    @property
    def kwartaalnaam(self) -> str:
        """ "2e kwartaal 2015", whatever the report is titled."""
        return f"{self.kwartaal}e kwartaal {self.jaar}"

    @property
    def is_open(self) -> bool:
        return self.status == PeriodeStatus.OPEN

    def deadline_verstreken(self, vandaag: datetime.date | None = None) -> bool:
        """An open period whose deadline has passed: its reports not yet in are late."""
        from django.utils import timezone

        vandaag = vandaag or timezone.localdate()
        return self.is_open and self.deadline is not None and self.deadline < vandaag

    @property
    def begin(self) -> datetime.date:
        return datetime.date(self.jaar, 3 * self.kwartaal - 2, 1)

    def clean(self):
        """A quarter within the plan's years (a typing error such as 70000 would block the cycle
        until removed) and a deadline not before the quarter begins."""
        fouten = {}
        plan = getattr(self, "plan", None)
        if plan is not None and self.jaar is not None:
            if not plan.jaar_van <= self.jaar <= plan.jaar_tot_en_met:
                fouten["jaar"] = (
                    f"Kies een jaar binnen de looptijd van het plan ({plan.jaar_van}–"
                    f"{plan.jaar_tot_en_met}). Loopt het plan langer, laat de functioneel "
                    "beheerder dan de looptijd aanpassen."
                )
            # No upper bound on the deadline: catching up on an old quarter (as in the demo,
            # on 2015 data) rightly gets a deadline years after it.
            elif (
                self.kwartaal in (1, 2, 3, 4)
                and self.deadline is not None
                and self.deadline < self.begin
            ):
                fouten["deadline"] = "De deadline ligt vóór het begin van het kwartaal."
        if fouten:
            raise ValidationError(fouten)


def _toelichting_verplicht(dimensie):
    """Check constraint: an orange or red smiley needs an explanation."""
    return ~models.Q(
        **{
            f"{dimensie}_smiley__in": [s.value for s in SMILEYS_MET_TOELICHTING],
            f"{dimensie}_tekst": "",
        }
    )


class ThemaRapportage(models.Model):
    """One item's report in one period: a smiley and a text for Tijd, Kosten and Bijzonderheden.

    The item is of the level the plan's shape reports on (a thema, a taak, an actiepunt)."""

    periode = models.ForeignKey(
        Rapportageperiode, on_delete=models.CASCADE, related_name="rapportages"
    )
    onderdeel = models.ForeignKey(Onderdeel, on_delete=models.PROTECT, related_name="rapportages")
    status = models.CharField(
        "status", max_length=20, choices=RapportageStatus.choices, default=RapportageStatus.CONCEPT
    )
    weergave = models.JSONField(
        "onderdeel zoals gerapporteerd",
        default=dict,
        blank=True,
        help_text="Nummer, titel, schaal, groep en rijen zoals dit rapport het onderdeel toont.",
    )
    tijd_smiley = models.CharField(
        "smiley proces", max_length=10, choices=Smiley.choices, blank=True
    )
    tijd_tekst = models.TextField("rapportage over proces", blank=True)
    kosten_smiley = models.CharField(
        "smiley kosten", max_length=10, choices=Smiley.choices, blank=True
    )
    kosten_tekst = models.TextField("rapportage over kosten", blank=True)
    bijzonderheden_smiley = models.CharField(
        "smiley bijzonderheden", max_length=10, choices=Smiley.choices, blank=True
    )
    bijzonderheden_tekst = models.TextField("bijzonderheden", blank=True)
    ingevuld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingevuld door",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ingevuld_op = models.DateTimeField("ingevuld op", null=True, blank=True)
    gekopieerd = models.BooleanField(
        "overgenomen van vorig kwartaal",
        default=False,
        help_text="Voorgevuld uit het vorige kwartaal en sindsdien niet bewerkt.",
    )
    opmerking_manager = models.TextField(
        "opmerking bij terugsturen", blank=True, help_text="Waarom de rapportage terug is gestuurd."
    )
    versie = models.PositiveIntegerField(
        "versie",
        default=1,
        help_text="Telt elke opslag; voorkomt dat wijzigingen elkaar overschrijven.",
    )
    vergrendeld = models.BooleanField(
        "vergrendeld",
        default=False,
        help_text="Vastgesteld: de database weigert elke wijziging tot de periode heropend wordt.",
    )
    overgenomen_uit = models.ForeignKey(
        Rapportageperiode,
        verbose_name="overgenomen uit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Bij vaststelling zonder goedgekeurde rapportage: het kwartaal waarvan de "
        "stand is overgenomen.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kwartaalrapportage van een onderdeel"
        verbose_name_plural = "kwartaalrapportages van onderdelen"
        ordering = ["periode", "onderdeel__pad"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "onderdeel"], name="themarapportage_uniek"),
            *[
                models.CheckConstraint(
                    condition=_toelichting_verplicht(d.value), name=f"toelichting_bij_{d.value}"
                )
                for d in Dimensie
            ],
            # A copy always names the quarter it comes from, and only a copy does.
            models.CheckConstraint(
                condition=models.Q(
                    status=RapportageStatus.OVERGENOMEN, overgenomen_uit__isnull=False
                )
                | (
                    ~models.Q(status=RapportageStatus.OVERGENOMEN)
                    & models.Q(overgenomen_uit__isnull=True)
                ),
                name="overgenomen_noemt_kwartaal",
            ),
            # "Niet gerapporteerd" shows no status: a smiley there would be read as one.
            models.CheckConstraint(
                condition=~models.Q(status=RapportageStatus.NIET_GERAPPORTEERD)
                | models.Q(tijd_smiley="", kosten_smiley="", bijzonderheden_smiley=""),
                name="niet_gerapporteerd_zonder_smiley",
            ),
        ]

    def __str__(self):
        return f"{self.onderdeel} – {self.periode.code}"

    def clean(self):
        fouten = {}
        for dimensie in Dimensie:
            smiley = getattr(self, f"{dimensie}_smiley")
            if smiley in SMILEYS_MET_TOELICHTING and not getattr(self, f"{dimensie}_tekst").strip():
                fouten[f"{dimensie}_tekst"] = (
                    f"Een toelichting is verplicht bij {Smiley(smiley).label.lower()}."
                )
        if self.onderdeel_id and self.periode_id and self.onderdeel.plan_id != self.periode.plan_id:
            fouten["onderdeel"] = "Dit onderdeel hoort bij een ander plan dan de periode."
        if fouten:
            raise ValidationError(fouten)

    @property
    def is_te_vullen(self) -> bool:
        """Still with its invullers (concept, or sent back)."""
        return self.status in TE_VULLEN and not self.vergrendeld

    @property
    def weergavestatus(self) -> str:
        """The status as people meet it: an adopted report reads "vastgesteld", unless the
        adoption decided it was not reported or copied."""
        if self.vergrendeld and self.status == RapportageStatus.GOEDGEKEURD:
            return "vastgesteld"
        return self.status

    @property
    def weergavestatus_label(self) -> str:
        if self.weergavestatus == "vastgesteld":
            return "Vastgesteld"
        if self.status == RapportageStatus.OVERGENOMEN and self.overgenomen_uit_id:
            return f"Overgenomen uit {self.overgenomen_uit.kwartaalnaam}"
        return self.get_status_display()

    def regels(self):
        """The three report rows, in the report's order: (dimensie, smiley, tekst)."""
        return [
            (d, getattr(self, f"{d.value}_smiley"), getattr(self, f"{d.value}_tekst"))
            for d in Dimensie
        ]


class Heropening(models.Model):
    """An adopted period opened again: who, when and why."""

    periode = models.ForeignKey(
        Rapportageperiode, on_delete=models.CASCADE, related_name="heropeningen"
    )
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField("heropend op", auto_now_add=True)
    reden = models.TextField("reden")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "heropening"
        verbose_name_plural = "heropeningen"
        ordering = ["periode", "op"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reden=""), name="heropening_met_reden"),
        ]

    def __str__(self):
        return f"{self.periode} heropend op {self.op:%d-%m-%Y}"


class GearchiveerdRapport(models.Model):
    """The PDF of an adopted report exactly as it was adopted, with its SHA-256.

    Later downloads of the adopted report serve this file; a re-adoption adds a new version.
    """

    periode = models.ForeignKey(Rapportageperiode, on_delete=models.PROTECT, related_name="archief")
    versie = models.PositiveSmallIntegerField("versie")
    bestand = models.FileField("PDF", upload_to="archief/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    grootte = models.PositiveIntegerField("grootte (bytes)")
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField("gearchiveerd op", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gearchiveerd rapport"
        verbose_name_plural = "gearchiveerde rapporten"
        ordering = ["periode", "-versie"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "versie"], name="archiefversie_uniek"),
        ]

    def __str__(self):
        return f"{self.periode} versie {self.versie}"


class Herinnering(models.Model):
    """A reminder e-mail sent, so the cron job never sends the same one twice a day."""

    periode = models.ForeignKey(
        Rapportageperiode, on_delete=models.CASCADE, related_name="herinneringen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    soort = models.CharField("soort", max_length=20)  # "binnenkort" or "te_laat"
    datum = models.DateField("verstuurd op")

    class Meta:
        verbose_name = "herinnering"
        verbose_name_plural = "herinneringen"
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "gebruiker", "soort", "datum"], name="herinnering_eens_per_dag"
            ),
        ]

    def __str__(self):
        return f"{self.gebruiker} {self.soort} {self.datum}"


class Namenswijziging(models.Model):
    """A manager changed a submitted report on behalf of its invullers, with a reason: the
    invullers see who changed what, the report's history records it as well."""

    rapport = models.ForeignKey(
        ThemaRapportage, on_delete=models.CASCADE, related_name="namenswijzigingen"
    )
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField("gewijzigd op", auto_now_add=True)
    reden = models.TextField("reden")
    wijzigingen = models.JSONField(
        "wijzigingen", default=list, help_text="Per veld: label, was en werd."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "wijziging namens de invullers"
        verbose_name_plural = "wijzigingen namens de invullers"
        ordering = ["rapport", "-op"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reden=""), name="namenswijziging_met_reden"),
        ]

    def __str__(self):
        return f"{self.rapport} gewijzigd op {self.op:%d-%m-%Y}"


class Melding(models.Model):
    """An e-mail notification about the cycle, recorded before it is sent: the record makes
    sure each is sent once (one per recipient and event) and lists it on the person's page."""

    class Soort(models.TextChoices):
        PERIODE_GEOPEND = "periode_geopend", "Periode geopend"
        INVULLER = "invuller", "Gevraagd om in te vullen"
        TERUGGESTUURD = "teruggestuurd", "Teruggestuurd"
        GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
        VASTGESTELD = "vastgesteld", "Kwartaalrapportage vastgesteld"

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "Wordt verstuurd"
        VERSTUURD = "verstuurd", "Verstuurd"
        GEEN_ADRES = "geen_adres", "Niet gemaild: geen e-mailadres"
        MISLUKT = "mislukt", "Versturen mislukt"

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen"
    )
    periode = models.ForeignKey(
        Rapportageperiode, on_delete=models.CASCADE, related_name="meldingen"
    )
    rapport = models.ForeignKey(
        ThemaRapportage, on_delete=models.CASCADE, null=True, blank=True, related_name="meldingen"
    )
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    sleutel = models.CharField(
        "gebeurtenis", max_length=100, help_text="Welke gebeurtenis; samen met ontvanger uniek."
    )
    onderwerp = models.CharField("onderwerp", max_length=300)
    tekst = models.TextField("tekst")
    link = models.CharField("link", max_length=500, blank=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.WACHTRIJ
    )
    verstuurd_op = models.DateTimeField("verstuurd op", null=True, blank=True)
    foutmelding = models.TextField("foutmelding", blank=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-aangemaakt_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ontvanger", "soort", "sleutel"], name="melding_eenmaal_per_gebeurtenis"
            ),
        ]

    def __str__(self):
        return f"{self.onderwerp} – {self.ontvanger}"
