"""The contents' dot leaders: WeasyPrint lays them out as one text box per dot, which made the
contents slow to write; documenten.pdf draws each leader as one text box, with the same dots."""

import dataclasses
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from documenten import documenten, pdf

from .pdfstructuur import paginateksten
from .voorwaarden import MET_PDF_TEKST

pytestmark = [MET_PDF_TEKST, pytest.mark.django_db]


def _inhoud(plan):
    """The title page and contents of the reference plan, with its real page numbers."""
    doc = documenten.plan_document(plan)
    return dataclasses.replace(doc, delen=[]).html(), doc.metagegevens()


def _leiders(document) -> list[int]:
    """Per leader, how many text boxes draw it."""
    return [
        len(box.children)
        for pagina in document.pages
        for box in pagina._page_box.descendants()
        if getattr(box, "is_leader", False)
    ]


def _beeld(inhoud: bytes, map_: Path, naam: str) -> Image.Image:
    (map_ / f"{naam}.pdf").write_bytes(inhoud)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-f", "2", "-l", "2", map_ / f"{naam}.pdf", map_ / naam],
        check=True,
    )
    return Image.open(next(map_.glob(f"{naam}-*.png"))).convert("L")


def test_each_leader_is_one_text_box_with_the_dots_of_the_repeated_ones(
    plan, tmp_path, monkeypatch
):
    html, metagegevens = _inhoud(plan)
    samen = pdf.html_naar_document(html)
    leiders = _leiders(samen)
    assert len(leiders) > 40 and set(leiders) == {1}
    monkeypatch.setattr(pdf, "_leider_samenvoegen", lambda leider: None)
    los = pdf.html_naar_document(html)
    assert sum(_leiders(los)) > 20 * len(leiders)

    samen_pdf = pdf.document_naar_pdf(samen, metagegevens=metagegevens)
    los_pdf = pdf.document_naar_pdf(los, metagegevens=metagegevens)
    # The same dots (the text without its spacing) on every line.
    for tekst, losse_tekst in zip(paginateksten(samen_pdf), paginateksten(los_pdf), strict=True):
        assert [regel.replace(" ", "") for regel in tekst.splitlines()] == [
            regel.replace(" ", "") for regel in losse_tekst.splitlines()
        ]
    # And the same page, but for the dots' anti-aliasing: at most a quarter of a pixel's
    # grey, on a few pixels.
    verschil = ImageChops.difference(
        _beeld(samen_pdf, tmp_path, "samen"), _beeld(los_pdf, tmp_path, "los")
    )
    afwijkend = sum(verschil.histogram()[1:])
    assert verschil.getextrema()[1] <= 64 and afwijkend < 0.005 * verschil.width * verschil.height
