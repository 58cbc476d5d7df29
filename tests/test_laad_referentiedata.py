import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from agenda.constants import Lijstniveau
from agenda.models import Onderdeel, Overlegsectie, Overlegstructuur, Plan, Planvorm
from rapportage.models import Rapportageperiode, ThemaRapportage
from rapportage.referentiedata import REFERENTIEMAP, laad_referentiedata
from regio.models import Gemeente, Persoon, Subregio
from regio.referentiedata import ReferentiedataFout

from .factories import onderdeel

pytestmark = pytest.mark.django_db

SEED_TITELS = {
    "1": "1Gezin1Plan",
    "2": "Organiseren van cliëntondersteuning",
    "12": "Innovatie cliëntenvertegenwoordiging – cliëntenraden",
    "24": "Innovatie binnen bestaande contracten",
    "25": "Inrichting samenwerking in de regio",
    "34": "Zorgstructuur Herijking",
}


def _themas(plan):
    return plan.onderdelen.filter(niveau__slug="themas")


def test_counts_match_the_seed(plan):
    assert plan.onderdelen.filter(niveau__slug="speerpunten").count() == 3
    assert _themas(plan).count() == 34
    assert sorted(_themas(plan).values_list("code", flat=True), key=int) == [
        str(n) for n in range(1, 35)
    ]
    assert plan.onderdelen.filter(niveau__slug="activiteiten").count() == 141
    assert {
        s.afkorting: s.gemeenten.count() for s in Subregio.objects.filter(regio=plan.regio)
    } == {
        "MLO": 4,
        "MLW": 3,
    }
    assert plan.regio.gemeenten.count() == 7
    assert plan.regio.centrumgemeente.naam == "Roermond"
    assert Overlegsectie.objects.filter(plan=plan).count() == 6
    assert Overlegstructuur.objects.filter(sectie__plan=plan).count() == 38
    assert [lijst.punten.count() for lijst in plan.agendalijsten.all()] == [3, 10]
    assert ThemaRapportage.objects.filter(periode__plan=plan).count() == 34
    # every person the "Wie" rows name (fixtures/README.md), and the named partner organisations
    assert Persoon.objects.filter(regio=plan.regio).count() == 33
    assert plan.regio.partijen.count() == 26
    assert plan.begrotingsposten.count() == 25


# The plan prints theme 25 as a draft: no activities, no "Wie" and no priority yet.
ONVOLLEDIG_GEDRUKT = {"25"}


def test_every_theme_has_its_rows(plan):
    for thema in _themas(plan).exclude(code__in=ONVOLLEDIG_GEDRUKT):
        assert thema.beleidsdoelen.exists(), thema
        assert thema.kinderen.exists(), thema
        assert thema.tekst_van("wie"), thema
        assert thema.domeinen.exists(), thema
    concept = onderdeel(plan, 25)
    assert not concept.kinderen.exists() and not concept.tekst_van("wie")
    assert concept.prioriteit is None
    assert concept.tekst_van("financien") == "Nader bepalen"


def test_sampled_texts_match_the_seed(plan):
    titels = dict(_themas(plan).filter(code__in=SEED_TITELS).values_list("code", "titel"))
    assert titels == SEED_TITELS
    eerste = onderdeel(plan, 1)
    assert eerste.beleidsdoelen.first().tekst == (
        "Een toename van het aantal casussen waarin de methodiek 1Gezin1Plan is gebruikt"
    )
    assert eerste.kinderen.order_by("volgorde").first().resultaat == "een intervisie-groep"
    post = eerste.begrotingsposten.get()
    assert post.bedrag == 2500 and post.verdeling == "naar_rato"
    assert eerste.prioriteit.code == "1"
    assert eerste.schaal_label == "R3D"
    assert onderdeel(plan, 2).prioriteit_tekst == "1 (Wmo) 3 (J)"


def test_people_and_their_roles(plan):
    namen = set(Persoon.objects.values_list("naam", flat=True))
    assert {"G. Poell", "H. Jansen", "E. van Summeren", "S. Slijpen"} <= namen
    rollen = set(
        onderdeel(plan, 1).rollen.values_list("persoon__naam", "soort__code", "toelichting")
    )
    assert ("G. Poell", "trekker", "jeugdbeleid") in rollen
    assert ("G. Poell", "aanspreekpersoon", "jeugdbeleid") in rollen
    assert ("H. Jansen", "trekker", "Wmo") in rollen
    partners = set(
        onderdeel(plan, 1)
        .rollen.filter(soort__code="partner")
        .values_list("partij__naam", flat=True)
    )
    assert "CJG" in partners


def test_meetings_carry_their_themes(plan):
    tafel = Overlegstructuur.objects.get(sectie__plan=plan, naam__startswith="Transformatietafel")
    assert "1" in tafel.onderdelen.values_list("code", flat=True)
    beleidsteam = Overlegstructuur.objects.filter(naam="Beleidsteam Wmo MLO en MLW")
    assert beleidsteam.count() == 2  # printed under both Oost and West
    assert beleidsteam.first().onderdelen.count() == 34


def test_report_keeps_the_theme_as_it_was_printed(plan):
    periode = Rapportageperiode.objects.get(plan=plan, jaar=2015, kwartaal=2)
    assert periode.titel == "Rapportage juli 2015"
    assert periode.status == "vastgesteld"
    rapport_25 = periode.rapportages.get(onderdeel__code="25")
    assert rapport_25.weergave["titel"] == "Evaluatie samenwerking in de regio"
    assert onderdeel(plan, 25).titel == "Inrichting samenwerking in de regio"
    activiteiten_1 = periode.rapportages.get(onderdeel__code="1").weergave["activiteiten"]
    assert "interview-groep" in activiteiten_1[0]
    for rapport in periode.rapportages.all():
        for dimensie, smiley, tekst in rapport.regels():
            assert smiley in {"groen", "oranje", "rood"}, (rapport, dimensie)
            assert tekst, (rapport, dimensie)


def _tellingen():
    from django.apps import apps

    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"regio", "agenda", "rapportage", "documenten"}
    }


def test_loading_twice_changes_nothing(plan):
    voor = _tellingen()
    laad_referentiedata()
    assert _tellingen() == voor  # history tables included: nothing was written again


def test_command_reports_what_it_loaded(capsys):
    call_command("laad_referentiedata")
    assert "34 thema's" in capsys.readouterr().out


def _kopie(tmp_path):
    map = tmp_path / "ref"
    shutil.copytree(REFERENTIEMAP, map)
    return map


def test_a_broken_file_changes_nothing(tmp_path, plan):
    map = _kopie(tmp_path)
    pad = map / "midden-limburg" / "rapportage-2015-Q2.json"
    gegevens = json.loads(pad.read_text())
    gegevens["periode"]["titel"] = "Gewijzigde titel"
    gegevens["themas"][-1]["nummer"] = 99  # no such theme: fails after the title was written
    pad.write_text(json.dumps(gegevens))
    voor = _tellingen()
    with pytest.raises(ReferentiedataFout, match="onbekend onderdeel 99"):
        laad_referentiedata(map)
    assert _tellingen() == voor
    assert Rapportageperiode.objects.get(plan=plan).titel == "Rapportage juli 2015"


def test_invalid_json_gives_a_dutch_message(tmp_path):
    map = _kopie(tmp_path)
    (map / "midden-limburg" / "regio.json").write_text("{ kapot")
    with pytest.raises(ReferentiedataFout, match="regio.json: geen geldige JSON"):
        laad_referentiedata(map)


def test_a_value_outside_the_shapes_list_names_the_theme(tmp_path):
    map = _kopie(tmp_path)
    pad = map / "midden-limburg" / "plan-speerpunt-3.json"
    gegevens = json.loads(pad.read_text())
    gegevens["onderdelen"][0]["onderdelen"][0]["prioriteit"] = "7"
    pad.write_text(json.dumps(gegevens))
    with pytest.raises(ReferentiedataFout, match=r"thema 13: '7' staat niet in de lijst"):
        laad_referentiedata(map)


def test_command_turns_an_error_into_a_clear_message(monkeypatch, tmp_path):
    map = _kopie(tmp_path)
    (map / "midden-limburg" / "plan.json").unlink()
    monkeypatch.setattr("rapportage.management.commands.laad_referentiedata.REFERENTIEMAP", map)
    with pytest.raises(CommandError, match="er is niets gewijzigd. plan.json: bestand ontbreekt"):
        call_command("laad_referentiedata")


def test_a_changed_text_is_updated_in_place(tmp_path, plan):
    map = _kopie(tmp_path)
    pad = map / "midden-limburg" / "plan.json"
    gegevens = json.loads(pad.read_text())
    gegevens["onderdelen"][0]["onderdelen"][0]["onderdelen"][0] = "Nieuwe *omschrijving*"
    pad.write_text(json.dumps(gegevens))
    activiteit = onderdeel(plan, "1.1", niveau="activiteiten")
    laad_referentiedata(map)
    activiteit.refresh_from_db()  # same row, new text, one more history record
    assert activiteit.tekst == "Nieuwe *omschrijving*"
    assert activiteit.history.first().history_type == "~"
    assert Plan.objects.filter(regio=plan.regio).count() == 1
    assert _themas(plan).count() == 34


def test_report_texts_and_derived_smileys(periode):
    rapport_9 = periode.rapportages.get(onderdeel__code="9")
    assert rapport_9.bijzonderheden_tekst == (
        "De inzet van de externe hulp wordt pas geaccordeerd als volledig vaststaat dat de plannen "
        "subsidiabel zijn."
    )
    assert periode.rapportages.get(onderdeel__code="33").kosten_tekst == "N.v.t."  # label repaired
    rood = sorted(
        int(rapport.onderdeel.code)
        for rapport in periode.rapportages.select_related("onderdeel")
        if "rood" in (rapport.tijd_smiley, rapport.kosten_smiley, rapport.bijzonderheden_smiley)
    )
    assert rood == [21, 27, 32]  # as fixtures/README.md derives them
    assert "[smileylegenda]" in periode.inleiding
    assert periode.samenvatting.startswith("Het meerjarenplan is na een wat langer durende")


def test_page_break_debris_is_repaired(plan):
    effecten = list(onderdeel(plan, 12).maatschappelijke_effecten.values_list("tekst", flat=True))
    assert "van de Jeugdhulp" not in effecten
    assert any(e.endswith("transitie en transformatie van de Jeugdhulp") for e in effecten)
    inleiding = plan.hoofdstukken.get(titel="Inleiding").tekst
    assert "- o. Prioritering:" in inleiding and "\n- m. Welk overleg wordt ingezet\n" in inleiding


def test_lists_keep_their_paragraphs_and_sub_bullets(plan):
    activiteiten = list(onderdeel(plan, 26).kinderen.order_by("volgorde"))
    assert [a.lijstniveau for a in activiteiten[:6]] == [1, 2, 2, 2, 2, 1]
    door = next(a for a in activiteiten if a.tekst == "Door:")
    assert door.lijstniveau == Lijstniveau.ALINEA
    labels = [
        d.tekst for d in onderdeel(plan, 24).beleidsdoelen.all() if d.niveau == Lijstniveau.ALINEA
    ]
    assert labels == ["**Jeugdhulp:**", "**Pleegzorg:**", "**Gedwongen kader:**", "**Wmo:**"]
    # The report printed "Door:" as its own paragraph too; the page break had run it into the
    # item before.
    weergave = (
        Rapportageperiode.objects.get(plan=plan).rapportages.get(onderdeel__code="26").weergave
    )
    assert {"alinea": "Door:"} in weergave["activiteiten"]
    assert weergave["activiteiten"][1] == {
        "subpunt": "Toets op huidige kwaliteitseisen (wettelijke kaders) in inkoopcontracten "
        "2015 en handhaving daarvan"
    }
    assert weergave["activiteiten"][7].endswith("zoals verplicht in wet en verordening")


def test_an_unknown_list_item_is_refused_and_changes_nothing(tmp_path, plan):
    map = _kopie(tmp_path)
    pad = map / "midden-limburg" / "rapportage-2015-Q2.json"
    gegevens = json.loads(pad.read_text())
    gegevens["periode"]["titel"] = "Gewijzigde titel"
    gegevens["themas"][0]["weergave"]["beleidsdoelen"][0] = {"kop": "Jeugd:"}
    pad.write_text(json.dumps(gegevens))
    voor = _tellingen()
    with pytest.raises(ReferentiedataFout, match=r"1, beleidsdoelen, item 1: verwacht"):
        laad_referentiedata(map)
    assert _tellingen() == voor
    assert Rapportageperiode.objects.get(plan=plan).titel == "Rapportage juli 2015"


def test_every_reference_region_and_shape_is_loaded():
    assert set(Planvorm.objects.values_list("slug", flat=True)) >= {
        "speerpunt-thema-activiteit",
        "taak-actie",
        "onderdeel-cluster-bouwsteen",
        "opgave-deelopgave-actiepunt",
    }
    slugs = set(Plan.objects.values_list("regio__slug", flat=True))
    assert {"midden-limburg", "holland-rijnland", "gooi-en-vechtstreek"} <= slugs


def test_a_gemeente_takes_part_in_several_regions():
    """One gemeente, one record, whatever regions it takes part in (a jeugdregio and a
    Wmo-region overlap): its role and subregion are per region."""
    from regio.models import Deelname, Regio

    roermond = Gemeente.objects.get(cbs_code="GM0957")
    andere = Regio.objects.create(naam="Wmo-regio Roerstreek", slug="wmo-roerstreek")
    Deelname.objects.create(regio=andere, gemeente=roermond, rol="centrumgemeente")
    assert set(roermond.regios.values_list("slug", flat=True)) == {
        "midden-limburg",
        "wmo-roerstreek",
    }
    assert andere.centrumgemeente == roermond
    assert Onderdeel.objects.filter(plan__regio=andere).count() == 0


def test_an_adopted_period_changed_in_the_app_is_left_as_it_is(plan, rollen, caplog):
    """Reopened and adopted again in the app, the July 2015 report differs from the fixture:
    loading again keeps it (the database would refuse otherwise) and says so."""
    from rapportage.referentiedata import laad_referentiedata
    from rapportage.services import rapportageperiode_heropenen, rapportageperiode_vaststellen

    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
    rapportageperiode_heropenen(periode=periode, door=rollen["manager"], reden="Samenvatting")
    periode.refresh_from_db()
    rapportageperiode_vaststellen(
        periode=periode, door=rollen["manager"], inleiding=periode.inleiding, samenvatting="Nieuw"
    )
    laad_referentiedata()
    periode.refresh_from_db()
    assert periode.samenvatting == "Nieuw" and periode.status == "vastgesteld"
    assert "wijkt af van de referentiedata" in caplog.text
