"""Helpers for the tests of a plan's workbook (agenda.excel): reading cells, editing a workbook
as a person would in Excel, emptying the database, counting history."""

import importlib
import io

import openpyxl
from django.apps import apps
from django.db import connection

from agenda.excel.bladen import GEGEVEN


def cellen(inhoud: bytes) -> dict[str, list[list]]:
    """Every sheet as rows of cell values, in the workbook's order."""
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    return {blad.title: [[c.value for c in rij] for rij in blad.iter_rows()] for blad in boek}


def tabel(inhoud: bytes, blad: str) -> list[dict]:
    """A sheet's rows as {header: value}."""
    rijen = cellen(inhoud)[blad]
    koppen = rijen[0]
    return [dict(zip(koppen, rij, strict=False)) for rij in rijen[1:]]


def aanpassen(inhoud: bytes, wijziging) -> bytes:
    """Open the workbook, let `wijziging(boek)` edit it, save it again (as Excel would)."""
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    wijziging(boek)
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


def kolom(blad, kop: str) -> int:
    """The column number of a header in row 1."""
    for cel in blad[1]:
        if cel.value == kop:
            return cel.column
    raise KeyError(kop)


def rij_met(blad, kop: str, waarde) -> int:
    """The number of the first row whose column `kop` holds `waarde`."""
    nummer = kolom(blad, kop)
    for rij in blad.iter_rows(min_row=2):
        if rij[nummer - 1].value == waarde:
            return rij[0].row
    raise KeyError(waarde)


def zet(blad, kop: str, sleutelkop: str, sleutel, waarde):
    """Set the cell in column `kop` of the row whose `sleutelkop` is `sleutel`."""
    blad.cell(row=rij_met(blad, sleutelkop, sleutel), column=kolom(blad, kop), value=waarde)


def gegeven(blad, naam: str, waarde):
    """Set a value on a sheet of (Gegeven, Waarde) rows."""
    zet(blad, "Waarde", GEGEVEN, naam, waarde)


def historie() -> int:
    """All history records of the project's models (a record's snapshot of its many-to-many
    links is part of the record, not one of its own)."""
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
        and model._meta.pk.name == "history_id"
        and model._meta.app_label in ("agenda", "regio", "rapportage")
    )


def leeg_database():
    """Remove every region, plan, shape and checklist, as on a new installation."""
    from agenda import models as agenda
    from rapportage import models as rapportage
    from regio import models as regio

    # What was adopted may not change or go in the database (rapportage migrations 0011, 0012):
    # a new installation has none, so the locks are lifted while this test empties it.
    onveranderlijk = importlib.import_module(
        "rapportage.migrations.0012_vastgesteld_onveranderlijk"
    )
    metingen = importlib.import_module("rapportage.migrations.0011_metingen_vergrendeld")
    verbinding = connection
    onveranderlijk.triggers_uit(verbinding)
    with verbinding.cursor() as cursor:
        uit = {"sqlite": metingen.SQLITE_UIT, "postgresql": metingen.POSTGRES_UIT}
        for sql in uit.get(verbinding.vendor, []):
            cursor.execute(sql)
    try:
        _alles_weg(rapportage, agenda, regio)
    finally:
        onveranderlijk.triggers_aan(verbinding)
        with verbinding.cursor() as cursor:
            aan = {"sqlite": metingen.SQLITE_AAN, "postgresql": metingen.POSTGRES_AAN}
            for sql in aan.get(verbinding.vendor, []):
                cursor.execute(sql)


def _alles_weg(rapportage, agenda, regio):
    from documenten.models import PdfDocument

    for model in (
        rapportage.ThemaRapportage,
        rapportage.GearchiveerdRapport,
        rapportage.Heropening,
        rapportage.Herinnering,
        PdfDocument,
        rapportage.Rapportageperiode,
        agenda.Begrotingspost,
        agenda.Plan,
        regio.Persoon,
        regio.Partij,
        regio.Gebruiker,
        regio.Regio,
        regio.Gemeente,
        agenda.Planvorm,
        agenda.Toetsingskader,
    ):
        model.objects.all().delete()
