"""The plan's front page and its items' pages, with their quarterly status and history.

They live here, above agenda, because they show reports: the plan does not depend on them."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from agenda.constants import KeuzelijstSoort
from agenda.geschiedenis import gebeurtenissen
from agenda.models import (
    Begrotingspost,
    Beleidsdoel,
    Indicator,
    MaatschappelijkEffect,
    Meting,
    Onderdeel,
    Overlegstructuur,
    Rol,
)
from agenda.selectors import (
    gerapporteerde_onderdelen,
    groepen_met_onderdelen,
    koppelen,
    onderdelen_met_inhoud,
    rollen_prefetch,
)
from agenda.toegang import get_onderdeel, get_plan_for_user

from .models import ThemaRapportage
from .selectors import laatste_rapporten, rapporten_per_onderdeel
from .toegang import perioden_voor_gebruiker


@login_required
def plan(request, slug):
    plan = get_plan_for_user(request.user, slug)
    onderdelen = koppelen(
        plan,
        list(
            gerapporteerde_onderdelen(plan)
            .select_related("schaal", "prioriteit", "subregio")
            .prefetch_related("domeinen", rollen_prefetch())
            .order_by("pad")
        ),
    )
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
            "groepen": groepen_met_onderdelen(plan, onderdelen),
            "niveau": plan.rapportageniveau,
            "leidende_rol": next((r for r in rollen if r.leidend), None),
            "met_schaal": any(o.schaal_id for o in onderdelen),
            "met_prioriteit": any(o.prioriteit_id for o in onderdelen),
            "laatste_periode": laatste,
            "hoofdstukken": list(plan.hoofdstukken.order_by("volgorde")),
            "agendalijsten": plan.agendalijsten.prefetch_related("punten__subregio"),
            "vaststellingen": list(plan.vaststellingen.select_related("gemeente")),
            "aantal_gemeenten": plan.regio.deelnames.count(),
            "toetsingskaders": list(plan.toetsingskaders.all()),
            "begrotingsposten": plan.begrotingsposten.exists(),
        },
    )


@login_required
def onderdeel(request, slug, niveau, code):
    plan = get_plan_for_user(request.user, slug)
    gevonden = get_onderdeel(plan, niveau, code)
    item = onderdelen_met_inhoud(
        plan,
        niveau=gevonden.niveau,
        queryset=plan.onderdelen.filter(pk=gevonden.pk).prefetch_related(
            "invullers",
            Prefetch("overleggen", queryset=Overlegstructuur.objects.select_related("sectie")),
            Prefetch(
                "begrotingsposten",
                queryset=Begrotingspost.objects.select_related("bron", "reserve").prefetch_related(
                    "bijdragen__gemeente"
                ),
                to_attr="alle_posten",
            ),
            Prefetch(
                "indicatoren",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch(
                        "metingen",
                        queryset=Meting.objects.select_related("gemeente", "aanbieder").order_by(
                            "jaar", "periode", "gemeente__naam", "aanbieder__naam"
                        ),
                    )
                ),
                to_attr="alle_indicatoren",
            ),
        ),
    )[0]
    for post in item.alle_posten:
        post.plan = plan
    voorouders = koppelen(
        plan, list(plan.onderdelen.filter(pad__in=_voorpaden(item.pad)).order_by("pad"))
    )
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


def _voorpaden(pad: str) -> list[str]:
    """The positions of an item's ancestors: "00001.00007.00002" → "00001", "00001.00007"."""
    delen = pad.split(".")
    return [".".join(delen[:n]) for n in range(1, len(delen))]


def _rapportnaam(periode) -> str:
    """ "Rapportage juli 2015" as the period is titled, else "Rapportage 3e kwartaal 2015"."""
    naam = periode.naam
    return naam if naam.lower().startswith("rapportage") else f"Rapportage {naam.lower()}"
