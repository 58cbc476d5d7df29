"""Opening an uploaded workbook safely, and reading its sheets as rows of values.

Everything that can be wrong with the file itself is found here, before any of its content is
interpreted: not an .xlsx at all, an old .xls, encrypted (password), damaged, a zip bomb (the sizes
the archive declares are checked before anything is unpacked; Python's zipfile never unpacks more
than it declared), macros, hidden sheets, merged cells, too many rows or columns, formulas without a
computed value. openpyxl reads with defusedxml installed, so XML entity tricks are refused too.

Formulas are never evaluated: the value Excel computed and stored with the file is used (and named
in the preview), or the cell is refused when the file holds no such value.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from .cellen import naam
from .meldingen import Melding, WerkboekFout

MAX_RIJEN = 50_000  # per sheet; a plan of 1,000 actiepunten and 12 quarters needs ~12,000
MAX_KOLOMMEN = 200
MAX_UITGEPAKT = 200 * 1024 * 1024  # bytes, all parts of the archive together
MAX_DEEL = 100 * 1024 * 1024  # bytes, one part
MAX_VERHOUDING = 200  # unpacked / packed size of a part larger than 1 MB
MAX_DELEN = 5_000

OLE_HANDTEKENING = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HANDTEKENING = b"PK\x03\x04"
VERSLEUTELD = "EncryptionInfo".encode("utf-16-le")

CEL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
CELADRES = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
SAMENVOEGING = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"')


@dataclass
class Blad:
    """One sheet: its header row and its data rows (numbered as Excel numbers them)."""

    naam: str
    koppen: list[str]
    rijen: list[tuple[int, dict]] = field(default_factory=list)
    formules: dict[tuple[int, int], bool] = field(default_factory=dict)  # (row, col): has value
    kolomletters: dict[str, str] = field(default_factory=dict)

    def kenmerken(self) -> dict[str, tuple[int, object]]:
        """A sheet of two columns (what, value): {what: (row, value)}."""
        resultaat = {}
        eerste = self.koppen[0] if self.koppen else ""
        tweede = self.koppen[1] if len(self.koppen) > 1 else ""
        for rijnummer, rij in self.rijen:
            sleutel = naam(rij.get(eerste))
            if sleutel:
                resultaat[sleutel.lower()] = (rijnummer, rij.get(tweede))
        return resultaat


@dataclass
class Werkboek:
    bladen: dict[str, Blad]
    volgorde: list[str]
    eigenschappen: dict[str, str]
    waarschuwingen: list[Melding]

    def blad(self, naam_: str) -> Blad | None:
        gevonden = self.bladen.get(naam_)
        if gevonden is None:  # Excel compares sheet names without regard to case
            gevonden = next((b for n, b in self.bladen.items() if n.lower() == naam_.lower()), None)
        return gevonden


# Sheets of explanation only: checked like every sheet, but their cells are not read.
VRIJE_BLADEN = {"toelichting"}


def openen(inhoud: bytes) -> Werkboek:
    """Read every sheet of an .xlsx; WerkboekFout lists every problem of the file at once."""
    _soort_controleren(inhoud)
    archief = _archief(inhoud)
    try:
        import openpyxl

        boek = openpyxl.load_workbook(
            io.BytesIO(inhoud), read_only=True, data_only=True, keep_links=False
        )
    except WerkboekFout:
        raise
    except Exception as fout:  # openpyxl raises whatever its parsers meet in a damaged file
        raise WerkboekFout([Melding(tekst=_beschadigd(fout))]) from fout
    fouten, waarschuwingen = [], []
    bladen, volgorde = {}, []
    try:
        for werkblad in boek.worksheets:
            if werkblad.sheet_state != "visible":
                fouten.append(
                    Melding(
                        blad=werkblad.title,
                        tekst="dit blad is verborgen. Maak het zichtbaar (rechtsklik op een "
                        "bladtab, Zichtbaar maken) of verwijder het: wat niet te zien is, "
                        "wordt niet ingelezen.",
                    )
                )
                continue
            xml = archief.read(werkblad._worksheet_path)
            fouten += _samenvoegingen(werkblad.title, xml)
            if werkblad.title.lower() in VRIJE_BLADEN:
                volgorde.append(werkblad.title)
                continue
            formules = _formules(xml)
            blad, bladfouten = _blad_lezen(werkblad, formules)
            fouten += bladfouten
            for (rij, kolom), heeft_waarde in sorted(formules.items()):
                kop = _kop(blad, kolom)
                if heeft_waarde:
                    waarschuwingen.append(
                        Melding(
                            blad.naam,
                            rij,
                            kop,
                            "bevat een formule; de waarde die Excel berekende is gebruikt.",
                        )
                    )
                else:
                    fouten.append(
                        Melding(
                            blad.naam,
                            rij,
                            kop,
                            "bevat een formule zonder berekende waarde. Open het bestand in "
                            "Excel en sla het op, of typ de waarde zelf in.",
                        )
                    )
            bladen[blad.naam] = blad
            volgorde.append(blad.naam)
        eigenschappen = _eigenschappen(boek)
    except WerkboekFout:
        raise
    except Exception as fout:
        raise WerkboekFout([Melding(tekst=_beschadigd(fout))]) from fout
    finally:
        boek.close()
    if fouten:
        raise WerkboekFout(fouten)
    return Werkboek(bladen, volgorde, eigenschappen, waarschuwingen)


def _beschadigd(fout: BaseException) -> str:
    from defusedxml.common import DefusedXmlException

    oorzaak = fout
    while oorzaak is not None and not isinstance(oorzaak, DefusedXmlException):
        oorzaak = oorzaak.__cause__ or oorzaak.__context__
    if oorzaak is not None:  # openpyxl wraps what defusedxml refused in a ValueError
        return (
            "Het bestand bevat XML-constructies die een Excel-bestand niet nodig heeft "
            "(entiteiten of een DTD) en wordt daarom niet gelezen. Sla het opnieuw op vanuit "
            "Excel als .xlsx."
        )
    return (
        "Het bestand is beschadigd of geen geldig Excel-werkboek; het kan niet gelezen "
        "worden. Open het in Excel en sla het opnieuw op als Excel-werkmap (.xlsx)."
    )


def _soort_controleren(inhoud: bytes):
    if inhoud.startswith(OLE_HANDTEKENING):
        if VERSLEUTELD in inhoud[:65536] or VERSLEUTELD in inhoud:
            tekst = (
                "Het bestand is met een wachtwoord beveiligd (versleuteld) en kan daarom niet "
                "gelezen worden. Haal in Excel het wachtwoord eraf (Bestand, Info, Werkmap "
                "beveiligen) en sla het opnieuw op."
            )
        else:
            tekst = (
                "Dit is een oud Excel-bestand (.xls). Open het in Excel en sla het op als "
                "Excel-werkmap (.xlsx)."
            )
        raise WerkboekFout([Melding(tekst=tekst)])
    if not inhoud.startswith(ZIP_HANDTEKENING):
        raise WerkboekFout(
            [
                Melding(
                    tekst="Dit is geen Excel-bestand (.xlsx). Download het sjabloon of een "
                    "export, vul die in en sla op als Excel-werkmap (.xlsx)."
                )
            ]
        )


def _archief(inhoud: bytes) -> zipfile.ZipFile:
    """The archive, after checking what it declares before anything is unpacked."""
    try:
        archief = zipfile.ZipFile(io.BytesIO(inhoud))
        delen = archief.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as fout:
        raise WerkboekFout([Melding(tekst=_beschadigd(fout))]) from fout
    namen = {deel.filename for deel in delen}
    if len(delen) > MAX_DELEN:
        raise WerkboekFout([Melding(tekst=_te_groot())])
    totaal = 0
    for deel in delen:
        totaal += deel.file_size
        verhouding = deel.file_size / max(deel.compress_size, 1)
        if (
            deel.file_size > MAX_DEEL
            or totaal > MAX_UITGEPAKT
            or (deel.file_size > 1024 * 1024 and verhouding > MAX_VERHOUDING)
        ):
            raise WerkboekFout([Melding(tekst=_te_groot())])
    if "xl/workbook.xml" not in namen or "[Content_Types].xml" not in namen:
        raise WerkboekFout(
            [
                Melding(
                    tekst="Dit is geen Excel-werkmap (.xlsx): het bestand is een zip-archief "
                    "zonder werkmap. Sla het op vanuit Excel als Excel-werkmap (.xlsx)."
                )
            ]
        )
    if any(n.lower().endswith("vbaproject.bin") for n in namen):
        raise WerkboekFout(
            [
                Melding(
                    tekst="Het bestand bevat macro's. Sla het op als Excel-werkmap zonder "
                    "macro's (.xlsx) en probeer het opnieuw."
                )
            ]
        )
    return archief


def _te_groot() -> str:
    return (
        "Het bestand pakt uit tot veel meer gegevens dan een plan kan bevatten (mogelijk een "
        "zip-bom) en wordt niet gelezen."
    )


def _samenvoegingen(bladnaam: str, xml: bytes) -> list[Melding]:
    return [
        Melding(
            blad=bladnaam,
            tekst=f"heeft samengevoegde cellen ({bereik.decode(errors='replace')}). Maak de "
            "samenvoeging ongedaan (Start, Samenvoegen en centreren): elke waarde hoort in "
            "één cel.",
        )
        for bereik in SAMENVOEGING.findall(xml)[:20]
    ]


def _formules(xml: bytes) -> dict[tuple[int, int], bool]:
    """Cells holding a formula, and whether the file stores the value Excel computed."""
    if b"<f" not in xml and b":f" not in xml:
        return {}
    gevonden = {}
    for kenmerken, inhoud in CEL.findall(xml):
        if not inhoud or not re.search(rb"<(?:\w+:)?f\b", inhoud):
            continue
        adres = CELADRES.search(kenmerken)
        if adres is None:
            continue
        kolom = 0
        for letter in adres[1].decode():
            kolom = kolom * 26 + ord(letter) - 64
        heeft_waarde = re.search(rb"<(?:\w+:)?v>[^<]", inhoud) is not None
        gevonden[(int(adres[2]), kolom)] = heeft_waarde
    return gevonden


def _kop(blad: Blad, kolom: int) -> str:
    if 1 <= kolom <= len(blad.koppen) and blad.koppen[kolom - 1]:
        return blad.koppen[kolom - 1]
    from openpyxl.utils import get_column_letter

    return get_column_letter(kolom)


def _blad_lezen(werkblad, formules) -> tuple[Blad, list[Melding]]:
    werkblad.reset_dimensions()  # the stored dimensions may lie: read what is there
    fouten = []
    koppen: list[str] = []
    blad = Blad(werkblad.title, koppen)
    for rijnummer, waarden in enumerate(werkblad.iter_rows(values_only=True), start=1):
        if rijnummer > MAX_RIJEN + 1:
            fouten.append(
                Melding(
                    blad=blad.naam,
                    tekst=f"heeft meer dan {MAX_RIJEN:,} rijen; zoveel heeft een plan er niet. "
                    "Verwijder de overbodige rijen (ook lege rijen met opmaak).".replace(",", "."),
                )
            )
            break
        laatste = len(waarden)
        while laatste and (waarden[laatste - 1] is None or waarden[laatste - 1] == ""):
            laatste -= 1
        if laatste > MAX_KOLOMMEN:
            fouten.append(
                Melding(
                    blad=blad.naam,
                    rij=rijnummer,
                    tekst=f"heeft meer dan {MAX_KOLOMMEN} kolommen; zoveel heeft geen blad.",
                )
            )
            break
        waarden = [_waarde(w) for w in waarden[:laatste]]
        if rijnummer == 1:
            koppen.extend(naam(w) for w in waarden)
            fouten += _koppen_controleren(blad)
            continue
        if not any(w is not None and w != "" for w in waarden):
            continue
        rij = {}
        for positie, waarde in enumerate(waarden):
            if waarde is None or waarde == "":
                continue
            if positie >= len(koppen) or not koppen[positie]:
                from openpyxl.utils import get_column_letter

                fouten.append(
                    Melding(
                        blad.naam,
                        rijnummer,
                        get_column_letter(positie + 1),
                        "deze kolom heeft geen kop in rij 1, dus is niet duidelijk wat de "
                        "waarde is. Geef de kolom een kop of maak de cel leeg.",
                    )
                )
                continue
            rij[koppen[positie]] = waarde
        blad.rijen.append((rijnummer, rij))
    from openpyxl.utils import get_column_letter

    blad.kolomletters = {kop: get_column_letter(i + 1) for i, kop in enumerate(koppen) if kop}
    blad.formules = {
        (rij, kolom): waarde for (rij, kolom), waarde in formules.items() if rij <= MAX_RIJEN + 1
    }
    return blad, fouten


def _koppen_controleren(blad: Blad) -> list[Melding]:
    fouten, gezien = [], set()
    for kop in blad.koppen:
        if not kop:
            continue
        if kop.lower() in gezien:
            fouten.append(
                Melding(
                    blad.naam,
                    1,
                    kop,
                    "deze kop staat twee keer in rij 1; geef elke kolom een eigen kop.",
                )
            )
        gezien.add(kop.lower())
    return fouten


def _waarde(waarde):
    if isinstance(waarde, datetime.time | datetime.timedelta):
        return str(waarde)
    return waarde


def _eigenschappen(boek) -> dict[str, str]:
    """The workbook's custom document properties (the moment of export, the plan)."""
    eigenschappen = {}
    for eigenschap in getattr(boek, "custom_doc_props", None) or []:
        eigenschappen[eigenschap.name] = str(eigenschap.value)
    return eigenschappen
