"""The quarterly reporting cycle: every write that moves a report or a period along.

Open a period → each reported item's report starts as a copy of last quarter → the trekker saves
and submits → the manager approves or sends back → when all are approved the manager adopts the
period, which freezes what the report shows and archives its PDF → reopening needs a reason and is
logged.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agenda.selectors import gerapporteerde_onderdelen

from . import meldingen
from .constants import (
    BIJ_VASTSTELLING,
    SMILEYS_MET_TOELICHTING,
    TE_VULLEN,
    Dimensie,
    PeriodeStatus,
    RapportageStatus,
    Smiley,
)
from .metingen import metingen_opslaan
from .models import (
    GearchiveerdRapport,
    Heropening,
    Namenswijziging,
    Rapportageperiode,
    ThemaRapportage,
)
from .selectors import onderdelen_voor_rapport, vorige_periode, weergave_van_onderdeel

REGELVELDEN = [f"{d.value}_{soort}" for d in Dimensie for soort in ("smiley", "tekst")]


def _reden(tekst: str) -> str:
    """A history record's reason fits its column (100 characters); the whole reason someone
    typed is kept where it belongs (the reopening, the change on behalf)."""
    return tekst if len(tekst) <= 100 else tekst[:99] + "…"


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


def _bijwerken_vanaf(rapport: ThemaRapportage, versie: int) -> ThemaRapportage:
    """Claim the report at the version the form was opened at, or say why not.

    The conditional UPDATE is the guard: two saves of the same version cannot both pass it.
    Afterwards the report is read as stored: a caller's instance (a bound form may have written
    its input onto it) is never what the new input is compared with."""
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
    rapport.refresh_from_db(fields=[f.attname for f in ThemaRapportage._meta.concrete_fields])
    return rapport


def _controleren(rapport):
    """The model's rules, as a refusal of the cycle (in Dutch), not an exception of Django."""
    try:
        rapport.full_clean(exclude=["periode", "onderdeel", "ingevuld_door", "overgenomen_uit"])
    except ValidationError as fout:
        raise CyclusFout(" ".join(m for ms in fout.message_dict.values() for m in ms)) from fout


@transaction.atomic
def themarapportage_opslaan(
    *,
    rapport: ThemaRapportage,
    door,
    gegevens: dict,
    versie: int,
    indienen=False,
    metingen: list | None = None,
):
    """Save a report from the form the user opened at `versie`; refuse if someone saved since.

    `metingen`: the indicator values of the report's quarter (rapportage.metingen), written in
    the same transaction: all of it is saved, or nothing."""
    _bijwerken_vanaf(rapport, versie)
    veranderd = any(not _gelijk(getattr(rapport, veld), gegevens[veld]) for veld in REGELVELDEN)
    for veld in REGELVELDEN:
        setattr(rapport, veld, gegevens[veld])
    if veranderd:  # a copy submitted as it was stays marked as copied for the manager
        rapport.gekopieerd = False
    rapport.ingevuld_door = door
    rapport.ingevuld_op = timezone.now()
    if indienen:
        missend = ontbrekend(rapport)
        if missend:
            raise CyclusFout(f"Nog niet compleet om in te dienen: {', '.join(missend)}.")
        if rapport.status not in TE_VULLEN:
            raise CyclusFout("Deze rapportage is al ingediend.")
        rapport.status = RapportageStatus.INGEDIEND
    _controleren(rapport)
    rapport._change_reason = "ingediend" if indienen else "opgeslagen"
    rapport._history_user = door
    rapport.save()
    if metingen:
        metingen_opslaan(rapport=rapport, door=door, waarden=metingen)
    return rapport


@transaction.atomic
def themarapportage_wijzigen_namens(
    *, rapport: ThemaRapportage, door, gegevens: dict, versie: int, reden: str
):
    """A manager changes a submitted or approved report on behalf of its invullers: with a
    reason, recorded for them to see (Namenswijziging) and in the history; the status stays."""
    if not reden.strip():
        raise CyclusFout("Schrijf erbij waarom u de rapportage namens de invullers wijzigt.")
    _bijwerken_vanaf(rapport, versie)
    if rapport.status not in (RapportageStatus.INGEDIEND, RapportageStatus.GOEDGEKEURD):
        raise CyclusFout(
            "Wijzigen namens de invullers kan alleen bij een ingediende of goedgekeurde "
            f"rapportage; deze is {rapport.get_status_display().lower()}."
        )
    oud = ThemaRapportage(**{veld: getattr(rapport, veld) for veld in REGELVELDEN})
    nieuw = ThemaRapportage(**{veld: gegevens[veld] for veld in REGELVELDEN})
    wijzigingen = [
        w
        for w in verschillen(oud, nieuw)
        if not _gelijk(getattr(oud, w.veld), getattr(nieuw, w.veld))
    ]
    if not wijzigingen:
        raise CyclusFout("U heeft niets gewijzigd; er is niets opgeslagen.")
    for veld in REGELVELDEN:
        setattr(rapport, veld, gegevens[veld])
    rapport.gekopieerd = False
    _controleren(rapport)
    rapport._change_reason = _reden(f"gewijzigd namens de invullers: {reden.strip()}")
    rapport._history_user = door
    rapport.save()
    Namenswijziging.objects.create(
        rapport=rapport,
        door=door,
        reden=reden.strip(),
        wijzigingen=[{"label": w.label, "was": w.was, "werd": w.is_nu} for w in wijzigingen],
    )
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
    rapport._change_reason = _reden(reden)
    rapport._history_user = door
    rapport.save()
    return rapport


@transaction.atomic
def themarapportage_terugsturen(*, rapport, door, opmerking: str, versie: int | None = None):
    if not opmerking.strip():
        raise CyclusFout("Schrijf erbij waarom u de rapportage terugstuurt.")
    rapport = _overgang(
        rapport,
        door=door,
        versie=versie,
        van=(RapportageStatus.INGEDIEND, RapportageStatus.GOEDGEKEURD),
        naar=RapportageStatus.TERUGGESTUURD,
        reden="teruggestuurd",
        opmerking_manager=opmerking.strip(),
    )
    meldingen.teruggestuurd(rapport, door=door)
    return rapport


@transaction.atomic
def themarapportage_goedkeuren(*, rapport, door, versie: int | None = None):
    def compleet(rapport):
        missend = ontbrekend(rapport)
        if missend:
            raise CyclusFout(f"Nog niet compleet om goed te keuren: {', '.join(missend)}.")

    rapport = _overgang(
        rapport,
        door=door,
        versie=versie,
        controle=compleet,
        van=(RapportageStatus.INGEDIEND,),
        naar=RapportageStatus.GOEDGEKEURD,
        reden="goedgekeurd",
        opmerking_manager="",
    )
    meldingen.goedgekeurd(rapport, door=door)
    return rapport


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
        if vorig is not None and vorig.status == RapportageStatus.NIET_GERAPPORTEERD:
            vorig = None  # nothing to start from
        velden = {veld: getattr(vorig, veld) for veld in REGELVELDEN} if vorig else {}
        nieuw.append(
            ThemaRapportage(periode=periode, onderdeel=onderdeel, gekopieerd=bool(vorig), **velden)
        )
    bulk_create_with_history(
        nieuw, ThemaRapportage, default_user=door, default_change_reason="periode geopend"
    )
    meldingen.periode_geopend(periode, door=door)
    return periode


@transaction.atomic
def invullers_toewijzen(*, onderdeel, gebruikers, door):
    """Let these colleagues fill in the item's report (besides those whose role reports); the
    item's history records who changed it. While a period is open, whoever is new is told."""
    eerder = set(onderdeel.invullers.values_list("pk", flat=True))
    onderdeel._history_user = door
    onderdeel._change_reason = "invullers gewijzigd"
    onderdeel.invullers.set(gebruikers)
    nieuw = [g for g in gebruikers if g.pk not in eerder]
    rapport = (
        ThemaRapportage.objects.filter(
            onderdeel=onderdeel, periode__status=PeriodeStatus.OPEN, vergrendeld=False
        )
        .select_related("periode__plan", "onderdeel__niveau")
        .first()
    )
    if nieuw and rapport is not None:
        meldingen.invuller_toegevoegd(rapport, nieuw, door=door)


def invuller_toevoegen(*, onderdeel, gebruiker, door):
    """One more colleague fills in the item (chosen on the progress page)."""
    invullers_toewijzen(
        onderdeel=onderdeel, gebruikers=[*onderdeel.invullers.all(), gebruiker], door=door
    )


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


def kan_overnemen(rapport, vorig) -> bool:
    """Whether last quarter's report of the item has a status worth carrying over."""
    return (
        vorig is not None
        and vorig.status in (RapportageStatus.GOEDGEKEURD, RapportageStatus.OVERGENOMEN)
        and any(getattr(vorig, f"{d.value}_smiley") for d in Dimensie)
    )


def vaststellingsdatum_fout(periode, datum: date) -> str:
    """Why a date cannot be the adoption date (the college's decision), or ""."""
    if datum > timezone.localdate():
        return "De datum van vaststelling ligt in de toekomst; vul de datum van het besluit in."
    if datum < periode.begin:
        return (
            f"De datum van vaststelling ligt vóór het begin van het {periode.kwartaalnaam} "
            f"({periode.begin:%d-%m-%Y})."
        )
    return ""


@transaction.atomic
def rapportageperiode_vaststellen(
    *,
    periode,
    door,
    inleiding: str,
    samenvatting: str,
    vastgesteld_op: date | None = None,
    overnemen=(),
    pdf_maken=None,
    archief_bestellen=None,
):
    """Adopt a period: freeze what it shows of each item, lock it, archive its PDF.

    `archief_bestellen(periode, door)` may order the archive from the task worker instead
    (rapportage.archiefpdf): it returns True when it did, and `periode.archief_besteld` says so
    to the caller; otherwise `pdf_maken(periode)` renders it here, inside the transaction.

    A report not approved by now is adopted as "niet gerapporteerd" (no smileys, no text), or,
    for the items in `overnemen` (report ids), with last quarter's status labelled as copied:
    the raad never reads an unapproved text, nor last quarter's as this quarter's, unknowingly.
    `vastgesteld_op` is the date of the decision, today by default.

    Locks the period (FOR NO KEY UPDATE: a colleague's save, whose foreign-key check takes
    FOR KEY SHARE on this row, is not blocked, so the two cannot deadlock), then every report,
    and decides on the reports as stored once locked: a correction saved meanwhile is frozen as
    saved, never overwritten by what this request read before."""
    periode = Rapportageperiode.objects.select_for_update(no_key=True).get(pk=periode.pk)
    if periode.status != PeriodeStatus.OPEN:
        raise CyclusFout("Deze periode is al vastgesteld.")
    vastgesteld_op = vastgesteld_op or timezone.localdate()
    fout = vaststellingsdatum_fout(periode, vastgesteld_op)
    if fout:
        raise CyclusFout(fout)
    rapporten = list(
        periode.rapportages.select_for_update(no_key=True, of=("self",))
        .select_related("onderdeel__niveau")
        .order_by("pk")
    )
    vorige = vorige_periode(periode)
    vorige_rapporten = (
        {r.onderdeel_id: r for r in vorige.rapportages.select_related("periode", "overgenomen_uit")}
        if vorige
        else {}
    )
    overnemen = set(overnemen)
    for rapport in rapporten:
        if rapport.pk not in overnemen:
            continue
        if rapport.status == RapportageStatus.GOEDGEKEURD:
            raise CyclusFout(
                f"De rapportage van {rapport.onderdeel.aanduiding} is goedgekeurd; die wordt "
                "niet overgenomen."
            )
        if not kan_overnemen(rapport, vorige_rapporten.get(rapport.onderdeel_id)):
            raise CyclusFout(
                f"Van {rapport.onderdeel.aanduiding} is er geen stand van het vorige kwartaal "
                "om over te nemen."
            )
    plan = periode.plan
    weergaven = {
        onderdeel.pk: weergave_van_onderdeel(onderdeel, onderdeel.groep)
        for onderdeel in onderdelen_voor_rapport(plan)
    }
    for rapport in rapporten:
        reden = "vastgesteld"
        if rapport.status != RapportageStatus.GOEDGEKEURD:
            if rapport.pk in overnemen:
                vorig = vorige_rapporten[rapport.onderdeel_id]
                for veld in REGELVELDEN:
                    setattr(rapport, veld, getattr(vorig, veld))
                rapport.status = RapportageStatus.OVERGENOMEN
                rapport.overgenomen_uit = vorig.overgenomen_uit or vorig.periode
                reden = f"vastgesteld: overgenomen uit {rapport.overgenomen_uit.kwartaalnaam}"
            else:
                for veld in REGELVELDEN:
                    setattr(rapport, veld, "")
                rapport.status = RapportageStatus.NIET_GERAPPORTEERD
                reden = "vastgesteld: niet gerapporteerd"
            rapport.gekopieerd = False
        rapport.weergave = weergaven[rapport.onderdeel_id]
        rapport.vergrendeld = True
        rapport._change_reason = _reden(reden)
        rapport._history_user = door
        rapport.save()
    periode.inleiding = inleiding
    periode.samenvatting = samenvatting
    periode.status = PeriodeStatus.VASTGESTELD
    periode.vastgesteld_op = vastgesteld_op
    periode._change_reason = "vastgesteld"
    periode._history_user = door
    periode.save()
    periode.archief_besteld = archief_bestellen is not None and archief_bestellen(periode, door)
    if pdf_maken is not None and not periode.archief_besteld:
        rapport_archiveren(periode=periode, pdf=pdf_maken(periode), door=door)
    meldingen.vastgesteld(periode, door=door, keer=periode.heropeningen.count())
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


def _voor_vaststelling_terugzetten(rapport):
    """A report that the adoption marked "niet gerapporteerd" or copied goes back to what its
    invullers had before (kept in its history), so reopening undoes the decision."""
    vastgesteld = (
        rapport.history.filter(history_change_reason__startswith="vastgesteld")
        .order_by("-history_date", "-history_id")
        .first()
    )
    ervoor = vastgesteld.prev_record if vastgesteld is not None else None
    for veld in REGELVELDEN:
        setattr(rapport, veld, getattr(ervoor, veld) if ervoor is not None else "")
    rapport.status = ervoor.status if ervoor is not None else RapportageStatus.CONCEPT
    rapport.gekopieerd = ervoor.gekopieerd if ervoor is not None else False
    rapport.overgenomen_uit = None


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
    periode._change_reason = _reden(f"heropend: {reden.strip()}")
    periode._history_user = door
    periode.save()
    for rapport in periode.rapportages.select_for_update(no_key=True).order_by("pk"):
        # Unlocking changes the lock and the version only (the database allows nothing else on a
        # locked row); what the adoption decided for an unapproved item is undone after that.
        rapport.vergrendeld = False
        rapport.versie += 1
        rapport._change_reason = _reden(f"heropend: {reden.strip()}")
        rapport._history_user = door
        rapport.save(update_fields=["vergrendeld", "versie"])
        if rapport.status in BIJ_VASTSTELLING:
            _voor_vaststelling_terugzetten(rapport)
            rapport._change_reason = _reden(f"heropend: {reden.strip()}")
            rapport._history_user = door
            rapport.save()
    return periode
