from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regio.constants import Gebruikersrol
from regio.models import Gebruiker, Persoon, Regio
from regio.rollen import rol_toekennen

DEMO_WACHTWOORD = "demo"
DEMO_REGIO = "midden-limburg"
# username -> (role, the person in the plan the account stands for)
DEMO_ACCOUNTS = {
    "beleidsmedewerker": (Gebruikersrol.BELEIDSMEDEWERKER, "G. Poell"),
    "transformatiemanager": (Gebruikersrol.TRANSFORMATIEMANAGER, None),
    "griffie": (Gebruikersrol.GRIFFIE, None),
    "beheerder": (Gebruikersrol.BEHEERDER, None),
}


class Command(BaseCommand):
    help = (
        "Maakt één demo-account per rol (wachtwoord 'demo') in de regio Midden-Limburg. "
        "Weigert wanneer DEBUG uit staat: deze accounts horen niet op een echte server."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo-accounts worden alleen aangemaakt als DEBUG aan staat: "
                "een wachtwoord 'demo' hoort niet op een echte server."
            )
        regio = Regio.objects.filter(slug=DEMO_REGIO).first()
        if regio is None:
            raise CommandError(
                "De regio Midden-Limburg ontbreekt; laad eerst de referentiedata met "
                "'python manage.py laad_referentiedata'."
            )
        with transaction.atomic():
            for gebruikersnaam, (rol, persoonsnaam) in DEMO_ACCOUNTS.items():
                gebruiker, _ = Gebruiker.objects.get_or_create(username=gebruikersnaam)
                gebruiker.regio = regio
                gebruiker.set_password(DEMO_WACHTWOORD)
                rol_toekennen(gebruiker, rol)
                if persoonsnaam:
                    persoon = Persoon.objects.filter(regio=regio, naam=persoonsnaam).first()
                    if persoon is None:
                        raise CommandError(
                            f"Persoon {persoonsnaam} ontbreekt in de referentiedata."
                        )
                    if persoon.gebruiker_id != gebruiker.pk:
                        persoon.gebruiker = gebruiker
                        persoon.save(update_fields=["gebruiker"])
                    gebruiker.first_name, _, gebruiker.last_name = persoonsnaam.partition(" ")
                    gebruiker.save(update_fields=["first_name", "last_name"])
        self.stdout.write("Demo-accounts (wachtwoord voor allemaal: demo):")
        for gebruikersnaam, (rol, persoonsnaam) in DEMO_ACCOUNTS.items():
            namens = f", gekoppeld aan {persoonsnaam}" if persoonsnaam else ""
            self.stdout.write(f"  {gebruikersnaam:<22} {rol.label}{namens}")
