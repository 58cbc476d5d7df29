"""What a plan's workbook looks like to a person: every column explained, the plan's own words,
deadlines as printed, amounts as numbers in euros, dates as dates."""

import datetime
import io
import re

import openpyxl
import pytest

from agenda.excel import plan_exporteren, sjabloon
from agenda.excel.bladen import GEGEVEN, TOELICHTING, VORMBLADEN
from agenda.models import Begrotingspost, Plan, Planvorm

pytestmark = pytest.mark.django_db

PLANNEN = [
    "midden-limburg-2015-2016",
    "holland-rijnland-2014-2015",
    "gooi-en-vechtstreek-2015-2018",
]
WOORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def _boek(inhoud):
    return openpyxl.load_workbook(io.BytesIO(inhoud))


def _werkboeken():
    for slug in PLANNEN:
        yield slug, plan_exporteren(Plan.objects.get(slug=slug))
    for vorm in Planvorm.objects.all():
        yield f"sjabloon {vorm.slug}", sjabloon(vorm)


def _koppen(blad) -> list[str]:
    if blad["A1"].value == GEGEVEN:
        return [r[0].value for r in blad.iter_rows(min_row=2) if r[0].value]
    return [c.value for c in blad[1] if c.value]


def test_the_toelichting_explains_every_sheet_and_every_column():
    for naam, inhoud in _werkboeken():
        boek = _boek(inhoud)
        uitgelegd = {
            (r[0].value, r[1].value)
            for r in boek[TOELICHTING].iter_rows(min_row=2)
            if r[0].value and r[3].value
        }
        for blad in boek.worksheets[1:]:
            assert (blad.title, None) in uitgelegd, (naam, blad.title)
            for kop in _koppen(blad):
                assert (blad.title, kop) in uitgelegd, (naam, blad.title, kop)


def _woorden(tekst: str) -> set[str]:
    return {w.lower().strip("'") for w in WOORD.findall(tekst or "")}


def _vormwoorden(vorm: Planvorm) -> set[str]:
    namen = []
    for niveau in vorm.niveaus.all():
        namen += [niveau.naam, niveau.meervoud]
    for lijst in vorm.keuzelijsten.all():
        namen += [lijst.naam, lijst.meervoud]
    return {n.lower() for n in namen if n}


@pytest.mark.parametrize("slug", PLANNEN)
def test_sheet_names_headers_and_explanations_speak_the_plans_words(slug):
    """No level or list name of another shape, outside the sheets that define the shape."""
    plan = Plan.objects.get(slug=slug)
    boek = _boek(plan_exporteren(plan))
    vreemd = set()
    for vorm in Planvorm.objects.exclude(pk=plan.planvorm_id):
        vreemd |= _vormwoorden(vorm)
    eigen = [s.label for n in plan.planvorm.niveaus.all() for s in n.secties.all()]
    eigen += [w.label for lijst in plan.planvorm.keuzelijsten.all() for w in lijst.waarden.all()]
    vreemd -= _vormwoorden(plan.planvorm) | _woorden(" ".join(eigen))  # its own row labels
    tekst = " ".join(
        blad.title + " " + " ".join(_koppen(blad))
        for blad in boek.worksheets[1:]
        if blad.title not in VORMBLADEN
    )
    tekst += " ".join(
        f"{r[1].value or ''} {r[3].value or ''}"
        for r in boek[TOELICHTING].iter_rows(min_row=2)
        if r[0].value not in VORMBLADEN
    )
    assert not (_woorden(tekst) & vreemd), sorted(_woorden(tekst) & vreemd)


def _cel(blad, kop, rij=2):
    kolom = next(c.column for c in blad[1] if c.value == kop)
    return blad.cell(row=rij, column=kolom)


def test_deadlines_as_printed_amounts_in_euros_dates_as_dates(plan):
    Begrotingspost.objects.filter(plan=plan, volgorde=0).update(bedrag="2500.00")
    boek = _boek(plan_exporteren(plan))
    bedrag = _cel(boek["Begroting"], "Bedrag (€)")
    assert bedrag.value == 2500 and bedrag.data_type == "n" and "€" in bedrag.number_format
    versie = next(r[1] for r in boek["Plan"].iter_rows(min_row=2) if r[0].value == "Vastgesteld op")
    assert versie.value == datetime.datetime(2015, 10, 6) and versie.number_format == "DD-MM-YYYY"
    hr = _boek(plan_exporteren(Plan.objects.get(slug="holland-rijnland-2014-2015")))
    deadline = _cel(hr["Acties"], "Wanneer", rij=3)
    assert deadline.value == "Derde/vierde kwartaal 2014" and deadline.data_type == "s"
