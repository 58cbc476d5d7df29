"""Importing a plan's workbook: check everything, show what would change, then write it all.

`importplan_maken` reads and compares and writes nothing: its result lists every error, or what
would be created, changed and removed. `importeren` does the same inside one transaction and then
writes, all or nothing; given the fingerprint of the preview the beheerder confirmed, it refuses
when the database changed in between, so what is written is exactly what was shown.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction

from .. import models as m
from . import uitbreidingen
from .exporteren import EIGENSCHAP_MOMENT, MOMENTNOTATIE
from .inlezen import Gelezen, Lezer
from .meldingen import Melding, WerkboekFout, gesorteerd
from .synchronisatie import (
    Record,
    Verschil,
    handtekening,
    schrijven,
    vergelijken,
    verwijderingen_controleren,
)
from .vorm import bladnaam
from .werkboek import openen

MAX_REGELS = 200  # preview lines per group; the counts are always complete
MAX_FOUTEN = 1000  # a file wrong in every row: the first thousand say enough


class ImportFout(Exception):
    """The import was refused; `importplan` says why (its errors), nothing was written."""

    def __init__(self, importplan: "Importplan", tekst: str = ""):
        self.importplan = importplan
        if tekst:
            importplan.fouten.append(Melding(tekst=tekst))
        super().__init__("\n".join(str(f) for f in importplan.fouten))


@dataclass
class Regel:
    tekst: str
    plaats: str = ""
    wijzigingen: list[str] = field(default_factory=list)


@dataclass
class Groep:
    naam: str
    nieuw: list[Regel] = field(default_factory=list)
    gewijzigd: list[Regel] = field(default_factory=list)
    verwijderd: list[Regel] = field(default_factory=list)
    aantal_nieuw: int = 0
    aantal_gewijzigd: int = 0
    aantal_verwijderd: int = 0
    gelijk: int = 0

    @property
    def veranderd(self) -> bool:
        return bool(self.aantal_nieuw or self.aantal_gewijzigd or self.aantal_verwijderd)


@dataclass
class Importplan:
    bestandsnaam: str
    fouten: list[Melding] = field(default_factory=list)
    waarschuwingen: list[Melding] = field(default_factory=list)
    groepen: list[Groep] = field(default_factory=list)
    handtekening: str = ""
    plan_slug: str = ""
    plan_titel: str = ""
    nieuw_plan: bool = False
    export_moment: str = ""  # when the workbook was exported, as stored in it
    verschillen: list[Verschil] = field(default_factory=list, repr=False)

    @property
    def geldig(self) -> bool:
        return not self.fouten

    @property
    def aantallen(self) -> dict[str, int]:
        return {
            "nieuw": sum(g.aantal_nieuw for g in self.groepen),
            "gewijzigd": sum(g.aantal_gewijzigd for g in self.groepen),
            "verwijderd": sum(g.aantal_verwijderd for g in self.groepen),
            "gelijk": sum(g.gelijk for g in self.groepen),
        }

    @property
    def heeft_verwijderingen(self) -> bool:
        return any(v.verwijderd for v in self.verschillen)

    @property
    def verandert_iets(self) -> bool:
        return any(v.nieuw or v.gewijzigd or v.stil or v.verwijderd for v in self.verschillen)

    def samenvatting(self) -> str:
        a = self.aantallen
        return (
            f"{a['nieuw']} nieuw, {a['gewijzigd']} gewijzigd, {a['verwijderd']} te verwijderen, "
            f"{a['gelijk']} ongewijzigd"
        )


def importplan_maken(
    inhoud: bytes,
    *,
    bestandsnaam: str,
    regio=None,
    eigen_regio=None,
    vergrendelen: bool = False,
) -> Importplan:
    """Read and check a workbook and compare it with the database; nothing is written.
    `vergrendelen` (inside a transaction): lock the plan's row first, so two imports, or an import
    and an edit, do not interleave; the second waits and then compares with the first's result.
    `regio`: import into this existing region (blad Regio is not used). `eigen_regio`: the only
    region this workbook may be about (a beheerder of one region)."""
    plan = Importplan(bestandsnaam=bestandsnaam)
    try:
        werkboek = openen(inhoud)
    except WerkboekFout as fout:
        plan.fouten = fout.meldingen
        return plan
    lezer = Lezer(werkboek, regio=regio, uitbreidingen=uitbreidingen.alle())
    gelezen = lezer.lezen()
    plan.waarschuwingen = gesorteerd(gelezen.waarschuwingen, werkboek.volgorde)
    if gelezen.plan is not None:
        plan.plan_slug = gelezen.plan.velden.get("slug", "")
        plan.plan_titel = gelezen.plan.velden.get("titel", "")
        plan.nieuw_plan = gelezen.context.plan is None
    if eigen_regio is not None and not gelezen.fouten:
        _eigen_regio(gelezen, eigen_regio)
    if gelezen.fouten:
        plan.fouten = _begrensd(gesorteerd(gelezen.fouten, werkboek.volgorde))
        return plan
    if vergrendelen and gelezen.context.plan is not None:
        list(m.Plan.objects.select_for_update().filter(pk=gelezen.context.plan.pk).values("pk"))
    fouten: list[Melding] = []
    soorten = [s for s in lezer.soorten.alle() if s in gelezen.records]
    plan.verschillen = vergelijken(soorten, gelezen.records, gelezen.context, fouten)
    fouten += _gedeelde_vorm(gelezen, plan.verschillen, lezer)
    fouten += verwijderingen_controleren(plan.verschillen, _verwijderfout)
    fouten += _sinds_export(werkboek, plan.verschillen)
    if fouten:
        plan.fouten = _begrensd(gesorteerd(fouten, werkboek.volgorde))
        return plan
    positie = {naam.lower(): i for i, naam in enumerate(werkboek.volgorde)}
    plan.groepen = sorted(
        _groepen(plan.verschillen, gelezen.context.bladen),
        key=lambda g: positie.get(g.naam.lower(), len(positie)),
    )
    plan.handtekening = handtekening(plan.verschillen)
    plan.export_moment = werkboek.eigenschappen.get(EIGENSCHAP_MOMENT, "")
    return plan


def _begrensd(fouten: list[Melding]) -> list[Melding]:
    if len(fouten) <= MAX_FOUTEN:
        return fouten
    rest = len(fouten) - MAX_FOUTEN
    return fouten[:MAX_FOUTEN] + [
        Melding(
            tekst=f"… en nog {rest} fouten. Verbeter eerst deze; het bestand wordt daarna "
            "opnieuw helemaal gecontroleerd."
        )
    ]


def importeren(
    inhoud: bytes,
    *,
    bestandsnaam: str,
    regio=None,
    eigen_regio=None,
    verwijderen: bool = False,
    door=None,
    handtekening_: str | None = None,
) -> Importplan:
    """Check and write a workbook in one transaction: all or nothing. With `handtekening_` (the
    preview's), refuse if anything would be written differently from what was shown."""
    with transaction.atomic():
        plan = importplan_maken(
            inhoud,
            bestandsnaam=bestandsnaam,
            regio=regio,
            eigen_regio=eigen_regio,
            vergrendelen=True,
        )
        if not plan.geldig:
            raise ImportFout(plan)
        if handtekening_ is not None and handtekening_ != plan.handtekening:
            raise ImportFout(
                plan,
                "Het plan is veranderd sinds u het bestand controleerde (iemand anders werkte "
                "het bij). Er is niets opgeslagen; controleer het bestand opnieuw.",
            )
        if plan.heeft_verwijderingen and not verwijderen:
            raise ImportFout(
                plan,
                "Het bestand laat rijen weg die nu in de applicatie staan. Er is niets "
                "opgeslagen; bevestig dat die verwijderd mogen worden, of zet ze terug in het "
                "bestand.",
            )
        moment = plan.export_moment
        reden = f"import uit {bestandsnaam}" + (f" (export {moment})" if moment else "")
        try:
            with transaction.atomic():
                schrijven(plan.verschillen, verwijderen=verwijderen, reden=reden[:100], door=door)
        except IntegrityError as fout:
            # The database is the last guard: another import (or an edit) that created the
            # same rows at the same moment. Everything is rolled back.
            raise ImportFout(
                plan,
                "Tegelijk met deze import heeft iemand anders hetzelfde plan bijgewerkt. Er is "
                "niets opgeslagen; controleer het bestand opnieuw.",
            ) from fout
    return plan


# --- Checks against the database ----------------------------------------------------------------


def _eigen_regio(gelezen: Gelezen, eigen_regio):
    regio = gelezen.regio_vast
    slug = regio.slug if regio is not None else None
    if slug is None and gelezen.plan is not None:
        record = gelezen.plan.velden.get("regio")
        slug = record.velden.get("slug") if isinstance(record, Record) else None
    if slug != eigen_regio.slug:
        gelezen.fouten.append(
            Melding(
                "Regio",
                0,
                "",
                f"dit bestand is van regio “{slug}”, en u beheert regio {eigen_regio.naam} "
                f"(webadres {eigen_regio.slug}). Zet op blad Regio naam en webadres van uw "
                "regio.",
            )
        )


def _gedeelde_vorm(gelezen: Gelezen, verschillen: list[Verschil], lezer) -> list[Melding]:
    """A shape or checklist other plans use too is not changed by one plan's import."""
    fouten = []
    s = lezer.soorten
    plan_slug = gelezen.plan.velden.get("slug") if gelezen.plan else None
    vorm = gelezen.context.planvorm
    if vorm is not None:
        anderen = list(m.Plan.objects.filter(planvorm=vorm).exclude(slug=plan_slug)[:3])
        for verschil in verschillen:
            if verschil.soort not in (s.planvorm, s.niveau, s.sectie, s.keuzelijst, s.lijstwaarde):
                continue
            if anderen and (verschil.nieuw or verschil.gewijzigd or verschil.verwijderd):
                namen = ", ".join(p.titel for p in anderen)
                rec = (verschil.nieuw + verschil.gewijzigd or [None])[0]
                fouten.append(
                    Melding(
                        rec.blad if rec else "",
                        rec.rij if rec else 0,
                        "",
                        f"de planvorm “{vorm.naam}” wordt ook gebruikt door {namen}; een import "
                        "van één plan verandert haar niet. Laat de bladen van de planvorm zoals "
                        "ze waren, of geef uw plan een eigen planvorm (een nieuw webadres op "
                        "blad Planvorm).",
                    )
                )
                break
    for verschil in verschillen:
        if verschil.soort not in (s.kader, s.eis):
            continue
        for rec in verschil.nieuw + verschil.gewijzigd:
            kader = rec.velden.get("kader") if verschil.soort is s.eis else rec
            slug = kader.velden.get("slug") if isinstance(kader, Record) else None
            if slug is None:
                continue
            anderen = m.Plan.objects.filter(toetsingskaders__slug=slug).exclude(slug=plan_slug)
            bestaand = m.Toetsingskader.objects.filter(slug=slug).exists()
            if bestaand and anderen.exists():
                fouten.append(
                    Melding(
                        rec.blad,
                        rec.rij,
                        "",
                        f"het toetsingskader “{slug}” wordt ook gebruikt door "
                        f"{anderen.first().titel}; een import van één plan verandert het niet.",
                    )
                )
                return fouten
    return fouten


def _verwijderfout(obj, verschil: Verschil, soort: str) -> Melding:
    wat = verschil.soort.omschrijving(verschil.verwijderd[0]) if verschil.verwijderd else ""
    ander = _naam_van(obj)
    if soort == "beschermd":
        tekst = (
            f"het bestand laat onder meer {wat} weg, maar dat kan niet verwijderd worden: "
            f"{ander} verwijst ernaar en staat niet in het bestand. Zet de rij terug."
        )
    else:
        tekst = (
            f"het bestand laat onder meer {wat} weg; verwijderen zou ook {ander} verwijderen, dat "
            "niet in het bestand staat (ontbreekt er een blad?). Zet de rij terug of neem het "
            "blad op."
        )
    return Melding(tekst=tekst[:1].upper() + tekst[1:])


def _naam_van(obj) -> str:
    naam = obj._meta.verbose_name
    if hasattr(obj, "aanduiding"):
        try:
            return obj.aanduiding
        except Exception:
            pass
    return f"{naam} “{obj}”"


def _sinds_export(werkboek, verschillen: list[Verschil]) -> list[Melding]:
    """Rows someone else changed after the workbook was exported, which the import would set
    back: refused, so no edit is silently overwritten."""
    moment_tekst = werkboek.eigenschappen.get(EIGENSCHAP_MOMENT)
    if not moment_tekst:
        return []
    try:
        moment = datetime.strptime(moment_tekst, MOMENTNOTATIE)
    except ValueError:
        return []
    fouten = []
    for verschil in verschillen:
        model = verschil.soort.model
        if not hasattr(model, "history"):
            continue
        per_pk: dict[int, object] = {rec.obj.pk: rec for rec in verschil.gewijzigd}
        per_pk.update({obj.pk: obj for obj in verschil.verwijderd})
        if not per_pk:
            continue
        laatste = {}
        for record in (
            model.history.filter(id__in=list(per_pk), history_date__gt=moment)
            .exclude(history_change_reason__contains=f"(export {moment_tekst})")
            .select_related("history_user")
            .order_by("history_date")
        ):
            laatste[record.id] = record
        for pk, record in laatste.items():
            wie = record.history_user
            naam = getattr(wie, "weergavenaam", None) or "iemand"
            doel = per_pk[pk]
            plaats = {"blad": doel.blad, "rij": doel.rij} if isinstance(doel, Record) else {}
            omschrijving = verschil.soort.omschrijving(
                doel.obj if isinstance(doel, Record) else doel
            )
            fouten.append(
                Melding(
                    **plaats,
                    tekst=f"{omschrijving} is na de export ({moment:%d-%m-%Y %H:%M}) gewijzigd "
                    f"door {naam} op {record.history_date.astimezone(moment.tzinfo):%d-%m-%Y %H:%M}; "
                    "uw bestand zou die wijziging ongedaan maken. Exporteer het plan opnieuw en "
                    "breng uw wijzigingen daarin aan.",
                )
            )
    return fouten


# --- The preview ----------------------------------------------------------------------------------


def _groepen(verschillen: list[Verschil], bladen: dict) -> list[Groep]:
    """Per sheet of the workbook: what is new, changed, removed and left as it is; one line per
    row of the sheet (a row of Gemeenten is a gemeente and its part in the region)."""
    groepen: dict[str, Groep] = {}
    regels: dict[tuple, Regel] = {}

    def groep(naam):
        return groepen.setdefault(naam, Groep(naam))

    for verschil in sorted(verschillen, key=lambda v: not v.soort.telt):
        soort = verschil.soort
        for rec in verschil.alle:
            if rec.actie == "gelijk":
                if soort.telt:
                    groep(rec.blad).gelijk += 1
                continue
            sleutel = (rec.blad, rec.rij, rec.actie)
            if sleutel in regels:  # another kind of the same row: one line for the row
                regels[sleutel].wijzigingen += _wijzigingen(rec) if rec.actie == "gewijzigd" else []
                continue
            g = groep(rec.blad)
            regel = Regel(soort.beschrijving(rec), _plaats(rec))
            if rec.actie == "nieuw":
                g.aantal_nieuw += 1
                lijst = g.nieuw
            else:
                g.aantal_gewijzigd += 1
                regel.wijzigingen = _wijzigingen(rec)
                lijst = g.gewijzigd
            regels[sleutel] = regel
            if len(lijst) < MAX_REGELS:
                lijst.append(regel)
        for obj in verschil.verwijderd:
            niveau = getattr(obj, "niveau", None) if soort.model is m.Onderdeel else None
            g = groep(bladnaam(niveau.meervoud) if niveau else bladen.get(soort, soort.naam))
            g.aantal_verwijderd += 1
            if len(g.verwijderd) < MAX_REGELS:
                g.verwijderd.append(Regel(soort.omschrijving(obj)))
    return list(groepen.values())


def _plaats(rec: Record) -> str:
    return f"blad {rec.blad}, rij {rec.rij}" if rec.rij else f"blad {rec.blad}"


def _kort(waarde) -> str:
    if waarde is None or waarde == "":
        return "(leeg)"
    if isinstance(waarde, Record):
        for veld in ("naam", "titel", "code", "label", "slug"):
            if waarde.velden.get(veld):
                return str(waarde.velden[veld])
        return "(nieuw)"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    tekst = " ".join(str(waarde).split())
    return tekst if len(tekst) <= 40 else tekst[:39] + "…"


def _wijzigingen(rec: Record) -> list[str]:
    koppen = rec.extra.get("koppen", {})
    uitleg = []
    for veld in rec.gewijzigd:
        if veld == "teksten":
            oud, nieuw = rec.obj.teksten or {}, rec.velden.get("teksten") or {}
            for sleutel in sorted(set(oud) | set(nieuw)):
                if (oud.get(sleutel) or "") != (nieuw.get(sleutel) or ""):
                    uitleg.append(koppen.get(f"tekst:{sleutel}", sleutel))
            continue
        kop = koppen.get(veld) or str(rec.soort.model._meta.get_field(veld).verbose_name)
        if veld in rec.soort.m2m or veld in ("volgorde",):
            uitleg.append(kop if veld != "volgorde" else "plaats in de volgorde")
            continue
        oud = getattr(rec.obj, veld, None)
        uitleg.append(f"{kop}: {_kort(oud)} → {_kort(rec.velden.get(veld))}")
    return uitleg
