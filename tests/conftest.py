import pytest
from django.conf import settings
from django.db.models.signals import post_migrate

from rapportage.referentiedata import laad_referentiedata
from regio.constants import Gebruikersrol
from regio.models import Gebruiker
from regio.rollen import rol_toekennen

# The test client and the live server speak plain HTTP, which production redirects to HTTPS
# (test_kopregels checks that, and `check --deploy` runs on the production settings). Set
# before any live server loads its middleware.
settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the Midden-Limburg reference data, loaded once per session."""
    with django_db_blocker.unblock():
        laad_referentiedata()


@pytest.fixture(autouse=True)
def snelle_wachtwoorden(settings):
    """Real password hashing costs ~0.3 s per account; tests need no protection against brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def testinstellingen(settings):
    """Static files unhashed (no collectstatic before every run: tests/test_productie.py checks
    the hashed, compressed files), and the second sign-in step only where a test asks for it
    (tests/test_tweestaps.py), so the other tests can sign in a manager with one call. PDF layout
    processes started per render: a test may change what they run (monkeypatch before the fork);
    tests/test_pdf_parallel.py keeps them where it tests that."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TWEE_FACTOR_VERPLICHT = False
    settings.PDF_WERKERS_BEWAREN = False


@pytest.fixture
def beheerder(client):
    """A functioneel beheerder, signed in: the admin is theirs."""
    gebruiker = Gebruiker.objects.create_user("beheerder", password="geheim-wachtwoord")
    rol_toekennen(gebruiker, Gebruikersrol.BEHEERDER)
    client.force_login(gebruiker)
    return gebruiker


@pytest.fixture
def plan(db):
    from agenda.models import Plan

    return Plan.objects.get(slug="midden-limburg-2015-2016")


@pytest.fixture
def periode(plan):
    return plan.rapportageperiodes.get(jaar=2015, kwartaal=2)


@pytest.fixture
def rollen(plan):
    """The standing accounts: trekker of theme 1, manager, griffie, and a manager elsewhere."""
    from .factories import koppel_aan_persoon, maak_andere_regio, maak_gebruiker

    trekker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "trekker")
    koppel_aan_persoon(trekker, "G. Poell")
    andere_regio, _ander_plan = maak_andere_regio()
    return {
        "trekker": trekker,
        "collega": maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "collega"),
        "manager": maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager"),
        "griffie": maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "griffie"),
        "buitenstaander": maak_gebruiker(
            Gebruikersrol.TRANSFORMATIEMANAGER, andere_regio, "buiten"
        ),
    }


@pytest.fixture
def open_periode(plan, rollen):
    """Q3 2015, opened by the manager: every theme's report copied from Q2."""
    from datetime import date

    from rapportage.services import rapportageperiode_openen

    return rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 15), door=rollen["manager"]
    )


def _onveranderlijk():
    """The migration that makes adopted data immutable (found by name, whatever its number)."""
    import importlib
    from pathlib import Path

    import rapportage.migrations

    map = Path(rapportage.migrations.__file__).parent
    naam = next(pad.stem for pad in map.glob("*_vastgesteld_onveranderlijk.py"))
    return importlib.import_module(f"rapportage.migrations.{naam}")


def _metingen():
    """The migration that locks an adopted quarter's measurements."""
    import importlib

    return importlib.import_module("rapportage.migrations.0011_metingen_vergrendeld")


def _triggers_terug(sender, using="default", **kwargs):
    """SQLite: after a live-server test's flush (which emits post_migrate) the triggers that
    referentiedata_live took away for it are put back; idempotent at any other migrate."""
    from django.db import connections

    verbinding = connections[using]
    if sender.name == "rapportage" and verbinding.vendor == "sqlite":
        migratie = _onveranderlijk()
        migratie.triggers_uit(verbinding)
        migratie.triggers_aan(verbinding)
        with verbinding.cursor() as cursor:
            for sql in _metingen().SQLITE_UIT + _metingen().SQLITE_AAN:
                cursor.execute(sql)


post_migrate.connect(_triggers_terug, dispatch_uid="tests-triggers-terug-na-flush")


@pytest.fixture
def referentiedata_live(transactional_db):
    """Reference data for live-server tests, which start from an empty, flushed database.

    Adopted data is immutable in the database: triggers refuse its DELETE. PostgreSQL's flush
    truncates, which row triggers do not see; SQLite's flush deletes row by row, so there the
    triggers are dropped for the flush and put back after it (_triggers_terug).
    """
    from django.db import connection

    plannen = laad_referentiedata()
    yield next(p for p in plannen if p.slug == "midden-limburg-2015-2016")
    if connection.vendor == "sqlite":
        _onveranderlijk().triggers_uit(connection)
        with connection.cursor() as cursor:
            for sql in _metingen().SQLITE_UIT:
                cursor.execute(sql)
    # This teardown can run inside Playwright's event loop, where asgiref gives the thread a
    # connection of its own: close it, or PostgreSQL refuses to drop the test database.
    connection.close()


def pytest_terminal_summary(terminalreporter):
    """Name every skipped group of tests and the Debian packages that would run it."""
    from .voorwaarden import samenvatting

    redenen = []
    for rapport in terminalreporter.stats.get("skipped", []):
        if isinstance(rapport.longrepr, tuple):
            redenen.append(str(rapport.longrepr[2]))
    regels = samenvatting(redenen)
    if regels:
        terminalreporter.section("skipped groups", sep="=", yellow=True, bold=True)
        for regel in regels:
            terminalreporter.write_line(regel, yellow=True)
