"""Who may read which plan: the one place that answers it for pages, exports and PDFs alike."""

from django.db.models import Exists, OuterRef
from django.http import Http404

from regio.constants import Gebruikersrol

from .constants import PlanStatus
from .models import Overlegsectie, Plan


def plannen_voor_gebruiker(gebruiker):
    """The plans an account may read: those of its own region; the griffie only adopted ones."""
    if not gebruiker.is_authenticated:
        return Plan.objects.none()
    if gebruiker.is_superuser:
        return Plan.objects.all()
    if not gebruiker.regio_id:
        return Plan.objects.none()
    plannen = Plan.objects.filter(regio_id=gebruiker.regio_id)
    if gebruiker.rol == Gebruikersrol.GRIFFIE:
        plannen = plannen.filter(status=PlanStatus.VASTGESTELD)
    return plannen


def get_plan_for_user(gebruiker, slug) -> Plan:
    """The plan, or 404: another region's plan is not shown to exist."""
    plan = (
        plannen_voor_gebruiker(gebruiker)
        .select_related("regio", "planvorm")
        .annotate(met_overleg=Exists(Overlegsectie.objects.filter(plan=OuterRef("pk"))))
        .filter(slug=slug)
        .first()
    )
    if plan is None:
        raise Http404("Dit plan bestaat niet of u heeft er geen toegang toe.")
    return plan


def get_onderdeel(plan: Plan, niveau_slug: str, code: str):
    """An item of a readable plan by its level's address and its number, or 404."""
    niveau = next((n for n in plan.niveaus if n.slug == niveau_slug), None)
    onderdeel = (
        plan.onderdelen.filter(niveau=niveau, code=code).first() if niveau is not None else None
    )
    if onderdeel is None:
        raise Http404("Dit onderdeel bestaat niet in dit plan.")
    onderdeel.plan = plan
    onderdeel.niveau = niveau
    return onderdeel
