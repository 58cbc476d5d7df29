"""The small text markup ("opmaak") of the plan's long texts.

Blocks are separated by a blank line. A block whose lines all start with "- " is a bullet list, a
block starting with "### " a sub-heading, a line with only "[smileylegenda]" the report's smiley
legend, any other block a paragraph. Inline: *italic* (in activities: the concrete result), **bold**, ^sup^.

Written by hand rather than with a Markdown library on purpose: the subset is tiny, every byte of
input is escaped before the few known patterns are turned into tags, so no HTML can get in.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .constants import Lijstniveau

VET = re.compile(r"\*\*(.+?)\*\*")
CURSIEF = re.compile(r"\*(.+?)\*")
SUPERSCRIPT = re.compile(r"\^(.+?)\^")
SMILEYLEGENDA = "[smileylegenda]"
LEGENDAREGEL = re.compile(r"^[ \t]*\[smileylegenda\][ \t]*$", re.MULTILINE)


# A list item that carries its own letter or number ("a. Thema's", "1. = Zeer urgent").
EIGEN_TEKEN = re.compile(r"^[a-z0-9]{1,3}[.)]\s", re.IGNORECASE)


@dataclass(frozen=True)
class Blok:
    soort: str  # "alinea", "lijst", "kop" or "smileylegenda"
    regels: tuple[str, ...]

    @property
    def eigen_tekens(self) -> bool:
        """A list whose every item brings its own letter or number: printed without bullets,
        as the document does (a bullet before "a." reads as two markers)."""
        return self.soort == "lijst" and all(EIGEN_TEKEN.match(r) for r in self.regels)


def blokken(tekst: str) -> list[Blok]:
    """Split a text into its blocks."""
    resultaat = []
    # The legend's line stands on its own even without blank lines around it.
    tekst = LEGENDAREGEL.sub(f"\n\n{SMILEYLEGENDA}\n\n", tekst or "")
    for ruw in re.split(r"\n\s*\n", tekst.strip()):
        regels = [regel.strip() for regel in ruw.strip().splitlines() if regel.strip()]
        if not regels:
            continue
        if regels == [SMILEYLEGENDA]:
            resultaat.append(Blok("smileylegenda", ()))
        elif all(regel.startswith("- ") for regel in regels):
            resultaat.append(Blok("lijst", tuple(regel[2:].strip() for regel in regels)))
        elif regels[0].startswith("### "):
            resultaat.append(Blok("kop", (" ".join(regels)[4:].strip(),)))
        else:
            resultaat.append(Blok("alinea", (" ".join(regels),)))
    return resultaat


def inline(tekst: str) -> str:
    """Escape a line and render its inline markup as HTML."""
    html = escape(tekst)
    html = VET.sub(r"<strong>\1</strong>", html)
    html = CURSIEF.sub(r"<em>\1</em>", html)
    html = SUPERSCRIPT.sub(r"<sup>\1</sup>", html)
    return mark_safe(html)


def platte_tekst(tekst: str) -> str:
    """The text without markup, e.g. for search, CSV or a PDF's metadata."""
    tekst = VET.sub(r"\1", tekst or "")
    tekst = CURSIEF.sub(r"\1", tekst)
    return SUPERSCRIPT.sub(r"\1", tekst)


# A theme's lists (beleidsdoelen, effecten, activiteiten) mix bullets, sub-bullets and plain
# paragraphs within one cell. In the database every item has a niveau (Lijstniveau); in a frozen
# report and in the reference fixtures a bullet is a plain string and the others are one-key
# objects: {"alinea": "Voor de Jeugdhulp:"}, {"subpunt": "Opzetten kwaliteitscyclus"}.
ALINEA, PUNT, SUBPUNT = Lijstniveau.ALINEA, Lijstniveau.PUNT, Lijstniveau.SUBPUNT
NIVEAU_SLEUTELS = {ALINEA: "alinea", SUBPUNT: "subpunt"}
SLEUTEL_NIVEAUS = {sleutel: niveau for niveau, sleutel in NIVEAU_SLEUTELS.items()}


def als_lijstitem(niveau: int, tekst: str):
    """A list item as a frozen report or a fixture writes it."""
    sleutel = NIVEAU_SLEUTELS.get(niveau)
    return {sleutel: tekst} if sleutel else tekst


def uit_lijstitem(item) -> tuple[int, str]:
    """(niveau, tekst) of a list item: a model instance, a string or a one-key object."""
    if isinstance(item, str):
        return PUNT, item
    if isinstance(item, dict):
        for sleutel, niveau in SLEUTEL_NIVEAUS.items():
            if sleutel in item:
                return niveau, item[sleutel]
        raise ValueError(f"onbekend lijstitem: {item!r}")
    if hasattr(item, "lijstniveau"):  # an item of the outline printed in a list (activities)
        return item.lijstniveau, item.naam
    if hasattr(item, "niveau"):
        return item.niveau, str(item)
    raise ValueError(f"onbekend lijstitem: {item!r}")


@dataclass
class Punt:
    tekst: str
    item: object  # the model instance, for an activity's planning and date
    subpunten: list["Punt"]


@dataclass
class Lijstblok:
    soort: str  # "alinea" or "lijst"
    tekst: str = ""
    item: object = None
    punten: list[Punt] | None = None


def lijstblokken(items) -> list[Lijstblok]:
    """Group a list's items as the plan prints them: paragraphs, and bullet lists whose bullets
    may hold sub-bullets. A lone bullet reads as a paragraph; a sub-bullet without a bullet
    before it becomes a bullet."""
    items = list(items)
    blokken: list[Lijstblok] = []
    for item in items:
        niveau, tekst = uit_lijstitem(item)
        instantie = None if isinstance(item, str | dict) else item
        if niveau == ALINEA or (len(items) == 1 and niveau == PUNT):
            blokken.append(Lijstblok("alinea", tekst=tekst, item=instantie))
            continue
        if not blokken or blokken[-1].soort != "lijst":
            blokken.append(Lijstblok("lijst", punten=[]))
        punten = blokken[-1].punten
        punt = Punt(tekst, instantie, [])
        if niveau == SUBPUNT and punten:
            punten[-1].subpunten.append(punt)
        else:
            punten.append(punt)
    return blokken
