"""What the dashboards show, computed in a fixed number of queries whatever the size of the data.

The region dashboard reads the filtered items once, their leading people once, the reports of the
quarters in view once and the items past their deadline once; everything else is arithmetic here.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone

from agenda.models import Indicator, Meting, Onderdeel, Overlegstructuur, Rol
from agenda.selectors import groepen_met_onderdelen, koppelen, lijstwaarden_koppelen
from rapportage.constants import Dimensie, PeriodeStatus, RapportageStatus, Smiley
from rapportage.models import ThemaRapportage
from rapportage.selectors import BETER, SLECHTER, Verandering, verandering

from .filters import leidende_rollen
from .veranderingen import RAPPORTVELDEN, smileys_van, totale_verandering

DIMENSIES = list(Dimensie)
DIMENSIENAAM = {
    Dimensie.TIJD: "Tijd",
    Dimensie.KOSTEN: "Kosten",
    Dimensie.BIJZONDERHEDEN: "Bijzonderheden",
}
KLEUREN = [Smiley.GROEN.value, Smiley.ORANJE.value, Smiley.ROOD.value, ""]
KLEURNAAM = {
    Smiley.GROEN.value: "groen",
    Smiley.ORANJE.value: "oranje",
    Smiley.ROOD.value: "rood",
    "": "niet gerapporteerd",
}
ZORGELIJK = (Smiley.ORANJE.value, Smiley.ROOD.value)
TELLINGKOLOMMEN = ["groen", "oranje", "rood", "geen"] * (len(Dimensie) + 1)


@dataclass
class Cel:
    """One item in one quarter: its three smileys, and how they changed since the quarter
    before."""

    periode: object
    rapport: dict | None
    smileys: tuple[str, str, str]
    verandering: Verandering | None

    @property
    def per_dimensie(self):
        """(short dimension name, smiley) in the report's order: Tijd, Kosten, Bijzonderheden."""
        return [(DIMENSIENAAM[d], s) for d, s in zip(DIMENSIES, self.smileys, strict=True)]


@dataclass
class OnderdeelRij:
    onderdeel: Onderdeel
    cellen: list[Cel]
    leiders: list[str]

    @property
    def peil(self) -> Cel | None:
        return self.cellen[-1] if self.cellen else None


@dataclass
class Telling:
    """Per quarter: per dimension, how many smileys of each colour (and not reported)."""

    periode: object
    per_dimensie: dict  # dimensie value -> Counter of colour
    totaal: Counter

    def rij(self):
        """Counts in display order: per dimension groen, oranje, rood, none; then totals."""
        waarden = []
        for dimensie in DIMENSIES:
            waarden += [self.per_dimensie[dimensie.value][k] for k in KLEUREN]
        return waarden + [self.totaal[k] for k in KLEUREN]


@dataclass
class Aandachtspunt:
    rij: OnderdeelRij
    reden: str


@dataclass
class Aandacht:
    slechter: list[Aandachtspunt] = field(default_factory=list)
    twee_keer: list[Aandachtspunt] = field(default_factory=list)
    ontbreekt: list[Aandachtspunt] = field(default_factory=list)
    deadlines: list[Onderdeel] = field(default_factory=list)

    @property
    def aantal(self):
        return len(self.slechter) + len(self.twee_keer) + len(self.ontbreekt) + len(self.deadlines)


@dataclass
class Dashboard:
    plan: object
    perioden: list  # quarters in view, oldest first
    peilperiode: object | None
    vorige_periode: object | None
    groepen: list[tuple[object, list[OnderdeelRij]]]
    tellingen: list[Telling]
    aandacht: Aandacht
    peildatum: date

    @property
    def rijen(self) -> list[OnderdeelRij]:
        return [rij for _groep, rijen in self.groepen for rij in rijen]

    @property
    def aantal(self):
        return len(self.rijen)


def _leiders(plan, ids) -> dict[int, list[str]]:
    """Per item, the names of the people in its leading roles (only the names: one row each)."""
    namen = defaultdict(list)
    rollen = (
        Rol.objects.filter(
            onderdeel_id__in=ids, soort__in=leidende_rollen(plan), persoon__isnull=False
        )
        .order_by("soort__volgorde", "persoon__naam")
        .values_list("onderdeel_id", "persoon__naam")
    )
    for onderdeel_id, naam in rollen:
        if naam not in namen[onderdeel_id]:
            namen[onderdeel_id].append(naam)
    return namen


def _rapporten(perioden, ids) -> dict[tuple[int, int], dict]:
    if not perioden or not ids:
        return {}
    rapporten = ThemaRapportage.objects.filter(
        periode__in=[p.pk for p in perioden], onderdeel_id__in=ids
    ).values(*RAPPORTVELDEN)
    return {(r["periode_id"], r["onderdeel_id"]): r for r in rapporten}


def region_dashboard(filterset, *, peildatum: date | None = None) -> Dashboard:
    """The region dashboard of a bound DashboardFilter: rows, counts and the attention list."""
    peildatum = peildatum or timezone.localdate()
    plan = filterset.plan
    perioden = filterset.getoonde_perioden()
    peil = filterset.peilperiode()
    vorige = filterset.vorige_periode()
    alle = filterset.perioden
    eerder = alle[alle.index(perioden[0]) - 1] if perioden and alle.index(perioden[0]) > 0 else None

    onderdelen = koppelen(plan, list(filterset.qs.select_related("subregio").order_by("pad")))
    lijstwaarden_koppelen(plan, onderdelen)
    ids = [o.pk for o in onderdelen]
    leiders = _leiders(plan, ids)
    rapporten = _rapporten([*perioden, *([eerder] if eerder else [])], ids)

    rijen = []
    for onderdeel in onderdelen:
        cellen = []
        vorig_periode = eerder
        for periode in perioden:
            rapport = rapporten.get((periode.pk, onderdeel.pk))
            vorig_rapport = (
                rapporten.get((vorig_periode.pk, onderdeel.pk)) if vorig_periode else None
            )
            smileys = smileys_van(rapport)
            cellen.append(
                Cel(
                    periode=periode,
                    rapport=rapport,
                    smileys=smileys,
                    verandering=totale_verandering(smileys, smileys_van(vorig_rapport))
                    if vorig_periode
                    else None,
                )
            )
            vorig_periode = periode
        rijen.append(
            OnderdeelRij(onderdeel=onderdeel, cellen=cellen, leiders=leiders[onderdeel.pk])
        )
    per_onderdeel = {rij.onderdeel.pk: rij for rij in rijen}
    groepen = [
        (groep, [per_onderdeel[o.pk] for o in leden])
        for groep, leden in groepen_met_onderdelen(
            plan, onderdelen, bovenste=getattr(filterset, "groepen", None)
        )
    ]

    dashboard = Dashboard(
        plan=plan,
        perioden=perioden,
        peilperiode=peil,
        vorige_periode=vorige,
        groepen=groepen,
        tellingen=[],
        aandacht=Aandacht(),
        peildatum=peildatum,
    )
    dashboard.tellingen = tellingen(dashboard)
    dashboard.aandacht = aandacht(dashboard, ids, peildatum)
    return dashboard


@dataclass
class IndicatorStand:
    indicator: object
    onderdeel: object
    metingen: list  # region-wide, in time order

    @property
    def laatste(self):
        return self.metingen[-1] if self.metingen else None

    @property
    def vorige(self):
        return self.metingen[-2] if len(self.metingen) > 1 else None

    @property
    def grafiek(self):
        from agenda.indicatoren import lijngrafiek

        return lijngrafiek(self.indicator, self.metingen)


def indicatoren_in_beeld(dashboard: Dashboard) -> list[IndicatorStand]:
    """The indicators of the items in view with their region-wide measurements (two queries: the
    indicators and their measurements; none when nothing is in view)."""
    # The items are those of the rows, read already: not joined again.
    onderdelen = {rij.onderdeel.pk: rij.onderdeel for rij in dashboard.rijen}
    ids = list(onderdelen)
    indicatoren = list(
        Indicator.objects.filter(onderdeel_id__in=ids).order_by("onderdeel__pad", "volgorde", "pk")
    )
    per_indicator = defaultdict(list)
    bekend = {indicator.pk: indicator for indicator in indicatoren}
    for meting in Meting.objects.filter(
        indicator__onderdeel_id__in=ids, gemeente=None, aanbieder=None
    ).order_by("jaar", "periode"):
        meting.indicator = bekend[meting.indicator_id]
        per_indicator[meting.indicator_id].append(meting)
    standen = []
    for indicator in indicatoren:
        indicator.onderdeel = onderdelen[indicator.onderdeel_id]
        standen.append(IndicatorStand(indicator, indicator.onderdeel, per_indicator[indicator.pk]))
    return standen


def tellingen(dashboard: Dashboard) -> list[Telling]:
    """Per quarter in view: smileys per colour per dimension over the filtered items."""
    resultaat = []
    for index, periode in enumerate(dashboard.perioden):
        per_dimensie = {d.value: Counter(dict.fromkeys(KLEUREN, 0)) for d in DIMENSIES}
        for rij in dashboard.rijen:
            for dimensie, smiley in zip(DIMENSIES, rij.cellen[index].smileys, strict=True):
                per_dimensie[dimensie.value][smiley] += 1
        totaal = Counter(dict.fromkeys(KLEUREN, 0))
        for teller in per_dimensie.values():
            totaal.update(teller)
        resultaat.append(Telling(periode=periode, per_dimensie=per_dimensie, totaal=totaal))
    return resultaat


def _namen(dimensies) -> str:
    namen = [DIMENSIENAAM[d] for d in dimensies]
    return namen[0] if len(namen) == 1 else f"{', '.join(namen[:-1])} en {namen[-1]}"


def aandacht(dashboard: Dashboard, ids, peildatum) -> Aandacht:
    """What a transformatiemanager should look at in the peilkwartaal.

    - slechter: a smiley worse than in the quarter before;
    - twee keer: the same dimension orange or red in this quarter and the one before;
    - ontbreekt: no report, or not all three smileys, and "te laat" when the period is still open
      past its deadline and the report has not been submitted;
    - items (the reported ones and those below them, such as activities and actiepunten) whose
      deadline lies before the peildatum.
    """
    lijst = Aandacht()
    peil, vorige = dashboard.peilperiode, dashboard.vorige_periode
    if peil is None:
        return lijst
    te_laat = (
        peil.status == PeriodeStatus.OPEN
        and peil.deadline is not None
        and peil.deadline < peildatum
    )
    heeft_vorige_cel = vorige is not None and len(dashboard.perioden) >= 2
    for rij in dashboard.rijen:
        cel = rij.peil
        if cel.verandering == SLECHTER:
            vorig = rij.cellen[-2].smileys if heeft_vorige_cel else ("", "", "")
            slechter = [
                d
                for d, nu, toen in zip(DIMENSIES, cel.smileys, vorig, strict=True)
                if verandering(nu, toen) == SLECHTER
            ]
            reden = "; ".join(
                f"{DIMENSIENAAM[d]}: {KLEURNAAM[toen]} → {KLEURNAAM[nu]}"
                for d, nu, toen in zip(DIMENSIES, cel.smileys, vorig, strict=True)
                if d in slechter
            )
            lijst.slechter.append(Aandachtspunt(rij, reden or "slechter dan het kwartaal ervoor"))
        if heeft_vorige_cel:
            vorig = rij.cellen[-2].smileys
            twee = [
                d
                for d, nu, toen in zip(DIMENSIES, cel.smileys, vorig, strict=True)
                if nu in ZORGELIJK and toen in ZORGELIJK
            ]
            if twee:
                reden = "; ".join(
                    f"{DIMENSIENAAM[d]}: {KLEURNAAM[vorig[DIMENSIES.index(d)]]}, "
                    f"nu {KLEURNAAM[cel.smileys[DIMENSIES.index(d)]]}"
                    for d in twee
                )
                lijst.twee_keer.append(Aandachtspunt(rij, reden))
        rapport = cel.rapport
        if rapport is None:
            reden = "geen rapportage"
        else:
            leeg = [d for d, smiley in zip(DIMENSIES, cel.smileys, strict=True) if not smiley]
            reden = f"smiley ontbreekt bij {_namen(leeg).lower()}" if leeg else ""
        ingediend = rapport is not None and rapport["status"] in (
            RapportageStatus.INGEDIEND,
            RapportageStatus.GOEDGEKEURD,
        )
        if te_laat and not ingediend:
            reden = f"te laat: niet ingediend vóór {peil.deadline:%d-%m-%Y}" + (
                f" ({reden})" if reden else ""
            )
        if reden:
            lijst.ontbreekt.append(Aandachtspunt(rij, reden))
    lijst.deadlines = koppelen(
        dashboard.plan,
        list(
            Onderdeel.objects.filter(
                Q(pk__in=ids) | Q(ouder_id__in=ids), deadline_datum__lt=peildatum
            )
            .select_related("ouder")
            .order_by("deadline_datum", "pad")
        ),
    )
    koppelen(dashboard.plan, [item.ouder for item in lijst.deadlines if item.ouder])
    return lijst


# People and meetings ---------------------------------------------------------------------------


@dataclass
class PersoonOverzicht:
    persoon: object
    rijen: list[tuple[str, OnderdeelRij]]  # (role label, item row)

    @property
    def aantal_zorgelijk(self):
        return sum(
            1
            for _rol, rij in self.rijen
            if rij.peil and any(s in ZORGELIJK for s in rij.peil.smileys)
        )


@dataclass
class OverlegOverzicht:
    overleg: object
    rijen: list[OnderdeelRij]

    @property
    def aantal_slechter(self):
        return sum(1 for rij in self.rijen if rij.peil and rij.peil.verandering == SLECHTER)


def zorgvolgorde(rij: OnderdeelRij):
    """Worse first, then by the number of red and orange smileys, then in the plan's order."""
    smileys = rij.peil.smileys if rij.peil else ()
    slechter = bool(rij.peil and rij.peil.verandering == SLECHTER)
    return (
        not slechter,
        -smileys.count(Smiley.ROOD.value),
        -smileys.count(Smiley.ORANJE.value),
        rij.onderdeel.pad,
    )


def _rijen_per_onderdeel(dashboard: Dashboard) -> dict[int, OnderdeelRij]:
    return {rij.onderdeel.pk: rij for rij in dashboard.rijen}


def personen(dashboard: Dashboard) -> list[PersoonOverzicht]:
    """Per person in a role that reports (trekker, 1e aanspreekpersoon): the items they lead,
    in view, and how they stand."""
    rijen = _rijen_per_onderdeel(dashboard)
    rollen = (
        Rol.objects.filter(
            onderdeel_id__in=list(rijen),
            soort__in=leidende_rollen(dashboard.plan),
            persoon__isnull=False,
        )
        .select_related("persoon__gemeente", "soort")
        .order_by("persoon__naam", "onderdeel__pad", "soort__volgorde")
    )
    per_persoon: dict[int, PersoonOverzicht] = {}
    for rol in rollen:
        overzicht = per_persoon.setdefault(rol.persoon_id, PersoonOverzicht(rol.persoon, []))
        bestaand = [r for r in overzicht.rijen if r[1].onderdeel.pk == rol.onderdeel_id]
        label = rol.soort.label
        if bestaand:
            index = overzicht.rijen.index(bestaand[0])
            overzicht.rijen[index] = (f"{bestaand[0][0]} en {label.lower()}", bestaand[0][1])
        else:
            overzicht.rijen.append((label, rijen[rol.onderdeel_id]))
    return list(per_persoon.values())


def overleggen(dashboard: Dashboard) -> list[OverlegOverzicht]:
    """Per meeting: the items on its agenda, in view, with their latest status."""
    rijen = _rijen_per_onderdeel(dashboard)
    lijst = list(
        Overlegstructuur.objects.filter(sectie__plan=dashboard.plan)
        .select_related("sectie")
        .order_by("sectie__volgorde", "volgorde")
    )
    # Only the links of the items in view, as pairs of ids: the rows hold the items already.
    agenda = defaultdict(list)
    koppelingen = Overlegstructuur.onderdelen.through.objects.filter(
        overlegstructuur_id__in=[o.pk for o in lijst], onderdeel_id__in=list(rijen)
    )
    for overleg_id, onderdeel_id in koppelingen.values_list("overlegstructuur_id", "onderdeel_id"):
        agenda[overleg_id].append(rijen[onderdeel_id])
    return [
        OverlegOverzicht(overleg, sorted(agenda[overleg.pk], key=zorgvolgorde)) for overleg in lijst
    ]


# National overview -----------------------------------------------------------------------------


@dataclass
class RegioRij:
    plan: object
    peilperiode: object | None
    vorige_periode: object | None
    aantal: int
    telling: Counter
    slechter: int
    beter: int
    twee_keer: int
    ontbreekt: int
    mag_openen: bool

    @property
    def kleuren(self):
        return [(k, KLEURNAAM[k], self.telling[k]) for k in KLEUREN]


def landelijk_overzicht(plannen, perioden, eigen_plan_ids) -> list[RegioRij]:
    """Per plan: the latest readable quarter's smileys, changes and gaps (four queries in all)."""
    plannen = list(
        plannen.select_related("regio", "planvorm__rapportageniveau")
        .annotate(
            aantal=Count(
                "onderdelen",
                filter=Q(onderdelen__niveau_id=F("planvorm__rapportageniveau_id")),
            )
        )
        .order_by("regio__naam", "slug")
    )
    per_plan: dict[int, list] = {}
    for periode in perioden.filter(plan__in=[p.pk for p in plannen]).order_by(
        "plan_id", "jaar", "kwartaal"
    ):
        per_plan.setdefault(periode.plan_id, []).append(periode)
    laatste_twee = {pk: lijst[-2:] for pk, lijst in per_plan.items()}
    periode_ids = [p.pk for lijst in laatste_twee.values() for p in lijst]
    rapporten: dict[int, dict[int, dict]] = {}
    for rapport in ThemaRapportage.objects.filter(periode_id__in=periode_ids).values(
        *RAPPORTVELDEN
    ):
        rapporten.setdefault(rapport["periode_id"], {})[rapport["onderdeel_id"]] = rapport

    rijen = []
    for plan in plannen:
        lijst = laatste_twee.get(plan.pk, [])
        peil = lijst[-1] if lijst else None
        vorige = lijst[-2] if len(lijst) == 2 else None
        nu = rapporten.get(peil.pk, {}) if peil else {}
        toen = rapporten.get(vorige.pk, {}) if vorige else {}
        telling = Counter(dict.fromkeys(KLEUREN, 0))
        slechter = beter = twee_keer = 0
        for rapport in nu.values():
            smileys = smileys_van(rapport)
            telling.update(smileys)
            vorig = smileys_van(toen.get(rapport["onderdeel_id"]))
            wijziging = totale_verandering(smileys, vorig) if vorige else None
            slechter += wijziging == SLECHTER
            beter += wijziging == BETER
            twee_keer += any(
                a in ZORGELIJK and b in ZORGELIJK for a, b in zip(smileys, vorig, strict=True)
            )
        ontbreekt = 0
        if peil:
            zonder = plan.aantal - len(nu)
            telling[""] += 3 * zonder
            ontbreekt = zonder + sum(1 for r in nu.values() if "" in smileys_van(r))
        rijen.append(
            RegioRij(
                plan=plan,
                peilperiode=peil,
                vorige_periode=vorige,
                aantal=plan.aantal,
                telling=telling,
                slechter=slechter,
                beter=beter,
                twee_keer=twee_keer,
                ontbreekt=ontbreekt,
                mag_openen=plan.pk in eigen_plan_ids,
            )
        )
    return rijen


def landelijk_totaal(rijen: list[RegioRij]) -> dict:
    """The national sums of the overview's columns."""
    telling = Counter(dict.fromkeys(KLEUREN, 0))
    for rij in rijen:
        telling.update(rij.telling)
    return {
        "plannen": len(rijen),
        "onderdelen": sum(r.aantal for r in rijen),
        "kleuren": [(k, KLEURNAAM[k], telling[k]) for k in KLEUREN],
        "slechter": sum(r.slechter for r in rijen),
        "beter": sum(r.beter for r in rijen),
        "twee_keer": sum(r.twee_keer for r in rijen),
        "ontbreekt": sum(r.ontbreekt for r in rijen),
    }
