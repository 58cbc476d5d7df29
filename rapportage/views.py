from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agenda.toegang import get_plan_for_user

from .selectors import (
    archief_van_vaststelling,
    laatste_archieven,
    rapport_inhoud,
    stand_van_rapport,
)
from .toegang import (
    get_periode_for_user,
    is_manager,
    perioden_voor_gebruiker,
    ziet_controlegetal,
)


@login_required
def overzicht(request, slug):
    plan = get_plan_for_user(request.user, slug)
    controlegetal = ziet_controlegetal(request.user)
    # Read once: the open quarter is found among the periods the page lists. The archived
    # versions only for those shown their checksum.
    perioden = list(perioden_voor_gebruiker(request.user, plan).order_by("-jaar", "-kwartaal"))
    if controlegetal:
        laatste_archieven(plan, perioden)
    return render(
        request,
        "rapportage/overzicht.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "perioden": perioden,
            "manager": is_manager(request.user, plan.regio_id),
            "open_periode": next((p for p in perioden if p.is_open), None),
            "controlegetal": controlegetal,
        },
    )


@login_required
def rapport(request, slug, code):
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_for_user(request.user, plan, code)
    groepen = rapport_inhoud(periode)
    archief = archief_van_vaststelling(periode)
    return render(
        request,
        "rapportage/rapport.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "periode": periode,
            "groepen": groepen,
            "stand": stand_van_rapport(groepen),
            "archief": archief,
            "controlegetal": archief is not None and ziet_controlegetal(request.user),
        },
    )
