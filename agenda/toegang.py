"""Who may read which plan: the one place that answers it for pages, exports and PDFs alike."""

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
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
    if not gebruiker.regio_id or not gebruiker.rol:
        # An account without a role (new from the identity provider) reads nothing yet.
        return Plan.objects.none()
    plannen = Plan.objects.filter(regio_id=gebruiker.regio_id)
    if gebruiker.rol == Gebruikersrol.GRIFFIE:
        plannen = plannen.filter(status=PlanStatus.VASTGESTELD)
    return plannen


# Whether the plan has a meeting structure, for the menu every plan page shows, read with the plan.
# Written out: an Exists() subquery cost more to build and compile on each request than the rest
# of the lookup (1.2 of the reports list's 21 million instructions per request, measured with
# bench/tegen_oud_model.py --instructies).
_MET_OVERLEG = (
    f"EXISTS (SELECT 1 FROM {Overlegsectie._meta.db_table} "
    f"WHERE {Overlegsectie._meta.db_table}.plan_id = {Plan._meta.db_table}.id)"
)


def get_plan_for_user(gebruiker, slug) -> Plan:
    """The plan, or 404: another region's plan is not shown to exist."""
    try:
        # get() sorts nothing: the model's default order would join the region to sort one row.
        plan = (
            plannen_voor_gebruiker(gebruiker)
            .select_related("regio", "planvorm")
            .annotate(met_overleg=RawSQL(_MET_OVERLEG, (), output_field=BooleanField()))
            .get(slug=slug)
        )
    except Plan.DoesNotExist:
        raise Http404("Dit plan bestaat niet of u heeft er geen toegang toe.") from None
    if gebruiker.regio_id == plan.regio_id:
        # The page header names the account's region (base.html): the one just read with the plan.
        gebruiker.regio = plan.regio
    return plan


ONDERDEEL_ONBEKEND = "Dit onderdeel bestaat niet in dit plan."


def get_niveau(plan: Plan, niveau_slug: str):
    """A level of the plan's shape by its web-address part, or 404."""
    niveau = next((n for n in plan.niveaus if n.slug == niveau_slug), None)
    if niveau is None:
        raise Http404(ONDERDEEL_ONBEKEND)
    return niveau


def get_onderdeel(plan: Plan, niveau_slug: str, code: str):
    """An item of a readable plan by its level's address and its number, or 404."""
    niveau = get_niveau(plan, niveau_slug)
    onderdeel = plan.onderdelen.filter(niveau=niveau, code=code).order_by().first()
    if onderdeel is None:
        raise Http404(ONDERDEEL_ONBEKEND)
    onderdeel.plan = plan
    onderdeel.niveau = niveau
    return onderdeel


def is_beheerder(gebruiker) -> bool:
    """The functioneel beheerder (or a superuser): who brings whole plans in and out of Excel."""
    return gebruiker.is_authenticated and (
        gebruiker.is_superuser or gebruiker.rol == Gebruikersrol.BEHEERDER
    )


def mag_plan_exporteren(gebruiker, plan) -> bool:
    """A plan's whole workbook holds its unadopted reports: for those who see everything of the
    region (its beheerder and transformatiemanager), not for the griffie or a trekker."""
    if gebruiker.is_superuser:
        return True
    return gebruiker.regio_id == plan.regio_id and gebruiker.rol in (
        Gebruikersrol.BEHEERDER,
        Gebruikersrol.TRANSFORMATIEMANAGER,
    )
