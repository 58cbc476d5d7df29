"""A small team on the embedded SQLite database, concurrently: managers approving while others
correct reports, through the views, on a database file (as `bin/demo` and small installations
run). Prints the status codes seen as JSON. Run by tests/test_gelijktijdig.py in a process of
its own, because the test suite's SQLite database lives in memory.

    python tests/gelijktijdig_sqlite.py /tmp/x/db.sqlite3
"""

import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path

DRADEN = 4  # two approving, two correcting
VERZOEKEN = 15  # per thread


def main(pad: str):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{pad}"
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-test")
    os.environ["DJANGO_SETTINGS_MODULE"] = "transformatie.settings"
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from rapportage.models import ThemaRapportage
    from rapportage.referentiedata import laad_referentiedata
    from rapportage.services import rapportageperiode_openen
    from regio.constants import Gebruikersrol
    from regio.models import Gebruiker
    from regio.rollen import rol_toekennen

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    call_command("migrate", verbosity=0)
    plan = next(p for p in laad_referentiedata() if p.slug == "midden-limburg-2015-2016")
    managers = []
    for naam in ("a", "b", "c", "d"):
        gebruiker = Gebruiker.objects.create_user(naam, password="x")
        gebruiker.regio = plan.regio
        rol_toekennen(gebruiker, Gebruikersrol.TRANSFORMATIEMANAGER)
        managers.append(gebruiker)
    periode = rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 15), door=managers[0]
    )
    ThemaRapportage.objects.filter(periode=periode).update(status="ingediend")
    rapporten = list(periode.rapportages.order_by("pk").values_list("pk", flat=True))
    connection.close()

    codes = Counter()
    fouten = []
    slot = threading.Lock()
    start = threading.Barrier(DRADEN)

    def werk(index):
        from django.db import connection

        client = Client(raise_request_exception=False)
        client.force_login(managers[index])
        start.wait()
        for stap in range(VERZOEKEN):
            pk = rapporten[(stap * DRADEN + index) % len(rapporten)]
            versie = ThemaRapportage.objects.values_list("versie", flat=True).get(pk=pk)
            if index % 2 == 0:
                antwoord = client.post(f"/themarapportages/{pk}/goedkeuren/", {"versie": versie})
            else:
                antwoord = client.post(
                    f"/themarapportages/{pk}/",
                    {
                        "tijd_smiley": "groen",
                        "tijd_tekst": f"Gecorrigeerd door {index} in stap {stap}.",
                        "kosten_smiley": "groen",
                        "kosten_tekst": "Binnen budget.",
                        "bijzonderheden_smiley": "groen",
                        "bijzonderheden_tekst": "Geen.",
                        "versie": versie,
                    },
                )
            with slot:
                codes[antwoord.status_code] += 1
                if antwoord.status_code >= 500:
                    fouten.append(antwoord.content.decode(errors="replace")[-300:])
        connection.close()

    draden = [threading.Thread(target=werk, args=(i,)) for i in range(DRADEN)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    print(json.dumps({"codes": dict(codes), "fouten": fouten[:3]}))


if __name__ == "__main__":
    main(sys.argv[1])
