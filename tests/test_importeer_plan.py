"""python manage.py importeer_plan: check, then write all or nothing; removals when confirmed."""

import pytest
from django.core.management import CommandError, call_command

from agenda.excel import plan_exporteren
from agenda.models import Onderdeel, Plan

from .factories import maak_andere_regio, onderdeel
from .werkboeken import aanpassen, gegeven, historie, rij_met, zet

pytestmark = pytest.mark.django_db


@pytest.fixture
def bewerkt(plan, tmp_path):
    def bewerken(boek):
        zet(boek["Thema's"], "Thema", "Nummer", "7", "Sociale kaart 2.0")
        blad = boek["Activiteiten"]
        blad.delete_rows(rij_met(blad, "Nummer", "1.5"))

    pad = tmp_path / "bewerkt.xlsx"
    pad.write_bytes(aanpassen(plan_exporteren(plan), bewerken))
    return pad


def test_it_checks_without_writing(bewerkt, plan, capsys):
    voor = historie()
    call_command("importeer_plan", str(bewerkt), "--controleer")
    uit = capsys.readouterr().out
    assert "Thema's: 0 nieuw, 1 gewijzigd, 0 te verwijderen" in uit
    assert (
        "~ Thema 7 Sociale kaart (blad Thema's, rij 8): Thema: Sociale kaart → Sociale kaart 2.0"
        in uit
    )
    assert "- Activiteit 1.5 " in uit
    assert "alleen verwijderd met --verwijderen-bevestigd" in uit
    assert "Gecontroleerd; er is niets opgeslagen." in uit
    assert historie() == voor


def test_it_refuses_to_remove_without_confirmation(bewerkt, plan):
    with pytest.raises(CommandError, match="Niet geïmporteerd, er is niets opgeslagen"):
        call_command("importeer_plan", str(bewerkt))
    assert onderdeel(plan, 7).titel == "Sociale kaart"


def test_it_imports_with_confirmed_removals(bewerkt, plan, capsys):
    call_command("importeer_plan", str(bewerkt), "--verwijderen-bevestigd")
    assert "Geïmporteerd: Meerjarenplan" in capsys.readouterr().out
    assert onderdeel(plan, 7).titel == "Sociale kaart 2.0"
    assert not Onderdeel.objects.filter(plan=plan, code="1.5").exists()


def test_it_lists_every_error(plan, tmp_path):
    pad = tmp_path / "fout.xlsx"
    pad.write_bytes(
        aanpassen(
            plan_exporteren(plan),
            lambda boek: zet(boek["Thema's"], "Nummer", "Nummer", "8", "7"),
        )
    )
    with pytest.raises(CommandError) as fout:
        call_command("importeer_plan", str(pad), "--controleer")
    assert "- Blad Thema's, rij 9, kolom Nummer: Thema 7 staat al in rij 8" in str(fout.value)


def test_it_imports_into_a_region_named_on_the_command_line(tmp_path):
    regio, _plan = maak_andere_regio()
    bron = Plan.objects.get(slug="holland-rijnland-2014-2015")
    pad = tmp_path / "kopie.xlsx"
    pad.write_bytes(
        aanpassen(plan_exporteren(bron), lambda boek: gegeven(boek["Plan"], "Webadres", "kopie"))
    )
    call_command("importeer_plan", str(pad), "--regio", regio.slug)
    kopie = Plan.objects.get(slug="kopie")
    assert kopie.regio == regio
    assert kopie.onderdelen.count() == bron.onderdelen.count()
    assert regio.gemeenten.count() == bron.regio.gemeenten.count()


def test_it_says_what_is_wrong_with_its_arguments(tmp_path):
    with pytest.raises(CommandError, match="niet lezen: het bestand bestaat niet"):
        call_command("importeer_plan", str(tmp_path / "geen.xlsx"))
    (tmp_path / "x.xlsx").write_bytes(b"x")
    with pytest.raises(CommandError, match="Onbekende regio 'nergens'"):
        call_command("importeer_plan", str(tmp_path / "x.xlsx"), "--regio", "nergens")
    with pytest.raises(CommandError, match="Dit is geen Excel-bestand"):
        call_command("importeer_plan", str(tmp_path / "x.xlsx"))
