"""Loading the reference case (fixtures/midden-limburg): region, plan, meetings and reports."""

import json
import logging
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from agenda.models import Plan
from agenda.referentiedata import laad_overlegstructuur, laad_plan, lijstitems
from regio.referentiedata import (
    ReferentiedataFout,
    bijwerken,
    laad_organisaties_en_personen,
    laad_regio,
)

from .constants import Dimensie, PeriodeStatus
from .models import Rapportageperiode, ThemaRapportage

REFERENTIEMAP = Path(settings.BASE_DIR) / "fixtures" / "midden-limburg"
logger = logging.getLogger(__name__)


def _lees(pad: Path) -> dict:
    try:
        with pad.open(encoding="utf-8") as bestand:
            return json.load(bestand)
    except FileNotFoundError as fout:
        raise ReferentiedataFout(f"{pad.name}: bestand ontbreekt") from fout
    except json.JSONDecodeError as fout:
        raise ReferentiedataFout(
            f"{pad.name}: geen geldige JSON (regel {fout.lineno}, kolom {fout.colno})"
        ) from fout


@transaction.atomic
def laad_referentiedata(map: Path = REFERENTIEMAP) -> Plan:
    """Load every file of the reference case in one transaction: all of it, or nothing."""
    regio = laad_regio(_lees(map / "regio.json"))
    plan_gegevens = _lees(map / "plan.json")
    themabestanden = [_lees(pad) for pad in sorted(map.glob("plan-themas-*.json"))]
    overleg_gegevens = _lees(map / "overlegstructuur.json")
    laad_organisaties_en_personen(
        regio,
        [org for b in [plan_gegevens, *themabestanden] for org in b.get("organisaties", [])],
        [
            pers
            for b in [plan_gegevens, *themabestanden, overleg_gegevens]
            for pers in b.get("personen", [])
        ],
    )
    plan = laad_plan(plan_gegevens, themabestanden)
    laad_overlegstructuur(plan, overleg_gegevens)
    for pad in sorted(map.glob("rapportage-*.json")):
        laad_rapportage(_lees(pad), bron=pad.name)
    return plan


def laad_rapportage(gegevens: dict, *, bron: str) -> Rapportageperiode:
    """A reporting period with, per theme, the theme as that report printed it and its three rows.

    An adopted period is immutable in the database: it is written open, its reports locked,
    and then adopted. Loaded again, it is left as it is; if it differs from the fixture (it was
    reopened and adopted again in the app), a warning says so: changing it takes a reopening,
    with a reason, through the cycle."""
    periode_gegevens = gegevens["periode"]
    plan = Plan.objects.filter(slug=periode_gegevens["plan"]).first()
    if plan is None:
        raise ReferentiedataFout(f"{bron}: onbekend plan {periode_gegevens['plan']}")
    vastgesteld_op = periode_gegevens.get("vastgesteld_op")
    vastgesteld = (periode_gegevens.get("status") or "open") == PeriodeStatus.VASTGESTELD
    sleutel = {
        "plan": plan,
        "jaar": periode_gegevens["jaar"],
        "kwartaal": periode_gegevens["kwartaal"],
    }
    velden = {
        "titel": periode_gegevens.get("titel") or "",
        "deadline": date.fromisoformat(periode_gegevens["deadline"])
        if periode_gegevens.get("deadline")
        else None,
        "inleiding": periode_gegevens.get("inleiding") or "",
        "samenvatting": periode_gegevens.get("samenvatting") or "",
    }
    themas = {thema.nummer: thema for thema in plan.themas.all()}
    rapporten = []
    for rapport in gegevens["themas"]:
        thema = themas.get(rapport["nummer"])
        if thema is None:
            raise ReferentiedataFout(f"{bron}: onbekend thema {rapport['nummer']}")
        rapportvelden = {
            "weergave": _weergave(rapport.get("weergave") or {}, f"{bron}, thema {thema.nummer}"),
            "status": "goedgekeurd" if vastgesteld else "concept",
            "vergrendeld": vastgesteld,
        }
        for dimensie in Dimensie:
            regel = rapport.get(dimensie.value) or {}
            rapportvelden[f"{dimensie.value}_smiley"] = regel.get("smiley") or ""
            rapportvelden[f"{dimensie.value}_tekst"] = regel.get("tekst") or ""
        rapporten.append((thema, rapportvelden))

    bestaand = Rapportageperiode.objects.filter(**sleutel).first()
    if bestaand is not None and bestaand.status == PeriodeStatus.VASTGESTELD:
        _zelfde_als_vastgesteld(bestaand, velden, rapporten, bron)
        return bestaand
    periode = bijwerken(
        Rapportageperiode, sleutel, {**velden, "status": PeriodeStatus.OPEN}, context=bron
    )
    for thema, rapportvelden in rapporten:
        bijwerken(
            ThemaRapportage,
            {"periode": periode, "thema": thema},
            rapportvelden,
            context=f"{bron}, thema {thema.nummer}",
        )
    if vastgesteld:
        periode.status = PeriodeStatus.VASTGESTELD
        periode.vastgesteld_op = date.fromisoformat(vastgesteld_op) if vastgesteld_op else None
        periode.full_clean()
        periode.save(update_fields=["status", "vastgesteld_op"])
    return periode


def _zelfde_als_vastgesteld(periode, velden, rapporten, bron):
    """An adopted period loaded again: say so when it is not as the fixture describes it."""
    verschil = [naam for naam, waarde in velden.items() if getattr(periode, naam) != waarde]
    opgeslagen = {r.thema_id: r for r in periode.rapportages.all()}
    for thema, rapportvelden in rapporten:
        rapport = opgeslagen.get(thema.pk)
        if rapport is None or any(getattr(rapport, k) != v for k, v in rapportvelden.items()):
            verschil.append(f"thema {thema.nummer}")
    if verschil:
        logger.warning(
            "%s: periode %s is vastgesteld en wijkt af van de referentiedata (%s); niet "
            "bijgewerkt. Een vastgestelde periode verandert alleen na heropenen (met reden); "
            "begin anders met een lege database.",
            bron,
            periode.code,
            ", ".join(verschil),
        )


def _weergave(weergave: dict, context: str) -> dict:
    """The theme as the report printed it; its lists hold texts, {"alinea": ...} or
    {"subpunt": ...} items (see agenda.opmaak)."""
    for lijst in ("beleidsdoelen", "maatschappelijke_effecten", "activiteiten"):
        lijstitems(weergave.get(lijst) or [], f"{context}, {lijst.replace('_', ' ')}")
    return weergave
