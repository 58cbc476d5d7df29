import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from agenda.constants import Lijstniveau
from agenda.models import Activiteit, Overlegsectie, Overlegstructuur, Plan, Thema
from rapportage.models import Rapportageperiode, ThemaRapportage
from rapportage.referentiedata import REFERENTIEMAP, laad_referentiedata
from regio.models import Gemeente, Persoon, Subregio
from regio.referentiedata import ReferentiedataFout

pytestmark = pytest.mark.django_db

SEED_TITELS = {
    1: "1Gezin1Plan",
    2: "Organiseren van cliëntondersteuning",
    12: "Innovatie cliëntenvertegenwoordiging – cliëntenraden",
    24: "Innovatie binnen bestaande contracten",
    25: "Inrichting samenwerking in de regio",
    34: "Zorgstructuur Herijking",
}


def test_counts_match_the_seed(plan):
    assert plan.speerpunten.count() == 3
    assert plan.themas.count() == 34
    assert sorted(plan.themas.values_list("nummer", flat=True)) == list(range(1, 35))
    assert {s.afkorting: s.gemeenten.count() for s in Subregio.objects.all()} == {
        "MLO": 4,
        "MLW": 3,
    }
    assert Gemeente.objects.count() == 7
    assert plan.regio.centrumgemeente.naam == "Roermond"
    assert Overlegsectie.objects.filter(plan=plan).count() == 6
    assert Overlegstructuur.objects.filter(sectie__plan=plan).count() == 38
    assert [lijst.punten.count() for lijst in plan.agendalijsten.all()] == [3, 10]
    assert ThemaRapportage.objects.filter(periode__plan=plan).count() == 34
    # every person the "Wie" rows name (fixtures/README.md), and the named partner organisations
    assert Persoon.objects.filter(regio=plan.regio).count() == 33
    assert plan.regio.organisaties.count() == 26


# The plan prints theme 25 as a draft: no activities, no "Wie" and no priority yet.
ONVOLLEDIG_GEDRUKT = {25}


def test_every_theme_has_its_rows(plan):
    for thema in plan.themas.exclude(nummer__in=ONVOLLEDIG_GEDRUKT):
        assert thema.beleidsdoelen.exists(), thema
        assert thema.activiteiten.exists(), thema
        assert thema.wie, thema
        assert thema.jeugdhulp or thema.wmo or thema.participatie, thema
    concept = plan.themas.get(nummer=25)
    assert not concept.activiteiten.exists() and not concept.wie and concept.prioriteit is None
    assert concept.financien == "Nader bepalen"


def test_sampled_texts_match_the_seed(plan):
    titels = dict(plan.themas.filter(nummer__in=SEED_TITELS).values_list("nummer", "titel"))
    assert titels == SEED_TITELS
    eerste = plan.themas.get(nummer=1)
    assert eerste.beleidsdoelen.first().tekst == (
        "Een toename van het aantal casussen waarin de methodiek 1Gezin1Plan is gebruikt"
    )
    assert eerste.activiteiten.first().resultaat == "een intervisie-groep"
    assert eerste.financiering.get().bedrag == 2500
    assert eerste.financiering.get().naar_rato
    assert eerste.prioriteit == 1
    assert eerste.schaal_label == "R3D"
    assert plan.themas.get(nummer=2).prioriteit_tekst == "1 (Wmo) 3 (J)"


def test_people_and_their_roles(plan):
    namen = set(Persoon.objects.values_list("naam", flat=True))
    assert {"G. Poell", "H. Jansen", "E. van Summeren", "S. Slijpen"} <= namen
    rollen = set(
        plan.themas.get(nummer=1).rollen.values_list("persoon__naam", "rol", "toelichting")
    )
    assert ("G. Poell", "trekker", "jeugdbeleid") in rollen
    assert ("G. Poell", "aanspreekpersoon", "jeugdbeleid") in rollen
    assert ("H. Jansen", "trekker", "Wmo") in rollen


def test_meetings_carry_their_themes(plan):
    tafel = Overlegstructuur.objects.get(sectie__plan=plan, naam__startswith="Transformatietafel")
    assert 1 in tafel.themas.values_list("nummer", flat=True)
    beleidsteam = Overlegstructuur.objects.filter(naam="Beleidsteam Wmo MLO en MLW")
    assert beleidsteam.count() == 2  # printed under both Oost and West
    assert beleidsteam.first().themas.count() == 34


def test_report_keeps_the_theme_as_it_was_printed(plan):
    periode = Rapportageperiode.objects.get(plan=plan, jaar=2015, kwartaal=2)
    assert periode.titel == "Rapportage juli 2015"
    assert periode.status == "vastgesteld"
    rapport_25 = periode.rapportages.get(thema__nummer=25)
    assert rapport_25.weergave["titel"] == "Evaluatie samenwerking in de regio"
    assert plan.themas.get(nummer=25).titel == "Inrichting samenwerking in de regio"
    activiteiten_1 = periode.rapportages.get(thema__nummer=1).weergave["activiteiten"]
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
        if model._meta.app_label in {"regio", "agenda", "rapportage"}
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
    gegevens = json.loads((map / "rapportage-2015-Q2.json").read_text())
    gegevens["periode"]["titel"] = "Gewijzigde titel"
    gegevens["themas"][-1]["nummer"] = 99  # no such theme: fails after the title was written
    (map / "rapportage-2015-Q2.json").write_text(json.dumps(gegevens))
    voor = _tellingen()
    with pytest.raises(ReferentiedataFout, match="onbekend thema 99"):
        laad_referentiedata(map)
    assert _tellingen() == voor
    assert Rapportageperiode.objects.get(plan=plan).titel == "Rapportage juli 2015"


def test_invalid_json_gives_a_dutch_message(tmp_path):
    map = _kopie(tmp_path)
    (map / "regio.json").write_text("{ kapot")
    with pytest.raises(ReferentiedataFout, match="regio.json: geen geldige JSON"):
        laad_referentiedata(map)


def test_invalid_value_names_the_theme(tmp_path):
    map = _kopie(tmp_path)
    pad = next(map.glob("plan-themas-*.json"))
    gegevens = json.loads(pad.read_text())
    gegevens["themas"][0]["prioriteit"] = 7
    pad.write_text(json.dumps(gegevens))
    with pytest.raises(ReferentiedataFout, match=r"thema \d+: prioriteit"):
        laad_referentiedata(map)


def test_command_turns_an_error_into_a_clear_message(monkeypatch, tmp_path):
    map = _kopie(tmp_path)
    (map / "plan.json").unlink()
    monkeypatch.setattr("rapportage.management.commands.laad_referentiedata.REFERENTIEMAP", map)
    with pytest.raises(CommandError, match="er is niets gewijzigd. plan.json: bestand ontbreekt"):
        call_command("laad_referentiedata")


def test_a_changed_text_is_updated_in_place(tmp_path, plan):
    map = _kopie(tmp_path)
    gegevens = json.loads((map / "plan.json").read_text())
    gegevens["themas"][0]["activiteiten"][0]["omschrijving"] = "Nieuwe *omschrijving*"
    (map / "plan.json").write_text(json.dumps(gegevens))
    activiteit = Activiteit.objects.get(thema__plan=plan, thema__nummer=1, volgorde=0)
    laad_referentiedata(map)
    activiteit.refresh_from_db()  # same row, new text, one more history record
    assert activiteit.omschrijving == "Nieuwe *omschrijving*"
    assert activiteit.history.first().history_type == "~"
    assert Plan.objects.count() == 1
    assert Thema.objects.filter(plan=plan).count() == 34


def test_report_texts_and_derived_smileys(periode):
    rapport_9 = periode.rapportages.get(thema__nummer=9)
    assert rapport_9.bijzonderheden_tekst == (
        "De inzet van de externe hulp wordt pas geaccordeerd als volledig vaststaat dat de plannen "
        "subsidiabel zijn."
    )
    assert periode.rapportages.get(thema__nummer=33).kosten_tekst == "N.v.t."  # label repaired
    rood = sorted(
        rapport.thema.nummer
        for rapport in periode.rapportages.select_related("thema")
        if "rood" in (rapport.tijd_smiley, rapport.kosten_smiley, rapport.bijzonderheden_smiley)
    )
    assert rood == [21, 27, 32]  # as fixtures/README.md derives them
    assert "[smileylegenda]" in periode.inleiding
    assert periode.samenvatting.startswith("Het meerjarenplan is na een wat langer durende")


def test_page_break_debris_is_repaired(plan):
    effecten = list(
        plan.themas.get(nummer=12).maatschappelijke_effecten.values_list("tekst", flat=True)
    )
    assert "van de Jeugdhulp" not in effecten
    assert any(e.endswith("transitie en transformatie van de Jeugdhulp") for e in effecten)
    assert "- o. Prioritering:" in plan.inleiding and "\n- m. Welk overleg wordt ingezet\n" in (
        plan.inleiding
    )


def test_lists_keep_their_paragraphs_and_sub_bullets(plan):
    activiteiten = list(plan.themas.get(nummer=26).activiteiten.all())
    assert [a.niveau for a in activiteiten[:6]] == [1, 2, 2, 2, 2, 1]
    door = next(a for a in activiteiten if a.omschrijving == "Door:")
    assert door.niveau == Lijstniveau.ALINEA
    labels = [
        d.tekst
        for d in plan.themas.get(nummer=24).beleidsdoelen.all()
        if d.niveau == Lijstniveau.ALINEA
    ]
    assert labels == ["**Jeugdhulp:**", "**Pleegzorg:**", "**Gedwongen kader:**", "**Wmo:**"]
    # The report printed "Door:" as its own paragraph too; the page break had run it into the
    # item before.
    weergave = Rapportageperiode.objects.get(plan=plan).rapportages.get(thema__nummer=26).weergave
    assert {"alinea": "Door:"} in weergave["activiteiten"]
    assert weergave["activiteiten"][1] == {
        "subpunt": "Toets op huidige kwaliteitseisen (wettelijke kaders) in inkoopcontracten "
        "2015 en handhaving daarvan"
    }
    assert weergave["activiteiten"][7].endswith("zoals verplicht in wet en verordening")


def test_an_unknown_list_item_is_refused_and_changes_nothing(tmp_path, plan):
    map = _kopie(tmp_path)
    gegevens = json.loads((map / "rapportage-2015-Q2.json").read_text())
    gegevens["periode"]["titel"] = "Gewijzigde titel"
    gegevens["themas"][0]["weergave"]["beleidsdoelen"][0] = {"kop": "Jeugd:"}
    (map / "rapportage-2015-Q2.json").write_text(json.dumps(gegevens))
    voor = _tellingen()
    with pytest.raises(ReferentiedataFout, match=r"thema 1, beleidsdoelen, item 1: verwacht"):
        laad_referentiedata(map)
    assert _tellingen() == voor
    assert Rapportageperiode.objects.get(plan=plan).titel == "Rapportage juli 2015"


def test_an_unknown_activity_level_names_the_theme(tmp_path):
    map = _kopie(tmp_path)
    pad = next(map.glob("plan-themas-*.json"))
    gegevens = json.loads(pad.read_text())
    gegevens["themas"][0]["activiteiten"][0]["niveau"] = "kop"
    pad.write_text(json.dumps(gegevens))
    with pytest.raises(ReferentiedataFout, match=r'thema \d+, activiteiten: onbekend niveau "kop"'):
        laad_referentiedata(map)


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
