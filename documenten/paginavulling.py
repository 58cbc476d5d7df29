"""How full each page of a laid-out PDF document is, and which short pages are allowed.

Used by the tests (no page of a reference document may be less than a third filled unless it
ends a chapter) and by bench/ to print the figures. It reads WeasyPrint's page boxes, so it
measures the layout itself rather than guessing from extracted text.
"""

from dataclasses import dataclass

GEDWONGEN = {"page", "left", "right", "recto", "verso"}


@dataclass
class Paginavulling:
    nummer: int  # 1-based
    vulling: float  # the share of the page's content area that holds content, 0..1
    eindigt_hoofdstuk: bool  # the next page starts on a forced break, or this is the last


def _onderkant(box) -> float:
    """The lowest bottom edge of the content inside a box: its lines and images.

    A block split over pages is stretched to the page's foot, so its own height says nothing;
    the lines and replaced elements (images) inside it say where the ink ends."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) or not getattr(box, "children", None):
        if box.position_y is None or box.is_running() or box.is_absolutely_positioned():
            return 0.0
        return box.position_y + box.margin_height()
    return max((_onderkant(kind) for kind in box.children), default=0.0)


def _body(pagina_box):
    html = pagina_box.children[0]
    return next((b for b in html.children if getattr(b, "element_tag", "") == "body"), html)


def _eerste_boxen(box):
    """The chain of first boxes from body down: what opens the page."""
    while getattr(box, "children", None):
        box = box.children[0]
        yield box


def _laatste_boxen(box):
    while getattr(box, "children", None):
        box = box.children[-1]
        yield box


def paginavulling(document) -> list[Paginavulling]:
    """Per page of a WeasyPrint `Document` (from `HTML.render`) how full it is."""
    paginas = [pagina._page_box for pagina in document.pages]
    gezien: set[int] = set()  # elements that already had a fragment on an earlier page
    opent_met_breuk = []
    sluit_met_breuk = []
    for pagina in paginas:
        body = _body(pagina)
        breuk = False
        for box in _eerste_boxen(body):
            element = id(box.element) if box.element is not None else None
            if element not in gezien and box.style["break_before"] in GEDWONGEN:
                breuk = True
        opent_met_breuk.append(breuk)
        sluit_met_breuk.append(
            any(b.style["break_after"] in GEDWONGEN for b in _laatste_boxen(body))
        )
        for box in body.descendants():
            if box.element is not None:
                gezien.add(id(box.element))
    uitkomst = []
    for i, pagina in enumerate(paginas):
        body = _body(pagina)
        boven = pagina.content_box_y()
        hoogte = pagina.height
        vulling = (_onderkant(body) - boven) / hoogte if hoogte else 1.0
        laatste = i == len(paginas) - 1
        eindigt = (
            laatste
            or sluit_met_breuk[i]
            or opent_met_breuk[i + 1]
            or paginas[i + 1].page_type.name != pagina.page_type.name
        )
        uitkomst.append(Paginavulling(i + 1, max(0.0, min(1.0, vulling)), eindigt))
    return uitkomst


def _heeft_inhoud(box) -> bool:
    from weasyprint.formatting_structure import boxes

    return any(
        isinstance(b, (boxes.TextBox, boxes.ReplacedBox)) and not b.is_running()
        for b in box.descendants()
    )


def lege_rijbegins(document) -> list[int]:
    """Pages ending in a table row broken so that a cell shows nothing yet and all its text is
    on the next page: the row's label alone at the page's foot (under its heading, an empty row)."""
    from weasyprint.formatting_structure import boxes

    paginas = [pagina._page_box for pagina in document.pages]
    rijen_per_pagina = [
        {
            id(b.element): b
            for b in _body(pagina).descendants()
            if isinstance(b, boxes.TableRowBox) and b.element is not None
        }
        for pagina in paginas
    ]
    uitkomst = []
    for i, rijen in enumerate(rijen_per_pagina[:-1]):
        volgende = rijen_per_pagina[i + 1]
        for element, rij in rijen.items():
            if element not in volgende:
                continue
            hier = [_heeft_inhoud(cel) for cel in rij.children]
            daar = [_heeft_inhoud(cel) for cel in volgende[element].children]
            if any(hier) and any(not h and d for h, d in zip(hier, daar, strict=False)):
                uitkomst.append(i + 1)
                break
    return uitkomst
