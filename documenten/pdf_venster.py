"""A changed speerpunt laid out again from the page its change begins on, not from its start.

A change to one theme changes the pages from the one that theme begins on; the pages before it
stay as they were, and so, mostly, do the pages after it. A part keeps, beside its PDF, what
opens each of its pages (its page tops: a theme's heading, or a row of a theme's table; rows
are never split over pages) and a hash of each theme. After a change the part's worker
(documenten.pdf_parallel) lays out only a window:

- from the last page top at or before the first changed theme,
- up to the first page top after the last changed theme (after its last changed row, where only
  rows of its table changed) and that page's content (`e`),

with the themes outside the window left out and the rows outside it in the window's first and
last theme hidden and emptied (`display: none`: they stay in the table, so the rules for a
table's first and last row still hold), the speerpunt opened as a
continued section, and the running header's theme set as its page would have it. When the
window's pages break where the old ones did (its page `k` opens with what old page `e` opened
with, and holds just that page's content), the window's pages before `k` replace the old pages
from the window's start up to `e`; everything else comes from the stored part. Anything else (a
theme added, removed or moved, a change outside the themes, pages that no longer line up) lays
out the whole part, as before. tests/test_pdf_venster.py checks the joined plan page by page
(text and image) against a render from scratch.
"""

import hashlib
import math

from lxml import html as lxml_html

VERBORGEN = "display: none !important"


def _klassen(element) -> list[str]:
    return (element.get("class") or "").split()


def _themasecties(boom) -> list:
    return [s for s in boom.iter("section") if "thema" in _klassen(s) and s.get("id")]


def _hash(element) -> str:
    return hashlib.sha256(lxml_html.tostring(element)).hexdigest()


def vingerafdruk(html: str) -> dict:
    """Each theme's hash, in order, and a hash of everything else the part shows. Per theme
    also the hash of each row of its table and of the rest of the theme, to tell which rows
    changed."""
    boom = lxml_html.document_fromstring(html)
    themas = []
    for sectie in _themasecties(boom):
        geheel = _hash(sectie)
        rijen = _rijen(sectie)
        rij_hashes = [_hash(rij) for rij in rijen]
        for rij in rijen:
            rij.getparent().remove(rij)
        themas.append([sectie.get("id"), geheel, rij_hashes, _hash(sectie)])
        for kind in list(sectie):
            sectie.remove(kind)
    return {"themas": themas, "romp": _hash(boom)}


# --- Page tops ---------------------------------------------------------------------------------


def toppen(document) -> list:
    """Per page of a laid-out part what opens it: ["kop", theme] (its heading) or ["rij", theme,
    row index] (a row of its table); None where neither opens the page whole (other content
    first, or the continuation of an element begun on the page before)."""
    from weasyprint.formatting_structure import boxes

    uit, vorige = [], set()

    def loop(box, thema, groep, staat):
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        tag = getattr(element, "tag", None)
        if tag == "section" and "thema" in _klassen(element):
            thema = element.get("id") or element.get("data-thema")
        elif tag in ("tbody", "table"):
            groep = element
        if tag in ("h3", "tr"):
            staat["elementen"].add(element)
            if staat["top"] is None:
                if tag == "h3":
                    staat["top"] = ["kop", thema] if thema else False
                elif thema and groep is not None:
                    rijen = [kind for kind in groep if kind.tag == "tr"]
                    staat["top"] = (
                        ["rij", thema, rijen.index(element)] if element in rijen else False
                    )
                else:
                    staat["top"] = False
                staat["element"] = element
        elif isinstance(box, (boxes.TextBox, boxes.ReplacedBox)) and staat["top"] is None:
            staat["top"] = False  # content before any heading or row
        for kind in getattr(box, "children", ()):
            loop(kind, thema, groep, staat)

    for pagina in document.pages:
        staat = {"top": None, "element": None, "elementen": set()}
        loop(pagina._page_box, None, None, staat)
        top = staat["top"] or None
        if top is not None and staat["element"] in vorige:
            top = None  # an element continued from the page before
        uit.append(top)
        vorige = staat["elementen"]
    return uit


# --- The window --------------------------------------------------------------------------------


def venster(oud: dict, nieuw: dict) -> tuple | None:
    """(s, e) of the stored part `oud` (with its page tops and fingerprint) for a part whose
    fingerprint is now `nieuw`: old pages s up to e are laid out again, from page top s to the
    end of page e's content; None when the whole part is to be laid out."""
    oude_toppen = oud.get("toppen")
    if not oude_toppen or oud.get("romp") != nieuw["romp"]:
        return None
    oude_themas, nieuwe_themas = oud.get("themas") or [], nieuw["themas"]
    if [t[0] for t in oude_themas] != [t[0] for t in nieuwe_themas]:
        return None
    veranderd = [
        n for n, (a, b) in enumerate(zip(oude_themas, nieuwe_themas, strict=True)) if a != b
    ]
    if not veranderd:
        return None
    eerste, laatste = veranderd[0], veranderd[-1]
    grens = (laatste, _laatste_rij(oude_themas[laatste], nieuwe_themas[laatste]))
    volgorde = {t[0]: n for n, t in enumerate(nieuwe_themas)}

    def positie(top):
        if top is None or top[1] not in volgorde:
            return None
        return (volgorde[top[1]], -1 if top[0] == "kop" else top[2])

    posities = [positie(top) for top in oude_toppen]
    begin = max(
        (p for p in range(1, len(posities)) if posities[p] and posities[p] <= (eerste, -1)),
        default=None,
    )
    if begin is None:
        return None
    einde = min(
        (p for p in range(begin + 1, len(posities)) if posities[p] and posities[p] > grens),
        default=None,
    )
    if einde is None:
        return None
    return begin, einde


def _laatste_rij(oud: list, nieuw: list) -> float:
    """The last row of a changed theme's table that changed, where only rows changed (as many as
    before, the rest of the theme the same): a page opening with a later row is laid out as
    before (the table's columns are fixed). Else the theme's end: all of it may move."""
    if len(oud) < 4 or len(nieuw) < 4 or oud[3] != nieuw[3] or len(oud[2]) != len(nieuw[2]):
        return math.inf
    rijen = [i for i, (a, b) in enumerate(zip(oud[2], nieuw[2], strict=True)) if a != b]
    return rijen[-1] if rijen else math.inf


def _stijl_toevoegen(element, regel: str):
    stijl = element.get("style")
    element.set("style", f"{stijl}; {regel}" if stijl else regel)


def _verbergen(element):
    """Hidden, and emptied: what a hidden element holds is never laid out, but it would still be
    parsed and given its styles (a large table's hidden rows cost a good part of a window)."""
    _stijl_toevoegen(element, VERBORGEN)
    element.text = None
    for kind in list(element):
        element.remove(kind)


def _rijen(sectie) -> list:
    tabel = next(sectie.iter("table"), None)
    if tabel is None:
        return []
    groep = next((kind for kind in tabel if kind.tag == "tbody"), tabel)
    return [kind for kind in groep if kind.tag == "tr"]


def _css_tekst(tekst: str) -> str:
    tekst = " ".join(tekst.split())
    return '"' + tekst.replace("\\", "\\\\").replace('"', '\\"') + '"'


def venster_html(html: str, begin: list, einde: list | None) -> str:
    """The part's HTML showing only what lies from page top `begin` up to page top `einde`
    (to the end without one)."""
    boom = lxml_html.document_fromstring(html)
    secties = {s.get("id"): s for s in _themasecties(boom)}
    start = secties[begin[1]]
    speerpunt = start.getparent()
    for attribuut in ("id", "aria-labelledby"):
        speerpunt.attrib.pop(attribuut, None)
    speerpunt.set("class", "speerpunt vervolg")
    # What lies outside the window goes: before it the headings and earlier themes, after it
    # the later themes (no rule of print.css counts theme sections); of the themes at its edges
    # the rows outside are hidden only, so that the table rules for first and last rows hold.
    for kind in list(speerpunt):
        if kind is start:
            break
        speerpunt.remove(kind)
    kop = start.find("h3")
    if begin[0] == "kop":
        _stijl_toevoegen(kop, "margin-top: 0")
    else:
        # The page opens with a row: the heading stood on an earlier page, and set the theme of
        # the running header.
        _stijl_toevoegen(start, f"string-set: thema {_css_tekst(kop.get('data-kop') or '')}")
        _verbergen(kop)
        for rij in _rijen(start)[: begin[2]]:
            _verbergen(rij)
    if einde is not None:
        laatste = secties[einde[1]]
        if einde[0] == "kop":
            _verbergen(laatste)
        else:
            for rij in _rijen(laatste)[einde[2] :]:
                _verbergen(rij)
        na = False
        for kind in list(speerpunt):
            if na:
                speerpunt.remove(kind)
            na = na or kind is laatste
    return lxml_html.tostring(boom, encoding="unicode", doctype="<!DOCTYPE html>")
