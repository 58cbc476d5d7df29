"""The quarterly reporting cycle: every write that moves a report or a period along.

Open a period → each reported item's report starts as a copy of last quarter → the trekker saves
and submits → the manager approves or sends back → when all are approved the manager adopts the
period, which freezes what the report shows and archives its PDF → reopening needs a reason and is
logged.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agenda.selectors import gerapporteerde_onderdelen

from .constants import SMILEYS_MET_TOELICHTING, Dimensie, PeriodeStatus, RapportageStatus, Smiley
from .models import GearchiveerdRapport, Heropening, Rapportageperiode, ThemaRapportage
from .selectors import onderdelen_voor_rapport, vorige_periode, weergave_van_onderdeel

REGELVELDEN = [f"{d.value}_{soort}" for d in Dimensie for soort in ("smiley", "tekst")]


class CyclusFout(Exception):
    """A step of the cycle that is not allowed now; the message says why, in Dutch."""


@dataclass
class Wijziging:
    veld: str
    label: str
    was: str
    is_nu: str


class Conflict(CyclusFout):
    """Someone else saved the report since this form was opened.

    `basis` is the version the form was opened at (None if its history is gone), `rapport` the
    version stored now, `wijzigingen` what changed between the two."""

    def __init__(self, rapport: ThemaRapportage, wijzigingen: list[Wijziging], door, basis=None):
        self.rapport = rapport
        self.wijzigingen = wijzigingen
        self.door = door
        self.basis = basis
        naam = door.weergavenaam if door else "Iemand anders"
        super().__init__(
            f"{naam} heeft deze rapportage intussen gewijzigd. Uw wijzigingen zijn niet opgeslagen; "
            "bekijk wat er veranderd is en sla daarna opnieuw op."
        )


def _gelijk(a, b) -> bool:
    """Two values of a report field alike, whatever line endings a browser sent."""
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


def samenvoegen_na_conflict(conflict: Conflict, invoer: dict) -> tuple[dict, list[str]]:
    """The user's input on top of the stored version: a field the user left as it was when the
    form was opened takes the stored value, so re-saving never undoes the other's change. Returns
    the merged values and the fields that both changed (the user's value is kept there)."""
    samengevoegd, beide = dict(invoer), []
    for veld in REGELVELDEN:
        nu = getattr(conflict.rapport, veld)
        was = getattr(conflict.basis, veld) if conflict.basis is not None else None
        if conflict.basis is not None and _gelijk(invoer.get(veld), was):
            samengevoegd[veld] = nu
        elif not _gelijk(invoer.get(veld), nu) and not _gelijk(was, nu):
            beide.append(veld)
    return samengevoegd, beide


def _label(veld):
    return str(ThemaRapportage._meta.get_field(veld).verbose_name)


def _weergave(veld, waarde):
    if veld.endswith("_smiley"):
        return Smiley(waarde).label if waarde else "nog niet gerapporteerd"
    return waarde or "(leeg)"


def verschillen(oud, nieuw, velden=REGELVELDEN) -> list[Wijziging]:
    """What changed between two versions of a report, readable for people."""
    return [
        Wijziging(
            veld,
            _label(veld),
            _weergave(veld, getattr(oud, veld)),
            _weergave(veld, getattr(nieuw, veld)),
        )
        for veld in velden
        if getattr(oud, veld) != getattr(nieuw, veld)
    ]


def ontbrekend(rapport) -> list[str]:
    """What a report still needs before it can be submitted, in Dutch."""
    missend = []
    for dimensie in Dimensie:
        smiley = getattr(rapport, f"{dimensie.value}_smiley")
        if not smiley:
            missend.append(f"smiley bij {dimensie.label.lower()}")
        elif (
            smiley in SMILEYS_MET_TOELICHTING
            and not getattr(rapport, f"{dimensie.value}_tekst").strip()
        ):
            missend.append(f"toelichting bij {dimensie.label.lower()}")
    return missend


@transaction.atomic
def themarapportage_opslaan(
    *, rapport: ThemaRapportage, door, gegevens: dict, versie: int, indienen=False
):
    """Save a report from the form the user opened at `versie`; refuse if someone saved since.

    The conditional UPDATE is the guard: two saves of the same version cannot both pass it.
    """
    gelukt = ThemaRapportage.objects.filter(pk=rapport.pk, versie=versie, vergrendeld=False).update(
        versie=versie + 1
    )
    if not gelukt:
        huidig = ThemaRapportage.objects.get(pk=rapport.pk)
        if huidig.vergrendeld:
            raise CyclusFout("Deze rapportage is vastgesteld en kan niet meer gewijzigd worden.")
        basis = huidig.history.filter(versie=versie).order_by("history_date").last()
        wijzigingen = verschillen(basis, huidig) if basis else []
        raise Conflict(huidig, wijzigingen, huidig.ingevuld_door, basis)
    veranderd = any(not _gelijk(getattr(rapport, veld), gegevens[veld]) for veld in REGELVELDEN)
    for veld in REGELVELDEN:
        setattr(rapport, veld, gegevens[veld])
    rapport.versie = versie + 1
    if veranderd:  # a copy submitted as it was stays marked as copied for the manager
        rapport.gekopieerd = False
    rapport.ingevuld_door = door
    rapport.ingevuld_op = timezone.now()
    if indienen:
        missend = ontbrekend(rapport)
        if missend:
            raise CyclusFout(f"Nog niet compleet om in te dienen: {', '.join(missend)}.")
        if rapport.status not in (RapportageStatus.CONCEPT, RapportageStatus.TERUGGESTUURD):
            raise CyclusFout("Deze rapportage is al ingediend.")
        rapport.status = RapportageStatus.INGEDIEND
    rapport.full_clean(exclude=["periode", "onderdeel", "ingevuld_door"])
    rapport._change_reason = "ingediend" if indienen else "opgeslagen"
    rapport._history_user = door
    rapport.save()
    return rapport


def _overgang(rapport, *, door, van, naar, reden, versie=None, controle=None, **velden):
    """Move a report to another status. With `versie` (the version the manager was shown), a
    report changed since is refused: nobody approves what they have not seen."""
    # Lock the row, then read it as it is now: a decision is taken on the stored report.
    ThemaRapportage.objects.select_for_update(no_key=True).filter(pk=rapport.pk).values_list(
        "pk"
    ).get()
    rapport.refresh_from_db(fields=[f.attname for f in ThemaRapportage._meta.concrete_fields])
    if versie is not None and rapport.versie != versie:
        raise CyclusFout(
            f"De rapportage van {rapport.onderdeel.aanduiding} is intussen gewijzigd. "
            "Bekijk de nieuwe versie en beoordeel opnieuw."
        )
    if rapport.status not in van:
        raise CyclusFout(
            f"Dat kan niet: de rapportage van {rapport.onderdeel.aanduiding} is "
            f"{rapport.get_status_display().lower()}."
        )
    if rapport.vergrendeld:
        raise CyclusFout("Deze rapportage is vastgesteld en kan niet meer gewijzigd worden.")
    if controle is not None:
        controle(rapport)
    rapport.status = naar
    for naam, waarde in velden.items():
        setattr(rapport, naam, waarde)
    rapport.versie += 1
    rapport._change_reason = reden
    rapport._history_user = door
    rapport.save()
    return rapport


@transaction.atomic
def themarapportage_terugsturen(*, rapport, door, opmerking: str, versie: int | None = None):
    if not opmerking.strip():
        raise CyclusFout("Schrijf erbij waarom u de rapportage terugstuurt.")
    return _overgang(
        rapport,
        door=door,
        versie=versie,
        van=(RapportageStatus.INGEDIEND, RapportageStatus.GOEDGEKEURD),
        naar=RapportageStatus.TERUGGESTUURD,
        reden="teruggestuurd",
        opmerking_manager=opmerking.strip(),
    )


@transaction.atomic
def themarapportage_goedkeuren(*, rapport, door, versie: int | None = None):
    def compleet(rapport):
        missend = ontbrekend(rapport)
        if missend:
            raise CyclusFout(f"Nog niet compleet om goed te keuren: {', '.join(missend)}.")

    return _overgang(
        rapport,
        door=door,
        versie=versie,
        controle=compleet,
        van=(RapportageStatus.INGEDIEND,),
        naar=RapportageStatus.GOEDGEKEURD,
        reden="goedgekeurd",
        opmerking_manager="",
    )


def themarapportages_goedkeuren(*, periode, door, versies: dict[int, int]):
    """Approve the period's submitted reports at the versions the manager was shown
    ({report pk: version}). Each is its own decision: one changed since, or incomplete, is
    left alone and reported. Returns (approved items, [(item, reason)]), items as a sentence
    names them ("thema 7")."""
    goedgekeurd, overgeslagen = [], []
    rapporten = periode.rapportages.filter(
        pk__in=versies, status=RapportageStatus.INGEDIEND
    ).select_related("onderdeel__niveau")
    for rapport in rapporten.order_by("onderdeel__pad"):
        try:
            themarapportage_goedkeuren(rapport=rapport, door=door, versie=versies[rapport.pk])
        except CyclusFout as fout:
            overgeslagen.append((rapport.onderdeel.aanduiding, str(fout)))
        else:
            goedgekeurd.append(rapport.onderdeel.aanduiding)
    return goedgekeurd, overgeslagen


@transaction.atomic
def rapportageperiode_openen(
    *, plan, jaar: int, kwartaal: int, deadline: date, door, titel: str = ""
) -> Rapportageperiode:
    """Open a quarter: one report per reported item, pre-filled from the previous quarter."""
    # Two managers opening at once: the second waits here and then finds the open period
    # (the database refuses a second one anyway, constraint een_open_periode_per_plan).
    type(plan).objects.select_for_update(no_key=True).filter(pk=plan.pk).values("pk").get()
    if plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).exists():
        raise CyclusFout("Er is al een open periode; stel die eerst vast.")
    if plan.rapportageperiodes.filter(jaar=jaar, kwartaal=kwartaal).exists():
        raise CyclusFout(f"De periode {jaar}-Q{kwartaal} bestaat al.")
    periode = Rapportageperiode(
        plan=plan, jaar=jaar, kwartaal=kwartaal, deadline=deadline, titel=titel or ""
    )
    periode.full_clean()
    periode._history_user = door
    periode.save()
    vorige = vorige_periode(periode)
    vorige_rapporten = {r.onderdeel_id: r for r in vorige.rapportages.all()} if vorige else {}
    nieuw = []
    for onderdeel in gerapporteerde_onderdelen(plan).order_by("pad"):
        vorig = vorige_rapporten.get(onderdeel.pk)
        velden = {veld: getattr(vorig, veld) for veld in REGELVELDEN} if vorig else {}
        nieuw.append(
            ThemaRapportage(periode=periode, onderdeel=onderdeel, gekopieerd=bool(vorig), **velden)
        )
    bulk_create_with_history(
        nieuw, ThemaRapportage, default_user=door, default_change_reason="periode geopend"
    )
    return periode


@transaction.atomic
def invullers_toewijzen(*, onderdeel, gebruikers, door):
    """Let these colleagues fill in the item's report (besides those whose role reports); the
    item's history records who changed it."""
    onderdeel._history_user = door
    onderdeel._change_reason = "invullers gewijzigd"
    onderdeel.invullers.set(gebruikers)


def kan_verwijderd_worden(periode) -> bool:
    """An open period nobody has worked in yet (opened by mistake) may be removed again."""
    return (
        periode.status == PeriodeStatus.OPEN
        and not periode.archief.exists()
        and not periode.heropeningen.exists()
        and not ThemaRapportage.history.filter(periode_id=periode.pk)
        .exclude(history_type="+")
        .exists()
    )


@transaction.atomic
def rapportageperiode_verwijderen(*, periode, door):
    """Remove a period opened by mistake, with its untouched reports; the history keeps it.

    The reports are locked before the period, in the order a save takes them (its report row,
    then the period's key), so a colleague saving meanwhile finishes first and the period is
    then found worked in, instead of the two waiting for each other."""
    list(ThemaRapportage.objects.select_for_update().filter(periode_id=periode.pk).order_by("pk"))
    periode = Rapportageperiode.objects.select_for_update().get(pk=periode.pk)
    if not kan_verwijderd_worden(periode):
        raise CyclusFout(
            "Deze periode kan niet meer verwijderd worden: er is al aan gewerkt. "
            "Stel hem vast of vraag de functioneel beheerder."
        )
    for rapport in periode.rapportages.all():
        rapport._history_user = door
        rapport._change_reason = "periode verwijderd"
        rapport.delete()
    periode._history_user = door
    periode._change_reason = "verwijderd: per vergissing geopend"
    periode.delete()


@transaction.atomic
def rapportageperiode_vaststellen(
    *, periode, door, inleiding: str, samenvatting: str, pdf_maken=None
):
    """Adopt a period: freeze what it shows of each item, lock it, archive its PDF.

    Locks the period (FOR NO KEY UPDATE: a colleague's save, whose foreign-key check takes
    FOR KEY SHARE on this row, is not blocked, so the two cannot deadlock), then every report,
    and decides on the reports as stored once locked: a correction saved meanwhile is frozen as
    saved, never overwritten by what this request read before."""
    periode = Rapportageperiode.objects.select_for_update(no_key=True).get(pk=periode.pk)
    if periode.status != PeriodeStatus.OPEN:
        raise CyclusFout("Deze periode is al vastgesteld.")
    rapporten = list(
        periode.rapportages.select_for_update(no_key=True, of=("self",))
        .select_related("onderdeel__niveau")
        .order_by("pk")
    )
    open_staand = [r for r in rapporten if r.status != RapportageStatus.GOEDGEKEURD]
    if open_staand:
        namen = ", ".join(r.onderdeel.aanduiding for r in open_staand)
        raise CyclusFout(f"Nog niet alle rapportages zijn goedgekeurd ({namen}).")
    plan = periode.plan
    weergaven = {
        onderdeel.pk: weergave_van_onderdeel(onderdeel, onderdeel.groep)
        for onderdeel in onderdelen_voor_rapport(plan)
    }
    for rapport in rapporten:
        rapport.weergave = weergaven[rapport.onderdeel_id]
        rapport.vergrendeld = True
        rapport._change_reason = "vastgesteld"
        rapport._history_user = door
        rapport.save(update_fields=["weergave", "vergrendeld"])
    periode.inleiding = inleiding
    periode.samenvatting = samenvatting
    periode.status = PeriodeStatus.VASTGESTELD
    periode.vastgesteld_op = timezone.localdate()
    periode._change_reason = "vastgesteld"
    periode._history_user = door
    periode.save()
    if pdf_maken is not None:
        rapport_archiveren(periode=periode, pdf=pdf_maken(periode), door=door)
    return periode


def gearchiveerd_rapport(periode, *, pdf_maken) -> GearchiveerdRapport | None:
    """The latest archived PDF of a period that was ever adopted. A period adopted before
    archiving existed (the imported July 2015 report) is archived on its first request, once:
    its texts are locked and its items frozen, so the PDF shows it as it was adopted."""
    archief = periode.archief.order_by("-versie").first()
    if archief is not None or periode.status != PeriodeStatus.VASTGESTELD:
        return archief
    with transaction.atomic():
        Rapportageperiode.objects.select_for_update(no_key=True).filter(pk=periode.pk).values(
            "pk"
        ).get()
        archief = periode.archief.order_by("-versie").first()  # archived while we waited
        if archief is None:
            archief = rapport_archiveren(periode=periode, pdf=pdf_maken(periode), door=None)
    return archief


def rapport_archiveren(*, periode, pdf: bytes, door) -> GearchiveerdRapport:
    """Keep the adopted PDF exactly as it was, beside any earlier version."""
    versie = (periode.archief.aggregate(hoogste=Max("versie"))["hoogste"] or 0) + 1
    sha256 = hashlib.sha256(pdf).hexdigest()
    archief = GearchiveerdRapport(
        periode=periode, versie=versie, sha256=sha256, grootte=len(pdf), vastgesteld_door=door
    )
    archief.bestand.save(
        f"{periode.plan.slug}-{periode.code}-v{versie}.pdf", ContentFile(pdf), save=False
    )
    archief.save()
    return archief


@transaction.atomic
def rapportageperiode_heropenen(*, periode, door, reden: str):
    """Reopen an adopted period; the reason is logged and the reports are unlocked.

    The only way back from adopted: the database lets an adopted period open again only with a
    new Heropening row (who and why) counted in `aantal_heropeningen`, and a report unlock only
    once its period is open (rapportage/migrations/*_vastgesteld_onveranderlijk.py)."""
    if not reden.strip():
        raise CyclusFout("Geef een reden om de periode te heropenen.")
    periode = Rapportageperiode.objects.select_for_update(no_key=True).get(pk=periode.pk)
    if periode.status != PeriodeStatus.VASTGESTELD:
        raise CyclusFout("Alleen een vastgestelde periode kan heropend worden.")
    if periode.plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).exists():
        raise CyclusFout("Er is al een open periode; stel die eerst vast.")
    Heropening.objects.create(periode=periode, door=door, reden=reden.strip())
    periode.status = PeriodeStatus.OPEN
    periode.vastgesteld_op = None
    periode.aantal_heropeningen += 1
    periode._change_reason = f"heropend: {reden.strip()}"
    periode._history_user = door
    periode.save()
    for rapport in periode.rapportages.select_for_update(no_key=True).order_by("pk"):
        rapport.vergrendeld = False
        rapport.versie += 1
        rapport._change_reason = f"heropend: {reden.strip()}"
        rapport._history_user = door
        rapport.save(update_fields=["vergrendeld", "versie"])
    return periode
