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

VET = re.compile(r"\*\*(.+?)\*\*")
CURSIEF = re.compile(r"\*(.+?)\*")
SUPERSCRIPT = re.compile(r"\^(.+?)\^")
SMILEYLEGENDA = "[smileylegenda]"
LEGENDAREGEL = re.compile(r"^[ \t]*\[smileylegenda\][ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Blok:
    soort: str  # "alinea", "lijst", "kop" or "smileylegenda"
    regels: tuple[str, ...]


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
