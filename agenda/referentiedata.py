"""Loading a plan, its themes and its meeting structure from the reference files."""

from datetime import date
from decimal import Decimal

from regio.models import Organisatie, Persoon, Regio, Subregio
from regio.referentiedata import (
    ReferentiedataFout,
    bijwerken,
    koppelingen_bijwerken,
    lijst_bijwerken,
)

from .constants import Lijstniveau
from .models import (
    Activiteit,
    Agendalijst,
    Agendapunt,
    Beleidsdoel,
    Financiering,
    MaatschappelijkEffect,
    Overlegsectie,
    Overlegstructuur,
    Plan,
    Speerpunt,
    Thema,
    ThemaRol,
)
from .opmaak import SLEUTEL_NIVEAUS, uit_lijstitem

PLAN_VELDEN = [
    "titel",
    "jaar_van",
    "jaar_tot_en_met",
    "status",
    "inleiding",
    "uitgangspunten_inleiding",
    "uitgangspunten",
    "kernwaarden",
    "organisatie_van_hulp",
    "rijlabels",
]
THEMA_TEKSTVELDEN = [
    "titel",
    "schaal",
    "verantwoordelijk",
    "partners",
    "planning",
    "meten",
    "financien",
    "besluiten",
    "rol_bedrijfsvoering",
    "rol_lokaal",
    "overleg",
    "wie",
    "prioriteit_tekst",
    "prioriteit_toelichting",
]


def lijstitems(items, context):
    """A list's items as field values: a string is a bullet, {"alinea": ...} a paragraph,
    {"subpunt": ...} a sub-bullet (see agenda.opmaak)."""
    resultaat = []
    for positie, item in enumerate(items, start=1):
        try:
            niveau, tekst = uit_lijstitem(item)
        except ValueError:
            raise ReferentiedataFout(
                f"{context}, item {positie}: verwacht een tekst, "
                '{"alinea": ...} of {"subpunt": ...}'
            ) from None
        resultaat.append({"tekst": tekst, "niveau": niveau})
    return resultaat


def _niveau(naam, context):
    """An activity's "niveau" in the reference files: absent (a bullet), "alinea" or "subpunt"."""
    if not naam:
        return Lijstniveau.PUNT
    if naam not in SLEUTEL_NIVEAUS:
        raise ReferentiedataFout(
            f'{context}, activiteiten: onbekend niveau "{naam}" (kies "alinea" of "subpunt")'
        )
    return SLEUTEL_NIVEAUS[naam]


def _datum(waarde):
    return date.fromisoformat(waarde) if waarde else None


def laad_plan(gegevens: dict, themabestanden: list[dict]) -> Plan:
    """The plan (plan.json) with its themes, which may be spread over several files."""
    plan_gegevens = gegevens["plan"]
    regio = Regio.objects.filter(slug=plan_gegevens["regio"]).first()
    if regio is None:
        raise ReferentiedataFout(f"plan: onbekende regio {plan_gegevens['regio']}")
    plan = bijwerken(
        Plan,
        {"slug": plan_gegevens["slug"]},
        {
            "regio": regio,
            "vastgesteld_op": _datum(plan_gegevens.get("vastgesteld_op")),
            **{veld: plan_gegevens.get(veld, "") for veld in PLAN_VELDEN},
        },
        context="plan",
    )
    speerpunten = {
        sp["nummer"]: bijwerken(
            Speerpunt,
            {"plan": plan, "nummer": sp["nummer"]},
            {"titel": sp["titel"]},
            context=f"speerpunt {sp['nummer']}",
        )
        for sp in gegevens["speerpunten"]
    }
    themas = [
        thema for bestand in [gegevens, *themabestanden] for thema in bestand.get("themas", [])
    ]
    nummers = [thema["nummer"] for thema in themas]
    dubbel = sorted({n for n in nummers if nummers.count(n) > 1})
    if dubbel:
        raise ReferentiedataFout(
            f"thema {', '.join(map(str, dubbel))} staat meer dan eens in de bestanden"
        )
    for thema_gegevens in sorted(themas, key=lambda t: t["nummer"]):
        laad_thema(plan, speerpunten, thema_gegevens)
    for lijst in gegevens.get("agendalijsten", []):
        laad_agendalijst(plan, lijst)
    return plan


def laad_thema(plan: Plan, speerpunten: dict, gegevens: dict) -> Thema:
    nummer = gegevens["nummer"]
    context = f"thema {nummer}"
    speerpunt = speerpunten.get(gegevens["speerpunt"])
    if speerpunt is None:
        raise ReferentiedataFout(f"{context}: onbekend speerpunt {gegevens['speerpunt']}")
    subregio = None
    if gegevens.get("subregio"):
        subregio = Subregio.objects.filter(regio=plan.regio, afkorting=gegevens["subregio"]).first()
        if subregio is None:
            raise ReferentiedataFout(f"{context}: onbekende subregio {gegevens['subregio']}")
    thema = bijwerken(
        Thema,
        {"plan": plan, "nummer": nummer},
        {
            "speerpunt": speerpunt,
            "subregio": subregio,
            "jeugdhulp": bool(gegevens.get("jeugdhulp")),
            "wmo": bool(gegevens.get("wmo")),
            "participatie": bool(gegevens.get("participatie")),
            "prioriteit": gegevens.get("prioriteit"),
            "rijlabels": gegevens.get("rijlabels") or {},
            **{veld: gegevens.get(veld) or "" for veld in THEMA_TEKSTVELDEN},
        },
        context=context,
    )
    ouder = {"thema": thema}
    lijst_bijwerken(
        thema.beleidsdoelen,
        Beleidsdoel,
        ouder,
        lijstitems(gegevens.get("beleidsdoelen", []), f"{context}, beleidsdoelen"),
        context=f"{context}, beleidsdoelen",
    )
    lijst_bijwerken(
        thema.maatschappelijke_effecten,
        MaatschappelijkEffect,
        ouder,
        lijstitems(
            gegevens.get("maatschappelijke_effecten", []), f"{context}, maatschappelijke effecten"
        ),
        context=f"{context}, maatschappelijke effecten",
    )
    lijst_bijwerken(
        thema.activiteiten,
        Activiteit,
        ouder,
        [
            {
                "omschrijving": act["omschrijving"],
                "niveau": _niveau(act.get("niveau"), context),
                "planning": act.get("planning") or "",
                "datum": _datum(act.get("datum")),
            }
            for act in gegevens.get("activiteiten", [])
        ],
        context=f"{context}, activiteiten",
    )
    lijst_bijwerken(
        thema.financiering,
        Financiering,
        ouder,
        [
            {
                "soort": fin["soort"],
                "bedrag": Decimal(fin["bedrag"]) if fin.get("bedrag") is not None else None,
                "naar_rato": bool(fin.get("naar_rato")),
                "omschrijving": fin.get("omschrijving") or "",
            }
            for fin in gegevens.get("financiering", [])
        ],
        context=f"{context}, financiering",
    )
    _rollen_bijwerken(thema, gegevens.get("rollen", []), context)
    organisaties = []
    for naam in gegevens.get("partner_organisaties", []):
        organisatie = Organisatie.objects.filter(regio=plan.regio, naam=naam).first()
        if organisatie is None:
            raise ReferentiedataFout(f"{context}: onbekende partnerorganisatie {naam}")
        organisaties.append(organisatie)
    koppelingen_bijwerken(thema.partner_organisaties, organisaties)
    return thema


def _rollen_bijwerken(thema: Thema, rollen: list[dict], context: str):
    gewenst = {}
    for rol in rollen:
        persoon = Persoon.objects.filter(regio=thema.plan.regio, naam=rol["persoon"]).first()
        if persoon is None:
            raise ReferentiedataFout(f"{context}: onbekende persoon {rol['persoon']}")
        gewenst[(persoon.pk, rol["rol"])] = (persoon, rol.get("toelichting") or "")
    for bestaand in thema.rollen.all():
        if (bestaand.persoon_id, bestaand.rol) not in gewenst:
            bestaand.delete()
    for (_pk, rol), (persoon, toelichting) in gewenst.items():
        bijwerken(
            ThemaRol,
            {"thema": thema, "persoon": persoon, "rol": rol},
            {"toelichting": toelichting},
            context=f"{context}, rol van {persoon}",
        )


def laad_agendalijst(plan: Plan, gegevens: dict):
    lijst = bijwerken(
        Agendalijst,
        {"plan": plan, "nummer": gegevens["nummer"]},
        {"titel": gegevens["titel"]},
        context=f"agendalijst {gegevens['nummer']}",
    )
    nummers = set()
    for punt in gegevens.get("punten", []):
        subregio = None
        if punt.get("subregio"):
            subregio = Subregio.objects.filter(regio=plan.regio, afkorting=punt["subregio"]).first()
            if subregio is None:
                raise ReferentiedataFout(
                    f"agendalijst {gegevens['nummer']}: onbekende subregio {punt['subregio']}"
                )
        bijwerken(
            Agendapunt,
            {"lijst": lijst, "nummer": punt["nummer"]},
            {"subregio": subregio, "omschrijving": punt["omschrijving"]},
            context=f"agendalijst {gegevens['nummer']}, punt {punt['nummer']}",
        )
        nummers.add(punt["nummer"])
    lijst.punten.exclude(nummer__in=nummers).delete()


def laad_overlegstructuur(plan: Plan, gegevens: dict):
    """Chapters 3 and 4: meetings by section, their agendas linked to the plan's themes."""
    themas = {thema.nummer: thema for thema in plan.themas.all()}
    titels = []
    for sectie_volgorde, sectie_gegevens in enumerate(gegevens["secties"]):
        sectie = bijwerken(
            Overlegsectie,
            {"plan": plan, "titel": sectie_gegevens["titel"]},
            {"hoofdstuk": sectie_gegevens["hoofdstuk"], "volgorde": sectie_volgorde},
            context=f"overlegsectie {sectie_gegevens['titel']}",
        )
        titels.append(sectie.titel)
        for volgorde, overleg_gegevens in enumerate(sectie_gegevens["overleggen"]):
            context = f"overleg {overleg_gegevens['nummer']} {overleg_gegevens['naam']}"
            overleg = bijwerken(
                Overlegstructuur,
                {"sectie": sectie, "volgorde": volgorde},
                {
                    veld: overleg_gegevens.get(veld) or ""
                    for veld in (
                        "nummer",
                        "naam",
                        "trekker",
                        "deelnemers",
                        "frequentie",
                        "doelstelling",
                        "agenda",
                        "voetnoot",
                    )
                },
                context=context,
            )
            onbekend = [n for n in overleg_gegevens.get("themas", []) if n not in themas]
            if onbekend:
                raise ReferentiedataFout(f"{context}: onbekend thema {onbekend}")
            koppelingen_bijwerken(
                overleg.themas, [themas[n] for n in overleg_gegevens.get("themas", [])]
            )
        sectie.overleggen.filter(volgorde__gte=len(sectie_gegevens["overleggen"])).delete()
    plan.overlegsecties.exclude(titel__in=titels).delete()
