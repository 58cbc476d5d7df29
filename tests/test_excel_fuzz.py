"""Fuzzing the import (hypothesis): whatever the file holds, the import answers with a result
or a Dutch refusal, never with an exception that would be a server error. Examples are kept
modest so the suite stays fast; hypothesis keeps the failing ones it finds in its database."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.excel import ImportFout, importeren, importplan_maken, plan_exporteren
from agenda.models import Plan

pytestmark = pytest.mark.django_db

INSTELLINGEN = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def export(django_db_blocker):
    with django_db_blocker.unblock():
        return plan_exporteren(Plan.objects.get(slug="holland-rijnland-2014-2015"))


def _probeer(inhoud: bytes):
    """Check and, when the file is fine, import it in a transaction that is rolled back."""
    plan = importplan_maken(inhoud, bestandsnaam="fuzz.xlsx")
    assert plan.geldig or plan.fouten
    for fout in plan.fouten:
        assert str(fout)
    if plan.geldig:
        with transaction.atomic():
            try:
                importeren(inhoud, bestandsnaam="fuzz.xlsx", verwijderen=True)
            except ImportFout as fout:
                assert fout.importplan.fouten
            transaction.set_rollback(True)


@INSTELLINGEN
@given(st.binary(max_size=4096))
def test_any_bytes(inhoud):
    _probeer(inhoud)


@INSTELLINGEN
@given(st.data())
def test_damaged_archives(export, data):
    """Bytes of a real workbook changed here and there: the archive or its XML breaks."""
    inhoud = bytearray(export)
    for _ in range(data.draw(st.integers(1, 8))):
        positie = data.draw(st.integers(0, len(inhoud) - 1))
        inhoud[positie] = data.draw(st.integers(0, 255))
    _probeer(bytes(inhoud))


@INSTELLINGEN
@given(st.data())
def test_damaged_xml_inside_a_sound_archive(export, data):
    uitvoer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(export)) as bron, zipfile.ZipFile(uitvoer, "w") as archief:
        delen = bron.namelist()
        doel = data.draw(st.sampled_from(delen))
        for naam in delen:
            inhoud = bron.read(naam)
            if naam == doel:
                knip = data.draw(st.integers(0, len(inhoud)))
                inhoud = inhoud[:knip] + data.draw(st.binary(max_size=40)) + inhoud[knip:]
            archief.writestr(naam, inhoud)
    _probeer(uitvoer.getvalue())


TEKST = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"),
    max_size=60,
)
WAARDEN = st.one_of(
    st.none(),
    TEKST,
    st.sampled_from(["=1+1", "-", "@x", "€ 2.500,00", "31-02-2018", "Doorlopend", "Ja", "Taak 1"]),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2200, 1, 1)),
)


@INSTELLINGEN
@given(st.data())
def test_any_values_in_any_cells(export, data):
    """What a person might type anywhere: texts, numbers, dates, formula-like texts."""
    boek = openpyxl.load_workbook(io.BytesIO(export))
    for _ in range(data.draw(st.integers(1, 12))):
        blad = boek[data.draw(st.sampled_from(boek.sheetnames))]
        rij = data.draw(st.integers(1, max(blad.max_row, 1) + 2))
        kolom = data.draw(st.integers(1, max(blad.max_column, 1) + 1))
        blad.cell(row=rij, column=kolom, value=data.draw(WAARDEN))
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    _probeer(uitvoer.getvalue())


@INSTELLINGEN
@given(st.data())
def test_rows_and_sheets_taken_away(export, data):
    boek = openpyxl.load_workbook(io.BytesIO(export))
    for _ in range(data.draw(st.integers(1, 4))):
        naam = data.draw(st.sampled_from(boek.sheetnames))
        if data.draw(st.booleans()) and len(boek.sheetnames) > 1:
            del boek[naam]
        else:
            blad = boek[naam]
            blad.delete_rows(data.draw(st.integers(1, max(blad.max_row, 1))))
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    _probeer(uitvoer.getvalue())
