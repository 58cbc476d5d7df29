"""What each role may do in the Django admin, in one place.

The web pages of the reporting cycle check scope themselves; these groups only govern the admin.
"""

from django.contrib.auth.models import Group, Permission

from .constants import Gebruikersrol

BEHEERDE_APPS = ["regio", "agenda", "rapportage"]

# Per role: which actions on the models of BEHEERDE_APPS, and whether the admin opens at all.
RECHTEN = {
    Gebruikersrol.BEHEERDER: {"acties": ["view", "add", "change", "delete"], "beheer": True},
    Gebruikersrol.TRANSFORMATIEMANAGER: {"acties": ["view"], "beheer": True},
    Gebruikersrol.GRIFFIE: {"acties": ["view"], "beheer": True},
    Gebruikersrol.BELEIDSMEDEWERKER: {"acties": ["view"], "beheer": True},
}


def groep_voor_rol(rol: Gebruikersrol) -> Group:
    """The permission group of a role, created or brought up to date."""
    groep, _ = Group.objects.get_or_create(name=rol.label)
    acties = RECHTEN[rol]["acties"]
    rechten = Permission.objects.filter(content_type__app_label__in=BEHEERDE_APPS).filter(
        codename__regex=rf"^({'|'.join(acties)})_"
    )
    if rol != Gebruikersrol.BEHEERDER:
        # Accounts are the beheerder's business alone.
        rechten = rechten.exclude(content_type__model__in=["gebruiker", "historicalgebruiker"])
    groep.permissions.set(rechten)
    return groep


def rol_toekennen(gebruiker, rol: Gebruikersrol):
    gebruiker.rol = rol
    gebruiker.is_staff = RECHTEN[rol]["beheer"]
    gebruiker.save()
    gebruiker.groups.set([groep_voor_rol(rol)])
