"""A plan held against a checklist of required components (Toetsingskader)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Onderdeel, Toetsing, Toetsingskader


@dataclass
class Eisregel:
    eis: object
    onderdelen: list = field(default_factory=list)
    hoofdstukken: list = field(default_factory=list)
    toelichting: str = ""

    @property
    def gedekt(self) -> bool:
        return bool(self.onderdelen or self.hoofdstukken)


@dataclass
class Groep:
    titel: str
    regels: list[Eisregel]


@dataclass
class Toetsingsresultaat:
    kader: object
    groepen: list[Groep]

    @property
    def regels(self):
        return [r for g in self.groepen for r in g.regels]

    @property
    def ontbrekend(self):
        return [r for r in self.regels if r.eis.verplicht and not r.gedekt]


def toetsing_van_plan(plan, kader_slug: str) -> Toetsingsresultaat | None:
    """Per requirement the items and chapters of the plan that cover it, in a fixed number of
    queries; None when the plan is not held against this checklist."""
    kader = (
        Toetsingskader.objects.filter(slug=kader_slug, plannen=plan)
        .prefetch_related("eisen")
        .first()
    )
    if kader is None:
        return None
    toetsingen = {
        t.eis_id: t
        for t in Toetsing.objects.filter(plan=plan, eis__kader=kader).prefetch_related(
            Prefetch(
                "onderdelen", queryset=Onderdeel.objects.select_related("niveau").order_by("pad")
            ),
            "hoofdstukken",
        )
    }
    groepen: dict[str, list[Eisregel]] = {}
    for eis in kader.eisen.all():
        toetsing = toetsingen.get(eis.pk)
        regel = Eisregel(eis)
        if toetsing is not None:
            regel.onderdelen = list(toetsing.onderdelen.all())
            regel.hoofdstukken = list(toetsing.hoofdstukken.all())
            regel.toelichting = toetsing.toelichting
        groepen.setdefault(eis.groep, []).append(regel)
    return Toetsingsresultaat(kader, [Groep(titel, regels) for titel, regels in groepen.items()])
