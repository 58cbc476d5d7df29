"""Deadlines as plans print them, and the date to sort them by.

Plans write "31-12-2015", "derde kwartaal 2014", "Tweede/derde kwartaal 2014", "2015", "Voor 2015",
"Doorlopend", "Gereed" or "n.n.t.b.". The printed text is kept; `deadline_lezen` adds what kind of
deadline it is and the last day it covers, so items sort and "past their deadline" is computable.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from .constants import DeadlineSoort

MAANDEN = {
    naam: nummer
    for nummer, namen in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for naam in namen
}
RANGTELWOORDEN = {
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
}
DOORLOPEND = {"doorlopend", "continu", "permanent"}
GEREED = {"gereed", "afgerond", "klaar", "gerealiseerd"}
ONBEKEND = {
    "nntb",
    "ntb",
    "nogniettebepalen",
    "nadertebepalen",
    "nogtebepalen",
    "onbekend",
}
# Parts of a year, with the last day (month, day) they cover.
JAARDELEN = {
    "begin": (3, 31),
    "voorjaar": (6, 30),
    "medio": (6, 30),
    "halverwege": (6, 30),
    "zomer": (9, 30),
    "najaar": (12, 31),
    "eind": (12, 31),
    "einde": (12, 31),
}
VOORBEELDEN = (
    "gebruik bijvoorbeeld 31-12-2015, “derde kwartaal 2015”, “2015”, “Doorlopend” of “Gereed”"
)


class DeadlineFout(ValueError):
    """The text is no deadline this application understands; the message says so in Dutch."""


@dataclass(frozen=True)
class Deadline:
    soort: str
    datum: datetime.date | None


def _laatste_dag(jaar: int, maand: int) -> datetime.date:
    return datetime.date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def _jaar(tekst: str) -> int:
    jaar = int(tekst)
    if len(tekst) == 2:
        jaar += 2000
    if not 1900 <= jaar <= 2200:
        raise DeadlineFout(f"“{tekst}” is geen jaartal; {VOORBEELDEN}")
    return jaar


def _datum(jaar: int, maand: int, dag: int, origineel: str) -> datetime.date:
    try:
        return datetime.date(jaar, maand, dag)
    except ValueError:
        laatste = calendar.monthrange(jaar, maand)[1] if 1 <= maand <= 12 else 28
        voorbeeld = f"{min(dag, laatste):02d}-{maand:02d}-{jaar}" if 1 <= maand <= 12 else ""
        raise DeadlineFout(
            f"“{origineel}” is geen datum; gebruik bijvoorbeeld "
            f"{voorbeeld or '31-12-2015'}, “Doorlopend” of “Gereed”"
        ) from None


def deadline_lezen(tekst: str) -> Deadline:
    """What kind of deadline a printed text is, and the last day it covers."""
    origineel = (tekst or "").strip()
    if not origineel:
        raise DeadlineFout(f"Vul een deadline in; {VOORBEELDEN}")
    schoon = origineel.lower().strip(" .")
    kaal = re.sub(r"[\s.\-]", "", schoon)
    if kaal in DOORLOPEND:
        return Deadline(DeadlineSoort.DOORLOPEND, None)
    if kaal in GEREED:
        return Deadline(DeadlineSoort.GEREED, None)
    if kaal in ONBEKEND:
        return Deadline(DeadlineSoort.ONBEKEND, None)

    if m := re.fullmatch(r"(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})", schoon):
        return Deadline(
            DeadlineSoort.DATUM,
            _datum(_jaar(m[3]), int(m[2]), int(m[1]), origineel),
        )
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", schoon):
        return Deadline(DeadlineSoort.DATUM, _datum(int(m[1]), int(m[2]), int(m[3]), origineel))
    if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", schoon):
        if m[2] not in MAANDEN:
            raise DeadlineFout(f"“{m[2]}” in “{origineel}” is geen maand; {VOORBEELDEN}")
        return Deadline(
            DeadlineSoort.DATUM, _datum(_jaar(m[3]), MAANDEN[m[2]], int(m[1]), origineel)
        )
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", schoon):
        woord, jaar = m[1], _jaar(m[2])
        if woord in MAANDEN:
            return Deadline(DeadlineSoort.MAAND, _laatste_dag(jaar, MAANDEN[woord]))
        if woord in JAARDELEN:
            maand, dag = JAARDELEN[woord]
            return Deadline(DeadlineSoort.PERIODE, datetime.date(jaar, maand, dag))
        if woord == "voor":  # "Voor 2015": before that year begins
            return Deadline(DeadlineSoort.JAAR, datetime.date(jaar - 1, 12, 31))
        if woord in ("in", "uiterlijk"):
            return Deadline(DeadlineSoort.JAAR, datetime.date(jaar, 12, 31))
    if m := re.fullmatch(r"(\d{4})", schoon):
        return Deadline(DeadlineSoort.JAAR, datetime.date(_jaar(m[1]), 12, 31))
    kwartaal = _kwartaal(schoon)
    if kwartaal is not None:
        jaar, nummer = kwartaal
        if not 1 <= nummer <= 4:
            raise DeadlineFout(f"“{origineel}”: een jaar heeft vier kwartalen; {VOORBEELDEN}")
        return Deadline(DeadlineSoort.KWARTAAL, _laatste_dag(jaar, 3 * nummer))
    raise DeadlineFout(f"“{origineel}” is geen deadline die we kunnen lezen; {VOORBEELDEN}")


def _kwartaal(schoon: str) -> tuple[int, int] | None:
    """(year, last quarter) of "Q3 2015", "2015-Q3", "3e kwartaal 2015", "tweede/derde
    kwartaal 2014" (a range ends with its last quarter) or "kwartaal 3 2015"."""
    if m := re.fullmatch(r"q(\d)\s*[-/ ]?\s*(\d{4})", schoon):
        return _jaar(m[2]), int(m[1])
    if m := re.fullmatch(r"(\d{4})\s*[-/ ]\s*q(\d)", schoon):
        return _jaar(m[1]), int(m[2])
    if m := re.fullmatch(r"kwartaal\s+(\d)\s+(\d{4})", schoon):
        return _jaar(m[2]), int(m[1])
    if m := re.fullmatch(
        r"([a-z0-9]+(?:\s*[/\-–]\s*[a-z0-9]+|\s+en\s+[a-z0-9]+)*)\s+kwartaal\s+(\d{4})", schoon
    ):
        delen = re.split(r"\s*[/\-–]\s*|\s+en\s+", m[1])
        if all(deel in RANGTELWOORDEN for deel in delen):
            return _jaar(m[2]), max(RANGTELWOORDEN[deel] for deel in delen)
        raise DeadlineFout(f"“{m[1]}” is geen kwartaal; {VOORBEELDEN}")
    return None


def deadline_of_leeg(tekst: str) -> Deadline:
    """The deadline of a stored text; an empty or unreadable one sorts nowhere."""
    if not (tekst or "").strip():
        return Deadline("", None)
    try:
        return deadline_lezen(tekst)
    except DeadlineFout:
        return Deadline("", None)
