"""Loading the reference case (fixtures/midden-limburg): region, plan, meetings and reports."""

import json
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

from .constants import Dimensie
from .models import Rapportageperiode, ThemaRapportage

REFERENTIEMAP = Path(settings.BASE_DIR) / "fixtures" / "midden-limburg"


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
    """A reporting period with, per theme, the theme as that report printed it and its three rows."""
    periode_gegevens = gegevens["periode"]
    plan = Plan.objects.filter(slug=periode_gegevens["plan"]).first()
    if plan is None:
        raise ReferentiedataFout(f"{bron}: onbekend plan {periode_gegevens['plan']}")
    vastgesteld_op = periode_gegevens.get("vastgesteld_op")
    periode = bijwerken(
        Rapportageperiode,
        {"plan": plan, "jaar": periode_gegevens["jaar"], "kwartaal": periode_gegevens["kwartaal"]},
        {
            "titel": periode_gegevens.get("titel") or "",
            "status": periode_gegevens.get("status") or "open",
            "vastgesteld_op": date.fromisoformat(vastgesteld_op) if vastgesteld_op else None,
            "deadline": date.fromisoformat(periode_gegevens["deadline"])
            if periode_gegevens.get("deadline")
            else None,
            "inleiding": periode_gegevens.get("inleiding") or "",
            "samenvatting": periode_gegevens.get("samenvatting") or "",
        },
        context=bron,
    )
    themas = {thema.nummer: thema for thema in plan.themas.all()}
    status = "goedgekeurd" if periode.status == "vastgesteld" else "concept"
    for rapport in gegevens["themas"]:
        thema = themas.get(rapport["nummer"])
        if thema is None:
            raise ReferentiedataFout(f"{bron}: onbekend thema {rapport['nummer']}")
        velden = {
            "weergave": _weergave(rapport.get("weergave") or {}, f"{bron}, thema {thema.nummer}"),
            "status": status,
            "vergrendeld": periode.status == "vastgesteld",
        }
        for dimensie in Dimensie:
            regel = rapport.get(dimensie.value) or {}
            velden[f"{dimensie.value}_smiley"] = regel.get("smiley") or ""
            velden[f"{dimensie.value}_tekst"] = regel.get("tekst") or ""
        _ontgrendel_als_gewijzigd(periode, thema, velden)
        bijwerken(
            ThemaRapportage,
            {"periode": periode, "thema": thema},
            velden,
            context=f"{bron}, thema {thema.nummer}",
        )
    return periode


def _ontgrendel_als_gewijzigd(periode, thema, velden):
    """An adopted report is locked in the database; unlock it only when the data changed."""
    bestaand = ThemaRapportage.objects.filter(
        periode=periode, thema=thema, vergrendeld=True
    ).first()
    if bestaand and any(getattr(bestaand, naam) != waarde for naam, waarde in velden.items()):
        ThemaRapportage.objects.filter(pk=bestaand.pk).update(vergrendeld=False)


def _weergave(weergave: dict, context: str) -> dict:
    """The theme as the report printed it; its lists hold texts, {"alinea": ...} or
    {"subpunt": ...} items (see agenda.opmaak)."""
    for lijst in ("beleidsdoelen", "maatschappelijke_effecten", "activiteiten"):
        lijstitems(weergave.get(lijst) or [], f"{context}, {lijst.replace('_', ' ')}")
    return weergave
