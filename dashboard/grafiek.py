"""Geometry of the trend chart: stacked bars of smileys per colour per quarter, drawn as SVG.

Colour is never the only cue: each colour has its own fill pattern (solid, stripes, cross-hatch,
dots), every segment large enough carries its count, the legend names the colours in words, and
the page follows the chart with the same figures as a table.
"""

from dataclasses import dataclass

from .selectors import KLEUREN, KLEURNAAM

HOOGTE = 280
BOVEN = 16
ONDER = 44
LINKS = 44
BALK = 56
TUSSEN = 32
MIN_LABEL = 16

PATROON = {
    "groen": "effen",
    "oranje": "schuine strepen",
    "rood": "ruitjes",
    "": "stippen",
}


@dataclass
class Segment:
    kleur: str
    naam: str
    aantal: int
    y: float
    hoogte: float

    @property
    def patroon_id(self):
        return f"ds-patroon-{self.kleur or 'leeg'}"

    @property
    def label_y(self):
        return round(self.y + self.hoogte / 2 + 4, 1)

    @property
    def kader_y(self):
        return round(self.label_y - 12, 1)

    @property
    def toon_label(self):
        return self.aantal > 0 and self.hoogte >= MIN_LABEL

    @property
    def label_ernaast(self):
        """Too thin for a label inside: the count goes beside the bar."""
        return self.aantal > 0 and self.hoogte < MIN_LABEL


@dataclass
class Balk:
    code: str
    x: float
    segmenten: list[Segment]

    @property
    def midden(self):
        return self.x + BALK / 2

    @property
    def naast_x(self):
        return self.x + BALK + 3

    @property
    def kader_x(self):
        return self.midden - 14


@dataclass
class Grafiek:
    breedte: int
    hoogte: int
    basis: float
    balken: list[Balk]
    schaal: list[tuple[int, float]]  # (value, y) gridlines
    legenda: list[tuple[str, str, str]]  # (kleur, naam, patroon)

    @property
    def links(self):
        return LINKS

    @property
    def balkbreedte(self):
        return BALK

    @property
    def as_x(self):
        return LINKS - 6

    @property
    def kwartaal_y(self):
        return self.basis + 18


def _mooie_stap(maximum: int) -> int:
    for stap in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if maximum / stap <= 5:
            return stap
    return 10000


def trendgrafiek(tellingen) -> Grafiek:
    """Stacked bars, groen at the bottom, over the quarters of the given Tellingen."""
    breedte = LINKS + len(tellingen) * (BALK + TUSSEN) + TUSSEN
    basis = HOOGTE - ONDER
    ruimte = basis - BOVEN
    maximum = max((sum(t.totaal.values()) for t in tellingen), default=0) or 1
    stap = _mooie_stap(maximum)
    bovenkant = -(-maximum // stap) * stap
    per_eenheid = ruimte / bovenkant
    balken = []
    for index, telling in enumerate(tellingen):
        x = LINKS + TUSSEN + index * (BALK + TUSSEN)
        y = basis
        segmenten = []
        for kleur in KLEUREN:
            aantal = telling.totaal[kleur]
            hoogte = aantal * per_eenheid
            y -= hoogte
            segmenten.append(
                Segment(kleur, KLEURNAAM[kleur], aantal, round(y, 1), round(hoogte, 1))
            )
        balken.append(Balk(telling.periode.code, x, segmenten))
    schaal = [(w, round(basis - w * per_eenheid, 1)) for w in range(0, bovenkant + 1, stap)]
    return Grafiek(
        breedte=max(breedte, 480),
        hoogte=HOOGTE,
        basis=basis,
        balken=balken,
        schaal=schaal,
        legenda=[(k, KLEURNAAM[k], PATROON[k]) for k in KLEUREN],
    )
