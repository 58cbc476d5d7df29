"""Importing an edited export updates the plan in place: unchanged rows stay untouched, each
changed row gets one history record with the import as its reason, removed rows go only when
confirmed, an adopted report is never changed, and nobody's later edit is overwritten."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.excel import ImportFout, importeren, importplan_maken, plan_exporteren
from agenda.models import Beleidsdoel, Niveau, Onderdeel, Plan, Rol
from rapportage.models import ThemaRapportage
from regio.models import Persoon

from .factories import maak_andere_regio, onderdeel
from .werkboeken import aanpassen, gegeven, historie, kolom, rij_met, zet

pytestmark = pytest.mark.django_db


def _meldingen(plan) -> str:
    return "\n".join(str(m) for m in plan.fouten)


def test_it_writes_one_history_record_per_changed_row_with_the_import_as_reason(plan):
    inhoud = plan_exporteren(plan)

    def bewerken(boek):
        zet(boek["Thema's"], "Thema", "Nummer", "7", "Sociale kaart, vernieuwd")
        zet(boek["Thema's"], "Planning", "Nummer", "12", "Eind 2016")
        blad = boek["Beleidsdoelen"]
        blad.cell(row=2, column=kolom(blad, "Tekst"), value="Een ander eerste beleidsdoel")

    voor = historie()
    resultaat = importeren(aanpassen(inhoud, bewerken), bestandsnaam="bewerkt.xlsx")
    # Unchanged rows follow the reference data: 869 since Midden-Limburg's meeting structure is
    # two chapters (3 and 4), as its plan prints it.
    assert resultaat.aantallen == {"nieuw": 0, "gewijzigd": 3, "verwijderd": 0, "gelijk": 869}
    assert historie() == voor + 3
    zeven = onderdeel(plan, 7)
    laatste = zeven.history.first()
    assert zeven.titel == "Sociale kaart, vernieuwd"
    assert laatste.history_type == "~"
    assert laatste.history_change_reason.startswith("import uit bewerkt.xlsx")
    assert onderdeel(plan, 12).tekst_van("planning") == "Eind 2016"
    assert onderdeel(plan, 12).history.count() == onderdeel(plan, 11).history.count() + 1
    assert Beleidsdoel.history.first().history_change_reason.startswith("import uit")


def test_the_preview_names_what_changes_and_from_what(plan):
    inhoud = plan_exporteren(plan)
    bewerkt = aanpassen(inhoud, lambda boek: zet(boek["Thema's"], "Thema", "Nummer", "7", "Nieuw"))
    controle = importplan_maken(bewerkt, bestandsnaam="x.xlsx")
    regel = next(g for g in controle.groepen if g.naam == "Thema's").gewijzigd[0]
    assert regel.tekst.startswith("Thema 7")
    assert regel.plaats == f"blad Thema's, rij {rij_met_code(bewerkt, 7)}"
    assert regel.wijzigingen == ["Thema: Sociale kaart → Nieuw"]
    assert Onderdeel.objects.get(pk=onderdeel(plan, 7).pk).titel == "Sociale kaart"


def rij_met_code(inhoud, code):
    import io

    import openpyxl

    return rij_met(openpyxl.load_workbook(io.BytesIO(inhoud))["Thema's"], "Nummer", str(code))


def test_removed_rows_go_only_when_confirmed(plan):
    inhoud = plan_exporteren(plan)
    activiteit = plan.onderdelen.get(niveau__slug="activiteiten", code="1.5")

    def weghalen(boek):
        blad = boek["Activiteiten"]
        blad.delete_rows(rij_met(blad, "Nummer", "1.5"))

    zonder = aanpassen(inhoud, weghalen)
    controle = importplan_maken(zonder, bestandsnaam="x.xlsx")
    activiteiten = next(g for g in controle.groepen if g.naam == "Activiteiten")
    assert activiteiten.aantal_verwijderd == 1
    assert activiteiten.verwijderd[0].tekst.startswith("Activiteit 1.5 ")
    with pytest.raises(ImportFout, match="bevestig dat die verwijderd mogen worden"):
        importeren(zonder, bestandsnaam="x.xlsx")
    assert Onderdeel.objects.filter(pk=activiteit.pk).exists()
    importeren(zonder, bestandsnaam="x.xlsx", verwijderen=True)
    assert not Onderdeel.objects.filter(pk=activiteit.pk).exists()
    weg = Onderdeel.history.filter(id=activiteit.pk).first()
    assert weg.history_type == "-" and weg.history_change_reason.startswith("import uit x.xlsx")


def test_an_adopted_report_is_never_changed_by_an_import(plan, periode):
    inhoud = plan_exporteren(plan)
    voor = historie()

    def bewerken(boek):
        blad = boek["Rapportages"]
        rij = next(
            r[0].row for r in blad.iter_rows(min_row=2) if r[kolom(blad, "Thema") - 1].value == "7"
        )
        blad.cell(row=rij, column=kolom(blad, "Rapportage over proces"), value="Anders")

    controle = importplan_maken(aanpassen(inhoud, bewerken), bestandsnaam="x.xlsx")
    assert "de rapportage 2015-Q2 van thema 7 is vastgesteld" in _meldingen(controle)
    assert "een import verandert een vastgestelde periode niet" in _meldingen(controle)
    with pytest.raises(ImportFout):
        importeren(aanpassen(inhoud, bewerken), bestandsnaam="x.xlsx")
    assert historie() == voor
    assert ThemaRapportage.objects.get(periode=periode, onderdeel=onderdeel(plan, 7)).tijd_tekst


def test_an_edit_made_after_the_export_is_not_overwritten(plan):
    inhoud = plan_exporteren(plan)
    thema = onderdeel(plan, 7)
    thema.titel = "Sociale kaart (bijgewerkt door een collega)"
    thema._change_reason = "in het beheer"
    thema.save()

    def bewerken(boek):
        zet(boek["Thema's"], "Thema", "Nummer", "7", "Sociale kaart 2.0")

    controle = importplan_maken(aanpassen(inhoud, bewerken), bestandsnaam="x.xlsx")
    assert "is na de export" in _meldingen(controle)
    assert "uw bestand zou die wijziging ongedaan maken" in _meldingen(controle)
    # The file also says theme 7 is as it was exported: that, too, would undo the edit.
    assert not importplan_maken(inhoud, bestandsnaam="x.xlsx").geldig
    # A fresh export carries the edit and imports cleanly.
    assert importplan_maken(plan_exporteren(plan), bestandsnaam="x.xlsx").geldig


def test_importing_the_same_edited_file_twice_is_no_conflict_with_itself(plan):
    inhoud = aanpassen(
        plan_exporteren(plan), lambda boek: zet(boek["Thema's"], "Thema", "Nummer", "7", "Nieuw")
    )
    importeren(inhoud, bestandsnaam="x.xlsx")
    nog_eens = aanpassen(
        inhoud, lambda boek: zet(boek["Thema's"], "Thema", "Nummer", "7", "Nieuwer")
    )
    assert importplan_maken(nog_eens, bestandsnaam="x.xlsx").geldig


def test_a_confirmation_writes_exactly_what_was_shown_or_nothing(plan):
    bewerkt = aanpassen(
        plan_exporteren(plan), lambda boek: zet(boek["Thema's"], "Thema", "Nummer", "7", "Nieuw")
    )
    gezien = importplan_maken(bewerkt, bestandsnaam="x.xlsx")
    Onderdeel.objects.filter(pk=onderdeel(plan, 8).pk).update(titel="Intussen anders")
    with pytest.raises(ImportFout, match="Het plan is veranderd sinds u het bestand controleerde"):
        importeren(bewerkt, bestandsnaam="x.xlsx", handtekening_=gezien.handtekening)
    assert onderdeel(plan, 7).titel == "Sociale kaart"


def test_a_shape_other_plans_use_is_not_changed_by_one_plan(plan):
    maak_andere_regio()  # another plan in Midden-Limburg's shape
    inhoud = plan_exporteren(plan)
    bewerkt = aanpassen(
        inhoud,
        lambda boek: zet(boek["Lijstwaarden"], "Betekenis", "Code", "trekker", "Trekt en schrijft"),
    )
    controle = importplan_maken(bewerkt, bestandsnaam="x.xlsx")
    assert "wordt ook gebruikt door Actieplan Zuid-Testland" in _meldingen(controle)


def test_a_plan_may_rename_the_levels_of_a_shape_it_alone_uses():
    plan = Plan.objects.get(slug="holland-rijnland-2014-2015")

    def hernoemen(boek):
        zet(boek["Niveaus"], "Meervoud", "Diepte", 2, "Werkpunten")
        zet(boek["Niveaus"], "Naam", "Diepte", 2, "Werkpunt")
        boek["Acties"].title = "Werkpunten"
        zet(boek["Secties"], "Niveau", "Sleutel", "wie", "Werkpunt")
        zet(boek["Secties"], "Niveau", "Sleutel", "wanneer", "Werkpunt")
        rollen = boek["Rollen"]
        for (cel,) in rollen.iter_rows(min_row=2, min_col=1, max_col=1):
            cel.value = cel.value.replace("Actie ", "Werkpunt ")

    importeren(aanpassen(plan_exporteren(plan), hernoemen), bestandsnaam="x.xlsx")
    assert Niveau.objects.get(planvorm=plan.planvorm, diepte=2).naam == "Werkpunt"


def test_a_plan_of_another_region_is_not_touched(plan):
    _regio, ander = maak_andere_regio()
    inhoud = aanpassen(
        plan_exporteren(plan), lambda boek: gegeven(boek["Plan"], "Webadres", ander.slug)
    )
    controle = importplan_maken(inhoud, bestandsnaam="x.xlsx")
    assert "hoort bij regio Zuid-Testland" in _meldingen(controle)


def test_a_new_role_and_person_come_in_together(plan):
    inhoud = plan_exporteren(plan)

    def toevoegen(boek):
        personen = boek["Personen"]
        personen.append(["J. Janssen", "beleidsmedewerker Wmo", "Weert", None])
        rollen = boek["Rollen"]
        rij = [None] * rollen.max_column
        rij[kolom(rollen, "Hoort bij") - 1] = "Thema 7"
        rij[kolom(rollen, "Rol") - 1] = "Trekker"
        rij[kolom(rollen, "Persoon") - 1] = "J. Janssen"
        rollen.append(rij)

    importeren(aanpassen(inhoud, toevoegen), bestandsnaam="x.xlsx")
    janssen = Persoon.objects.get(regio=plan.regio, naam="J. Janssen")
    assert janssen.gemeente.naam == "Weert"
    assert Rol.objects.get(persoon=janssen).onderdeel == onderdeel(plan, 7)


def _plan_met(aantal: int) -> bytes:
    """Holland Rijnland's workbook with `aantal` extra actions under its first task."""

    def uitbreiden(boek):
        blad = boek["Acties"]
        for n in range(aantal):
            rij = [None] * blad.max_column
            rij[kolom(blad, "Nummer") - 1] = f"1.{100 + n}"
            rij[kolom(blad, "Taak") - 1] = "1"
            rij[kolom(blad, "Actie") - 1] = f"Extra actie {n}"
            rij[kolom(blad, "Wanneer") - 1] = "Doorlopend"
            blad.append(rij)
        rollen = boek["Rollen"]
        for n in range(aantal):
            rij = [None] * rollen.max_column
            rij[kolom(rollen, "Hoort bij") - 1] = f"Actie 1.{100 + n}"
            rij[kolom(rollen, "Rol") - 1] = "Wie"
            rij[kolom(rollen, "In woorden") - 1] = "de gemeenten"
            rollen.append(rij)

    return aanpassen(
        plan_exporteren(Plan.objects.get(slug="holland-rijnland-2014-2015")), uitbreiden
    )


def test_the_number_of_queries_does_not_grow_with_the_rows():
    klein, groot = _plan_met(5), _plan_met(60)
    aantallen = []
    for inhoud in (klein, groot):
        with CaptureQueriesContext(connection) as vragen:
            resultaat = importeren(inhoud, bestandsnaam="x.xlsx")
        assert resultaat.aantallen["nieuw"] > 0
        aantallen.append(len(vragen))
        Onderdeel.objects.filter(code__startswith="1.1", titel__startswith="Extra actie").delete()
    assert aantallen[0] == aantallen[1]


def test_each_history_record_holds_the_row_and_its_links_as_written(plan):
    """History is copied by the database from the rows just written (INSERT … SELECT): the
    record of a created or changed row equals the row, its many-to-many links included."""
    from agenda.models import Lijstwaarde

    thema = onderdeel(plan, 7)
    jeugd = Lijstwaarde.objects.get(keuzelijst__planvorm=plan.planvorm, code="jeugdhulp")

    def bewerken(boek):
        zet(boek["Thema's"], "Decentralisaties", "Nummer", "7", "Jeugdhulp")
        zet(boek["Thema's"], "Thema", "Nummer", "7", "Sociale kaart voor de jeugd")

    voor = thema.history.count()
    importeren(aanpassen(plan_exporteren(plan), bewerken), bestandsnaam="jeugd.xlsx")
    record = thema.history.first()
    assert record.history_type == "~"
    assert record.titel == "Sociale kaart voor de jeugd"
    assert record.pad == Onderdeel.objects.get(pk=thema.pk).pad
    assert [link.lijstwaarde_id for link in record.domeinen.all()] == [jeugd.pk]
    assert record.history_change_reason.startswith("import uit jeugd.xlsx (export ")
    assert thema.history.count() == voor + 1  # two changes of one row: one record


def test_a_shape_must_say_what_the_quarterly_report_is_about():
    plan = Plan.objects.get(slug="holland-rijnland-2014-2015")

    def leegmaken(boek):
        blad = boek["Planvorm"]
        # openpyxl's cell(value=None) leaves a cell as it is; emptying it takes an assignment
        blad.cell(row=rij_met(blad, "Gegeven", "Kwartaalrapportage per"), column=2).value = None

    controle = importplan_maken(aanpassen(plan_exporteren(plan), leegmaken), bestandsnaam="x.xlsx")
    assert (
        "zeg over welk niveau elk kwartaal gerapporteerd wordt; kies uit “Taak” en “Actie”."
        in _meldingen(controle)
    )


def test_only_rows_of_the_reported_level_can_be_in_the_quarterly_report():
    plan = Plan.objects.get(slug="holland-rijnland-2014-2015")
    bewerkt = aanpassen(
        plan_exporteren(plan),
        lambda boek: zet(boek["Secties"], "In de kwartaalrapportage", "Sleutel", "wie", "ja"),
    )
    controle = importplan_maken(bewerkt, bestandsnaam="x.xlsx")
    assert (
        "kolom In de kwartaalrapportage: de kwartaalrapportage gaat per taak, niet per actie: "
        "alleen rijen van dat niveau kunnen erin staan." in _meldingen(controle)
    )
    assert (
        Niveau.objects.get(planvorm=plan.planvorm, diepte=2)
        .secties.filter(in_rapportage=True)
        .count()
        == 0
    )
