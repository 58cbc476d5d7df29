import pytest
from django.core.management import CommandError, call_command

from regio.models import Gebruiker, Persoon

pytestmark = pytest.mark.django_db


def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="alleen .* als DEBUG aan staat"):
        call_command("maak_demo_accounts")
    assert not Gebruiker.objects.exists()


def test_it_creates_one_account_per_role(settings, capsys, client):
    settings.DEBUG = True
    call_command("maak_demo_accounts")
    rollen = {
        naam: (rol, regio)
        for naam, rol, regio in Gebruiker.objects.values_list("username", "rol", "regio__slug")
    }
    for voorvoegsel, regio in [
        ("", "midden-limburg"),
        ("hr-", "holland-rijnland"),
        ("gv-", "gooi-en-vechtstreek"),
    ]:
        for rol in ["beleidsmedewerker", "transformatiemanager", "griffie", "beheerder"]:
            assert rollen[f"{voorvoegsel}{rol}"] == (rol, regio)
    assert len(rollen) == 12
    assert Persoon.objects.get(naam="G. Poell").gebruiker.username == "beleidsmedewerker"
    # Where a plan names no people, the demo beleidsmedewerker is invuller of some items.
    hr = Gebruiker.objects.get(username="hr-beleidsmedewerker")
    assert hr.toegewezen_onderdelen.count() == 2
    uitvoer = capsys.readouterr().out
    assert "wachtwoord voor allemaal: demo" in uitvoer
    antwoord = client.post("/inloggen/", {"username": "griffie", "password": "demo"})
    assert antwoord.status_code == 302


def test_it_is_idempotent(settings):
    settings.DEBUG = True
    call_command("maak_demo_accounts")
    call_command("maak_demo_accounts")
    assert Gebruiker.objects.count() == 12


def test_only_the_beheerder_works_in_the_admin(settings):
    settings.DEBUG = True
    call_command("maak_demo_accounts")
    beheerder = Gebruiker.objects.get(username="beheerder")
    assert beheerder.is_staff and beheerder.has_perm("agenda.change_onderdeel")
    for naam in ["transformatiemanager", "griffie", "beleidsmedewerker"]:
        gebruiker = Gebruiker.objects.get(username=naam)
        assert not gebruiker.is_staff
        assert not gebruiker.has_perm("agenda.view_onderdeel")
        assert not gebruiker.has_perm("regio.view_gebruiker")
