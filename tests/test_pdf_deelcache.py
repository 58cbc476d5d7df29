"""The plan's parts kept in storage (documenten.pdf_delencache): after a change to one theme only
its part is laid out again (from the page the change begins on: tests/test_pdf_venster.py), and
the joined plan is the one a render from scratch gives, page by page; byte for byte where the
whole part was laid out, also when the change adds a page and moves every later page number."""

import os
import time
from pathlib import Path

import pytest

from agenda.models import Plan
from documenten import documenten, pdf_delencache, pdf_parallel

from .factories import onderdeel
from .pdfstructuur import paginateksten
from .voorwaarden import MET_PDF_TEKST

pytestmark = [MET_PDF_TEKST, pytest.mark.django_db]

SLUG = "midden-limburg-2015-2016"


@pytest.fixture
def opslag(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _renderen(cache: bool) -> tuple[bytes, pdf_parallel.Meting]:
    """The plan as it is now in the database, in parts."""
    meting = pdf_parallel.Meting()
    doc = documenten.plan_document(Plan.objects.get(slug=SLUG))
    inhoud, _aantal = pdf_parallel.renderen(doc, meting=meting, cache=cache)
    return inhoud, meting


def _opgeslagen_delen(map_: Path) -> list[str]:
    return sorted(p.name for p in map_.rglob("*.pdf"))


def _vergelijken(met_cache: bytes, koud: bytes, *, bytes_gelijk: bool = True):
    """The same pages with the same text (footers and contents numbers included), and the same
    bytes: the parts from storage are the bytes a render gives. A part laid out from a window
    (documenten.pdf_venster) has the same pages in other bytes: its fonts are subset twice."""
    paginas, koude_paginas = paginateksten(met_cache), paginateksten(koud)
    assert len(paginas) == len(koude_paginas)
    for nummer, (tekst, koude_tekst) in enumerate(
        zip(paginas, koude_paginas, strict=True), start=1
    ):
        assert tekst == koude_tekst, f"pagina {nummer} verschilt"
    if bytes_gelijk:
        assert met_cache == koud


def test_a_changed_theme_lays_out_its_part_only_and_gives_the_cold_render(plan, opslag):
    eerste, koud = _renderen(cache=True)
    assert koud.uit_opslag == 0 and koud.geraden is False
    delen_ervoor = _opgeslagen_delen(opslag)
    # Every part, the contents, the footers and the joined document.
    assert len(delen_ervoor) == len(koud.delen) + 2
    # All of it from storage: nothing laid out, the same file.
    weer, uit_opslag = _renderen(cache=True)
    assert uit_opslag.delen == [] and weer == eerste and uit_opslag.ter_plaatse is True

    # Theme 7 (speerpunt 1) gets a word of the same length: its pages stay as they were.
    doel = onderdeel(plan, 7).beleidsdoelen.order_by("volgorde").first()
    assert " de " in doel.tekst
    doel.tekst = doel.tekst.replace(" de ", " De ", 1)
    doel.save()
    na, meting = _renderen(cache=True)
    # Its part only, from the page theme 7 begins on: the contents kept its numbers and titles
    # (the document's new date is set in the join), the footers their pages.
    assert [naam for naam, *_rest in meting.delen] == ["speerpunten-1"]
    assert list(meting.vensters) == ["speerpunten-1"]
    assert meting.geraden is True
    # Its window's pages laid into the last joined document.
    assert meting.ter_plaatse is True
    assert na != eerste
    _vergelijken(na, _renderen(cache=False)[0], bytes_gelijk=False)
    # The parts the last render no longer used stay while another render may still need them
    # (pdf_delencache.BEWAARTIJD); once older, the next render deletes them and the store holds
    # the parts and the document of the last render only.
    assert len(_opgeslagen_delen(opslag)) == len(delen_ervoor) + 2
    verleden = time.time() - pdf_delencache.BEWAARTIJD.total_seconds() - 60
    for pad in opslag.rglob("*"):
        os.utime(pad, (verleden, verleden))
    assert _renderen(cache=True)[0] == na
    assert len(_opgeslagen_delen(opslag)) == len(delen_ervoor)


def test_a_theme_that_grows_a_page_moves_the_later_page_numbers(plan, opslag):
    ervoor, _meting = _renderen(cache=True)
    aantal = len(paginateksten(ervoor))
    doel = onderdeel(plan, 7).beleidsdoelen.order_by("volgorde").first()
    doel.tekst += " Een zin die de tabel van dit thema langer maakt." * 60
    doel.save()
    na, meting = _renderen(cache=True)
    paginas = paginateksten(na)
    assert len(paginas) == aantal + 1
    assert f"Pagina {aantal + 1} van {aantal + 1}" in paginas[-1]
    # The guess from the last render was wrong (the part has a page more): laid out anew, the
    # whole part (its window's pages no longer line up with the stored ones).
    assert meting.geraden is False
    assert meting.vensters == {}
    assert sorted(naam for naam, *_rest in meting.delen) == ["speerpunten-1", "titel en inhoud"]
    _vergelijken(na, _renderen(cache=False)[0])
