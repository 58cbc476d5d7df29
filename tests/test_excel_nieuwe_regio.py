"""Done when: the beheerder of a region that is not in the reference data downloads the blank
template, fills in their plan in their own words, imports it, fixes the errors it reports, and
prints a plan PDF that reads like their own document, without a code change."""

import datetime
import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from agenda.models import Plan
from documenten.documenten import pdf_bytes, plan_document
from regio.constants import Gebruikersrol
from regio.models import Regio

from .factories import maak_gebruiker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]


def _kolom(blad, kop):
    return next(c.column for c in blad[1] if c.value == kop)


def _rij(blad, **waarden):
    rij = [None] * blad.max_column
    for kop, waarde in waarden.items():
        rij[_kolom(blad, kop) - 1] = waarde
    blad.append(rij)


def _gegeven(blad, naam, waarde):
    rij = next(c.row for c in blad["A"] if c.value == naam)
    blad.cell(row=rij, column=2, value=waarde)


def invullen(sjabloon: bytes, *, met_fouten: bool) -> bytes:
    """Noord-Veluwe's actieplan typed into the template of its shape, as its beheerder would."""
    boek = openpyxl.load_workbook(io.BytesIO(sjabloon))
    plan = boek["Plan"]
    _gegeven(plan, "Titel", "Samen sterk in het sociaal domein")
    _gegeven(plan, "Ondertitel", "Actieplan transformatie Noord-Veluwe 2024-2026")
    _gegeven(plan, "Webadres", "noord-veluwe-2024-2026")
    _gegeven(plan, "Van jaar", 2024)
    _gegeven(plan, "Tot en met jaar", 2026)
    _gegeven(plan, "Versiedatum", datetime.date(2024, 3, 12))
    gemeenten = boek["Gemeenten"]
    tallen = boek["Inwonertallen"]
    for naam, code, inwoners in [
        ("Elburg", "GM0230", 23517),
        ("Ermelo", "GM0233", 27294),
        ("Harderwijk", "GM0243", 49375),
        ("Nunspeet", "GM0302", 28250),
        ("Oldebroek", "GM0269", 24093),
        ("Putten", "GM0273", 24878),
    ]:
        _rij(gemeenten, **{"Naam": naam, "CBS-code": code, "Centrumgemeente": naam == "Harderwijk"})
        _rij(tallen, Gemeente=naam, Peildatum=datetime.date(2024, 1, 1), Inwoners=inwoners)
    partijen = boek["Partijen"]
    _rij(partijen, Naam="Gemeente Harderwijk", Soort="Centrumgemeente", Gemeente="Harderwijk")
    _rij(partijen, Naam="De zes gemeenten", Soort="Gemeenten samen")
    _rij(boek["Personen"], Naam="A. de Boer", Functie="beleidsadviseur jeugd", Gemeente="Ermelo")
    hoofdstukken = boek["Hoofdstukken"]
    hoofdstukken.cell(
        row=2,
        column=_kolom(hoofdstukken, "Tekst"),
        value="De zes gemeenten van de Noord-Veluwe zetten de *transformatie* voort.\n\n"
        "- Inwoners zijn eerder en dichter bij huis geholpen\n- Werk is de beste weg naar meedoen",
    )
    opgaven = boek["Opgaven"]
    _rij(opgaven, Nummer="1", Transformatieopgave="Preventie en vroegsignalering")
    _rij(opgaven, Nummer="2", Transformatieopgave="Werk en meedoen")
    deelopgaven = boek["Deelopgaven"]
    _rij(deelopgaven, Nummer="1.1", Opgave="1", Deelopgave="Vroegsignalering in het onderwijs")
    _rij(deelopgaven, Nummer="2.1", Opgave="2", Deelopgave="Regionaal werkbedrijf")
    actiepunten = boek["Actiepunten"]
    for nummer, ouder, titel, schaal, deadline in [
        (
            "1.1.1",
            "1.1",
            "Praktijkondersteuner jeugd op elke huisartsenpraktijk",
            "Regionaal",
            "31-02-2025" if met_fouten else datetime.datetime(2025, 12, 31),
        ),
        ("1.1.2", "1.1", "Signaleringsoverleg met alle scholen", "Lokaal", "Doorlopend"),
        (
            "2.1.1",
            "2.1",
            "Werkgeversservicepunt met één loket",
            "Regionaal",
            "tweede kwartaal 2025",
        ),
    ]:
        _rij(
            actiepunten,
            Nummer=nummer,
            Deelopgave=ouder,
            Actiepunt=titel,
            Schaal=schaal,
            Deadline=deadline,
        )
    rollen = boek["Rollen"]
    _rij(rollen, **{"Hoort bij": "Actiepunt 1.1.1", "Rol": "Trekker", "Persoon": "A. de Boer"})
    _rij(
        rollen,
        **{
            "Hoort bij": "Actiepunt 1.1.1",
            "Rol": "Wie",
            "Partij": "Gemeente Hardewijk" if met_fouten else "Gemeente Harderwijk",
        },
    )
    _rij(rollen, **{"Hoort bij": "Actiepunt 2.1.1", "Rol": "Wie", "Partij": "De zes gemeenten"})
    _rij(
        boek["Begroting"],
        **{
            "Omschrijving": "Projectbudget preventie",
            "Financiering": "Projectbudget",
            "Bedrag (€)": "€ 120.000,00" if met_fouten else 120000,
            "Verdeling": "Naar rato van het inwonertal",
            "Peildatum inwonertal": datetime.date(2024, 1, 1),
            "Voor": "Opgave 1",
        },
    )
    uitvoer = io.BytesIO()
    boek.save(uitvoer)
    return uitvoer.getvalue()


def _upload(client, inhoud):
    bestand = io.BytesIO(inhoud)
    bestand.name = "actieplan.xlsx"
    return client.post(reverse("agenda:excel_importeren"), {"bestand": bestand})


def _tekst(pdf: bytes) -> str:
    uit = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    return " ".join(uit.stdout.decode().split())


def test_a_new_region_brings_in_its_own_plan_and_prints_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    regio = Regio.objects.create(naam="Noord-Veluwe", slug="noord-veluwe")
    client = Client()
    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, regio, "nv-beheerder"))

    sjabloon = client.get(
        reverse("agenda:excel_sjabloon"), {"planvorm": "opgave-deelopgave-actiepunt"}
    )
    assert sjabloon.status_code == 200

    fout = _upload(client, invullen(sjabloon.content, met_fouten=True))
    assert fout.status_code == 422
    for melding in [
        "“31-02-2025” is geen datum; gebruik bijvoorbeeld 28-02-2025, “Doorlopend” of “Gereed”",
        "“Gemeente Hardewijk” staat niet op blad Partijen; bedoelt u “Gemeente Harderwijk”?",
        "(bedoelt u 120000?)",
    ]:
        assert melding in fout.text
    assert "Een verdeling heeft een bedrag nodig" not in fout.text  # follows from the amount
    assert not Plan.objects.filter(slug="noord-veluwe-2024-2026").exists()

    controle = _upload(client, invullen(sjabloon.content, met_fouten=False))
    assert controle.status_code == 200, controle.text
    assert "Actiepunt 1.1.1 Praktijkondersteuner jeugd" in controle.text
    token = client.session["excelimport"]["token"]
    bevestigd = client.post(reverse("agenda:excel_bevestigen"), {"token": token})
    assert bevestigd.url == reverse("rapportage:plan", args=["noord-veluwe-2024-2026"])

    plan = Plan.objects.get(slug="noord-veluwe-2024-2026")
    assert plan.regio == regio and plan.regio.centrumgemeente.naam == "Harderwijk"
    pagina = client.get(bevestigd.url)
    assert "Actiepunten per opgave" in pagina.text

    tekst = _tekst(pdf_bytes(plan_document(plan)))
    for eigen in [
        "Samen sterk in het sociaal domein",
        "1 Inleiding",
        "Opgave 1: Preventie en vroegsignalering",
        "Praktijkondersteuner jeugd op elke huisartsenpraktijk",
        "Trekker: A. de Boer",
        "Wie?: Gemeente Harderwijk",
        "31-12-2025",
        "Begroting",
        "€ 33.397,78",  # Harderwijk's share of € 120.000, by its inhabitants
    ]:
        assert eigen in tekst, eigen
    vreemd = re.compile(r"\b(thema|speerpunt|taak|taken|cluster|bouwsteen|activiteit)", re.I)
    assert not vreemd.search(tekst), vreemd.search(tekst)
