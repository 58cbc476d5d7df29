"""Who sees which dashboard. Builds on agenda.toegang and rapportage.toegang, never around them.

- The region dashboard, its people, meetings and exports show exactly what the account may already
  read on the plan and report pages: its own region's plan and periods (the griffie only adopted
  ones). A beleidsmedewerker may open it too: it is a read-only summary of reports they can read.
  Another region's plan does not exist for the account (404).
- The national overview is for the steering and oversight roles (transformatiemanager, griffie,
  functioneel beheerder). It shows the own region as the account may read it and, of other regions,
  only aggregated figures of adopted plans and adopted periods: those reports went to the council.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from agenda.constants import PlanStatus
from agenda.models import Plan
from agenda.toegang import get_plan_for_user, plannen_voor_gebruiker
from rapportage.constants import PeriodeStatus
from rapportage.models import Rapportageperiode
from regio.constants import Gebruikersrol

LANDELIJKE_ROLLEN = (
    Gebruikersrol.TRANSFORMATIEMANAGER,
    Gebruikersrol.GRIFFIE,
    Gebruikersrol.BEHEERDER,
)


def get_dashboardplan(gebruiker, slug) -> Plan:
    """The plan of a region dashboard, or 404 (as every plan page)."""
    return get_plan_for_user(gebruiker, slug)


def mag_landelijk_overzicht(gebruiker) -> bool:
    return gebruiker.is_authenticated and (
        gebruiker.is_superuser or gebruiker.rol in LANDELIJKE_ROLLEN
    )


def vereis_landelijk_overzicht(gebruiker):
    if not mag_landelijk_overzicht(gebruiker):
        raise PermissionDenied(
            "Het landelijk overzicht is voor transformatiemanagers, griffie en beheerders."
        )


def _alleen_vastgesteld(gebruiker) -> bool:
    """Mirrors rapportage.toegang.perioden_voor_gebruiker: the griffie reads adopted periods only."""
    return gebruiker.rol == Gebruikersrol.GRIFFIE and not gebruiker.is_superuser


def landelijke_plannen(gebruiker):
    """Plans in the national overview: the account's own plans, and adopted plans elsewhere."""
    if gebruiker.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(
        Q(pk__in=plannen_voor_gebruiker(gebruiker).values("pk")) | Q(status=PlanStatus.VASTGESTELD)
    )


def landelijke_perioden(gebruiker):
    """Periods in the national overview: own region as readable there, elsewhere adopted only."""
    if gebruiker.is_superuser:
        return Rapportageperiode.objects.all()
    vastgesteld = Q(status=PeriodeStatus.VASTGESTELD, plan__status=PlanStatus.VASTGESTELD)
    if _alleen_vastgesteld(gebruiker):
        return Rapportageperiode.objects.filter(vastgesteld)
    eigen = Q(plan__in=plannen_voor_gebruiker(gebruiker).values("pk"))
    return Rapportageperiode.objects.filter(eigen | vastgesteld)


def eigen_plan_ids(gebruiker) -> set[int]:
    """Plans whose region dashboard the account may open (linked from the national overview)."""
    return set(plannen_voor_gebruiker(gebruiker).values_list("pk", flat=True))
