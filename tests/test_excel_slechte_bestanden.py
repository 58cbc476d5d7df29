"""Bad files: each gets a clear Dutch message, and nothing is written.

Every test here would fail without the check it names: the file kind sniffing (not an .xlsx, an
old .xls, an encrypted file), the archive checks before unpacking (damaged, zip bomb, macros),
defusedxml (XML entities), the sheet checks (hidden, merged, row limit, formulas), the strict
cell readers (dates as text, amounts with € and dots), the key checks (duplicate codes) and the
reference checks (an unknown party)."""

import io
import zipfile

import openpyxl
import pytest

from agenda.excel import importplan_maken, plan_exporteren
from agenda.excel.werkboek import MAX_RIJEN
from agenda.models import Plan

from .werkboeken import aanpassen, historie, kolom, rij_met, zet

pytestmark = pytest.mark.django_db


@pytest.fixture
def export():
    return plan_exporteren(Plan.objects.get(slug="holland-rijnland-2014-2015"))


def _fouten(inhoud: bytes) -> str:
    voor = historie()
    plan = importplan_maken(inhoud, bestandsnaam="x.xlsx")
    assert historie() == voor
    assert not plan.geldig
    return "\n".join(str(f) for f in plan.fouten)


def test_not_an_xlsx():
    assert "Dit is geen Excel-bestand (.xlsx)" in _fouten(b"%PDF-1.7 een pdf")
    assert "Dit is geen Excel-bestand (.xlsx)" in _fouten(b"")


def test_an_old_xls_file():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert "oud Excel-bestand (.xls)" in _fouten(ole)


def test_a_password_protected_file():
    # Excel stores an encrypted workbook as an OLE file with an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le")
    assert "met een wachtwoord beveiligd" in _fouten(ole)


def test_a_damaged_file(export):
    assert "beschadigd" in _fouten(export[: len(export) // 2])
    assert "zip-archief zonder werkmap" in _fouten(_zip({"iets.txt": b"hallo"}))


def _zip(delen: dict) -> bytes:
    uitvoer = io.BytesIO()
    with zipfile.ZipFile(uitvoer, "w", zipfile.ZIP_DEFLATED) as archief:
        for naam, inhoud in delen.items():
            archief.writestr(naam, inhoud)
    return uitvoer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(export):
    uitvoer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(export)) as bron,
        zipfile.ZipFile(uitvoer, "w", zipfile.ZIP_DEFLATED) as archief,
    ):
        for deel in bron.infolist():
            archief.writestr(deel, bron.read(deel))
        with archief.open("xl/media/bom.bin", "w") as bom:
            for _ in range(8):
                bom.write(b"\0" * 1024 * 1024)  # 8 MB of zeros: packed some 8 kB
    assert len(uitvoer.getvalue()) < len(export) + 64 * 1024
    assert "zip-bom" in _fouten(uitvoer.getvalue())


def test_macros_are_refused(export):
    uitvoer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(export)) as bron, zipfile.ZipFile(uitvoer, "w") as archief:
        for deel in bron.infolist():
            archief.writestr(deel, bron.read(deel))
        archief.writestr("xl/vbaProject.bin", b"macro")
    assert "bevat macro's" in _fouten(uitvoer.getvalue())


def test_xml_entities_are_refused(export):
    """defusedxml: an entity in a sheet (the seed of a billion-laughs attack) is not expanded."""
    uitvoer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(export)) as bron, zipfile.ZipFile(uitvoer, "w") as archief:
        for deel in bron.infolist():
            inhoud = bron.read(deel)
            if deel.filename.startswith("xl/worksheets/"):
                inhoud = b'<!DOCTYPE worksheet [<!ENTITY lol "lol">]>' + inhoud
            archief.writestr(deel, inhoud)
    assert "entiteiten of een DTD" in _fouten(uitvoer.getvalue())


def test_a_hidden_sheet(export):
    def verbergen(boek):
        boek["Personen"].sheet_state = "hidden"

    assert "Blad Personen: dit blad is verborgen" in _fouten(aanpassen(export, verbergen))


def test_merged_cells(export):
    def samenvoegen(boek):
        boek["Acties"].merge_cells("A2:B2")

    assert "Blad Acties: heeft samengevoegde cellen (A2:B2)" in _fouten(
        aanpassen(export, samenvoegen)
    )


def test_a_hundred_thousand_rows(export):
    def volschrijven(boek):
        blad = boek["Personen"]
        for n in range(100_000):
            blad.cell(row=n + 2, column=1, value=f"Persoon {n}")

    meldingen = _fouten(aanpassen(export, volschrijven))
    assert f"Blad Personen: heeft meer dan {MAX_RIJEN:,} rijen".replace(",", ".") in meldingen


def test_a_formula_without_a_computed_value(export):
    def formule(boek):
        zet(boek["Acties"], "Wanneer", "Nummer", "1.1", '=CONCATENATE("Q3 ", 2014)')

    meldingen = _fouten(aanpassen(export, formule))
    assert "kolom Wanneer: bevat een formule zonder berekende waarde" in meldingen


def test_a_formula_with_its_computed_value_is_used_never_run(export):
    """Excel stores what a formula computed; that value is read, the formula never evaluated."""
    bron = aanpassen(export, lambda boek: zet(boek["Acties"], "Wanneer", "Nummer", "1.2", "=1+1"))
    uitvoer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bron)) as oud, zipfile.ZipFile(uitvoer, "w") as nieuw:
        for deel in oud.infolist():
            inhoud = oud.read(deel)
            # What Excel would have stored: the formula and the value it computed.
            inhoud = inhoud.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2015</v>")
            inhoud = inhoud.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2015</v>")
            nieuw.writestr(deel, inhoud)
    plan = importplan_maken(uitvoer.getvalue(), bestandsnaam="x.xlsx")
    assert plan.geldig, plan.fouten
    assert any(
        "bevat een formule; de waarde die Excel berekende is gebruikt" in str(w)
        for w in plan.waarschuwingen
    )
    gewijzigd = next(g for g in plan.groepen if g.naam == "Acties").gewijzigd
    assert gewijzigd[0].wijzigingen == ["Wanneer: Derde/vierde kwartaal 2014 → 2015"]


def test_a_date_typed_as_text():
    export = plan_exporteren(Plan.objects.get(slug="midden-limburg-2015-2016"))
    meldingen = _fouten(
        aanpassen(export, lambda boek: _zet_gegeven(boek, "Versiedatum", "31-12-2015"))
    )
    assert (
        "Blad Plan, rij 7 (Versiedatum): “31-12-2015” staat als tekst in de cel, niet als datum"
        in meldingen
    )


def _zet_gegeven(boek, naam, waarde):
    blad = boek["Plan"]
    blad.cell(row=rij_met(blad, "Gegeven", naam), column=2, value=waarde)


def test_an_amount_with_euro_sign_and_thousands_dots(export):
    def bedrag(boek):
        blad = boek["Begroting"]
        blad.cell(row=2, column=kolom(blad, "Bedrag (€)"), value="€ 2.500,00")

    meldingen = _fouten(aanpassen(export, bedrag))
    assert (
        "Blad Begroting, rij 2, kolom Bedrag (€): “€ 2.500,00” is tekst, geen bedrag; typ alleen "
        "het getal, zonder €, spaties of punten voor duizendtallen (bedoelt u 2500?)"
    ) in meldingen


def test_duplicate_codes(export):
    def dubbel(boek):
        zet(boek["Acties"], "Nummer", "Nummer", "1.2", "1.1")

    assert "kolom Nummer: Actie 1.1 staat al in rij 2" in _fouten(aanpassen(export, dubbel))


def test_a_reference_to_a_party_that_does_not_exist(export):
    def onbekend(boek):
        blad = boek["Rollen"]
        blad.cell(row=2, column=kolom(blad, "Partij"), value="Centrumgemeente Lyden")

    assert (
        "Blad Rollen, rij 2, kolom Partij: “Centrumgemeente Lyden” staat niet op blad Partijen; "
        "bedoelt u “Centrumgemeente Leiden”?"
    ) in _fouten(aanpassen(export, onbekend))


def test_an_impossible_deadline_is_explained_as_the_issue_asks(export):
    def deadline(boek):
        zet(boek["Acties"], "Wanneer", "Nummer", "1.1", "31-02-2018")

    assert (
        "Blad Acties, rij 2, kolom Wanneer: “31-02-2018” is geen datum; gebruik bijvoorbeeld "
        "28-02-2018, “Doorlopend” of “Gereed”"
    ) in _fouten(aanpassen(export, deadline))


def test_every_error_comes_at_once_in_the_order_of_the_workbook(export):
    def veel(boek):
        zet(boek["Acties"], "Wanneer", "Nummer", "1.1", "31-02-2018")
        zet(boek["Acties"], "Wanneer", "Nummer", "1.2", "morgen")
        blad = boek["Begroting"]
        blad.cell(row=2, column=kolom(blad, "Bedrag (€)"), value="€ 2.500,00")

    plan = importplan_maken(aanpassen(export, veel), bestandsnaam="x.xlsx")
    assert [(f.blad, f.rij) for f in plan.fouten] == [
        ("Acties", 2),
        ("Acties", 3),
        ("Begroting", 2),
    ]


def test_text_that_looks_like_a_formula_is_exported_as_text_and_read_back_as_is():
    plan = Plan.objects.get(slug="holland-rijnland-2014-2015")
    actie = plan.onderdelen.get(niveau__slug="acties", code="1.1")
    actie.titel = '=HYPERLINK("http://example.org","klik")'
    actie.save()
    inhoud = plan_exporteren(plan)
    with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
        assert not any(
            b"<f>" in archief.read(n) for n in archief.namelist() if n.startswith("xl/worksheets/")
        )
    blad = openpyxl.load_workbook(io.BytesIO(inhoud))["Acties"]
    cel = blad.cell(row=rij_met(blad, "Nummer", "1.1"), column=kolom(blad, "Actie"))
    assert cel.data_type == "s" and cel.quotePrefix
    assert not importplan_maken(inhoud, bestandsnaam="x.xlsx").verandert_iets


def test_a_file_wrong_in_every_row_lists_the_first_thousand_errors(export):
    def overal(boek):
        blad = boek["Personen"]
        for n in range(1_200):
            blad.append([f"Persoon {n}", None, "Nergensdorp", None])

    plan = importplan_maken(aanpassen(export, overal), bestandsnaam="x.xlsx")
    assert len(plan.fouten) == 1_001
    assert str(plan.fouten[-1]).startswith("… en nog 200 fouten.")
