from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render

from rapportage.selectors import laatste_rapporten, rapporten_per_thema
from rapportage.toegang import perioden_voor_gebruiker

from .constants import RIJEN
from .models import Overlegstructuur, Thema, ThemaRol
from .toegang import get_plan_for_user, plannen_voor_gebruiker


@login_required
def start(request):
    plannen = list(plannen_voor_gebruiker(request.user).select_related("regio"))
    if len(plannen) == 1:
        return redirect("agenda:plan", plannen[0].slug)
    return render(request, "agenda/start.html", {"plannen": plannen})


def _trekkers_prefetch():
    return Prefetch(
        "rollen",
        queryset=ThemaRol.objects.select_related("persoon").order_by("rol", "persoon__naam"),
    )


@login_required
def plan(request, slug):
    plan = get_plan_for_user(request.user, slug)
    themas = (
        plan.themas.select_related("speerpunt")
        .prefetch_related(_trekkers_prefetch())
        .order_by("speerpunt__nummer", "nummer")
    )
    laatste, rapporten = laatste_rapporten(perioden_voor_gebruiker(request.user, plan))
    speerpunten = {}
    for thema in themas:
        thema.laatste_rapport = rapporten.get(thema.pk)
        speerpunten.setdefault(thema.speerpunt, []).append(thema)
    return render(
        request,
        "agenda/plan.html",
        {
            "plan": plan,
            "menu": "plan",
            "speerpunten": speerpunten.items(),
            "laatste_periode": laatste,
            "agendalijsten": plan.agendalijsten.prefetch_related("punten__subregio"),
        },
    )


@login_required
def thema(request, slug, nummer):
    plan = get_plan_for_user(request.user, slug)
    thema = (
        Thema.objects.filter(plan=plan, nummer=nummer)
        .select_related("speerpunt")
        .prefetch_related(
            "beleidsdoelen",
            "maatschappelijke_effecten",
            "activiteiten",
            "financiering",
            "partner_organisaties",
            _trekkers_prefetch(),
            Prefetch("overleggen", queryset=Overlegstructuur.objects.select_related("sectie")),
        )
        .first()
    )
    if thema is None:
        raise Http404("Dit thema bestaat niet in dit plan.")
    thema.plan = plan
    perioden = perioden_voor_gebruiker(request.user, plan).order_by("jaar", "kwartaal")
    return render(
        request,
        "agenda/thema.html",
        {
            "plan": plan,
            "menu": "plan",
            "thema": thema,
            "rijen": RIJEN,
            "verloop": rapporten_per_thema(thema, list(perioden)),
        },
    )


@login_required
def overlegstructuur(request, slug):
    plan = get_plan_for_user(request.user, slug)
    secties = plan.overlegsecties.prefetch_related(
        Prefetch(
            "overleggen",
            queryset=Overlegstructuur.objects.prefetch_related(
                Prefetch(
                    "themas",
                    queryset=Thema.objects.order_by("nummer").only("nummer", "titel", "plan_id"),
                )
            ),
        )
    )
    return render(
        request,
        "agenda/overlegstructuur.html",
        {"plan": plan, "menu": "overleg", "secties": secties},
    )


@login_required
def thema_geschiedenis(request, slug, nummer):
    """Every change to a theme, its lists and its quarterly reports: who, when and what."""
    from rapportage.models import ThemaRapportage

    from .geschiedenis import gebeurtenissen
    from .models import Activiteit, Beleidsdoel, Financiering, MaatschappelijkEffect

    plan = get_plan_for_user(request.user, slug)
    thema = Thema.objects.filter(plan=plan, nummer=nummer).first()
    if thema is None:
        raise Http404("Dit thema bestaat niet in dit plan.")
    perioden = {p.pk: p for p in perioden_voor_gebruiker(request.user, plan)}
    lijst = gebeurtenissen(thema.history.select_related("history_user"), lambda r: "Thema")
    for model, naam in [
        (Beleidsdoel, "Beleidsdoel"),
        (MaatschappelijkEffect, "Maatschappelijk effect"),
        (Activiteit, "Activiteit"),
        (Financiering, "Financiering"),
    ]:
        records = model.history.filter(thema_id=thema.pk).select_related("history_user")
        lijst += gebeurtenissen(records, lambda r, naam=naam: f"{naam} {r.volgorde + 1}")
    rapport_records = ThemaRapportage.history.filter(
        thema_id=thema.pk, periode_id__in=list(perioden)
    ).select_related("history_user")
    lijst += gebeurtenissen(rapport_records, lambda r: _rapportnaam(perioden[r.periode_id]))
    lijst.sort(key=lambda g: g.moment, reverse=True)
    return render(
        request,
        "agenda/thema_geschiedenis.html",
        {"plan": plan, "menu": "plan", "thema": thema, "gebeurtenissen": lijst},
    )


def _rapportnaam(periode) -> str:
    """ "Rapportage juli 2015" as the period is titled, else "Rapportage 3e kwartaal 2015"."""
    naam = periode.naam
    return naam if naam.lower().startswith("rapportage") else f"Rapportage {naam.lower()}"
