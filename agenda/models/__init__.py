"""The plan: its shape, its outline of items, and what hangs on them."""

from .begroting import Begrotingspost, Bijdrage, Reserve
from .indicatoren import Indicator, Meting
from .overleg import Agendalijst, Agendapunt, Overlegsectie, Overlegstructuur
from .plan import (
    Beleidsdoel,
    Hoofdstuk,
    MaatschappelijkEffect,
    Onderdeel,
    Plan,
    Rol,
    Vaststelling,
)
from .planvorm import Keuzelijst, Lijstwaarde, Niveau, Planvorm, Sectie
from .toetsing import Toetsing, Toetsingseis, Toetsingskader

__all__ = [
    "Agendalijst",
    "Agendapunt",
    "Begrotingspost",
    "Beleidsdoel",
    "Bijdrage",
    "Hoofdstuk",
    "Indicator",
    "Keuzelijst",
    "Lijstwaarde",
    "MaatschappelijkEffect",
    "Meting",
    "Niveau",
    "Onderdeel",
    "Overlegsectie",
    "Overlegstructuur",
    "Plan",
    "Planvorm",
    "Reserve",
    "Rol",
    "Sectie",
    "Toetsing",
    "Toetsingseis",
    "Toetsingskader",
    "Vaststelling",
]
