"""What each role may do in the Django admin, in one place.

The web pages of the reporting cycle check scope themselves; these groups only govern the admin.
"""

from django.contrib.auth.models import Group, Permission

from .constants import Gebruikersrol

# axes: the beheerder sees login lockouts and lifts one by deleting it.
BEHEERDE_APPS = ["regio", "agenda", "rapportage", "axes"]
TWEEDE_STAP_RECHTEN = ["view_totpdevice", "delete_totpdevice"]

# Per role: which actions on the models of BEHEERDE_APPS, and whether the admin opens at all.
# Only the functioneel beheerder works in the admin: it knows no region and no period status, so
# opening it to other roles would show them other regions' and unadopted reports, which the
# pages (rapportage.toegang) keep from them.
RECHTEN = {
    Gebruikersrol.BEHEERDER: {"acties": ["view", "add", "change", "delete"], "beheer": True},
    Gebruikersrol.TRANSFORMATIEMANAGER: {"acties": [], "beheer": False},
    Gebruikersrol.GRIFFIE: {"acties": [], "beheer": False},
    Gebruikersrol.BELEIDSMEDEWERKER: {"acties": [], "beheer": False},
}


def groep_voor_rol(rol: Gebruikersrol) -> Group:
    """The permission group of a role, created or brought up to date."""
    groep, _ = Group.objects.get_or_create(name=rol.label)
    acties = RECHTEN[rol]["acties"]
    if not acties:
        groep.permissions.clear()
        return groep
    rechten = Permission.objects.filter(content_type__app_label__in=BEHEERDE_APPS).filter(
        codename__regex=rf"^({'|'.join(acties)})_"
    )
    if rol != Gebruikersrol.BEHEERDER:
        # Accounts are the beheerder's business alone.
        rechten = rechten.exclude(content_type__model__in=["gebruiker", "historicalgebruiker"])
    else:
        # Unlinking a colleague's lost authenticator app; never adding or reading one's key.
        rechten = rechten | Permission.objects.filter(
            content_type__app_label="otp_totp", codename__in=TWEEDE_STAP_RECHTEN
        )
    groep.permissions.set(rechten)
    return groep


def rol_toekennen(gebruiker, rol: Gebruikersrol):
    """Give an account its role: admin access and permissions follow from RECHTEN.

    A role replaces superuser status: superusers (every region, every right) are made with
    `createsuperuser` on the server only, never in the admin."""
    gebruiker.rol = rol
    gebruiker.is_superuser = False
    gebruiker.is_staff = RECHTEN[Gebruikersrol(rol)]["beheer"]
    gebruiker.save()
    gebruiker.groups.set([groep_voor_rol(Gebruikersrol(rol))])
