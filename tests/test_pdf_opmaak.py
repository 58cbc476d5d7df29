"""Print layout of the reference documents: no page left near-empty by a heading kept from its
table, and in a report no row broken so that its label stands at a page's foot with its text on
the next, measured on WeasyPrint's page boxes (documenten.paginavulling)."""

import pytest

from documenten import documenten, pdf
from documenten.paginavulling import lege_rijbegins, paginavulling

pytestmark = pytest.mark.django_db

MINSTE_VULLING = 1 / 3


def _opgemaakt(doc):
    return pdf.html_naar_document(documenten.html(doc))


def _te_leeg(doc=None, opgemaakt=None) -> list[tuple[int, float]]:
    """Pages less than a third filled that do not end a chapter: (page, fill)."""
    return [
        (p.nummer, round(p.vulling, 2))
        for p in paginavulling(opgemaakt or _opgemaakt(doc))
        if p.vulling < MINSTE_VULLING and not p.eindigt_hoofdstuk
    ]


def test_no_near_empty_page_in_the_adopted_report(periode):
    opgemaakt = _opgemaakt(documenten.rapport_document(periode))
    assert _te_leeg(opgemaakt=opgemaakt) == []
    # A short row is kept whole: theme 4's goals once left their label alone under the heading
    # at the foot of page 5, the text on page 6.
    assert lege_rijbegins(opgemaakt) == []


@pytest.mark.parametrize(
    "slug",
    ["midden-limburg-2015-2016", "holland-rijnland-2014-2015", "gooi-en-vechtstreek-2015-2018"],
)
def test_no_near_empty_page_in_a_reference_plan(slug):
    from agenda.models import Plan

    assert _te_leeg(documenten.plan_document(Plan.objects.get(slug=slug))) == []


# The item PDFs of the themes with the longest rows (4 to 5 pages each): a goals row longer than
# a page once left its heading alone on page 2 (theme 24). Every item PDF was measured once by
# hand (README, "Print layout"); rendering all 34 here would cost minutes on a shared machine.
@pytest.mark.parametrize("code", ["5", "12", "22", "24"])
def test_no_near_empty_page_in_an_item_pdf(plan, code):
    onderdeel = plan.onderdelen.get(niveau=plan.rapportageniveau, code=code)
    assert _te_leeg(documenten.onderdeel_document(plan, onderdeel)) == []


def test_inleiding_and_samenvatting_share_a_page_as_in_the_original(periode):
    from .test_pdf import _paginas

    paginas = _paginas(documenten.pdf_bytes(documenten.rapport_document(periode)))
    pagina = next(p for p in paginas[2:] if p.startswith(periode.naam) and "Inleiding" in p)
    assert "Samenvatting" in pagina


def test_the_measure_tells_a_short_page_from_a_chapter_end():
    """A line left alone before a block that does not fit reads as short; a page before a
    forced break ends a chapter."""
    html = (
        '<html><body><p>Eén regel.</p><div class="blok">x</div>'
        '<section class="hoofdstuk"><p>Nieuw hoofdstuk.</p></section></body></html>'
    )
    css = (
        "@page { size: A4; margin: 20mm; } .blok { height: 252mm; break-inside: avoid; }"
        " .hoofdstuk { break-before: page; }"
    )
    vulling = paginavulling(pdf.html_naar_document(html, extra_css=css))
    assert len(vulling) == 3
    assert vulling[0].vulling < 0.1 and not vulling[0].eindigt_hoofdstuk
    assert vulling[1].eindigt_hoofdstuk
    assert vulling[2].eindigt_hoofdstuk  # the last page


def test_a_report_row_is_not_left_empty_at_a_page_foot(open_periode, rollen):
    """Adopted Q3 2015 with one item not reported and one copied (their labels move everything
    down): a short row stays whole with its heading, not split into a label at the foot of a
    page and its text on the next."""
    from datetime import date

    from rapportage.services import rapportageperiode_vaststellen

    from .test_vaststellen import _goedkeuren

    manager = rollen["manager"]
    _goedkeuren(open_periode, manager, [str(n) for n in range(3, 35)])
    periode = rapportageperiode_vaststellen(
        periode=open_periode,
        door=manager,
        inleiding="[smileylegenda]",
        samenvatting="",
        vastgesteld_op=date(2015, 11, 10),
        overnemen={open_periode.rapportages.get(onderdeel__code="1").pk},
    )
    assert lege_rijbegins(_opgemaakt(documenten.rapport_document(periode))) == []
