"""Loading plan shapes, plans with their outline, and checklists from the reference files.

Every record is found by its natural key and written only where it differs (regio.referentiedata),
so loading twice writes nothing, history included.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from regio.models import Gemeente, Partij, Persoon, Regio, Subregio
from regio.referentiedata import (
    ReferentiedataFout,
    bijwerken,
    koppelingen_bijwerken,
    lijst_bijwerken,
)

from .constants import KeuzelijstSoort, Lijstniveau
from .models import (
    Agendalijst,
    Agendapunt,
    Begrotingspost,
    Beleidsdoel,
    Bijdrage,
    Hoofdstuk,
    Indicator,
    Keuzelijst,
    Lijstwaarde,
    MaatschappelijkEffect,
    Meting,
    Niveau,
    Onderdeel,
    Overlegsectie,
    Overlegstructuur,
    Plan,
    Planvorm,
    Reserve,
    Rol,
    Sectie,
    Toetsing,
    Toetsingseis,
    Toetsingskader,
    Vaststelling,
)
from .opmaak import uit_lijstitem

PLAN_VELDEN = ["titel", "ondertitel", "jaar_van", "jaar_tot_en_met", "status"]


def _datum(waarde, context):
    if not waarde:
        return None
    try:
        return date.fromisoformat(waarde)
    except (TypeError, ValueError):
        raise ReferentiedataFout(f"{context}: {waarde!r} is geen datum (JJJJ-MM-DD)") from None


def _bedrag(waarde, context):
    if waarde is None or waarde == "":
        return None
    try:
        return Decimal(str(waarde))
    except InvalidOperation:
        raise ReferentiedataFout(f"{context}: {waarde!r} is geen bedrag") from None


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


# --- Plan shapes ------------------------------------------------------------------------------


def laad_planvormen(gegevens: dict) -> dict[str, Planvorm]:
    """Every shape of planvormen.json: levels, their sections, its lists."""
    vormen = {}
    for vorm_gegevens in gegevens["planvormen"]:
        vormen[vorm_gegevens["slug"]] = laad_planvorm(vorm_gegevens)
    return vormen


def laad_planvorm(gegevens: dict) -> Planvorm:
    context = f"planvorm {gegevens['slug']}"
    vorm = bijwerken(
        Planvorm,
        {"slug": gegevens["slug"]},
        {"naam": gegevens["naam"], "omschrijving": gegevens.get("omschrijving") or ""},
        context=context,
    )
    niveaus = {}
    for niveau_gegevens in gegevens["niveaus"]:
        diepte = niveau_gegevens["diepte"]
        niveau = bijwerken(
            Niveau,
            {"planvorm": vorm, "diepte": diepte},
            {
                "naam": niveau_gegevens["naam"],
                "meervoud": niveau_gegevens["meervoud"],
                "lidwoord": niveau_gegevens.get("lidwoord") or "het",
                "slug": niveau_gegevens["slug"],
                "code_tonen": niveau_gegevens.get("code_tonen", True),
                "schaal_met_domeinen": niveau_gegevens.get("schaal_met_domeinen", False),
            },
            context=f"{context}, niveau {diepte}",
        )
        niveaus[diepte] = niveau
    for diepte, niveau_gegevens in zip(niveaus, gegevens["niveaus"], strict=True):
        niveau = niveaus[diepte]
        sleutels = []
        for volgorde, sectie in enumerate(niveau_gegevens.get("secties", [])):
            bijwerken(
                Sectie,
                {"niveau": niveau, "sleutel": sectie["sleutel"]},
                {
                    "letter": sectie.get("letter") or "",
                    "label": sectie["label"],
                    "soort": sectie["soort"],
                    "volgorde": volgorde,
                    "in_rapportage": sectie.get("in_rapportage", False),
                    "als_kolom": sectie.get("als_kolom", False),
                },
                context=f"{context}, niveau {niveau.naam}, sectie {sectie['sleutel']}",
            )
            sleutels.append(sectie["sleutel"])
        niveau.secties.exclude(sleutel__in=sleutels).delete()
    vorm.niveaus.exclude(diepte__in=niveaus).delete()
    rapportageniveau = niveaus.get(gegevens.get("rapportageniveau"))
    if rapportageniveau is None:
        raise ReferentiedataFout(f"{context}: rapportageniveau is geen niveau van deze vorm")
    vorm = bijwerken(
        Planvorm, {"pk": vorm.pk}, {"rapportageniveau": rapportageniveau}, context=context
    )
    soorten = []
    for lijst_gegevens in gegevens.get("keuzelijsten", []):
        lijst = bijwerken(
            Keuzelijst,
            {"planvorm": vorm, "soort": lijst_gegevens["soort"]},
            {"naam": lijst_gegevens["naam"], "meervoud": lijst_gegevens.get("meervoud") or ""},
            context=f"{context}, lijst {lijst_gegevens['soort']}",
        )
        soorten.append(lijst.soort)
        codes = []
        for volgorde, waarde in enumerate(lijst_gegevens["waarden"]):
            bijwerken(
                Lijstwaarde,
                {"keuzelijst": lijst, "code": waarde["code"]},
                {
                    "label": waarde["label"],
                    "kort": waarde.get("kort") or "",
                    "meervoud": waarde.get("meervoud") or "",
                    "betekenis": waarde.get("betekenis") or "",
                    "volgorde": volgorde,
                    "rapporteert": waarde.get("rapporteert", False),
                    "leidend": waarde.get("leidend", False),
                },
                context=f"{context}, lijst {lijst.naam}, waarde {waarde['code']}",
            )
            codes.append(waarde["code"])
        lijst.waarden.exclude(code__in=codes).delete()
    vorm.keuzelijsten.exclude(soort__in=soorten).delete()
    return vorm


# --- Plans --------------------------------------------------------------------------------------


class Lezer:
    """Reads one plan's files: knows the plan's shape, lists, people and parties by name."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.regio = plan.regio
        self.niveaus = {n.diepte: n for n in plan.planvorm.niveaus.all()}
        self.waarden = {
            (w.keuzelijst.soort, w.code): w
            for w in Lijstwaarde.objects.filter(keuzelijst__planvorm=plan.planvorm).select_related(
                "keuzelijst"
            )
        }
        self.personen = {p.naam: p for p in Persoon.objects.filter(regio=self.regio)}
        self.partijen = {p.naam: p for p in Partij.objects.filter(regio=self.regio)}
        self.subregios = {s.afkorting: s for s in Subregio.objects.filter(regio=self.regio)}
        self.gemeenten = {g.naam: g for g in Gemeente.objects.filter(deelnames__regio=self.regio)}
        self.onderdelen: dict[tuple[str, str], Onderdeel] = {}

    def waarde(self, soort: str, code, context: str):
        if code in (None, ""):
            return None
        gevonden = self.waarden.get((soort, str(code)))
        if gevonden is None:
            raise ReferentiedataFout(
                f"{context}: {code!r} staat niet in de lijst {KeuzelijstSoort(soort).label.lower()} "
                f"van planvorm {self.plan.planvorm.slug}"
            )
        return gevonden

    def onderdeel(self, verwijzing: str, context: str) -> Onderdeel:
        """An item named as "<level address>/<number>", e.g. "themas/25"."""
        niveau, _, code = verwijzing.partition("/")
        gevonden = self.onderdelen.get((niveau, code))
        if gevonden is None:
            raise ReferentiedataFout(f"{context}: onbekend onderdeel {verwijzing!r}")
        return gevonden


def laad_plan(gegevens: dict, bestanden: list[dict]) -> Plan:
    """A plan (plan.json) with its chapters and outline, which may be spread over several files
    (plan-*.json), its agenda lists, budget, indicators, adoptions and checklist coverage."""
    plan_gegevens = gegevens["plan"]
    regio = Regio.objects.filter(slug=plan_gegevens["regio"]).first()
    if regio is None:
        raise ReferentiedataFout(f"plan: onbekende regio {plan_gegevens['regio']}")
    planvorm = Planvorm.objects.filter(slug=plan_gegevens["planvorm"]).first()
    if planvorm is None:
        raise ReferentiedataFout(f"plan: onbekende planvorm {plan_gegevens['planvorm']}")
    plan = bijwerken(
        Plan,
        {"slug": plan_gegevens["slug"]},
        {
            "regio": regio,
            "planvorm": planvorm,
            "vastgesteld_op": _datum(plan_gegevens.get("vastgesteld_op"), "plan"),
            "versiedatum": _datum(plan_gegevens.get("versiedatum"), "plan"),
            **{veld: plan_gegevens.get(veld, "") for veld in PLAN_VELDEN},
        },
        context="plan",
    )
    if plan_gegevens.get("ouder"):
        ouder = Plan.objects.filter(slug=plan_gegevens["ouder"]).first()
        if ouder is None:
            raise ReferentiedataFout(f"plan: onbekend plan {plan_gegevens['ouder']} als ouder")
        plan = bijwerken(Plan, {"pk": plan.pk}, {"ouder": ouder}, context="plan")
    lezer = Lezer(plan)
    _hoofdstukken(plan, gegevens.get("hoofdstukken", []))
    bovenste = [o for bestand in [gegevens, *bestanden] for o in bestand.get("onderdelen", [])]
    gezien: set[int] = set()
    for volgorde, onderdeel in enumerate(bovenste, start=1):
        _onderdeel_laden(lezer, onderdeel, None, 1, volgorde, gezien)
    _overbodige_onderdelen_weg(plan, gezien)
    for lijst in gegevens.get("agendalijsten", []):
        laad_agendalijst(plan, lijst)
    _begroting(lezer, gegevens)
    _vaststellingen(lezer, gegevens.get("vaststellingen", []))
    return plan


def _hoofdstukken(plan, hoofdstukken):
    lijst_bijwerken(
        plan.hoofdstukken,
        Hoofdstuk,
        {"plan": plan},
        [
            {
                "nummer": h.get("nummer") or "",
                "titel": h.get("titel") or "",
                "soort": h.get("soort") or "tekst",
                "tekst": h.get("tekst") or "",
            }
            for h in hoofdstukken
        ],
        context="hoofdstukken",
    )


NIVEAUS_IN_LIJST = {"alinea": Lijstniveau.ALINEA, "subpunt": Lijstniveau.SUBPUNT}


def _onderdeel_laden(lezer: Lezer, gegevens, ouder, diepte, volgorde, gezien) -> Onderdeel:
    niveau = lezer.niveaus.get(diepte)
    if niveau is None:
        raise ReferentiedataFout(
            f"{ouder or 'plan'}: de planvorm heeft geen niveau {diepte} voor deze onderdelen"
        )
    lijstniveau = Lijstniveau.PUNT
    # An item printed in its parent's list (an activity) may be written as a list item: its
    # text, or {"alinea": text} / {"subpunt": text} for how it is printed.
    if isinstance(gegevens, str):
        gegevens = {"tekst": gegevens}
    elif len(gegevens) == 1 and next(iter(gegevens)) in NIVEAUS_IN_LIJST:
        sleutel, tekst = next(iter(gegevens.items()))
        gegevens, lijstniveau = {"tekst": tekst}, NIVEAUS_IN_LIJST[sleutel]
    if "lijstniveau" in gegevens:
        lijstniveau = NIVEAUS_IN_LIJST.get(gegevens["lijstniveau"], Lijstniveau.PUNT)
    code = str(gegevens.get("code") or (f"{ouder.code}.{volgorde}" if ouder else volgorde))
    context = f"{niveau.naam.lower()} {code}"
    onderdeel = bijwerken(
        Onderdeel,
        {"plan": lezer.plan, "niveau": niveau, "code": code},
        {
            "ouder": ouder,
            "volgorde": volgorde,
            "titel": gegevens.get("titel") or "",
            "inhoudstitel": gegevens.get("inhoudstitel") or "",
            "tekst": gegevens.get("tekst") or "",
            "teksten": gegevens.get("teksten") or {},
            "schaal": lezer.waarde(KeuzelijstSoort.SCHAAL, gegevens.get("schaal"), context),
            "subregio": _subregio(lezer, gegevens.get("subregio"), context),
            "prioriteit": lezer.waarde(
                KeuzelijstSoort.PRIORITEIT, gegevens.get("prioriteit"), context
            ),
            "prioriteit_tekst": gegevens.get("prioriteit_tekst") or "",
            "prioriteit_toelichting": gegevens.get("prioriteit_toelichting") or "",
            "deadline_tekst": gegevens.get("deadline") or "",
            "lijstniveau": lijstniveau,
            "rijlabels": gegevens.get("rijlabels") or {},
        },
        context=context,
    )
    gezien.add(onderdeel.pk)
    lezer.onderdelen[(niveau.slug, code)] = onderdeel
    koppelingen_bijwerken(
        onderdeel.domeinen,
        [lezer.waarde(KeuzelijstSoort.DOMEIN, d, context) for d in gegevens.get("domeinen", [])],
    )
    ouder_velden = {"onderdeel": onderdeel}
    lijst_bijwerken(
        onderdeel.beleidsdoelen,
        Beleidsdoel,
        ouder_velden,
        lijstitems(gegevens.get("beleidsdoelen", []), f"{context}, beleidsdoelen"),
        context=f"{context}, beleidsdoelen",
    )
    lijst_bijwerken(
        onderdeel.maatschappelijke_effecten,
        MaatschappelijkEffect,
        ouder_velden,
        lijstitems(
            gegevens.get("maatschappelijke_effecten", []), f"{context}, maatschappelijke effecten"
        ),
        context=f"{context}, maatschappelijke effecten",
    )
    _rollen(lezer, onderdeel, gegevens.get("rollen", []), context)
    _indicatoren(lezer, onderdeel, gegevens.get("indicatoren", []), context)
    for kind_volgorde, kind in enumerate(gegevens.get("onderdelen", []), start=1):
        _onderdeel_laden(lezer, kind, onderdeel, diepte + 1, kind_volgorde, gezien)
    return onderdeel


def _subregio(lezer, afkorting, context):
    if not afkorting:
        return None
    subregio = lezer.subregios.get(afkorting)
    if subregio is None:
        raise ReferentiedataFout(f"{context}: onbekende subregio {afkorting}")
    return subregio


def _overbodige_onderdelen_weg(plan, gezien):
    """Items no longer in the files go, deepest first (a report keeps its item: PROTECT)."""
    from django.db.models import ProtectedError

    for onderdeel in plan.onderdelen.exclude(pk__in=gezien).order_by("-pad"):
        try:
            onderdeel.delete()
        except ProtectedError:
            raise ReferentiedataFout(
                f"{onderdeel.aanduiding} staat niet meer in de bestanden, maar heeft rapportages"
            ) from None


def _rollen(lezer: Lezer, onderdeel, rollen: list[dict], context: str):
    """Roles matched by who and in which role (not by position: a person or party holds a role
    once per item, so moving one up must not collide with itself)."""
    gewenst = []
    for volgorde, rol in enumerate(rollen):
        persoon = partij = None
        if rol.get("persoon"):
            persoon = lezer.personen.get(rol["persoon"])
            if persoon is None:
                raise ReferentiedataFout(f"{context}: onbekende persoon {rol['persoon']}")
        if rol.get("partij"):
            partij = lezer.partijen.get(rol["partij"])
            if partij is None:
                raise ReferentiedataFout(f"{context}: onbekende partij {rol['partij']}")
        soort = lezer.waarde(KeuzelijstSoort.ROL, rol["rol"], context)
        sleutel = {
            "onderdeel": onderdeel,
            "soort": soort,
            "persoon": persoon,
            "partij": partij,
            "tekst": rol.get("tekst") or "",
        }
        velden = {
            "toelichting": rol.get("toelichting") or "",
            "volgorde": volgorde,
            "sturingsvorm": rol.get("sturingsvorm") or "",
            "schaal_organisatie": lezer.waarde(
                KeuzelijstSoort.SCHAAL, rol.get("schaal_organisatie"), context
            ),
            "schaal_uitvoering": lezer.waarde(
                KeuzelijstSoort.SCHAAL, rol.get("schaal_uitvoering"), context
            ),
        }
        gewenst.append((sleutel, velden))
    sleutels = {_rolsleutel(**sleutel) for sleutel, _velden in gewenst}
    for bestaand in onderdeel.rollen.all():
        if (
            _rolsleutel(
                onderdeel, bestaand.soort, bestaand.persoon, bestaand.partij, bestaand.tekst
            )
            not in sleutels
        ):
            bestaand.delete()
    for sleutel, velden in gewenst:
        bijwerken(Rol, sleutel, velden, context=f"{context}, rol {sleutel['soort'].code}")


def _rolsleutel(onderdeel, soort, persoon, partij, tekst):
    return (
        soort.pk,
        persoon.pk if persoon else None,
        partij.pk if partij else None,
        tekst,
    )


def _indicatoren(lezer: Lezer, onderdeel, indicatoren: list[dict], context: str):
    lijst_bijwerken(
        onderdeel.indicatoren,
        Indicator,
        {"onderdeel": onderdeel},
        [
            {
                "naam": ind["naam"],
                "eenheid": ind.get("eenheid") or "",
                "bron": ind.get("bron") or "",
                "frequentie": ind.get("frequentie") or "kwartaal",
                "streefwaarde": _bedrag(ind.get("streefwaarde"), context),
                "streefjaar": ind.get("streefjaar"),
            }
            for ind in indicatoren
        ],
        context=f"{context}, indicatoren",
    )
    for indicator, ind in zip(
        onderdeel.indicatoren.order_by("volgorde", "pk"), indicatoren, strict=True
    ):
        gewenst = set()
        for meting in ind.get("metingen", []):
            gemeente = lezer.gemeenten.get(meting["gemeente"]) if meting.get("gemeente") else None
            if meting.get("gemeente") and gemeente is None:
                raise ReferentiedataFout(f"{context}: onbekende gemeente {meting['gemeente']}")
            aanbieder = lezer.partijen.get(meting["aanbieder"]) if meting.get("aanbieder") else None
            if meting.get("aanbieder") and aanbieder is None:
                raise ReferentiedataFout(f"{context}: onbekende aanbieder {meting['aanbieder']}")
            obj = bijwerken(
                Meting,
                {
                    "indicator": indicator,
                    "jaar": meting["jaar"],
                    "periode": meting.get("periode", 0),
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                },
                {"waarde": _bedrag(meting["waarde"], context)},
                context=f"{context}, meting {meting['jaar']}",
            )
            gewenst.add(obj.pk)
        indicator.metingen.exclude(pk__in=gewenst).delete()


def _begroting(lezer: Lezer, gegevens: dict):
    plan = lezer.plan
    reserves = {}
    for reserve in gegevens.get("reserves", []):
        reserves[reserve["naam"]] = bijwerken(
            Reserve,
            {"plan": plan, "naam": reserve["naam"]},
            {
                "peildatum": _datum(reserve["peildatum"], f"reserve {reserve['naam']}"),
                "saldo": _bedrag(reserve["saldo"], f"reserve {reserve['naam']}"),
                "toelichting": reserve.get("toelichting") or "",
            },
            context=f"reserve {reserve['naam']}",
        )
    plan.reserves.exclude(naam__in=reserves).delete()
    posten = gegevens.get("begroting", [])
    items = []
    for positie, post in enumerate(posten, start=1):
        context = f"begrotingspost {positie}"
        if post.get("reserve") and post["reserve"] not in reserves:
            raise ReferentiedataFout(f"{context}: onbekende reserve {post['reserve']}")
        items.append(
            {
                "omschrijving": post["omschrijving"],
                "bron": lezer.waarde(KeuzelijstSoort.BRON, post.get("bron"), context),
                "jaar_van": post.get("jaar_van"),
                "jaar_tot_en_met": post.get("jaar_tot_en_met"),
                "bedrag": _bedrag(post.get("bedrag"), context),
                "structureel": post.get("structureel"),
                "verdeling": post.get("verdeling") or "geen",
                "peildatum": _datum(post.get("peildatum"), context),
                "reserve": reserves.get(post.get("reserve")),
                "toelichting": post.get("toelichting") or "",
            }
        )
    lijst_bijwerken(
        plan.begrotingsposten, Begrotingspost, {"plan": plan}, items, context="begroting"
    )
    for obj, post in zip(plan.begrotingsposten.order_by("volgorde", "pk"), posten, strict=True):
        context = f"begrotingspost {obj.volgorde + 1}"
        koppelingen_bijwerken(
            obj.onderdelen, [lezer.onderdeel(v, context) for v in post.get("onderdelen", [])]
        )
        bijdragen = []
        for naam, bedrag in (post.get("bijdragen") or {}).items():
            gemeente = lezer.gemeenten.get(naam)
            if gemeente is None:
                raise ReferentiedataFout(f"{context}: onbekende gemeente {naam}")
            bijdragen.append(
                bijwerken(
                    Bijdrage,
                    {"post": obj, "gemeente": gemeente},
                    {"bedrag": _bedrag(bedrag, context)},
                    context=context,
                ).pk
            )
        obj.bijdragen.exclude(pk__in=bijdragen).delete()


def _vaststellingen(lezer: Lezer, vaststellingen: list[dict]):
    gewenst = []
    for v in vaststellingen:
        gemeente = lezer.gemeenten.get(v["gemeente"])
        if gemeente is None:
            raise ReferentiedataFout(f"vaststelling: onbekende gemeente {v['gemeente']}")
        gewenst.append(
            bijwerken(
                Vaststelling,
                {"plan": lezer.plan, "gemeente": gemeente, "orgaan": v.get("orgaan") or "raad"},
                {
                    "datum": _datum(v.get("datum"), f"vaststelling {v['gemeente']}"),
                    "kenmerk": v.get("kenmerk") or "",
                },
                context=f"vaststelling {v['gemeente']}",
            ).pk
        )
    lezer.plan.vaststellingen.exclude(pk__in=gewenst).delete()


def laad_agendalijst(plan: Plan, gegevens: dict):
    lijst = bijwerken(
        Agendalijst,
        {"plan": plan, "nummer": gegevens["nummer"]},
        {"titel": gegevens["titel"], "inhoudstitel": gegevens.get("inhoudstitel") or ""},
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
    """The meeting structure: meetings by section, their agendas linked to the plan's items of
    the reported level (by number)."""
    niveau = plan.planvorm.rapportageniveau
    onderdelen = {o.code: o for o in plan.onderdelen.filter(niveau=niveau)}
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
            codes = [str(c) for c in overleg_gegevens.get("onderdelen", [])]
            onbekend = [c for c in codes if c not in onderdelen]
            if onbekend:
                raise ReferentiedataFout(f"{context}: onbekend {niveau.klein} {onbekend}")
            koppelingen_bijwerken(overleg.onderdelen, [onderdelen[c] for c in codes])
        sectie.overleggen.filter(volgorde__gte=len(sectie_gegevens["overleggen"])).delete()
    plan.overlegsecties.exclude(titel__in=titels).delete()


# --- Checklists -----------------------------------------------------------------------------


def laad_toetsingskaders(gegevens: dict):
    for kader_gegevens in gegevens["toetsingskaders"]:
        kader = bijwerken(
            Toetsingskader,
            {"slug": kader_gegevens["slug"]},
            {
                "naam": kader_gegevens["naam"],
                "bron": kader_gegevens.get("bron") or "",
                "omschrijving": kader_gegevens.get("omschrijving") or "",
            },
            context=f"toetsingskader {kader_gegevens['slug']}",
        )
        codes = []
        volgorde = 0
        for groep in kader_gegevens["groepen"]:
            for eis in groep["eisen"]:
                bijwerken(
                    Toetsingseis,
                    {"kader": kader, "code": eis["code"]},
                    {
                        "groep": groep["titel"],
                        "titel": eis["titel"],
                        "volgorde": volgorde,
                        "verplicht": eis.get("verplicht", groep.get("verplicht", True)),
                    },
                    context=f"toetsingskader {kader.slug}, eis {eis['code']}",
                )
                codes.append(eis["code"])
                volgorde += 1
        kader.eisen.exclude(code__in=codes).delete()


def laad_toetsingen(plan: Plan, gegevens: list[dict]):
    """Which of the plan's items and chapters cover each requirement of its checklists."""
    lezer = Lezer(plan)
    lezer.onderdelen = {
        (o.niveau.slug, o.code): o for o in plan.onderdelen.select_related("niveau")
    }
    hoofdstukken = {h.titel: h for h in plan.hoofdstukken.all()}
    kaders = []
    for toetsing in gegevens:
        kader = Toetsingskader.objects.filter(slug=toetsing["kader"]).first()
        if kader is None:
            raise ReferentiedataFout(f"toetsing: onbekend toetsingskader {toetsing['kader']}")
        kaders.append(kader)
    koppelingen_bijwerken(plan.toetsingskaders, kaders)
    gewenst = []
    for kader, toetsing in zip(kaders, gegevens, strict=True):
        for code, dekking in toetsing["eisen"].items():
            context = f"toetsing aan {kader.slug}, eis {code}"
            eis = kader.eisen.filter(code=code).first()
            if eis is None:
                raise ReferentiedataFout(f"{context}: onbekende eis")
            obj = bijwerken(
                Toetsing,
                {"plan": plan, "eis": eis},
                {"toelichting": dekking.get("toelichting") or ""},
                context=context,
            )
            gewenst.append(obj.pk)
            koppelingen_bijwerken(
                obj.onderdelen, [lezer.onderdeel(v, context) for v in dekking.get("onderdelen", [])]
            )
            onbekend = [t for t in dekking.get("hoofdstukken", []) if t not in hoofdstukken]
            if onbekend:
                raise ReferentiedataFout(f"{context}: onbekend hoofdstuk {onbekend}")
            koppelingen_bijwerken(
                obj.hoofdstukken, [hoofdstukken[t] for t in dekking.get("hoofdstukken", [])]
            )
    plan.toetsingen.exclude(pk__in=gewenst).delete()
