from django.db import models


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    VASTGESTELD = "vastgesteld", "Vastgesteld"


class Schaal(models.TextChoices):
    REGIONAAL = "R", "Regionaal"
    SUBREGIONAAL = "SR", "Subregionaal"
    LOKAAL = "L", "Lokaal"
    BOVENREGIONAAL = "B", "Bovenregionaal"


class Decentralisatie(models.TextChoices):
    JEUGDHULP = "jeugdhulp", "Jeugdhulp"
    WMO = "wmo", "Wmo"
    PARTICIPATIE = "participatie", "Participatie"


class ThemaRolSoort(models.TextChoices):
    AANSPREEKPERSOON = "aanspreekpersoon", "1e aanspreekpersoon"
    TREKKER = "trekker", "Trekker"
    DEELNEMER = "deelnemer", "Participerend"


class FinancieringSoort(models.TextChoices):
    REGULIER = "regulier", "Regulier budget"
    ADDITIONEEL = "additioneel", "Additioneel budget"


class Lijstniveau(models.IntegerChoices):
    """How an item of a theme's list is printed: the plan mixes bullets, sub-bullets and plain
    paragraphs (group labels such as "Voor de Jeugdhulp:") within one cell."""

    ALINEA = 0, "Alinea, zonder opsommingsteken"
    PUNT = 1, "Opsommingspunt"
    SUBPUNT = 2, "Subpunt onder het vorige punt"


class Prioriteit(models.IntegerChoices):
    ZEER_URGENT = 1, "1 – Zeer urgent, direct starten"
    URGENT = 2, "2 – Urgent, voor de zomer starten"
    MATIG_URGENT = 3, "3 – Matig urgent, najaar of begin 2016 starten"


# The rows a-o of a theme's table, in the plan's order, with the label the Midden-Limburg plan
# prints. A plan may print other labels (Plan.rijlabels) and a theme may deviate (Thema.rijlabels):
# which labels a region uses is data, only the set of rows is code.
RIJEN = [
    ("a", "thema", "Thema"),
    ("b", "beleidsdoelen", "Beleidsdoelen"),
    ("c", "maatschappelijke_effecten", "Maatschappelijk effect"),
    ("d", "activiteiten", "Activiteiten en resultaten"),
    ("e", "verantwoordelijk", "Verantwoordelijk"),
    ("f", "partners", "Partners"),
    ("g", "planning", "Planning"),
    ("h", "meten", "Meten"),
    ("i", "financien", "Financiën"),
    ("j", "besluiten", "Besluiten"),
    ("k", "rol_bedrijfsvoering", "Rol bedrijfsvoering"),
    ("l", "rol_lokaal", "Rol lokaal"),
    ("m", "overleg", "Overleg"),
    ("n", "wie", "Wie"),
    ("o", "prioriteit", "Prioritering"),
]
STANDAARD_RIJLABELS = {sleutel: label for _letter, sleutel, label in RIJEN}
