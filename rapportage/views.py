from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agenda.toegang import get_plan_for_user

from .selectors import rapport_inhoud
from .toegang import get_periode_for_user, is_manager, perioden_voor_gebruiker


@login_required
def overzicht(request, slug):
    plan = get_plan_for_user(request.user, slug)
    perioden = perioden_voor_gebruiker(request.user, plan).order_by("-jaar", "-kwartaal")
    return render(
        request,
        "rapportage/overzicht.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "perioden": perioden,
            "manager": is_manager(request.user, plan.regio_id),
        },
    )


@login_required
def rapport(request, slug, code):
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_for_user(request.user, plan, code)
    return render(
        request,
        "rapportage/rapport.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "periode": periode,
            "groepen": rapport_inhoud(periode),
        },
    )
