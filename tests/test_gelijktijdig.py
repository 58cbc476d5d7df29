"""Concurrent use: no deadlock, no 'database is locked', no lost update (issue 13, finding 6)."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from rapportage.models import ThemaRapportage
from regio.constants import Gebruikersrol

from .factories import formulier_gegevens, maak_gebruiker

GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


def test_a_small_team_on_sqlite_gets_no_database_is_locked(tmp_path):
    """Two managers approving while two correct reports, on a SQLite file: every request is
    answered (approved, saved, or refused as changed meanwhile), none with a server error."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    resultaat = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("gelijktijdig_sqlite.py")),
            str(tmp_path / "db.sqlite3"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert resultaat.returncode == 0, resultaat.stderr[-2000:]
    uitkomst = json.loads(resultaat.stdout.strip().splitlines()[-1])
    assert sum(uitkomst["codes"].values()) == 60
    assert [code for code in uitkomst["codes"] if int(code) >= 500] == [], uitkomst


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and deadlocks: PostgreSQL only"
)
def test_adopting_while_a_colleague_saves_does_not_deadlock(
    referentiedata_live, monkeypatch, settings, tmp_path
):
    """The probe's case on PostgreSQL: manager A adopts while manager B saves a correction
    on behalf of the invullers (the cycle's way for a manager to change an approved report).
    B holds the report's row and then checks its period key; A holds the period and then wants
    the report. With FOR UPDATE on the period that was a deadlock (500); now A waits for B and
    freezes B's correction."""
    from datetime import date

    from rapportage import views_cyclus
    from rapportage.services import rapportageperiode_openen

    settings.MEDIA_ROOT = tmp_path
    plan = referentiedata_live
    a = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "a")
    b = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "b")
    periode = rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 15), door=a
    )
    ThemaRapportage.objects.filter(periode=periode).update(status="goedgekeurd", **GROEN)
    rapport = periode.rapportages.get(onderdeel__code="1")
    monkeypatch.setattr(views_cyclus, "_pdf_maken", lambda periode: b"%PDF-1.7 test")

    b_wacht, b_verder = threading.Event(), threading.Event()
    echt = ThemaRapportage.full_clean

    def full_clean(self, *args, **kwargs):
        # The service's check (the form's own passes validate_unique): B holds the row now.
        if threading.current_thread().name == "b" and "validate_unique" not in kwargs:
            b_wacht.set()
            b_verder.wait(30)
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(ThemaRapportage, "full_clean", full_clean)
    antwoorden = {}

    def als(naam, gebruiker, url, gegevens):
        client = Client(raise_request_exception=False)
        client.force_login(gebruiker)
        antwoorden[naam] = client.post(url, gegevens)
        from django.db import connection as eigen

        eigen.close()

    code = [plan.slug, periode.code]
    draad_b = threading.Thread(
        name="b",
        target=als,
        args=(
            "b",
            b,
            reverse("rapportage:namens", args=[rapport.pk]),
            {**GROEN, "tijd_tekst": "Correctie van B.", "versie": rapport.versie, "reden": "Datum"},
        ),
    )
    draad_a = threading.Thread(
        name="a",
        target=als,
        args=(
            "a",
            a,
            reverse("rapportage:vaststellen", args=code),
            {"vastgesteld_op": "2015-11-10", "inleiding": "In", "samenvatting": "Sam"},
        ),
    )
    draad_b.start()
    assert b_wacht.wait(30)
    draad_a.start()
    # Until A waits for a lock (B's report row), then let B go on.
    with connection.cursor() as cursor:
        for _ in range(300):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    b_verder.set()
    draad_a.join(60)
    draad_b.join(60)
    assert antwoorden["b"].status_code == 302, antwoorden["b"].text.split("<main")[1][:1500]
    assert antwoorden["a"].status_code == 302, antwoorden["a"].content[-500:]
    periode.refresh_from_db()
    assert periode.status == "vastgesteld"
    # Nothing lost: the adopted report holds B's correction.
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == "Correctie van B."


@pytest.mark.django_db
def test_an_admin_correction_counts_as_a_new_version(client, rollen, open_periode):
    """The beheerder's correction in the admin bumps the version: the trekker's open form is
    then refused with what changed, instead of silently overwriting the correction."""
    rapport = open_periode.rapportages.get(onderdeel__code="1")
    trekker = Client()
    trekker.force_login(rollen["trekker"])
    geopend = rapport.versie  # the trekker opens the form

    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder"))
    url = reverse("admin:rapportage_themarapportage_change", args=[rapport.pk])
    gegevens = formulier_gegevens(client.get(url))
    gegevens["tijd_tekst"] = "Gecorrigeerd door de beheerder."
    assert client.post(url, gegevens).status_code == 302
    rapport.refresh_from_db()
    assert rapport.versie == geopend + 1
    assert rapport.tijd_tekst == "Gecorrigeerd door de beheerder."

    antwoord = trekker.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_tekst": "Van de trekker", "versie": geopend},
    )
    assert antwoord.status_code == 409
    assert (
        ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == "Gecorrigeerd door de beheerder."
    )

    # And the other way round: an admin form opened before a save is refused in Dutch.
    gegevens["tijd_tekst"] = "Tweede correctie"
    antwoord = client.post(url, gegevens)
    assert antwoord.status_code == 200
    assert "Iemand heeft deze rapportage gewijzigd sinds u hem opende" in antwoord.text
    assert (
        ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == "Gecorrigeerd door de beheerder."
    )


@pytest.mark.django_db
def test_the_database_holds_one_open_period_per_plan(open_periode):
    from django.db import IntegrityError, transaction

    from rapportage.models import Rapportageperiode

    with pytest.raises(IntegrityError), transaction.atomic():
        Rapportageperiode.objects.create(plan=open_periode.plan, jaar=2015, kwartaal=4)
