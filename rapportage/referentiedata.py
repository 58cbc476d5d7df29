"""Loading the reference data (fixtures/): the plan shapes, the checklists, and per reference
region its gemeenten, people, plan, meeting structure and quarterly reports."""

import json
import logging
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

from .constants import Dimensie, PeriodeStatus
from .models import Rapportageperiode, ThemaRapportage

REFERENTIEMAP = Path(settings.BASE_DIR) / "fixtures"
# The reference regions, in the order they are loaded and listed.
REGIO_MAPPEN = ["midden-limburg", "holland-rijnland", "gooi-en-vechtstreek"]
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
    """A reporting period with, per item, the item as that report printed it and its three rows.

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
    onderdelen = {
        o.code: o for o in plan.onderdelen.filter(niveau_id=plan.planvorm.rapportageniveau_id)
    }
    rapporten = []
    for rapport in gegevens.get("onderdelen") or gegevens["themas"]:
        code = str(rapport.get("code") or rapport.get("nummer"))
        onderdeel = onderdelen.get(code)
        if onderdeel is None:
            raise ReferentiedataFout(f"{bron}: onbekend onderdeel {code}")
        rapportvelden = {
            "weergave": _weergave(rapport.get("weergave") or {}, f"{bron}, {code}"),
            "status": "goedgekeurd" if vastgesteld else "concept",
            "vergrendeld": vastgesteld,
        }
        for dimensie in Dimensie:
            regel = rapport.get(dimensie.value) or {}
            rapportvelden[f"{dimensie.value}_smiley"] = regel.get("smiley") or ""
            rapportvelden[f"{dimensie.value}_tekst"] = regel.get("tekst") or ""
        rapporten.append((onderdeel, rapportvelden))

    bestaand = Rapportageperiode.objects.filter(**sleutel).first()
    if bestaand is not None and bestaand.status == PeriodeStatus.VASTGESTELD:
        _zelfde_als_vastgesteld(bestaand, velden, rapporten, bron)
        return bestaand
    periode = bijwerken(
        Rapportageperiode, sleutel, {**velden, "status": PeriodeStatus.OPEN}, context=bron
    )
    for onderdeel, rapportvelden in rapporten:
        bijwerken(
            ThemaRapportage,
            {"periode": periode, "onderdeel": onderdeel},
            rapportvelden,
            context=f"{bron}, {onderdeel.code}",
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
    opgeslagen = {r.onderdeel_id: r for r in periode.rapportages.all()}
    for onderdeel, rapportvelden in rapporten:
        rapport = opgeslagen.get(onderdeel.pk)
        if rapport is None or any(getattr(rapport, k) != v for k, v in rapportvelden.items()):
            verschil.append(onderdeel.code)
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
    """The item as the report printed it; its lists hold texts, {"alinea": ...} or
    {"subpunt": ...} items (see agenda.opmaak)."""
    for lijst in ("beleidsdoelen", "maatschappelijke_effecten", "activiteiten"):
        lijstitems(weergave.get(lijst) or [], f"{context}, {lijst.replace('_', ' ')}")
    for sectie in weergave.get("secties") or []:
        lijstitems(sectie.get("punten") or [], f"{context}, {sectie.get('label', '')}")
    return weergave
