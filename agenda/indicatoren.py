"""An indicator's measurements as a small line chart (SVG) with a table beside it."""

from dataclasses import dataclass, field

BREEDTE, HOOGTE, MARGE_LINKS, MARGE = 320, 120, 48, 16


@dataclass
class Punt:
    label: str
    waarde: object
    x: float
    y: float


@dataclass
class Lijngrafiek:
    punten: list[Punt] = field(default_factory=list)
    streef_y: float | None = None
    minimum: object = None
    maximum: object = None
    breedte: int = BREEDTE
    hoogte: int = HOOGTE

    @property
    def lijn(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.punten)

    @property
    def as_y(self) -> int:
        return HOOGTE - MARGE


def reeks(indicator) -> list:
    """The measurements for the whole region, in time order (uses prefetched measurements)."""
    return [m for m in indicator.metingen.all() if m.gemeente_id is None and m.aanbieder_id is None]


def uitsplitsing(indicator) -> list:
    """Measurements per gemeente or aanbieder, for the table."""
    return [m for m in indicator.metingen.all() if m.gemeente_id or m.aanbieder_id]


def lijngrafiek(indicator, metingen=None) -> Lijngrafiek:
    """The chart of `metingen` (region-wide, in time order; default: the indicator's own)."""
    metingen = reeks(indicator) if metingen is None else metingen
    waarden = [m.waarde for m in metingen]
    if indicator.streefwaarde is not None:
        waarden.append(indicator.streefwaarde)
    if not metingen:
        return Lijngrafiek()
    laag, hoog = min(waarden), max(waarden)
    bereik = (hoog - laag) or 1
    stap = (BREEDTE - MARGE_LINKS - MARGE) / max(len(metingen) - 1, 1)

    def y(waarde):
        return round(HOOGTE - MARGE - float((waarde - laag) / bereik) * (HOOGTE - 2 * MARGE), 1)

    punten = [
        Punt(m.periode_label, m.waarde, round(MARGE_LINKS + i * stap, 1), y(m.waarde))
        for i, m in enumerate(metingen)
    ]
    streef = y(indicator.streefwaarde) if indicator.streefwaarde is not None else None
    return Lijngrafiek(punten, streef, laag, hoog)
