import pytest

from rapportage.referentiedata import laad_referentiedata


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the Midden-Limburg reference data, loaded once per session."""
    with django_db_blocker.unblock():
        laad_referentiedata()


@pytest.fixture
def plan(db):
    from agenda.models import Plan

    return Plan.objects.get(slug="midden-limburg-2015-2016")


@pytest.fixture
def periode(plan):
    return plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
