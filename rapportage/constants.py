from django.db import models


class Smiley(models.TextChoices):
    GROEN = "groen", "Groen"
    ORANJE = "oranje", "Oranje"
    ROOD = "rood", "Rood"
    __empty__ = "Nog niet gerapporteerd"


# What each smiley means, as the plan defines it (legend of every report).
SMILEY_BETEKENIS = {
    Smiley.GROEN: "Het loopt volgens planning en tevredenheid",
    Smiley.ORANJE: "Het loopt niet helemaal volgens planning of tevredenheid, "
    "ergens stagneert het proces",
    Smiley.ROOD: "Het loopt niet volgens planning of tevredenheid, er is een flinke stagnatie",
}

# Smileys that need an explanation ("Toelichting (alleen bij rood en oranje)").
SMILEYS_MET_TOELICHTING = (Smiley.ORANJE, Smiley.ROOD)


class Dimensie(models.TextChoices):
    """The three rows of a theme's quarterly report, with the label the report prints."""

    TIJD = "tijd", "Rapportage over proces"
    KOSTEN = "kosten", "Rapportage over kosten"
    BIJZONDERHEDEN = "bijzonderheden", "Bijzonderheden"


class PeriodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    VASTGESTELD = "vastgesteld", "Vastgesteld"


class RapportageStatus(models.TextChoices):
    CONCEPT = "concept", "Concept"
    INGEDIEND = "ingediend", "Ingediend"
    TERUGGESTUURD = "teruggestuurd", "Teruggestuurd"
    GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
    # Decided on adoption for an item whose report was not approved in time: the report says so
    # (and shows no smiley), or shows last quarter's approved status, labelled as copied.
    NIET_GERAPPORTEERD = "niet_gerapporteerd", "Niet gerapporteerd"
    OVERGENOMEN = "overgenomen", "Overgenomen uit vorig kwartaal"


# Reports still with their invullers: to fill in, or to correct after being sent back. Late,
# reminders, "Mijn thema's" and who may save all read this one tuple.
TE_VULLEN = (RapportageStatus.CONCEPT, RapportageStatus.TERUGGESTUURD)
# Statuses an adoption gives a report that was not approved.
BIJ_VASTSTELLING = (RapportageStatus.NIET_GERAPPORTEERD, RapportageStatus.OVERGENOMEN)
