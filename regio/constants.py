from django.db import models


class Gebruikersrol(models.TextChoices):
    BELEIDSMEDEWERKER = "beleidsmedewerker", "Beleidsmedewerker"
    TRANSFORMATIEMANAGER = "transformatiemanager", "Transformatiemanager"
    GRIFFIE = "griffie", "Griffie"
    BEHEERDER = "beheerder", "Functioneel beheerder"


class DeelnameRol(models.TextChoices):
    """The part a gemeente plays in a region; a gemeente may take part in several regions."""

    DEELNEMER = "deelnemer", "Deelnemende gemeente"
    CENTRUMGEMEENTE = "centrumgemeente", "Centrumgemeente"


class PartijSoort(models.TextChoices):
    """What kind of party a plan names under "Wie", "Verantwoordelijk" or a steering role."""

    GEMEENTE = "gemeente", "Gemeente"
    GEMEENTEN = "gemeenten", "Gemeenten samen"
    CENTRUMGEMEENTE = "centrumgemeente", "Centrumgemeente"
    REGIO = "regio", "Regio (samenwerkingsverband)"
    UITVOERINGSDIENST = "uitvoeringsdienst", "Uitvoeringsdienst"
    ORGANISATIE = "organisatie", "Organisatie"
    WERKGROEP = "werkgroep", "Werkgroep"


class OrganisatieSoort(models.TextChoices):
    JEUGD_EN_GEZIN = "jeugd_en_gezin", "Jeugd en gezin (CJG)"
    ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder"
    ZORGVERZEKERAAR = "zorgverzekeraar", "Zorgverzekeraar of zorgkantoor"
    WOONCORPORATIE = "woningcorporatie", "Woningcorporatie"
    WELZIJN = "welzijn", "Welzijn en maatschappelijk werk"
    ONDERWIJS = "onderwijs", "Onderwijs"
    OVERHEID = "overheid", "Overheid"
    GEMEENSCHAPPELIJKE_REGELING = "gr", "Gemeenschappelijke regeling (GR)"
    UITVOERINGSDIENST = "uitvoeringsdienst", "Uitvoeringsdienst"
    VEILIGHEID = "veiligheid", "Veiligheid en justitie"
    CLIENTENORGANISATIE = "clientenorganisatie", "Cliëntenorganisatie"
    WERK_EN_INKOMEN = "werk_en_inkomen", "Werk en inkomen"
    WERKGEVERS = "werkgevers", "Werkgevers"
    OVERIG = "overig", "Overig"
