from django.db import models


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    VASTGESTELD = "vastgesteld", "Vastgesteld"


class Lidwoord(models.TextChoices):
    """Dutch needs the article to say "dit thema" but "deze taak" in sentences."""

    DE = "de", "de"
    HET = "het", "het"


class KeuzelijstSoort(models.TextChoices):
    """The lists a plan shape keeps of its own: their values, labels and meanings are data."""

    DOMEIN = "domein", "Domeinen (bijv. de decentralisaties)"
    SCHAAL = "schaal", "Schalen"
    PRIORITEIT = "prioriteit", "Prioriteiten"
    ROL = "rol", "Rollen"
    BRON = "bron", "Financieringsbronnen"


class SectieSoort(models.TextChoices):
    """What a section (a row of an item's table) shows."""

    KOP = "kop", "Kop: nummer, titel en schaal"
    TEKST = "tekst", "Vrije tekst"
    BELEIDSDOELEN = "beleidsdoelen", "Lijst van beleidsdoelen"
    EFFECTEN = "effecten", "Lijst van maatschappelijke effecten"
    ONDERDELEN = "onderdelen", "De onderdelen van het volgende niveau"
    ROLLEN = "rollen", "Rollen: wie wat doet"
    PRIORITEIT = "prioriteit", "Prioriteit met reden"
    DEADLINE = "deadline", "Deadline"
    SCHAAL = "schaal", "Schaal"
    DOMEINEN = "domeinen", "Domeinen"
    BEGROTING = "begroting", "Begrotingsposten"
    INDICATOREN = "indicatoren", "Indicatoren met metingen"


# Sections whose content lives in Onderdeel.teksten under the section's key.
TEKSTSECTIES = {SectieSoort.TEKST}


class HoofdstukSoort(models.TextChoices):
    """What a chapter of the plan document holds."""

    TEKST = "tekst", "Tekst"
    ONDERDELEN = "onderdelen", "De onderdelen van het plan"
    AGENDALIJSTEN = "agendalijsten", "Agendalijsten"
    OVERLEGSTRUCTUUR = "overlegstructuur", "Overlegstructuur"
    BEGROTING = "begroting", "Begroting en reserves"
    INDICATOREN = "indicatoren", "Indicatoren"
    TOETSING = "toetsing", "Toetsing aan een kader"


class Lijstniveau(models.IntegerChoices):
    """How an item of a list is printed: the plan mixes bullets, sub-bullets and plain
    paragraphs (group labels such as "Voor de Jeugdhulp:") within one cell."""

    ALINEA = 0, "Alinea, zonder opsommingsteken"
    PUNT = 1, "Opsommingspunt"
    SUBPUNT = 2, "Subpunt onder het vorige punt"


class DeadlineSoort(models.TextChoices):
    """How a deadline is printed; the sortable date follows from it (agenda.deadlines)."""

    DATUM = "datum", "Datum"
    MAAND = "maand", "Maand"
    KWARTAAL = "kwartaal", "Kwartaal"
    PERIODE = "periode", "Deel van een jaar"
    JAAR = "jaar", "Jaar"
    DOORLOPEND = "doorlopend", "Doorlopend"
    GEREED = "gereed", "Gereed"
    ONBEKEND = "onbekend", "Nog niet te bepalen"


class Sturingsvorm(models.TextChoices):
    """How a gemeente steers a task (seed 004): publicly itself or through a GR, or privately."""

    PUBLIEK_GEMEENTE = "publiek_gemeente", "Publiek: de gemeente zelf"
    PUBLIEK_GR = "publiek_gr", "Publiek: gemeenschappelijke regeling"
    PRIVAAT_INKOOP = "privaat_inkoop", "Privaat: inkoop"
    PRIVAAT_SUBSIDIE = "privaat_subsidie", "Privaat: subsidie"


class Verdeling(models.TextChoices):
    """How the gemeenten share a budget line."""

    GEEN = "geen", "Niet gedeeld"
    NAAR_RATO = "naar_rato", "Naar rato van het inwonertal"
    PER_GEMEENTE = "per_gemeente", "Per gemeente zoals afgesproken"
    CENTRUMGEMEENTE = "centrumgemeente", "Door de centrumgemeente"


class Frequentie(models.TextChoices):
    MAAND = "maand", "Per maand"
    KWARTAAL = "kwartaal", "Per kwartaal"
    JAAR = "jaar", "Per jaar"


class VaststellingOrgaan(models.TextChoices):
    RAAD = "raad", "Gemeenteraad"
    COLLEGE = "college", "College van B&W"
