"""Small builders for accounts and a second region, shared by the tests."""

from agenda.models import Plan, Speerpunt, Thema
from regio.constants import Gebruikersrol
from regio.models import Gebruiker, Regio
from regio.rollen import rol_toekennen


def maak_gebruiker(rol: Gebruikersrol, regio: Regio | None, naam: str | None = None) -> Gebruiker:
    gebruiker = Gebruiker.objects.create_user(naam or rol.value, password="geheim-wachtwoord")
    gebruiker.regio = regio
    rol_toekennen(gebruiker, rol)
    return gebruiker


def maak_andere_regio() -> tuple[Regio, Plan]:
    """A second region with a small concept plan, to prove nobody sees another region's data."""
    regio = Regio.objects.create(naam="Holland Rijnland", slug="holland-rijnland")
    plan = Plan.objects.create(
        regio=regio,
        slug="holland-rijnland-2014",
        titel="Actieplan Holland Rijnland",
        jaar_van=2014,
        jaar_tot_en_met=2015,
    )
    speerpunt = Speerpunt.objects.create(plan=plan, nummer=1, titel="Taken")
    Thema.objects.create(plan=plan, speerpunt=speerpunt, nummer=1, titel="Geheim thema")
    return regio, plan


def koppel_aan_persoon(gebruiker: Gebruiker, naam: str):
    from regio.models import Persoon

    persoon = Persoon.objects.get(regio=gebruiker.regio, naam=naam)
    persoon.gebruiker = gebruiker
    persoon.save()
    return persoon
