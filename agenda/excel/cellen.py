"""Cell values in and out of a workbook.

Out: texts that Excel would run as a formula (starting with =, +, -, @) are written as text cells
with Excel's own "quote prefix", so the value stays exactly the text and Excel never evaluates it.
In: a cell is read strictly by what its column holds, so that nothing is guessed: a date typed as
text, or an amount written as “€ 2.500,00”, gets a message in Dutch that says what to type.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What makes Excel (or another spreadsheet) read a typed text as a formula.
FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
DATUMNOTATIE = "DD-MM-YYYY"
BEDRAGNOTATIE = '"€" #,##0.00'
GETALNOTATIE = "#,##0.##"
JA, NEE = "Ja", "Nee"


class CelFout(ValueError):
    """A cell that cannot be read; the message says what is wrong and what to type, in Dutch."""


def schrijfbaar(waarde):
    """A value as a cell holds it. Decimal amounts stay numbers; texts lose the control
    characters XML cannot hold (they cannot be typed in Excel either)."""
    if isinstance(waarde, str):
        return ILLEGAL_CHARACTERS_RE.sub("", waarde.replace("\r\n", "\n"))
    return waarde


def cel_vullen(cel, waarde, *, notatie: str | None = None):
    """Put a value in a cell; a text that looks like a formula stays text (never run)."""
    waarde = schrijfbaar(waarde)
    cel.value = waarde
    if isinstance(waarde, str) and waarde.startswith(FORMULETEKENS):
        cel.data_type = "s"
        cel.quotePrefix = True
    if notatie:
        cel.number_format = notatie


def _getoond(waarde) -> str:
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    if isinstance(waarde, datetime.datetime):
        return f"{waarde:%d-%m-%Y}"
    tekst = str(waarde)
    return tekst if len(tekst) <= 60 else tekst[:57] + "…"


def leeg(waarde) -> bool:
    return waarde is None or (isinstance(waarde, str) and not waarde.strip())


def tekst(waarde) -> str:
    """Free text as typed; a number or date in a text column is read as it shows."""
    if waarde is None:
        return ""
    if isinstance(waarde, str):
        return waarde.replace("\r\n", "\n")
    if isinstance(waarde, bool):
        return JA if waarde else NEE
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, datetime.datetime):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde)


def naam(waarde) -> str:
    """A name or code that identifies something: surrounding spaces do not count."""
    return tekst(waarde).strip()


def geheel_getal(waarde, *, voorbeeld: str = "2016") -> int | None:
    if leeg(waarde):
        return None
    if isinstance(waarde, bool):
        raise CelFout(f"“{_getoond(waarde)}” is geen getal; typ bijvoorbeeld {voorbeeld}")
    if isinstance(waarde, int):
        return waarde
    if isinstance(waarde, float):
        if waarde.is_integer():
            return int(waarde)
        raise CelFout(f"{_getoond(waarde)} is geen geheel getal; typ bijvoorbeeld {voorbeeld}")
    if isinstance(waarde, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", waarde):
        return int(waarde)
    if isinstance(waarde, datetime.datetime):
        raise CelFout(f"{_getoond(waarde)} is een datum, geen getal; typ bijvoorbeeld {voorbeeld}")
    raise CelFout(f"“{_getoond(waarde)}” is geen getal; typ bijvoorbeeld {voorbeeld}")


def _bedoeld_getal(tekst: str) -> str | None:
    """The number a Dutch text such as “€ 2.500,00” means, to suggest it; None if unclear."""
    kaal = re.sub(r"[€\s]|EUR", "", tekst, flags=re.IGNORECASE)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?", kaal):
        getal = Decimal(kaal.replace(".", "").replace(",", "."))
        return format(getal.normalize(), "f") if getal == getal.to_integral() else str(getal)
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", kaal):
        return kaal.replace(",", "")
    return None


def decimaal(waarde, *, cijfers: int = 14, decimalen: int = 2, bedrag: bool = False):
    """A number (an amount in euros, a measured value) as the cell holds it."""
    if leeg(waarde):
        return None
    soort = "bedrag" if bedrag else "getal"
    if isinstance(waarde, bool | datetime.datetime):
        raise CelFout(f"“{_getoond(waarde)}” is geen {soort}; typ bijvoorbeeld 2500")
    if isinstance(waarde, int | float):
        try:
            getal = Decimal(repr(waarde)) if isinstance(waarde, float) else Decimal(waarde)
        except InvalidOperation:
            raise CelFout(f"{_getoond(waarde)} is geen {soort}") from None
    elif isinstance(waarde, str) and re.fullmatch(r"\s*-?\d{1,12}\s*", waarde):
        getal = Decimal(waarde.strip())
    else:
        bedoeld = _bedoeld_getal(str(waarde))
        uitleg = (
            f"; typ alleen het getal, zonder €, spaties of punten voor duizendtallen "
            f"(bedoelt u {bedoeld}?)"
            if bedoeld
            else "; typ alleen het getal, bijvoorbeeld 2500 of 2500,50"
        )
        raise CelFout(f"“{_getoond(waarde)}” is tekst, geen {soort}{uitleg}")
    if not getal.is_finite():
        raise CelFout(f"“{_getoond(waarde)}” is geen {soort}")
    getal = getal.quantize(Decimal(1).scaleb(-decimalen))
    if len(getal.as_tuple().digits) > cijfers:
        raise CelFout(f"{_getoond(waarde)} is te groot (hoogstens {cijfers - decimalen} cijfers)")
    return getal


def bedrag(waarde):
    getal = decimaal(waarde, bedrag=True)
    if getal is not None and getal < 0:
        raise CelFout(f"{_getoond(waarde)} is negatief; een bedrag is 0 of meer")
    return getal


def datum(waarde) -> datetime.date | None:
    """A date, as Excel stores one: a date typed as text is refused, not guessed (is 3-4-2015
    the 3rd of April or March the 4th?)."""
    if leeg(waarde):
        return None
    if isinstance(waarde, datetime.datetime):
        return waarde.date()
    if isinstance(waarde, datetime.date):
        return waarde
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        raise CelFout(
            f"{_getoond(waarde)} is een getal, geen datum; geef de cel de opmaak Datum of typ "
            "de datum als 31-12-2015"
        )
    raise CelFout(
        f"“{_getoond(waarde)}” staat als tekst in de cel, niet als datum; typ de datum opnieuw "
        "(bijvoorbeeld 31-12-2015) in een cel met de opmaak Datum"
    )


JA_WOORDEN = {"ja", "j", "waar", "true", "1", "x"}
NEE_WOORDEN = {"nee", "n", "onwaar", "false", "0"}


def ja_nee(waarde, *, leeg_is=False):
    """Ja or Nee; an empty cell is `leeg_is` (None where the plan may not say)."""
    if leeg(waarde):
        return leeg_is
    if isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, int | float) and waarde in (0, 1):
        return bool(waarde)
    woord = str(waarde).strip().lower()
    if woord in JA_WOORDEN:
        return True
    if woord in NEE_WOORDEN:
        return False
    raise CelFout(f"“{_getoond(waarde)}”: vul Ja of Nee in")


def ja_nee_tekst(waarde) -> str:
    if waarde is None:
        return ""
    return JA if waarde else NEE


def keuze(waarde, keuzes, *, wat: str = "waarde"):
    """One of a field's choices, by its label or its stored value (either case)."""
    if leeg(waarde):
        return ""
    gezocht = naam(waarde).lower()
    for opgeslagen, label in keuzes:
        if gezocht in (str(opgeslagen).lower(), str(label).lower()):
            return opgeslagen
    namen = ", ".join(f"“{label}”" for _opgeslagen, label in keuzes)
    raise CelFout(f"“{_getoond(waarde)}” is geen {wat}; kies uit {namen}")


def keuzelabel(waarde, keuzes) -> str:
    return dict(keuzes).get(waarde, waarde or "")


def meerdere(waarde) -> list[str]:
    """Several names in one cell, separated by semicolons or line breaks."""
    return [deel.strip() for deel in re.split(r"[;\n]", tekst(waarde)) if deel.strip()]


SCHEIDING = "; "
