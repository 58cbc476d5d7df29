"""A changed speerpunt laid out again from the page its change begins on (documenten.pdf_venster):
the joined plan has the pages, bookmarks, links and tags of a render from scratch."""

import subprocess
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest

from agenda.models import Plan
from documenten import documenten, pdf_parallel, pdf_venster

from .factories import onderdeel
from .pdfstructuur import paginateksten, structuur
from .voorwaarden import MET_PDF_TEKST

SLUG = "midden-limburg-2015-2016"


@pytest.fixture
def opslag(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _renderen(cache: bool) -> tuple[bytes, pdf_parallel.Meting]:
    meting = pdf_parallel.Meting()
    doc = documenten.plan_document(Plan.objects.get(slug=SLUG))
    return pdf_parallel.renderen(doc, meting=meting, cache=cache)[0], meting


def _letter_wisselen(doel, letter: int = 2):
    """A letter of a goal (the third) in the other case: a change of about the same width."""
    i = [n for n, teken in enumerate(doel.tekst) if teken.isalpha()][letter]
    doel.tekst = doel.tekst[:i] + doel.tekst[i].swapcase() + doel.tekst[i + 1 :]
    doel.save()


def _xmp(inhoud: bytes) -> bytes:
    with pikepdf.open(BytesIO(inhoud)) as document:
        return document.Root.Metadata.read_bytes()


def _beelden(inhoud: bytes, map_: Path) -> list[bytes]:
    map_.mkdir()
    (map_ / "plan.pdf").write_bytes(inhoud)
    subprocess.run(["pdftoppm", "-r", "40", "-png", map_ / "plan.pdf", map_ / "p"], check=True)
    return [pad.read_bytes() for pad in sorted(map_.glob("p-*.png"))]


@MET_PDF_TEKST
@pytest.mark.django_db
def test_a_change_lays_out_the_pages_from_its_theme_on_and_gives_the_cold_renders_pages(
    plan, opslag, tmp_path
):
    _renderen(cache=True)

    # A word in theme 25 (speerpunt 3, 21 pages, the theme begins on its 12th).
    _letter_wisselen(onderdeel(plan, 25).beleidsdoelen.order_by("volgorde").first())
    _na, meting = _renderen(cache=True)
    assert [naam for naam, *_rest in meting.delen] == ["speerpunten-3"]
    begin, vervangen, einde, aantal = meting.vensters["speerpunten-3"]
    assert aantal == 21 and begin >= 10 and einde < 21 and vervangen <= 4
    # The window's pages laid into the last joined document, not all parts joined again.
    assert meting.ter_plaatse is True

    # Theme 7's title: its heading, running header, bookmark and contents entry. The contents
    # is laid out again (its text changed), the speerpunt from the theme's page.
    thema = onderdeel(plan, 7)
    thema.titel = thema.titel.upper()
    thema.save()
    _na, meting = _renderen(cache=True)
    assert sorted(naam for naam, *_rest in meting.delen) == ["speerpunten-1", "titel en inhoud"]
    assert list(meting.vensters) == ["speerpunten-1"]
    assert meting.ter_plaatse is True  # the contents' pages too

    # Again theme 7: a window over a part that was itself put together from a window.
    _letter_wisselen(thema.beleidsdoelen.order_by("volgorde").first())
    met_venster, meting = _renderen(cache=True)
    assert list(meting.vensters) == ["speerpunten-1"] and meting.ter_plaatse is True

    koud, _meting = _renderen(cache=False)
    teksten, koude_teksten = paginateksten(met_venster), paginateksten(koud)
    assert len(teksten) == len(koude_teksten) == 50
    for nummer, (tekst, koude_tekst) in enumerate(zip(teksten, koude_teksten, strict=True), 1):
        assert tekst == koude_tekst, f"pagina {nummer}: andere tekst"
    beelden, koude_beelden = _beelden(met_venster, tmp_path / "a"), _beelden(koud, tmp_path / "b")
    for nummer, (beeld, koud_beeld) in enumerate(zip(beelden, koude_beelden, strict=True), 1):
        assert beeld == koud_beeld, f"pagina {nummer}: ander beeld"
    # One structure tree with every piece of marked content in it, the same elements, bookmarks
    # and links (each to its page) as the render from scratch.
    boom, koude_boom = structuur(met_venster), structuur(koud)
    assert boom["ongetagd"] == 0 and boom["zonder_ouder"] == [] and boom["syntaxis"] == []
    assert boom["verkeerde_ouders"] == [] and boom["volgende_sleutel_goed"]
    for sleutel in ("soorten", "bladwijzers", "links"):
        assert boom[sleutel] == koude_boom[sleutel], sleutel
    # The document's dates set once, in the joined document laid anew in part as well.
    assert _xmp(met_venster) == _xmp(koud)
    assert _xmp(met_venster).count(b"<xmp:CreateDate>") == 1
    assert any(thema.titel in titel for _d, titel, _p in boom["bladwijzers"])


@MET_PDF_TEKST
@pytest.mark.django_db
def test_a_change_on_a_parts_first_page_or_a_failing_window_lays_out_the_whole_part(
    plan, opslag, monkeypatch
):
    _renderen(cache=True)
    _letter_wisselen(onderdeel(plan, 1).beleidsdoelen.order_by("volgorde").first())
    na, meting = _renderen(cache=True)
    assert [naam for naam, *_rest in meting.delen] == ["speerpunten-1"]
    assert meting.vensters == {}
    assert na == _renderen(cache=False)[0]

    # A window that fails (the workers are forked from this process, so they fail too) costs
    # the whole part's layout, not the render.
    def kapot(*_argumenten):
        raise RuntimeError("venster kapot")

    monkeypatch.setattr(pdf_venster, "venster_html", kapot)
    _letter_wisselen(onderdeel(plan, 7).beleidsdoelen.order_by("volgorde").first())
    na, meting = _renderen(cache=True)
    assert [naam for naam, *_rest in meting.delen] == ["speerpunten-1"]
    assert meting.vensters == {}
    assert na == _renderen(cache=False)[0]
    monkeypatch.undo()

    # A window laid out whose part cannot be put together: the document is still the window
    # laid into the last one (it does not need the part), but the part is not stored ...
    monkeypatch.setattr(pdf_parallel, "_samenstellen", _samenstellen_kapot)
    _letter_wisselen(onderdeel(plan, 7).beleidsdoelen.order_by("volgorde").first(), 3)
    na, meting = _renderen(cache=True)
    assert list(meting.vensters) == ["speerpunten-1"] and meting.ter_plaatse is True
    assert paginateksten(na) == paginateksten(_renderen(cache=False)[0])
    # ... so the next change lays out the whole part, and all parts are joined ...
    monkeypatch.undo()
    _letter_wisselen(onderdeel(plan, 7).beleidsdoelen.order_by("volgorde").first(), 4)
    na, meting = _renderen(cache=True)
    assert [naam for naam, *_rest in meting.delen] == ["speerpunten-1"]
    assert meting.vensters == {} and meting.ter_plaatse is False
    assert na == _renderen(cache=False)[0]
    # ... and the change after it lays out a window from that whole part.
    _letter_wisselen(onderdeel(plan, 7).beleidsdoelen.order_by("volgorde").first(), 5)
    na, meting = _renderen(cache=True)
    assert list(meting.vensters) == ["speerpunten-1"] and meting.ter_plaatse is True
    assert paginateksten(na) == paginateksten(_renderen(cache=False)[0])


@MET_PDF_TEKST
@pytest.mark.django_db
def test_kept_workers_lay_out_the_next_changes_and_their_parts_are_stored_after_the_render(
    plan, opslag, settings
):
    settings.PDF_WERKERS_BEWAREN = True
    try:
        _na, meting = _renderen(cache=True)
        werkers = set(meting.rss_per_proces)
        assert len(werkers) == pdf_parallel.WERKERS
        doel = onderdeel(plan, 25).beleidsdoelen.order_by("volgorde").first()
        for letter in (2, 3, 4):
            _letter_wisselen(doel, letter)
            na, meting = _renderen(cache=True)
            # The same two processes lay out every render; each change is a window laid into
            # the last plan, so the part put together after the render before it returned was
            # stored by the time this render looked for it.
            assert {pid for _naam, pid, *_rest in meting.delen} <= werkers
            assert list(meting.vensters) == ["speerpunten-3"] and meting.ter_plaatse is True
        assert paginateksten(na) == paginateksten(_renderen(cache=False)[0])
    finally:
        pdf_parallel.werkers_sluiten()
    assert "pool" not in pdf_parallel._BEWAARD


def _samenstellen_kapot(*_argumenten):
    """At module level: the worker finds it by name."""
    raise RuntimeError("samenstellen kapot")


# --- The window's bounds and HTML, without a render ------------------------------------------

OUD = {
    "romp": "r",
    "themas": [["themas-1", "a"], ["themas-2", "b"], ["themas-3", "c"], ["themas-4", "d"]],
    # page 0 opens the part; 1 a row of theme 1; 2 theme 2's heading; 3 a row of theme 2 that
    # began on page 2 (no page top); 4 theme 3's second row; 5 theme 4's heading
    "toppen": [
        None,
        ["rij", "themas-1", 3],
        ["kop", "themas-2"],
        None,
        ["rij", "themas-3", 1],
        ["kop", "themas-4"],
    ],
}


def _nieuw(**gewijzigd):
    return {
        "romp": "r",
        "themas": [[naam, gewijzigd.get(naam.replace("-", "_"), h)] for naam, h in OUD["themas"]],
    }


def test_the_window_runs_from_the_last_page_top_before_the_change_to_the_first_after_it():
    # Theme 2 changed: from its heading's page (2) to the first page opened by a later theme (4).
    assert pdf_venster.venster(OUD, _nieuw(themas_2="x")) == (2, 4)
    # Theme 3 changed: it begins on page 3, which has no page top; from page 2.
    assert pdf_venster.venster(OUD, _nieuw(themas_3="x")) == (2, 5)
    # Themes 2 and 3 changed: one window over both.
    assert pdf_venster.venster(OUD, _nieuw(themas_2="x", themas_3="y")) == (2, 5)


def test_no_window_where_the_whole_part_is_to_be_laid_out():
    # A change on the part's first page, in its last theme, outside its themes, to its themes.
    assert pdf_venster.venster(OUD, _nieuw(themas_1="x")) is None
    assert pdf_venster.venster(OUD, _nieuw(themas_4="x")) is None
    assert pdf_venster.venster(OUD, {**_nieuw(themas_2="x"), "romp": "s"}) is None
    minder = {"romp": "r", "themas": OUD["themas"][:3]}
    assert pdf_venster.venster(OUD, minder) is None
    assert pdf_venster.venster({**OUD, "toppen": None}, _nieuw(themas_2="x")) is None


def test_where_only_rows_changed_the_window_ends_at_the_first_page_top_after_the_last_one():
    rijen = ["r0", "r1", "r2", "r3"]
    oud = {
        "romp": "r",
        "themas": [["themas-1", "a", ["x"], "ra"], ["themas-2", "b", rijen, "rb"]],
        # page 2 opens with theme 2's heading, page 3 with its row 2, page 4 with its row 3
        "toppen": [
            None,
            ["rij", "themas-1", 0],
            ["kop", "themas-2"],
            ["rij", "themas-2", 2],
            ["rij", "themas-2", 3],
        ],
    }

    def nieuw(rijen=rijen, rest="rb"):
        return {"romp": "r", "themas": [oud["themas"][0], ["themas-2", "c", rijen, rest]]}

    # Row 1 changed: page 3 opens with row 2, as before, so the window ends there.
    assert pdf_venster.venster(oud, nieuw(["r0", "X", "r2", "r3"])) == (2, 3)
    assert pdf_venster.venster(oud, nieuw(["r0", "r1", "X", "r3"])) == (2, 4)
    # The rest of the theme changed, a row added, or a part stored without row hashes: the
    # theme's end bounds the window (here no page top after it: the whole part).
    assert pdf_venster.venster(oud, nieuw(["r0", "X", "r2", "r3"], rest="x")) is None
    assert pdf_venster.venster(oud, nieuw([*rijen, "r4"])) is None
    zonder = {**oud, "themas": [t[:2] for t in oud["themas"]]}
    assert (
        pdf_venster.venster(zonder, {"romp": "r", "themas": [t[:2] for t in nieuw()["themas"]]})
        is None
    )


HTML = """<!DOCTYPE html><html><body>
<section class="hoofdstuk speerpunt" id="sp" aria-labelledby="sp-kop"><h2 id="sp-kop">S</h2>
<section class="thema" id="themas-1"><h3 data-kop="Thema 1">1</h3>
<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table></section>
<section class="thema" id="themas-2"><h3 data-kop='Thema "2"'>2</h3>
<table><tbody><tr><td>c</td></tr><tr><td>d</td></tr><tr><td>e</td></tr></tbody></table></section>
<section class="thema" id="themas-3"><h3 data-kop="Thema 3">3</h3>
<table><tbody><tr><td>f</td></tr></tbody></table></section>
</section></body></html>"""


def test_the_windows_html_keeps_the_rows_of_its_edge_themes_hidden_and_the_running_header():
    from lxml import html as lxml_html

    boom = lxml_html.document_fromstring(
        pdf_venster.venster_html(HTML, ["rij", "themas-2", 1], ["kop", "themas-3"])
    )
    speerpunt = boom.find(".//section")
    assert speerpunt.get("class") == "speerpunt vervolg" and speerpunt.get("id") is None
    # Before the window: the heading and theme 1 left out; theme 2's heading and first row
    # hidden, its rows all still in the table; after it theme 3 hidden.
    assert [s.get("id") for s in speerpunt.findall("section")] == ["themas-2", "themas-3"]
    tweede, derde = speerpunt.findall("section")
    assert tweede.get("style") == 'string-set: thema "Thema \\"2\\""'
    assert pdf_venster.VERBORGEN in tweede.find("h3").get("style")
    rijen = tweede.findall(".//tr")
    assert [pdf_venster.VERBORGEN in (r.get("style") or "") for r in rijen] == [True, False, False]
    assert pdf_venster.VERBORGEN in derde.get("style")
    # What is hidden is emptied too: never laid out, it would only be parsed and styled.
    assert [r.text_content() for r in rijen] == ["", "d", "e"] and len(rijen[0]) == 0
    assert derde.text_content() == "" and len(derde) == 0


def test_the_fingerprint_tells_a_theme_from_the_rest():
    eerst = pdf_venster.vingerafdruk(HTML)
    thema = pdf_venster.vingerafdruk(HTML.replace("<td>d</td>", "<td>D</td>"))
    kop = pdf_venster.vingerafdruk(HTML.replace(">S</h2>", ">T</h2>"))
    assert [t[0] for t in eerst["themas"]] == ["themas-1", "themas-2", "themas-3"]
    assert thema["romp"] == eerst["romp"] and thema["themas"][1] != eerst["themas"][1]
    assert thema["themas"][0] == eerst["themas"][0] and thema["themas"][2] == eerst["themas"][2]
    assert kop["romp"] != eerst["romp"] and kop["themas"] == eerst["themas"]
    # Each row's hash and the rest of the theme's: a changed cell changes its row only.
    assert [len(t[2]) for t in eerst["themas"]] == [2, 3, 1]
    assert thema["themas"][1][2][1] != eerst["themas"][1][2][1]
    assert thema["themas"][1][2][::2] == eerst["themas"][1][2][::2]
    assert thema["themas"][1][3] == eerst["themas"][1][3]
    kop3 = pdf_venster.vingerafdruk(HTML.replace(">2</h3>", ">twee</h3>"))
    assert (
        kop3["themas"][1][2] == eerst["themas"][1][2]
        and kop3["themas"][1][3] != eerst["themas"][1][3]
    )
