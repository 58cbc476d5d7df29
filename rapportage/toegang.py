"""Which reporting periods an account may read."""

from django.http import Http404

from regio.constants import Gebruikersrol

from .constants import PeriodeStatus


def perioden_voor_gebruiker(gebruiker, plan):
    """A plan's periods; the griffie reads adopted reports only."""
    perioden = plan.rapportageperiodes.all()
    if gebruiker.rol == Gebruikersrol.GRIFFIE and not gebruiker.is_superuser:
        perioden = perioden.filter(status=PeriodeStatus.VASTGESTELD)
    return perioden


def get_periode_for_user(gebruiker, plan, code):
    """The period named as on the command line ("2015-Q2"), or 404."""
    jaar, _, kwartaal = code.upper().partition("-Q")
    if not (jaar.isdigit() and kwartaal.isdigit()):
        raise Http404("Onbekende periode.")
    periode = perioden_voor_gebruiker(gebruiker, plan).filter(jaar=jaar, kwartaal=kwartaal).first()
    if periode is None:
        raise Http404("Deze rapportageperiode bestaat niet of u heeft er geen toegang toe.")
    periode.plan = plan
    return periode
