import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from .constants import Gebruikersrol, OrganisatieSoort


class Regio(models.Model):
    """A region of gemeenten that adopts a plan together (e.g. Midden-Limburg)."""

    naam = models.CharField("naam", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True)
    centrumgemeente = models.ForeignKey(
        "Gemeente",
        verbose_name="centrumgemeente",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


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


class Gemeente(models.Model):
    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="gemeenten")
    subregio = models.ForeignKey(
        Subregio, on_delete=models.SET_NULL, null=True, blank=True, related_name="gemeenten"
    )
    naam = models.CharField("naam", max_length=200)
    cbs_code = models.CharField(
        "CBS-code", max_length=6, unique=True, help_text="Gemeentecode van het CBS, bijv. GM0957."
    )
    inwoners = models.PositiveIntegerField(
        "inwoners", null=True, blank=True, help_text="Gebruikt om kosten naar rato te verdelen."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "naam"], name="gemeente_naam_uniek_in_regio"),
            models.CheckConstraint(
                condition=models.Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_code_vorm"
            ),
        ]

    def __str__(self):
        return self.naam


class Organisatie(models.Model):
    """A partner organisation: CJG, MEE, care providers, insurers, ..."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="organisaties")
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField(
        "soort", max_length=30, choices=OrganisatieSoort.choices, default=OrganisatieSoort.OVERIG
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["regio", "naam"], name="organisatie_naam_uniek_in_regio"
            ),
        ]

    def __str__(self):
        return self.naam


class Persoon(models.Model):
    """Someone named in the plan: a trekker, an aanspreekpersoon, a meeting's chair."""

    regio = models.ForeignKey(Regio, on_delete=models.CASCADE, related_name="personen")
    naam = models.CharField("naam", max_length=200, help_text="Zoals het plan de naam schrijft.")
    functie = models.CharField("functie", max_length=200, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.SET_NULL, null=True, blank=True, related_name="personen"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="personen"
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
