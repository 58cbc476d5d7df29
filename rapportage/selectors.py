"""Reading reports: what a report shows of each theme, and how it changed since last quarter.

Every function here runs a fixed number of queries, whatever the number of themes.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from agenda.models import Thema
from agenda.opmaak import als_lijstitem

from .constants import Dimensie, Smiley

SMILEY_RANG = {Smiley.GROEN: 0, Smiley.ORANJE: 1, Smiley.ROOD: 2}


@dataclass(frozen=True)
class Verandering:
    code: str  # "beter", "gelijk" or "slechter"
    label: str
    teken: str


BETER = Verandering("beter", "beter dan vorig kwartaal", "▲")
GELIJK = Verandering("gelijk", "gelijk aan vorig kwartaal", "●")
SLECHTER = Verandering("slechter", "slechter dan vorig kwartaal", "▼")


def verandering(nu: str, vorig: str) -> Verandering | None:
    """Better, same or worse than the previous quarter; None when either was not reported."""
    if nu not in SMILEY_RANG or vorig not in SMILEY_RANG:
        return None
    verschil = SMILEY_RANG[nu] - SMILEY_RANG[vorig]
    return BETER if verschil < 0 else SLECHTER if verschil > 0 else GELIJK


def weergave_van_thema(thema: Thema) -> dict:
    """What a report shows of a theme, taken from the plan as it is now (frozen on adoption)."""
    return {
        "titel": thema.titel,
        "schaal": thema.schaal_label,
        "speerpunt": thema.speerpunt.titel,
        "beleidsdoelen": [als_lijstitem(d.niveau, d.tekst) for d in thema.beleidsdoelen.all()],
        "maatschappelijke_effecten": [
            als_lijstitem(e.niveau, e.tekst) for e in thema.maatschappelijke_effecten.all()
        ],
        "activiteiten": [als_lijstitem(a.niveau, a.omschrijving) for a in thema.activiteiten.all()],
    }


@dataclass
class Regel:
    dimensie: Dimensie
    smiley: str
    tekst: str
    verandering: Verandering | None


@dataclass
class ThemaInRapport:
    thema: Thema
    weergave: dict
    rapport: object | None
    regels: list[Regel] = field(default_factory=list)


@dataclass
class SpeerpuntInRapport:
    titel: str
    themas: list[ThemaInRapport]


def vorige_periode(periode):
    """The quarter before this one in the same plan, if there is one."""
    eerder = Q(jaar__lt=periode.jaar) | Q(jaar=periode.jaar, kwartaal__lt=periode.kwartaal)
    return (
        type(periode)
        .objects.filter(eerder, plan_id=periode.plan_id)
        .order_by("-jaar", "-kwartaal")
        .first()
    )


def rapport_inhoud(periode, *, themanummers=None) -> list[SpeerpuntInRapport]:
    """Per speerpunt, per theme: the theme as this report shows it and its three rows."""
    themas = (
        Thema.objects.filter(plan_id=periode.plan_id)
        .select_related("speerpunt")
        .prefetch_related("beleidsdoelen", "maatschappelijke_effecten", "activiteiten")
        .order_by("speerpunt__nummer", "nummer")
    )
    if themanummers is not None:
        themas = themas.filter(nummer__in=themanummers)
    rapporten = {r.thema_id: r for r in periode.rapportages.all()}
    vorige = vorige_periode(periode)
    vorige_rapporten = {r.thema_id: r for r in vorige.rapportages.all()} if vorige else {}

    groepen: dict[str, list[ThemaInRapport]] = {}
    for thema in themas:
        rapport = rapporten.get(thema.pk)
        weergave = (rapport.weergave if rapport and rapport.weergave else None) or (
            weergave_van_thema(thema)
        )
        vorig = vorige_rapporten.get(thema.pk)
        regels = [
            Regel(
                dimensie=d,
                smiley=getattr(rapport, f"{d.value}_smiley", "") if rapport else "",
                tekst=getattr(rapport, f"{d.value}_tekst", "") if rapport else "",
                verandering=verandering(
                    getattr(rapport, f"{d.value}_smiley", "") if rapport else "",
                    getattr(vorig, f"{d.value}_smiley", "") if vorig else "",
                ),
            )
            for d in Dimensie
        ]
        groepen.setdefault(weergave.get("speerpunt") or thema.speerpunt.titel, []).append(
            ThemaInRapport(thema=thema, weergave=weergave, rapport=rapport, regels=regels)
        )
    return [SpeerpuntInRapport(titel=titel, themas=items) for titel, items in groepen.items()]


def rapporten_per_thema(thema, perioden):
    """A theme's report in each of the given periods, oldest first: its status over time."""
    per_periode = {r.periode_id: r for r in thema.rapportages.filter(periode__in=perioden)}
    return [(periode, per_periode.get(periode.pk)) for periode in perioden]


def laatste_rapporten(perioden) -> tuple[object | None, dict]:
    """The latest of the given periods and, per theme id, its report in that period."""
    laatste = perioden.order_by("-jaar", "-kwartaal").first()
    if laatste is None:
        return None, {}
    return laatste, {r.thema_id: r for r in laatste.rapportages.all()}
