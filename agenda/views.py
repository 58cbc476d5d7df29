"""Pages of the plan itself: the meeting structure, the budget and the checklist.

The plan's front page and its items' pages show their quarterly status and live a layer up
(rapportage.views_plan), so that the plan does not depend on its reports."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render

from . import begroting as begroting_service
from .models import Onderdeel, Overlegstructuur
from .selectors import begrotingsposten_van_plan
from .toegang import get_plan_for_user, plannen_voor_gebruiker
from .toetsing import toetsing_van_plan


@login_required
def start(request):
    plannen = list(plannen_voor_gebruiker(request.user).select_related("regio"))
    if len(plannen) == 1:
        return redirect("rapportage:plan", plannen[0].slug)
    return render(request, "agenda/start.html", {"plannen": plannen})


@login_required
def overlegstructuur(request, slug):
    plan = get_plan_for_user(request.user, slug)
    secties = plan.overlegsecties.prefetch_related(
        Prefetch(
            "overleggen",
            queryset=Overlegstructuur.objects.prefetch_related(
                Prefetch(
                    "onderdelen",
                    queryset=Onderdeel.objects.select_related("niveau").order_by("pad"),
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
def begroting(request, slug):
    """Every budget line of the plan with its share per gemeente, and the reserves."""
    plan = get_plan_for_user(request.user, slug)
    posten = begrotingsposten_van_plan(plan)
    return render(
        request,
        "agenda/begroting.html",
        {
            "plan": plan,
            "menu": "plan",
            "posten": posten,
            "totaal": sum(p.bedrag for p in posten if p.bedrag is not None),
            "reserves": begroting_service.reservestanden(plan),
        },
    )


@login_required
def toetsing(request, slug, kader):
    """The plan held against a checklist: per requirement what covers it, or that it is missing."""
    plan = get_plan_for_user(request.user, slug)
    resultaat = toetsing_van_plan(plan, kader)
    if resultaat is None:
        raise Http404("Dit plan wordt niet aan dit kader getoetst.")
    return render(
        request, "agenda/toetsing.html", {"plan": plan, "menu": "plan", "toetsing": resultaat}
    )
