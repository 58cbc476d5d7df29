import datetime
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from .constants import DeelnameRol, Gebruikersrol, OrganisatieSoort, PartijSoort


class Regio(models.Model):
    """A region of gemeenten that adopts a plan together (e.g. Midden-Limburg).

    Regions overlap: a jeugdregio and a Wmo-region may share gemeenten, each gemeente taking part
    in each with its own role (`Deelname`)."""

    naam = models.CharField("naam", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)
    soort = models.CharField(
        "soort samenwerking",
        max_length=100,
        blank=True,
        help_text="Bijv. “jeugdregio”, “Wmo-regio” of “regio beschermd wonen”.",
    )
    gemeenten = models.ManyToManyField(
        "Gemeente", through="Deelname", related_name="regios", verbose_name="gemeenten"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def centrumgemeente(self):
        """The gemeente with the centrumgemeente role in this region, if any."""
        deelname = (
            self.deelnames.filter(rol=DeelnameRol.CENTRUMGEMEENTE)
            .select_related("gemeente")
            .first()
        )
        return deelname.gemeente if deelname else None


class Subregio(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="subregios")
    naam = models.CharField("naam", max_length=200)
    afkorting = models.CharField("afkorting", max_length=20)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "subregio"
        verbose_name_plural = "subregio's"
        ordering = ["regio", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "afkorting"], name="subregio_afkorting_uniek"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.afkorting})"

    @property
    def gemeenten(self):
        return Gemeente.objects.filter(deelnames__subregio=self)


class Gemeente(models.Model):
    """A gemeente, once, whatever regions it takes part in."""

    naam = models.CharField("naam", max_length=200)
    cbs_code = models.CharField(
        "CBS-code", max_length=6, unique=True, help_text="Gemeentecode van het CBS, bijv. GM0957."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_code_vorm"
            ),
        ]

    def __str__(self):
        return self.naam

    def inwoners_op(self, peildatum: datetime.date) -> int | None:
        """The inhabitant count on the latest reference date on or before `peildatum`."""
        tal = self.inwonertallen.filter(peildatum__lte=peildatum).order_by("-peildatum").first()
        return tal.aantal if tal else None


class Deelname(models.Model):
    """A gemeente taking part in a region: its subregion there and its role (centrumgemeente)."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="deelnames")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="deelnames")
    subregio = models.ForeignKey(
        Subregio, on_delete=models.SET_NULL, null=True, blank=True, related_name="deelnames"
    )
    rol = models.CharField(
        "rol in de regio", max_length=20, choices=DeelnameRol.choices, default=DeelnameRol.DEELNEMER
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "deelname aan een regio"
        verbose_name_plural = "deelnames aan regio's"
        ordering = ["regio", "gemeente__naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "gemeente"], name="deelname_uniek"),
            models.UniqueConstraint(
                fields=["regio"],
                condition=models.Q(rol=DeelnameRol.CENTRUMGEMEENTE),
                name="een_centrumgemeente_per_regio",
                violation_error_message="Deze regio heeft al een centrumgemeente.",
            ),
        ]

    def __str__(self):
        return f"{self.gemeente} in {self.regio}"

    def clean(self):
        if self.subregio_id and self.regio_id and self.subregio.regio_id != self.regio_id:
            raise ValidationError({"subregio": "Deze subregio hoort bij een andere regio."})


class Inwonertal(models.Model):
    """Inhabitants of a gemeente on a reference date: costs shared “naar rato” use these."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="inwonertallen")
    peildatum = models.DateField("peildatum")
    aantal = models.PositiveIntegerField("inwoners")
    bron = models.CharField("bron", max_length=200, blank=True, help_text="Bijv. “CBS”.")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "inwonertal"
        verbose_name_plural = "inwonertallen"
        ordering = ["gemeente__naam", "-peildatum"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "peildatum"], name="inwonertal_uniek"),
        ]

    def __str__(self):
        return f"{self.gemeente}: {self.aantal} op {self.peildatum:%d-%m-%Y}"


class Partij(models.Model):
    """Anyone a plan names as acting, other than a person: a gemeente, the gemeenten together,
    the centrumgemeente, the region, an uitvoeringsdienst, an organisation or a werkgroep."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="partijen")
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField(
        "soort", max_length=20, choices=PartijSoort.choices, default=PartijSoort.ORGANISATIE
    )
    organisatietype = models.CharField(
        "type organisatie",
        max_length=30,
        choices=OrganisatieSoort.choices,
        blank=True,
        help_text="Alleen bij een organisatie.",
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partijen",
        help_text="Bij een gemeente of centrumgemeente: welke.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "partij"
        verbose_name_plural = "partijen"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "naam"], name="partij_naam_uniek_in_regio"),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        gemeentelijk = self.soort in (PartijSoort.GEMEENTE, PartijSoort.CENTRUMGEMEENTE)
        if gemeentelijk and not self.gemeente_id:
            raise ValidationError({"gemeente": "Kies de gemeente die deze partij is."})
        if self.gemeente_id and not gemeentelijk:
            raise ValidationError(
                {"gemeente": "Alleen een gemeente of centrumgemeente verwijst naar een gemeente."}
            )
        if self.organisatietype and self.soort != PartijSoort.ORGANISATIE:
            raise ValidationError({"organisatietype": "Alleen een organisatie heeft een type."})


class Persoon(models.Model):
    """Someone named in the plan: a trekker, an aanspreekpersoon, a meeting's chair."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="personen")
    naam = models.CharField("naam", max_length=200, help_text="Zoals het plan de naam schrijft.")
    functie = models.CharField("functie", max_length=200, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.SET_NULL, null=True, blank=True, related_name="personen"
    )
    organisatie = models.ForeignKey(
        Partij,
        verbose_name="organisatie",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personen",
    )
    gebruiker = models.OneToOneField(
        "Gebruiker",
        verbose_name="account",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persoon",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "naam"], name="persoon_naam_uniek_in_regio"),
        ]

    def __str__(self):
        return self.naam


def nieuwe_sessiesleutel() -> str:
    return secrets.token_hex(16)


class Gebruiker(AbstractUser):
    """An account: one role, in one region."""

    rol = models.CharField("rol", max_length=30, choices=Gebruikersrol.choices, blank=True)
    regio = models.ForeignKey(
        Regio, on_delete=models.PROTECT, null=True, blank=True, related_name="gebruikers"
    )
    oidc_subject = models.CharField(
        "OIDC-subject",
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="De vaste identiteit (sub) bij de identity provider van de gemeente.",
    )
    sessiesleutel = models.CharField(
        "sessiesleutel",
        max_length=32,
        default=nieuwe_sessiesleutel,
        editable=False,
        help_text="Nieuw bij elk uitloggen: beëindigt de sessies van dit account overal.",
    )
    history = HistoricalRecords(excluded_fields=["sessiesleutel"])

    def _get_session_auth_hash(self, secret=None):
        """Django ties a session to the password hash; the session key joins it, so logging
        out (which renews the key) ends every session of the account, on every device."""
        return salted_hmac(
            "regio.Gebruiker.get_session_auth_hash",
            f"{self.password}|{self.sessiesleutel}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def overal_uitloggen(self):
        """End every session of this account (no history row: nothing about the account
        changed that anyone needs to read back)."""
        self.sessiesleutel = nieuwe_sessiesleutel()
        type(self).objects.filter(pk=self.pk).update(sessiesleutel=self.sessiesleutel)

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @property
    def weergavenaam(self) -> str:
        """How colleagues know this account: its name, else its person's, else its username."""
        if self.get_full_name():
            return self.get_full_name()
        try:
            return self.persoon.naam  # cached where the queryset select_related("persoon")
        except Persoon.DoesNotExist:
            return self.get_username()
