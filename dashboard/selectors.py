"""What the dashboards show, computed in a fixed number of queries whatever the size of the data.

The region dashboard reads the filtered themes once, their leading people once, the reports of the
quarters in view once and the activities past their date once; everything else is arithmetic here.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch
from django.utils import timezone

from agenda.constants import ThemaRolSoort
from agenda.models import Activiteit, Overlegstructuur, Thema, ThemaRol
from rapportage.constants import Dimensie, PeriodeStatus, RapportageStatus, Smiley
from rapportage.models import ThemaRapportage
from rapportage.selectors import BETER, GELIJK, SLECHTER, Verandering, verandering

from .filters import LEIDENDE_ROLLEN

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
RAPPORTVELDEN = (
    "periode_id",
    "thema_id",
    "status",
    "tijd_smiley",
    "kosten_smiley",
    "bijzonderheden_smiley",
)


@dataclass
class Cel:
    """One theme in one quarter: its three smileys, and how they changed since the quarter before."""

    periode: object
    rapport: dict | None
    smileys: tuple[str, str, str]
    verandering: Verandering | None

    @property
    def per_dimensie(self):
        """(short dimension name, smiley) in the report's order: Tijd, Kosten, Bijzonderheden."""
        return [(DIMENSIENAAM[d], s) for d, s in zip(DIMENSIES, self.smileys, strict=True)]


@dataclass
class ThemaRij:
    thema: Thema
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
    rij: ThemaRij
    reden: str


@dataclass
class Aandacht:
    slechter: list[Aandachtspunt] = field(default_factory=list)
    twee_keer: list[Aandachtspunt] = field(default_factory=list)
    ontbreekt: list[Aandachtspunt] = field(default_factory=list)
    activiteiten: list[Activiteit] = field(default_factory=list)

    @property
    def aantal(self):
        return (
            len(self.slechter) + len(self.twee_keer) + len(self.ontbreekt) + len(self.activiteiten)
        )


@dataclass
class Dashboard:
    plan: object
    perioden: list  # quarters in view, oldest first
    peilperiode: object | None
    vorige_periode: object | None
    speerpunten: list[tuple[object, list[ThemaRij]]]
    tellingen: list[Telling]
    aandacht: Aandacht
    peildatum: date

    @property
    def rijen(self) -> list[ThemaRij]:
        return [rij for _speerpunt, rijen in self.speerpunten for rij in rijen]

    @property
    def aantal_themas(self):
        return len(self.rijen)


def smileys_van(rapport: dict | None) -> tuple[str, str, str]:
    if rapport is None:
        return ("", "", "")
    return tuple(rapport[f"{d.value}_smiley"] for d in DIMENSIES)


def totale_verandering(nu: tuple, vorig: tuple) -> Verandering | None:
    """A theme's change over its three smileys: worse if any got worse, better if any got better
    and none worse, the same if all comparable ones stayed; None when nothing can be compared."""
    per_dimensie = [verandering(a, b) for a, b in zip(nu, vorig, strict=True)]
    vergeleken = [v for v in per_dimensie if v is not None]
    if not vergeleken:
        return None
    if SLECHTER in vergeleken:
        return SLECHTER
    if BETER in vergeleken:
        return BETER
    return GELIJK


def themas_met_verandering(peil, vorige, code: str) -> list[int]:
    """Ids of the themes whose reports changed this way between two quarters (one query)."""
    per_thema: dict[int, dict] = {}
    for rapport in ThemaRapportage.objects.filter(periode__in=[peil, vorige]).values(
        *RAPPORTVELDEN
    ):
        per_thema.setdefault(rapport["thema_id"], {})[rapport["periode_id"]] = rapport
    ids = []
    for thema_id, rapporten in per_thema.items():
        wijziging = totale_verandering(
            smileys_van(rapporten.get(peil.pk)), smileys_van(rapporten.get(vorige.pk))
        )
        if wijziging is not None and wijziging.code == code:
            ids.append(thema_id)
    return ids


def _leiders_prefetch():
    return Prefetch(
        "rollen",
        queryset=ThemaRol.objects.filter(rol__in=LEIDENDE_ROLLEN)
        .select_related("persoon")
        .order_by("rol", "persoon__naam"),
        to_attr="leidende_rollen",
    )


def _leiders(thema) -> list[str]:
    namen = []
    for rol in thema.leidende_rollen:
        if rol.persoon.naam not in namen:
            namen.append(rol.persoon.naam)
    return namen


def _rapporten(perioden, thema_ids) -> dict[tuple[int, int], dict]:
    if not perioden or not thema_ids:
        return {}
    rapporten = ThemaRapportage.objects.filter(
        periode__in=[p.pk for p in perioden], thema_id__in=thema_ids
    ).values(*RAPPORTVELDEN)
    return {(r["periode_id"], r["thema_id"]): r for r in rapporten}


def region_dashboard(filterset, *, peildatum: date | None = None) -> Dashboard:
    """The region dashboard of a bound DashboardFilter: rows, counts and the attention list."""
    peildatum = peildatum or timezone.localdate()
    plan = filterset.plan
    perioden = filterset.getoonde_perioden()
    peil = filterset.peilperiode()
    vorige = filterset.vorige_periode()
    alle = filterset.perioden
    eerder = alle[alle.index(perioden[0]) - 1] if perioden and alle.index(perioden[0]) > 0 else None

    themas = list(
        filterset.qs.select_related("speerpunt", "subregio")
        .prefetch_related(_leiders_prefetch())
        .order_by("speerpunt__nummer", "nummer")
    )
    thema_ids = [t.pk for t in themas]
    rapporten = _rapporten([*perioden, *([eerder] if eerder else [])], thema_ids)

    groepen: dict[int, tuple[object, list[ThemaRij]]] = {}
    for thema in themas:
        cellen = []
        vorig_periode = eerder
        for periode in perioden:
            rapport = rapporten.get((periode.pk, thema.pk))
            vorig_rapport = rapporten.get((vorig_periode.pk, thema.pk)) if vorig_periode else None
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
        rij = ThemaRij(thema=thema, cellen=cellen, leiders=_leiders(thema))
        groepen.setdefault(thema.speerpunt_id, (thema.speerpunt, []))[1].append(rij)

    dashboard = Dashboard(
        plan=plan,
        perioden=perioden,
        peilperiode=peil,
        vorige_periode=vorige,
        speerpunten=list(groepen.values()),
        tellingen=[],
        aandacht=Aandacht(),
        peildatum=peildatum,
    )
    dashboard.tellingen = tellingen(dashboard)
    dashboard.aandacht = aandacht(dashboard, thema_ids, peildatum)
    return dashboard


def tellingen(dashboard: Dashboard) -> list[Telling]:
    """Per quarter in view: smileys per colour per dimension over the filtered themes."""
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


def aandacht(dashboard: Dashboard, thema_ids, peildatum) -> Aandacht:
    """What a transformatiemanager should look at in the peilkwartaal.

    - slechter: a smiley worse than in the quarter before;
    - twee keer: the same dimension orange or red in this quarter and the one before;
    - ontbreekt: no report, or not all three smileys, and "te laat" when the period is still open
      past its deadline and the report has not been submitted;
    - activities whose date ("uiterlijk gereed") lies before the peildatum.
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
    lijst.activiteiten = list(
        Activiteit.objects.filter(thema_id__in=thema_ids, datum__lt=peildatum)
        .select_related("thema")
        .order_by("datum", "thema__nummer", "volgorde")
    )
    return lijst


# People and meetings ---------------------------------------------------------------------------


@dataclass
class PersoonOverzicht:
    persoon: object
    rijen: list[tuple[str, ThemaRij]]  # (role label, theme row)

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
    rijen: list[ThemaRij]

    @property
    def aantal_slechter(self):
        return sum(1 for rij in self.rijen if rij.peil and rij.peil.verandering == SLECHTER)


def zorgvolgorde(rij: ThemaRij):
    """Worse first, then by the number of red and orange smileys, then in the plan's order."""
    smileys = rij.peil.smileys if rij.peil else ()
    slechter = bool(rij.peil and rij.peil.verandering == SLECHTER)
    return (
        not slechter,
        -smileys.count(Smiley.ROOD.value),
        -smileys.count(Smiley.ORANJE.value),
        rij.thema.speerpunt.nummer,
        rij.thema.nummer,
    )


def _rijen_per_thema(dashboard: Dashboard) -> dict[int, ThemaRij]:
    return {rij.thema.pk: rij for rij in dashboard.rijen}


def personen(dashboard: Dashboard) -> list[PersoonOverzicht]:
    """Per trekker or 1e aanspreekpersoon: the themes they lead, in view, and how they stand."""
    rijen = _rijen_per_thema(dashboard)
    rollen = (
        ThemaRol.objects.filter(thema_id__in=list(rijen), rol__in=LEIDENDE_ROLLEN)
        .select_related("persoon__gemeente")
        .order_by("persoon__naam", "thema__speerpunt__nummer", "thema__nummer", "rol")
    )
    per_persoon: dict[int, PersoonOverzicht] = {}
    for rol in rollen:
        overzicht = per_persoon.setdefault(rol.persoon_id, PersoonOverzicht(rol.persoon, []))
        bestaand = [r for r in overzicht.rijen if r[1].thema.pk == rol.thema_id]
        label = str(ThemaRolSoort(rol.rol).label)
        if bestaand:
            index = overzicht.rijen.index(bestaand[0])
            overzicht.rijen[index] = (f"{bestaand[0][0]} en {label.lower()}", bestaand[0][1])
        else:
            overzicht.rijen.append((label, rijen[rol.thema_id]))
    return list(per_persoon.values())


def overleggen(dashboard: Dashboard) -> list[OverlegOverzicht]:
    """Per meeting: the themes on its agenda, in view, with their latest status."""
    rijen = _rijen_per_thema(dashboard)
    lijst = (
        Overlegstructuur.objects.filter(sectie__plan=dashboard.plan)
        .select_related("sectie")
        .prefetch_related(
            Prefetch("themas", queryset=Thema.objects.filter(pk__in=list(rijen)).only("pk"))
        )
        .order_by("sectie__volgorde", "volgorde")
    )
    resultaat = []
    for overleg in lijst:
        op_agenda = sorted((rijen[t.pk] for t in overleg.themas.all()), key=zorgvolgorde)
        resultaat.append(OverlegOverzicht(overleg, op_agenda))
    return resultaat


# National overview -----------------------------------------------------------------------------


@dataclass
class RegioRij:
    plan: object
    peilperiode: object | None
    vorige_periode: object | None
    aantal_themas: int
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
        plannen.select_related("regio")
        .annotate(aantal=Count("themas"))
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
        rapporten.setdefault(rapport["periode_id"], {})[rapport["thema_id"]] = rapport

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
            vorig = smileys_van(toen.get(rapport["thema_id"]))
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
                aantal_themas=plan.aantal,
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
        "themas": sum(r.aantal_themas for r in rijen),
        "kleuren": [(k, KLEURNAAM[k], telling[k]) for k in KLEUREN],
        "slechter": sum(r.slechter for r in rijen),
        "beter": sum(r.beter for r in rijen),
        "twee_keer": sum(r.twee_keer for r in rijen),
        "ontbreekt": sum(r.ontbreekt for r in rijen),
    }
