"""Demo accounts for every reference region: here, above regio and agenda, because an account's
work is an item of a plan."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agenda.models import Plan
from regio.constants import Gebruikersrol
from regio.models import Gebruiker, Persoon, Regio
from regio.rollen import rol_toekennen

DEMO_WACHTWOORD = "demo"
ROLLEN = {
    "beleidsmedewerker": Gebruikersrol.BELEIDSMEDEWERKER,
    "transformatiemanager": Gebruikersrol.TRANSFORMATIEMANAGER,
    "griffie": Gebruikersrol.GRIFFIE,
    "beheerder": Gebruikersrol.BEHEERDER,
}
# Per reference region: the prefix of its accounts' names, and what the demo beleidsmedewerker
# fills in: as the person the plan names (Midden-Limburg's G. Poell, trekker of theme 1), or,
# where a plan names no people, as invuller of its first reported items.
DEMO_REGIO_S = {
    "midden-limburg": {"voorvoegsel": "", "persoon": "G. Poell"},
    "holland-rijnland": {"voorvoegsel": "hr-", "invuller_van": 2},
    "gooi-en-vechtstreek": {"voorvoegsel": "gv-", "invuller_van": 2},
}


def demo_accounts():
    """(username, role, region slug, settings) of every demo account."""
    return [
        (f"{instelling['voorvoegsel']}{naam}", rol, slug, instelling)
        for slug, instelling in DEMO_REGIO_S.items()
        for naam, rol in ROLLEN.items()
    ]


class Command(BaseCommand):
    help = (
        "Maakt per referentieregio één demo-account per rol (wachtwoord 'demo'): in "
        "Midden-Limburg 'beleidsmedewerker', 'transformatiemanager', 'griffie' en 'beheerder', "
        "in Holland Rijnland dezelfde met 'hr-' ervoor, in Gooi en Vechtstreek met 'gv-'. "
        "Weigert wanneer DEBUG uit staat: deze accounts horen niet op een echte server."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo-accounts worden alleen aangemaakt als DEBUG aan staat: "
                "een wachtwoord 'demo' hoort niet op een echte server."
            )
        regio_s = {r.slug: r for r in Regio.objects.filter(slug__in=DEMO_REGIO_S)}
        if "midden-limburg" not in regio_s:
            raise CommandError(
                "De regio Midden-Limburg ontbreekt; laad eerst de referentiedata met "
                "'python manage.py laad_referentiedata'."
            )
        gemaakt = []
        with transaction.atomic():
            for gebruikersnaam, rol, slug, instelling in demo_accounts():
                regio = regio_s.get(slug)
                if regio is None:
                    continue
                gebruiker, _ = Gebruiker.objects.get_or_create(username=gebruikersnaam)
                gebruiker.regio = regio
                gebruiker.set_password(DEMO_WACHTWOORD)
                rol_toekennen(gebruiker, rol)
                toelichting = ""
                if rol == Gebruikersrol.BELEIDSMEDEWERKER:
                    toelichting = self._werk_geven(gebruiker, regio, instelling)
                gemaakt.append((gebruikersnaam, rol, regio, toelichting))
        self.stdout.write("Demo-accounts (wachtwoord voor allemaal: demo):")
        for gebruikersnaam, rol, regio, toelichting in gemaakt:
            self.stdout.write(f"  {gebruikersnaam:<25} {rol.label}, {regio}{toelichting}")

    def _werk_geven(self, gebruiker, regio, instelling) -> str:
        if instelling.get("persoon"):
            naam = instelling["persoon"]
            persoon = Persoon.objects.filter(regio=regio, naam=naam).first()
            if persoon is None:
                raise CommandError(f"Persoon {naam} ontbreekt in de referentiedata.")
            if persoon.gebruiker_id != gebruiker.pk:
                persoon.gebruiker = gebruiker
                persoon.save(update_fields=["gebruiker"])
            gebruiker.first_name, _, gebruiker.last_name = naam.partition(" ")
            gebruiker.save(update_fields=["first_name", "last_name"])
            return f", gekoppeld aan {naam}"
        plan = Plan.objects.filter(regio=regio).first()
        if plan is None or plan.planvorm.rapportageniveau is None:
            return ""
        onderdelen = list(
            plan.onderdelen.filter(niveau=plan.planvorm.rapportageniveau).order_by("pad")[
                : instelling["invuller_van"]
            ]
        )
        for onderdeel in onderdelen:
            if not onderdeel.invullers.filter(pk=gebruiker.pk).exists():
                onderdeel.invullers.add(gebruiker)
        return ", vult in: " + "; ".join(o.aanduiding for o in onderdelen)
