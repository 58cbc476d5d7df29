from django.db import models


class Gebruikersrol(models.TextChoices):
    BELEIDSMEDEWERKER = "beleidsmedewerker", "Beleidsmedewerker"
    TRANSFORMATIEMANAGER = "transformatiemanager", "Transformatiemanager"
    GRIFFIE = "griffie", "Griffie"
    BEHEERDER = "beheerder", "Functioneel beheerder"


class OrganisatieSoort(models.TextChoices):
    JEUGD_EN_GEZIN = "jeugd_en_gezin", "Jeugd en gezin (CJG)"
    ZORGAANBIEDER = "zorgaanbieder", "Zorgaanbieder"
    ZORGVERZEKERAAR = "zorgverzekeraar", "Zorgverzekeraar of zorgkantoor"
    WELZIJN = "welzijn", "Welzijn en maatschappelijk werk"
    ONDERWIJS = "onderwijs", "Onderwijs"
    OVERHEID = "overheid", "Overheid"
    VEILIGHEID = "veiligheid", "Veiligheid en justitie"
    CLIENTENORGANISATIE = "clientenorganisatie", "Cliëntenorganisatie"
    WERK_EN_INKOMEN = "werk_en_inkomen", "Werk en inkomen"
    OVERIG = "overig", "Overig"
