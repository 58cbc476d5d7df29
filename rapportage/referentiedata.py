"""Loading the reference data (fixtures/): the plan shapes, the checklists, and per reference
region its gemeenten, people, plan, meeting structure and quarterly reports."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from agenda.models import Plan
from agenda.referentiedata import (
    laad_overlegstructuur,
    laad_plan,
    laad_planvormen,
    laad_toetsingen,
    laad_toetsingskaders,
    lijstitems,
)
from regio.referentiedata import (
    ReferentiedataFout,
    bijwerken,
    laad_partijen_en_personen,
    laad_regio,
)

from .constants import Dimensie
from .models import Rapportageperiode, ThemaRapportage

REFERENTIEMAP = Path(settings.BASE_DIR) / "fixtures"
# The reference regions, in the order they are loaded and listed.
REGIO_MAPPEN = ["midden-limburg", "holland-rijnland", "gooi-en-vechtstreek"]


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
def laad_referentiedata(map: Path = REFERENTIEMAP) -> list[Plan]:
    """Load every file of the reference data in one transaction: all of it, or nothing."""
    laad_planvormen(_lees(map / "planvormen.json"))
    if (map / "toetsingskaders.json").exists():
        laad_toetsingskaders(_lees(map / "toetsingskaders.json"))
    return [
        laad_regiomap(map / naam) for naam in REGIO_MAPPEN if (map / naam / "regio.json").exists()
    ]


def laad_regiomap(map: Path) -> Plan:
    """One reference region: regio.json, plan.json (and plan-*.json), overlegstructuur.json,
    toetsing.json and rapportage-*.json, those that exist."""
    regio_gegevens = _lees(map / "regio.json")
    regio = laad_regio(regio_gegevens)
    laad_partijen_en_personen(
        regio, regio_gegevens.get("partijen", []), regio_gegevens.get("personen", [])
    )
    plan = laad_plan(
        _lees(map / "plan.json"), [_lees(pad) for pad in sorted(map.glob("plan-*.json"))]
    )
    if (map / "overlegstructuur.json").exists():
        laad_overlegstructuur(plan, _lees(map / "overlegstructuur.json"))
    if (map / "toetsing.json").exists():
        laad_toetsingen(plan, _lees(map / "toetsing.json")["toetsingen"])
    for pad in sorted(map.glob("rapportage-*.json")):
        laad_rapportage(_lees(pad), bron=pad.name)
    return plan


def laad_rapportage(gegevens: dict, *, bron: str) -> Rapportageperiode:
    """A reporting period with, per item, the item as that report printed it and its three rows."""
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
    onderdelen = {
        o.code: o for o in plan.onderdelen.filter(niveau_id=plan.planvorm.rapportageniveau_id)
    }
    status = "goedgekeurd" if periode.status == "vastgesteld" else "concept"
    for rapport in gegevens.get("onderdelen") or gegevens["themas"]:
        code = str(rapport.get("code") or rapport.get("nummer"))
        onderdeel = onderdelen.get(code)
        if onderdeel is None:
            raise ReferentiedataFout(f"{bron}: onbekend onderdeel {code}")
        velden = {
            "weergave": _weergave(rapport.get("weergave") or {}, f"{bron}, {code}"),
            "status": status,
            "vergrendeld": periode.status == "vastgesteld",
        }
        for dimensie in Dimensie:
            regel = rapport.get(dimensie.value) or {}
            velden[f"{dimensie.value}_smiley"] = regel.get("smiley") or ""
            velden[f"{dimensie.value}_tekst"] = regel.get("tekst") or ""
        _ontgrendel_als_gewijzigd(periode, onderdeel, velden)
        bijwerken(
            ThemaRapportage,
            {"periode": periode, "onderdeel": onderdeel},
            velden,
            context=f"{bron}, {code}",
        )
    return periode


def _ontgrendel_als_gewijzigd(periode, onderdeel, velden):
    """An adopted report is locked in the database; unlock it only when the data changed."""
    bestaand = ThemaRapportage.objects.filter(
        periode=periode, onderdeel=onderdeel, vergrendeld=True
    ).first()
    if bestaand and any(getattr(bestaand, naam) != waarde for naam, waarde in velden.items()):
        ThemaRapportage.objects.filter(pk=bestaand.pk).update(vergrendeld=False)


def _weergave(weergave: dict, context: str) -> dict:
    """The item as the report printed it; its lists hold texts, {"alinea": ...} or
    {"subpunt": ...} items (see agenda.opmaak)."""
    for lijst in ("beleidsdoelen", "maatschappelijke_effecten", "activiteiten"):
        lijstitems(weergave.get(lijst) or [], f"{context}, {lijst.replace('_', ' ')}")
    for sectie in weergave.get("secties") or []:
        lijstitems(sectie.get("punten") or [], f"{context}, {sectie.get('label', '')}")
    return weergave
