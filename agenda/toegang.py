"""Who may read which plan: the one place that answers it for pages, exports and PDFs alike."""

from django.http import Http404

from regio.constants import Gebruikersrol

from .constants import PlanStatus
from .models import Plan


def plannen_voor_gebruiker(gebruiker):
    """The plans an account may read: those of its own region; the griffie only adopted ones."""
    if not gebruiker.is_authenticated:
        return Plan.objects.none()
    if gebruiker.is_superuser:
        return Plan.objects.all()
    if not gebruiker.regio_id or not gebruiker.rol:
        # An account without a role (new from the identity provider) reads nothing yet.
        return Plan.objects.none()
    plannen = Plan.objects.filter(regio_id=gebruiker.regio_id)
    if gebruiker.rol == Gebruikersrol.GRIFFIE:
        plannen = plannen.filter(status=PlanStatus.VASTGESTELD)
    return plannen


def get_plan_for_user(gebruiker, slug) -> Plan:
    """The plan, or 404: another region's plan is not shown to exist."""
    plan = plannen_voor_gebruiker(gebruiker).select_related("regio").filter(slug=slug).first()
    if plan is None:
        raise Http404("Dit plan bestaat niet of u heeft er geen toegang toe.")
    return plan
