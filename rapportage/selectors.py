"""Reading reports: what a report shows of each item, and how it changed since last quarter.

Every function here runs a fixed number of queries, whatever the number of items.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from agenda.constants import SectieSoort
from agenda.opmaak import als_lijstitem
from agenda.selectors import gerapporteerde_onderdelen, koppelen
from agenda.weergave import kop, rijen

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


def weergave_van_onderdeel(onderdeel, groep=None) -> dict:
    """What a report shows of an item, taken from the plan as it is now (frozen on adoption):
    its heading and the rows its level shows in the quarterly report."""
    secties = []
    for rij in rijen(onderdeel, alleen_rapportage=True):
        sectie = {"sleutel": rij.sectie.sleutel, "label": rij.label, "soort": rij.soort}
        if rij.soort in (SectieSoort.BELEIDSDOELEN, SectieSoort.EFFECTEN):
            sectie["punten"] = [als_lijstitem(i.niveau, i.tekst) for i in rij.items]
        elif rij.soort == SectieSoort.ONDERDELEN:
            sectie["punten"] = [als_lijstitem(i.lijstniveau, i.naam) for i in rij.items]
        elif rij.soort == SectieSoort.DOMEINEN:
            sectie["tekst"] = ", ".join(rij.items)
        elif rij.soort == SectieSoort.ROLLEN:
            sectie["punten"] = [f"{r.soort.label}: {r.wie}" for r in rij.items]
        elif rij.soort in (SectieSoort.BEGROTING, SectieSoort.INDICATOREN):
            continue  # amounts and measurements are shown where they live, not frozen here
        else:
            sectie["tekst"] = rij.tekst
        secties.append(sectie)
    return {
        "code": onderdeel.code if onderdeel.niveau.code_tonen else "",
        "titel": onderdeel.naam,
        "schaal": onderdeel.schaal_label,
        "kop": kop(onderdeel),
        "groep": groep.naam if groep is not None else "",
        "secties": secties,
    }


# Reports frozen before plan shapes were data kept three lists under fixed keys; they are
# shown with the labels that report printed.
OUDE_SECTIES = [
    ("beleidsdoelen", "Beleidsdoelen"),
    ("maatschappelijke_effecten", "Maatschappelijk effect"),
    ("activiteiten", "Activiteiten en *resultaten*"),
]


def secties_van_weergave(weergave: dict) -> list[dict]:
    """The rows a frozen report shows, in either form it was stored in."""
    if "secties" in weergave:
        return [s for s in weergave["secties"] if s.get("punten") or s.get("tekst")]
    return [
        {"sleutel": sleutel, "label": label, "soort": "lijst", "punten": weergave[sleutel]}
        for sleutel, label in OUDE_SECTIES
        if weergave.get(sleutel)
    ]


def groep_van_weergave(weergave: dict) -> str:
    return weergave.get("groep") or weergave.get("speerpunt") or ""


@dataclass
class Regel:
    dimensie: Dimensie
    smiley: str
    tekst: str
    verandering: Verandering | None


@dataclass
class OnderdeelInRapport:
    onderdeel: object
    weergave: dict
    rapport: object | None
    regels: list[Regel] = field(default_factory=list)

    @property
    def secties(self):
        return secties_van_weergave(self.weergave)

    @property
    def code(self):
        return self.weergave.get("code", self.onderdeel.code)

    @property
    def gedrukte_code(self):
        return self.code if "." in self.code else f"{self.code}."


@dataclass
class GroepInRapport:
    titel: str
    onderdelen: list[OnderdeelInRapport]


def vorige_periode(periode):
    """The quarter before this one in the same plan, if there is one."""
    eerder = Q(jaar__lt=periode.jaar) | Q(jaar=periode.jaar, kwartaal__lt=periode.kwartaal)
    return (
        type(periode)
        .objects.filter(eerder, plan_id=periode.plan_id)
        .order_by("-jaar", "-kwartaal")
        .first()
    )


def onderdelen_voor_rapport(plan, queryset=None):
    """The reported items with what their report rows need, and their top-level item."""
    queryset = gerapporteerde_onderdelen(plan) if queryset is None else queryset
    plan.secties(plan.planvorm.rapportageniveau_id)  # read once, whether frozen or not
    onderdelen = koppelen(
        plan,
        list(
            queryset.select_related("schaal")
            .prefetch_related("domeinen", "beleidsdoelen", "maatschappelijke_effecten", "kinderen")
            .order_by("pad")
        ),
    )
    groepniveau = plan.groepniveau
    groepen = {}
    if groepniveau is not None:
        groepen = {
            o.pad: o
            for o in plan.onderdelen.filter(niveau=groepniveau).only("pad", "titel", "tekst")
        }
    for onderdeel in onderdelen:
        onderdeel.groep = groepen.get(onderdeel.pad.split(".")[0])
    return onderdelen


def rapport_inhoud(periode, *, codes=None) -> list[GroepInRapport]:
    """Per top-level item (speerpunt), per reported item: as this report shows it, and its
    three rows."""
    plan = periode.plan
    queryset = gerapporteerde_onderdelen(plan)
    if codes is not None:
        queryset = queryset.filter(code__in=codes)
    onderdelen = onderdelen_voor_rapport(plan, queryset)
    rapporten = {r.onderdeel_id: r for r in periode.rapportages.all()}
    vorige = vorige_periode(periode)
    vorige_rapporten = {r.onderdeel_id: r for r in vorige.rapportages.all()} if vorige else {}

    groepen: dict[str, list[OnderdeelInRapport]] = {}
    for onderdeel in onderdelen:
        rapport = rapporten.get(onderdeel.pk)
        weergave = (rapport.weergave if rapport and rapport.weergave else None) or (
            weergave_van_onderdeel(onderdeel, onderdeel.groep)
        )
        vorig = vorige_rapporten.get(onderdeel.pk)
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
        titel = groep_van_weergave(weergave) or (onderdeel.groep.naam if onderdeel.groep else "")
        groepen.setdefault(titel, []).append(
            OnderdeelInRapport(
                onderdeel=onderdeel, weergave=weergave, rapport=rapport, regels=regels
            )
        )
    return [GroepInRapport(titel=titel, onderdelen=items) for titel, items in groepen.items()]


def rapporten_per_onderdeel(onderdeel, perioden):
    """An item's report in each of the given periods, oldest first: its status over time."""
    per_periode = {r.periode_id: r for r in onderdeel.rapportages.filter(periode__in=perioden)}
    return [(periode, per_periode.get(periode.pk)) for periode in perioden]


def laatste_rapporten(perioden) -> tuple[object | None, dict]:
    """The latest of the given periods and, per item id, its report in that period."""
    laatste = perioden.order_by("-jaar", "-kwartaal").first()
    if laatste is None:
        return None, {}
    return laatste, {r.onderdeel_id: r for r in laatste.rapportages.all()}
