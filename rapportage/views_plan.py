"""The plan's front page and its items' pages, with their quarterly status and history.

They live here, above agenda, because they show reports: the plan does not depend on them."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from agenda.constants import KeuzelijstSoort
from agenda.geschiedenis import gebeurtenissen
from agenda.models import (
    Agendapunt,
    Beleidsdoel,
    MaatschappelijkEffect,
    Onderdeel,
    Overlegstructuur,
    Rol,
)
from agenda.selectors import (
    begrotingsposten_prefetch,
    groepen_met_onderdelen,
    indicatoren_prefetch,
    koppelen,
    lijstwaarden_koppelen,
    onderdelen_met_inhoud,
    trekkers_prefetch,
)
from agenda.toegang import (
    ONDERDEEL_ONBEKEND,
    get_niveau,
    get_onderdeel,
    get_plan_for_user,
    is_beheerder,
    mag_plan_exporteren,
)

from .models import ThemaRapportage
from .selectors import laatste_rapporten, rapporten_per_onderdeel
from .toegang import perioden_voor_gebruiker


@login_required
def plan(request, slug):
    plan = get_plan_for_user(request.user, slug)
    rapportageniveau, groepniveau = plan.rapportageniveau, plan.groepniveau
    # The reported items and the items they are grouped under, in one query.
    gelezen = koppelen(
        plan,
        list(
            plan.onderdelen.filter(niveau__in=[n for n in (rapportageniveau, groepniveau) if n])
            .select_related("subregio")
            .prefetch_related(trekkers_prefetch())
            .order_by("pad")
        ),
    )
    lijstwaarden_koppelen(plan, gelezen)
    onderdelen = [o for o in gelezen if o.niveau == rapportageniveau]
    bovenste = [o for o in gelezen if groepniveau and o.niveau == groepniveau]
    laatste, rapporten = laatste_rapporten(perioden_voor_gebruiker(request.user, plan))
    for onderdeel in onderdelen:
        onderdeel.laatste_rapport = rapporten.get(onderdeel.pk)
    rollen = plan.lijstwaarden(KeuzelijstSoort.ROL)
    return render(
        request,
        "agenda/plan.html",
        {
            "plan": plan,
            "menu": "plan",
            "groepen": groepen_met_onderdelen(plan, onderdelen, bovenste),
            "niveau": rapportageniveau,
            "leidende_rol": next((r for r in rollen if r.leidend), None),
            "met_schaal": any(o.schaal_id for o in onderdelen),
            "met_prioriteit": any(o.prioriteit_id for o in onderdelen),
            "laatste_periode": laatste,
            "hoofdstukken": list(plan.hoofdstukken.order_by("volgorde")),
            # ordered within the plan only: the models' own orderings would join the plan and
            # its region to sort by values every row shares
            "agendalijsten": plan.agendalijsten.order_by("nummer").prefetch_related(
                Prefetch(
                    "punten",
                    queryset=Agendapunt.objects.select_related("subregio").order_by("nummer"),
                )
            ),
            "vaststellingen": list(
                plan.vaststellingen.select_related("gemeente").order_by("gemeente__naam")
            ),
            "aantal_gemeenten": plan.regio.deelnames.count(),
            "toetsingskaders": list(plan.toetsingskaders.all()),
            "begrotingsposten": plan.begrotingsposten.exists(),
            "excel_export": mag_plan_exporteren(request.user, plan),
            "excel_import": is_beheerder(request.user),
        },
    )


@login_required
def onderdeel(request, slug, niveau, code):
    plan = get_plan_for_user(request.user, slug)
    niveau = get_niveau(plan, niveau)
    gevonden = onderdelen_met_inhoud(
        plan,
        niveau=niveau,
        queryset=plan.onderdelen.filter(niveau=niveau, code=code)
        .select_related(VOOROUDERS_MEE)
        .prefetch_related(
            Prefetch(
                "overleggen",
                queryset=Overlegstructuur.objects.select_related("sectie").order_by(
                    "sectie__volgorde", "volgorde"
                ),
            ),
            begrotingsposten_prefetch(to_attr="alle_posten"),
            indicatoren_prefetch(to_attr="alle_indicatoren"),
        ),
    )
    if not gevonden:
        raise Http404(ONDERDEEL_ONBEKEND)
    item = gevonden[0]
    for post in item.alle_posten:
        post.plan = plan
    voorouders = _voorouders(plan, item)
    rapporteert = item.niveau_id == plan.planvorm.rapportageniveau_id
    perioden = perioden_voor_gebruiker(request.user, plan).order_by("jaar", "kwartaal")
    soorten = {rij.soort for rij in item.rijen}
    return render(
        request,
        "agenda/onderdeel.html",
        {
            "plan": plan,
            "menu": "plan",
            "onderdeel": item,
            "voorouders": voorouders,
            "rapporteert": rapporteert,
            "verloop": rapporten_per_onderdeel(item, list(perioden)) if rapporteert else [],
            "links": True,  # items of the next level link to their own pages
            "toon_rollen": "rollen" not in soorten,
            "toon_begroting": "begroting" not in soorten and item.alle_posten,
            "toon_indicatoren": "indicatoren" not in soorten,
        },
    )


@login_required
def geschiedenis(request, slug, niveau, code):
    """Every change to an item, its lists and its quarterly reports: who, when and what."""
    plan = get_plan_for_user(request.user, slug)
    item = get_onderdeel(plan, niveau, code)
    perioden = {p.pk: p for p in perioden_voor_gebruiker(request.user, plan)}
    lijst = gebeurtenissen(
        item.history.select_related("history_user"), lambda r: item.niveau.naam, plan=plan
    )
    for model, naam in [
        (Beleidsdoel, "Beleidsdoel"),
        (MaatschappelijkEffect, "Maatschappelijk effect"),
        (Rol, "Rol"),
    ]:
        records = model.history.filter(onderdeel_id=item.pk).select_related("history_user")
        lijst += gebeurtenissen(records, lambda r, naam=naam: f"{naam} {r.volgorde + 1}")
    kinderen = Onderdeel.history.filter(ouder_id=item.pk).select_related("history_user")
    kinderniveau = plan.niveau(item.niveau.diepte + 1)
    if kinderniveau is not None:
        lijst += gebeurtenissen(kinderen, lambda r: f"{kinderniveau.naam} {r.code}", plan=plan)
    rapport_records = ThemaRapportage.history.filter(
        onderdeel_id=item.pk, periode_id__in=list(perioden)
    ).select_related("history_user")
    lijst += gebeurtenissen(rapport_records, lambda r: _rapportnaam(perioden[r.periode_id]))
    lijst.sort(key=lambda g: g.moment, reverse=True)
    return render(
        request,
        "agenda/geschiedenis.html",
        {"plan": plan, "menu": "plan", "onderdeel": item, "gebeurtenissen": lijst},
    )


# The items above an item, read with it: two levels up covers every shape so far.
VOOROUDERS_MEE = "ouder__ouder"


def _voorouders(plan, item) -> list[Onderdeel]:
    """The items above `item`, top first; a deeper outline reads the rest in one query."""
    reeks, hoogste = [], item
    while hoogste.ouder_id and Onderdeel.ouder.is_cached(hoogste):
        hoogste = hoogste.ouder
        reeks.append(hoogste)
    if hoogste.ouder_id:
        reeks += plan.onderdelen.filter(pad__in=_voorpaden(hoogste.pad))
    return koppelen(plan, sorted(reeks, key=lambda o: o.pad))


def _voorpaden(pad: str) -> list[str]:
    """The positions of an item's ancestors: "00001.00007.00002" → "00001", "00001.00007"."""
    delen = pad.split(".")
    return [".".join(delen[:n]) for n in range(1, len(delen))]


def _rapportnaam(periode) -> str:
    """ "Rapportage juli 2015" as the period is titled, else "Rapportage 3e kwartaal 2015"."""
    naam = periode.naam
    return naam if naam.lower().startswith("rapportage") else f"Rapportage {naam.lower()}"
