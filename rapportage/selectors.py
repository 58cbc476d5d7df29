"""Reading reports: what a report shows of each item, and how it changed since last quarter.

Every function here runs a fixed number of queries, whatever the number of items.
"""

import functools
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import DateTimeField, Max, Q, Value, prefetch_related_objects

from agenda.constants import SectieSoort
from agenda.opmaak import als_lijstitem, uit_lijstitem
from agenda.selectors import gerapporteerde_onderdelen, koppelen
from agenda.weergave import kop, rijen

from .constants import BIJ_VASTSTELLING, Dimensie, PeriodeStatus, RapportageStatus, Smiley
from .models import GearchiveerdRapport, Heropening

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


# Characters: about a third of a page in an item's table. A longer row may break over pages
# (print.css, .ta-rij-breekbaar); a shorter one is kept whole, so it never leaves its label alone
# at a page's foot with the text on the next page.
LANGE_RIJ = 1200


def _rijlengte(tekst, punten) -> int:
    return len(tekst or "") + sum(len(uit_lijstitem(p)[1]) for p in punten or ())


def secties_van_weergave(weergave: dict) -> list[dict]:
    """The rows a frozen report shows, in either form it was stored in."""
    if "secties" in weergave:
        # Every row has both keys: a template asking a text row for its "punten" gets an empty
        # list, not a missing key it would render as an empty string.
        return [
            {
                **s,
                "punten": s.get("punten") or [],
                "tekst": s.get("tekst") or "",
                "lang": _rijlengte(s.get("tekst"), s.get("punten")) >= LANGE_RIJ,
            }
            for s in weergave["secties"]
            if s.get("punten") or s.get("tekst")
        ]
    return [
        {
            "sleutel": sleutel,
            "label": label,
            "soort": "lijst",
            "punten": weergave[sleutel],
            "tekst": "",
            "lang": _rijlengte("", weergave[sleutel]) >= LANGE_RIJ,
        }
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


# What weergave_van_onderdeel reads of an item besides the item itself.
RAPPORTRIJEN = ("domeinen", "beleidsdoelen", "maatschappelijke_effecten", "kinderen")


def onderdelen_voor_rapport(plan, queryset=None, *, met_rijen=True):
    """The reported items with what their report rows need (without it: `met_rijen=False`), and
    their top-level item."""
    queryset = gerapporteerde_onderdelen(plan) if queryset is None else queryset
    plan.secties(plan.planvorm.rapportageniveau_id)  # read once, whether frozen or not
    queryset = queryset.select_related("schaal")
    if met_rijen:
        queryset = queryset.prefetch_related(*RAPPORTRIJEN)
    onderdelen = koppelen(plan, list(queryset.order_by("pad")))
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
    onderdelen = onderdelen_voor_rapport(plan, queryset, met_rijen=False)
    rapporten = {r.onderdeel_id: r for r in periode.rapportages.select_related("overgenomen_uit")}
    # An adopted quarter shows what it froze of each item: only the others need their rows read.
    zonder_weergave = [
        o for o in onderdelen if not (o.pk in rapporten and rapporten[o.pk].weergave)
    ]
    prefetch_related_objects(zonder_weergave, *RAPPORTRIJEN)
    koppelen(plan, zonder_weergave)
    vorige = vorige_periode(periode)
    vorige_rapporten = {r.onderdeel_id: r for r in vorige.rapportages.all()} if vorige else {}

    groepen: dict[str, list[OnderdeelInRapport]] = {}
    for onderdeel in onderdelen:
        rapport = rapporten.get(onderdeel.pk)
        weergave = (rapport.weergave if rapport and rapport.weergave else None) or (
            weergave_van_onderdeel(onderdeel, onderdeel.groep)
        )
        vorig = vorige_rapporten.get(onderdeel.pk)
        # A copied status is no change, whatever it was the quarter before.
        vergelijkbaar = rapport is not None and rapport.status not in BIJ_VASTSTELLING
        regels = [
            Regel(
                dimensie=d,
                smiley=getattr(rapport, f"{d.value}_smiley", "") if rapport else "",
                tekst=getattr(rapport, f"{d.value}_tekst", "") if rapport else "",
                verandering=verandering(
                    getattr(rapport, f"{d.value}_smiley", ""),
                    getattr(vorig, f"{d.value}_smiley", "") if vorig else "",
                )
                if vergelijkbaar
                else None,
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
    per_periode = {
        r.periode_id: r
        for r in onderdeel.rapportages.filter(periode__in=perioden)
        .select_related("overgenomen_uit")
        .order_by()
    }
    return [(periode, per_periode.get(periode.pk)) for periode in perioden]


def laatste_rapporten(perioden) -> tuple[object | None, dict]:
    """The latest of the given periods and, per item id, its report in that period."""
    laatste = perioden.order_by("-jaar", "-kwartaal").first()
    if laatste is None:
        return None, {}
    return laatste, {
        r.onderdeel_id: r for r in laatste.rapportages.select_related("overgenomen_uit").order_by()
    }


# Reviewing a report beside last quarter's -------------------------------------------------


@dataclass
class Tekstdeel:
    soort: str  # "gelijk", "weg" or "nieuw"
    tekst: str


def laatste_archieven(plan, perioden) -> None:
    """Attach to each period the archived version its row names with its checksum, as
    `laatste_archief` (None when there is none to name; the rule of archief_van_vaststelling):
    one query of four columns over the plan's archive, its text compiled once per process (building
    it with the ORM on each request cost 1.7 of the reports list's 21 million instructions,
    bench/tegen_oud_model.py --instructies); one more only when a listed adopted period was ever
    reopened."""
    alias = router.db_for_read(GearchiveerdRapport)
    verbinding = connections[alias]
    with verbinding.cursor() as cursor:
        cursor.execute(_archieven_sql(alias), [plan.pk])
        rijen = cursor.fetchall()
    omzetten = verbinding.ops.get_db_converters(_GEARCHIVEERD_OP)
    nieuwste = {}
    for periode_id, versie, sha256, aangemaakt_op in rijen:
        if periode_id in nieuwste:
            continue
        for omzetter in omzetten:
            aangemaakt_op = omzetter(aangemaakt_op, _GEARCHIVEERD_OP, verbinding)
        nieuwste[periode_id] = Archiefversie(versie, sha256, aangemaakt_op)
    heropend = [
        p.pk
        for p in perioden
        if p.pk in nieuwste and p.status == PeriodeStatus.VASTGESTELD and p.aantal_heropeningen
    ]
    laatst_heropend = (
        dict(
            Heropening.objects.filter(periode_id__in=heropend)
            .order_by()
            .values("periode_id")
            .annotate(laatst=Max("op"))
            .values_list("periode_id", "laatst")
        )
        if heropend
        else {}
    )
    for periode in perioden:
        archief = nieuwste.get(periode.pk)
        if archief is not None and _na_heropening_nog_niet_gearchiveerd(
            periode, archief, laatst_heropend.get(periode.pk)
        ):
            archief = None
        periode.laatste_archief = archief


@dataclass(frozen=True)
class Archiefversie:
    versie: int
    sha256: str
    aangemaakt_op: object


# What the database returns for `aangemaakt_op` is converted as the ORM would.
_GEARCHIVEERD_OP = Value(None, output_field=DateTimeField())


@functools.cache
def _archieven_sql(alias: str) -> str:
    """Every archived version of one plan's reports, newest first per period: the SQL text, with
    the plan's id as its one parameter."""
    sql, _params = (
        GearchiveerdRapport.objects.filter(periode__plan_id=0)
        .order_by("periode_id", "-versie")
        .values_list("periode_id", "versie", "sha256", "aangemaakt_op")
        .query.get_compiler(using=alias)
        .as_sql()
    )
    return sql


def _na_heropening_nog_niet_gearchiveerd(periode, archief, laatst_heropend) -> bool:
    """Adopted again after a reopening, and the task worker has not archived that adoption yet:
    the newest archive is what the raad received before, not the file the download will serve."""
    return (
        periode.status == PeriodeStatus.VASTGESTELD
        and laatst_heropend is not None
        and laatst_heropend > archief.aangemaakt_op
    )


def tekstverschil(oud: str, nieuw: str) -> list[Tekstdeel]:
    """What changed between two texts, word by word, for a reviewer to see at a glance."""
    import difflib

    oude, nieuwe = (oud or "").split(), (nieuw or "").split()
    delen = []
    matcher = difflib.SequenceMatcher(a=oude, b=nieuwe, autojunk=False)
    for soort, a1, a2, b1, b2 in matcher.get_opcodes():
        if soort == "equal":
            delen.append(Tekstdeel("gelijk", " ".join(oude[a1:a2])))
            continue
        if a2 > a1:
            delen.append(Tekstdeel("weg", " ".join(oude[a1:a2])))
        if b2 > b1:
            delen.append(Tekstdeel("nieuw", " ".join(nieuwe[b1:b2])))
    return delen


@dataclass
class Vergelijking:
    """One report row now and last quarter."""

    dimensie: Dimensie
    smiley: str
    tekst: str
    vorig_smiley: str
    vorig_tekst: str
    verandering: Verandering | None

    @property
    def smiley_gewijzigd(self) -> bool:
        return self.smiley != self.vorig_smiley

    @property
    def tekst_gewijzigd(self) -> bool:
        return " ".join(self.tekst.split()) != " ".join(self.vorig_tekst.split())

    @property
    def verschil(self) -> list[Tekstdeel]:
        return tekstverschil(self.vorig_tekst, self.tekst)


def vergelijking(rapport, vorig) -> list[Vergelijking]:
    """The report's three rows beside the same item's report of the quarter before."""
    resultaat = []
    for d in Dimensie:
        smiley = getattr(rapport, f"{d.value}_smiley")
        vorig_smiley = getattr(vorig, f"{d.value}_smiley", "") if vorig else ""
        resultaat.append(
            Vergelijking(
                dimensie=d,
                smiley=smiley,
                tekst=getattr(rapport, f"{d.value}_tekst"),
                vorig_smiley=vorig_smiley,
                vorig_tekst=getattr(vorig, f"{d.value}_tekst", "") if vorig else "",
                verandering=verandering(smiley, vorig_smiley),
            )
        )
    return resultaat


def vorig_rapport(rapport):
    """The same item's report in the quarter before, if any."""
    vorige = vorige_periode(rapport.periode)
    if vorige is None:
        return None
    return (
        vorige.rapportages.filter(onderdeel_id=rapport.onderdeel_id)
        .select_related("periode", "overgenomen_uit")
        .first()
    )


def vorige_rapporten(periode) -> dict:
    """Per item id, its report in the quarter before this period (one query)."""
    vorige = vorige_periode(periode)
    if vorige is None:
        return {}
    return {
        r.onderdeel_id: r for r in vorige.rapportages.select_related("periode", "overgenomen_uit")
    }


def context_van_onderdeel(rapport) -> list[dict]:
    """What the report shows of its item from the plan (its goals, activities, as the plan's
    shape puts them in the report), to read beside the form."""
    plan = rapport.periode.plan
    if rapport.weergave:
        return secties_van_weergave(rapport.weergave)
    onderdelen = onderdelen_voor_rapport(plan, plan.onderdelen.filter(pk=rapport.onderdeel_id))
    if not onderdelen:
        return []
    return secties_van_weergave(weergave_van_onderdeel(onderdelen[0], onderdelen[0].groep))


@dataclass
class Stand:
    """The items an adoption marked, for the notice at the top of a report."""

    niet_gerapporteerd: list = field(default_factory=list)
    overgenomen: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.niet_gerapporteerd or self.overgenomen)


def stand_van_rapport(groepen: list[GroepInRapport]) -> Stand:
    stand = Stand()
    for groep in groepen:
        for item in groep.onderdelen:
            status = item.rapport.status if item.rapport else ""
            if status == RapportageStatus.NIET_GERAPPORTEERD:
                stand.niet_gerapporteerd.append(item)
            elif status == RapportageStatus.OVERGENOMEN:
                stand.overgenomen.append(item)
    return stand


def archief_van_vaststelling(periode):
    """The archived version a period's page names with its checksum: the latest one, unless the
    period was re-adopted and the task worker has not archived that adoption yet (the version
    before it is what the raad received earlier, not the file the download will serve)."""
    archief = periode.archief.order_by("-versie").first()
    if archief is None or periode.status != PeriodeStatus.VASTGESTELD:
        return archief
    laatst_heropend = periode.heropeningen.aggregate(laatst=Max("op"))["laatst"]
    return (
        None if _na_heropening_nog_niet_gearchiveerd(periode, archief, laatst_heropend) else archief
    )
