"""Dashboard pages and exports. Thin: access in dashboard.toegang, figures in dashboard.selectors."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from agenda.toegang import plannen_voor_gebruiker
from rapportage.toegang import perioden_voor_gebruiker

from . import exports, pdfkoppeling, selectors
from .filters import DashboardFilter, leidende_rollen
from .grafiek import trendgrafiek
from .toegang import (
    eigen_plan_ids,
    get_dashboardplan,
    landelijke_perioden,
    landelijke_plannen,
    mag_landelijk_overzicht,
    vereis_landelijk_overzicht,
)

# The filters of the form, in the two groups it shows them in.
SELECTIEVELDEN = [
    "groep",
    "domein",
    "schaal",
    "prioriteit",
    "persoon",
    "overleg",
    "subregio",
    "gemeente",
]
STANDVELDEN = ["tijd", "kosten", "bijzonderheden", "verandering", "kwartaal", "kwartalen"]


def _dashboard(request, slug):
    plan = get_dashboardplan(request.user, slug)
    perioden = perioden_voor_gebruiker(request.user, plan).order_by("jaar", "kwartaal")
    filters = DashboardFilter(request.GET, plan=plan, perioden=perioden)
    return plan, filters, selectors.region_dashboard(filters)


def _context(request, plan, filters, dashboard, menu):
    zoekvraag = request.GET.urlencode()
    achter = f"?{zoekvraag}" if zoekvraag else ""
    return {
        "plan": plan,
        "menu": menu,
        "filters": filters,
        "dashboard": dashboard,
        "zoekvraag": achter,
        "actieve_filters": filters.actieve_filters(),
        "mag_landelijk": mag_landelijk_overzicht(request.user),
        "dimensienamen": list(selectors.DIMENSIENAAM.values()),
        "kolomnamen": selectors.TELLINGKOLOMMEN,
        # The plan's own words for what the dashboard lists and who leads it.
        "niveau": plan.rapportageniveau,
        "groepniveau": plan.groepniveau,
        "leiders": " / ".join(r.label for r in leidende_rollen(plan)),
        "selectievelden": [
            filters.form[naam] for naam in SELECTIEVELDEN if naam in filters.form.fields
        ],
        "standvelden": [filters.form[naam] for naam in STANDVELDEN],
    }


@login_required
def start(request):
    """One plan: its dashboard (keeping the filters); several: the national overview."""
    plannen = list(plannen_voor_gebruiker(request.user).select_related("regio"))
    if len(plannen) == 1:
        zoekvraag = request.GET.urlencode()
        doel = reverse("dashboard:regio", args=[plannen[0].slug])
        return redirect(f"{doel}?{zoekvraag}" if zoekvraag else doel)
    if mag_landelijk_overzicht(request.user):
        return redirect("dashboard:landelijk")
    return render(request, "dashboard/start.html", {"plannen": plannen, "menu": "dashboard"})


@login_required
def regio(request, slug):
    plan, filters, dashboard = _dashboard(request, slug)
    context = _context(request, plan, filters, dashboard, "dashboard")
    context["grafiek"] = trendgrafiek(dashboard.tellingen)
    context["indicatoren"] = selectors.indicatoren_in_beeld(dashboard)
    context["pdf"] = pdfkoppeling.pdf_selectie(plan, filters)
    return render(request, "dashboard/regio.html", context)


@login_required
def export(request, slug, formaat):
    plan, filters, dashboard = _dashboard(request, slug)
    stempel = timezone.localdate().isoformat()
    naam = (
        f"dashboard-{plan.slug}-{dashboard.peilperiode.code if dashboard.peilperiode else 'leeg'}"
    )
    if formaat == "csv":
        antwoord = HttpResponse(exports.als_csv(dashboard), content_type="text/csv; charset=utf-8")
    elif formaat == "pdf":
        inhoud = exports.als_pdf(dashboard, filters.actieve_filters())
        antwoord = HttpResponse(inhoud, content_type="application/pdf")
    else:
        antwoord = HttpResponse(
            exports.als_xlsx(dashboard, filters.actieve_filters()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}-{stempel}.{formaat}"'
    return antwoord


@login_required
def personen(request, slug):
    plan, filters, dashboard = _dashboard(request, slug)
    context = _context(request, plan, filters, dashboard, "dashboard")
    context["personen"] = selectors.personen(dashboard)
    return render(request, "dashboard/personen.html", context)


@login_required
def overleggen(request, slug):
    plan, filters, dashboard = _dashboard(request, slug)
    context = _context(request, plan, filters, dashboard, "dashboard")
    context["overleggen"] = selectors.overleggen(dashboard)
    return render(request, "dashboard/overleggen.html", context)


@login_required
def landelijk(request):
    vereis_landelijk_overzicht(request.user)
    rijen = selectors.landelijk_overzicht(
        landelijke_plannen(request.user),
        landelijke_perioden(request.user),
        eigen_plan_ids(request.user),
    )
    return render(
        request,
        "dashboard/landelijk.html",
        {"rijen": rijen, "menu": "dashboard", "totaal": selectors.landelijk_totaal(rijen)},
    )
