"""Who may read and who may fill in which report: the one place that answers it.

Every page, form, export and PDF endpoint asks these functions; hiding a link is never enough.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from agenda.selectors import gerapporteerde_onderdelen
from agenda.toegang import plannen_voor_gebruiker
from regio.constants import Gebruikersrol

from .constants import PeriodeStatus, RapportageStatus
from .models import ThemaRapportage


def perioden_voor_gebruiker(gebruiker, plan):
    """A plan's periods; the griffie reads adopted reports only."""
    perioden = plan.rapportageperiodes.all()
    if gebruiker.rol == Gebruikersrol.GRIFFIE and not gebruiker.is_superuser:
        perioden = perioden.filter(status=PeriodeStatus.VASTGESTELD)
    return perioden


def get_periode_for_user(gebruiker, plan, code):
    """The period named as on the command line ("2015-Q2"), or 404."""
    periode = perioden_voor_gebruiker(gebruiker, plan).met_code(code).first()
    if periode is None:
        raise Http404("Deze rapportageperiode bestaat niet of u heeft er geen toegang toe.")
    periode.plan = plan
    return periode


def is_manager(gebruiker, regio_id) -> bool:
    """A transformatiemanager of this region (or a superuser)."""
    if gebruiker.is_superuser:
        return True
    return gebruiker.rol == Gebruikersrol.TRANSFORMATIEMANAGER and gebruiker.regio_id == regio_id


def onderdelen_van_gebruiker(gebruiker, plan):
    """The reported items of a plan whose report this account fills in: through a role that
    reports (trekker, 1e aanspreekpersoon: the plan's own list says which), or chosen by a
    manager as invuller."""
    from django.db.models import Q

    return (
        gerapporteerde_onderdelen(plan)
        .filter(
            Q(rollen__persoon__gebruiker=gebruiker, rollen__soort__rapporteert=True)
            | Q(invullers=gebruiker)
        )
        .distinct()
    )


def is_invuller(gebruiker, onderdeel) -> bool:
    return onderdelen_van_gebruiker(gebruiker, onderdeel.plan).filter(pk=onderdeel.pk).exists()


def mag_invullen(gebruiker, rapport) -> bool:
    """May this account change this report now?"""
    periode = rapport.periode
    if rapport.vergrendeld or periode.status != PeriodeStatus.OPEN:
        return False
    regio_id = periode.plan.regio_id
    if is_manager(gebruiker, regio_id):
        return True
    return (
        gebruiker.rol == Gebruikersrol.BELEIDSMEDEWERKER
        and gebruiker.regio_id == regio_id
        and rapport.status in (RapportageStatus.CONCEPT, RapportageStatus.TERUGGESTUURD)
        and is_invuller(gebruiker, rapport.onderdeel)
    )


def get_rapportage_for_user(gebruiker, pk, *, write=False) -> ThemaRapportage:
    """An item's report: 404 when the account may not see it, 403 when it may not change it."""
    rapport = (
        ThemaRapportage.objects.select_related("periode__plan__regio", "onderdeel__niveau")
        .filter(pk=pk, periode__plan__in=plannen_voor_gebruiker(gebruiker))
        .first()
    )
    if (
        rapport is None
        or not perioden_voor_gebruiker(gebruiker, rapport.periode.plan)
        .filter(pk=rapport.periode_id)
        .exists()
    ):
        raise Http404("Deze rapportage bestaat niet of u heeft er geen toegang toe.")
    if write and not mag_invullen(gebruiker, rapport):
        raise PermissionDenied("U mag deze rapportage nu niet wijzigen.")
    return rapport


def get_periode_voor_manager(gebruiker, plan, code):
    """A period the account manages: 404 when unseen, 403 when not a manager of its region."""
    periode = get_periode_for_user(gebruiker, plan, code)
    if not is_manager(gebruiker, plan.regio_id):
        raise PermissionDenied("Alleen een transformatiemanager van deze regio mag dit.")
    return periode
