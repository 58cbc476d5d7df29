"""An item's or list's own title in the plan's contents ("titel in de inhoudsopgave"): edited in
the admin, carried through the workbook, printed by the PDF's contents in one process and in
parallel parts, and blank everywhere but where Midden-Limburg's contents prints a shorter title."""

import html as html_module
import re

import pytest
from django.urls import reverse

from agenda.excel import importeren, plan_exporteren
from agenda.excel.bladen import INHOUDSTITEL
from agenda.models import Agendalijst, Onderdeel, Plan
from documenten import documenten, pdf_parallel

from .factories import formulier_gegevens, onderdeel
from .werkboeken import aanpassen, cellen, historie, kolom, tabel, zet

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"

# Where seed 001's contents names an entry otherwise than its heading (fixtures/README.md).
MIDDEN_LIMBURG = {
    "9": "Doorontwikkeling Veiligheidshuis Midden-Limburg",
    "16": "Afstemming verwijzers en intermediair Wmo",
    "17": "Evaluatie beleidsplan 2015-2016, voorbereiding keuzes 2017 en verder",
    "28": "Ondersteuning basisvoorzieningen realiseren",
    "31": "Regionaal calamiteitenregeling",
    "34": "Zorgstructuur herijking",
}
LIJST_36 = "Lokale Wmo-agenda"


def _inhoud(plan) -> dict[str, str]:
    """The plan document's contents: anchor → line."""
    regels = {}
    for item in documenten.plan_document(plan).inhoud:
        regels[item.anker] = item.titel
        regels.update({kind.anker: kind.titel for kind in item.kinderen})
    return regels


def test_the_reference_data_fills_it_only_where_the_seeds_contents_differs():
    eigen = {
        o.code: o.inhoudstitel
        for o in Onderdeel.objects.filter(plan__slug=SLUG).exclude(inhoudstitel="")
    }
    assert eigen == MIDDEN_LIMBURG
    lijsten = Agendalijst.objects.exclude(inhoudstitel="")
    assert [(lijst.plan.slug, lijst.nummer, lijst.inhoudstitel) for lijst in lijsten] == [
        (SLUG, 36, LIJST_36)
    ]
    # Other regions' plans print their titles as before.
    assert not Onderdeel.objects.exclude(plan__slug=SLUG).exclude(inhoudstitel="").exists()


def test_the_contents_prints_the_contents_title_and_else_the_title(plan):
    regels = _inhoud(plan)
    assert regels["themas-9"] == "9. Doorontwikkeling Veiligheidshuis Midden-Limburg"
    assert regels["themas-34"] == "34. Zorgstructuur herijking"
    assert regels["lijst-36"] == "36. Lokale Wmo-agenda"
    # Blank: the item's own title.
    assert regels["themas-1"] == "1. 1Gezin1Plan"
    assert regels["lijst-35"] == "35. Subregionale agenda"
    assert regels["speerpunten-1"] == "Speerpunt 1: Versterken burgerkracht"

    thema = onderdeel(plan, 9)
    thema.inhoudstitel = ""
    thema.save()
    speerpunt = onderdeel(plan, 1, "speerpunten")
    speerpunt.inhoudstitel = "Burgerkracht"
    speerpunt.save()
    regels = _inhoud(plan)
    assert regels["themas-9"] == "9. Veiligheidshuis Midden-Limburg doorontwikkeling"
    assert regels["speerpunten-1"] == "Speerpunt 1: Burgerkracht"


def test_the_headings_keep_the_full_title_and_the_links_their_text(plan):
    doc = documenten.plan_document(plan)
    html = doc.html()
    lange = "36. Lokale Wmo-agenda's, voortvloeiend uit door raad vastgestelde beleidsplannen"
    assert lange in html_module.unescape(html)  # the list's heading
    assert '<a href="#lijst-36">36. Lokale Wmo-agenda</a>' in html
    assert '<a href="#themas-9">9. Doorontwikkeling Veiligheidshuis Midden-Limburg</a>' in html
    assert "9. Veiligheidshuis Midden-Limburg doorontwikkeling" in html  # the theme's heading
    # The parallel renderer's contents: literal page numbers on the same links.
    literaal = pdf_parallel._inhoud_html(html, {"lijst-36": 40})
    assert re.search(
        r'<li id="lijst-36"><a href="#lijst-36" data-pagina="40">36\. Lokale Wmo-agenda</a>',
        literaal,
    )


def test_it_is_edited_on_the_items_change_page(client, beheerder, plan):
    thema = onderdeel(plan, 1)
    url = reverse("admin:agenda_onderdeel_change", args=[thema.pk])
    pagina = client.get(url)
    assert "Titel in de inhoudsopgave" in pagina.text
    gegevens = formulier_gegevens(pagina)
    assert gegevens["inhoudstitel"] == ""
    gegevens["inhoudstitel"] = "  Gezinsplan "
    antwoord = client.post(url, gegevens)
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    thema.refresh_from_db()
    assert thema.inhoudstitel == "Gezinsplan"
    assert thema.titel == "1Gezin1Plan"
    assert thema.history.first().inhoudstitel == "Gezinsplan"
    assert _inhoud(plan)["themas-1"] == "1. Gezinsplan"

    gegevens["inhoudstitel"] = ""
    assert client.post(url, gegevens).status_code == 302
    thema.refresh_from_db()
    assert thema.inhoudstitel == ""
    assert _inhoud(plan)["themas-1"] == "1. 1Gezin1Plan"


def test_it_is_edited_on_the_lists_change_page(client, beheerder, plan):
    lijst = plan.agendalijsten.get(nummer=35)
    url = reverse("admin:agenda_agendalijst_change", args=[lijst.pk])
    gegevens = formulier_gegevens(client.get(url))
    gegevens["inhoudstitel"] = "Subregionaal"
    antwoord = client.post(url, gegevens)
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    lijst.refresh_from_db()
    assert lijst.inhoudstitel == "Subregionaal"
    assert _inhoud(plan)["lijst-35"] == "35. Subregionaal"


def test_the_workbook_carries_it_and_comes_back_without_a_write(plan):
    inhoud = plan_exporteren(plan)
    themas = {str(r["Nummer"]): r[INHOUDSTITEL] for r in tabel(inhoud, "Thema's")}
    assert {code: titel for code, titel in themas.items() if titel} == MIDDEN_LIMBURG
    lijsten = {r["Nummer"]: r[INHOUDSTITEL] for r in tabel(inhoud, "Agendalijsten")}
    assert lijsten[36] == LIJST_36 and not lijsten[35]
    voor = historie()
    terug = importeren(inhoud, bestandsnaam="terug.xlsx")
    assert terug.aantallen["gewijzigd"] == terug.aantallen["nieuw"] == 0
    assert historie() == voor


def test_a_changed_cell_changes_the_contents_title(plan):
    def wijzig(boek):
        zet(boek["Thema's"], INHOUDSTITEL, "Nummer", "9", "")
        zet(boek["Thema's"], INHOUDSTITEL, "Nummer", "1", "Gezinsplan")
        zet(boek["Agendalijsten"], INHOUDSTITEL, "Nummer", 35, "Subregionaal")

    importeren(aanpassen(plan_exporteren(plan), wijzig), bestandsnaam="plan.xlsx")
    assert onderdeel(plan, 9).inhoudstitel == ""
    assert onderdeel(plan, 1).inhoudstitel == "Gezinsplan"
    assert plan.agendalijsten.get(nummer=35).inhoudstitel == "Subregionaal"
    assert plan.agendalijsten.get(nummer=36).inhoudstitel == LIJST_36


def test_an_old_workbook_without_the_column_imports_and_keeps_the_titles(plan):
    def oud(boek):
        for blad in (boek["Thema's"], boek["Agendalijsten"]):
            blad.delete_cols(kolom(blad, INHOUDSTITEL))
        assert INHOUDSTITEL not in [c.value for c in boek["Thema's"][1]]

    voor = historie()
    terug = importeren(aanpassen(plan_exporteren(plan), oud), bestandsnaam="oud.xlsx")
    assert terug.aantallen["gewijzigd"] == terug.aantallen["nieuw"] == 0
    assert historie() == voor
    assert onderdeel(plan, 9).inhoudstitel == MIDDEN_LIMBURG["9"]
    assert plan.agendalijsten.get(nummer=36).inhoudstitel == LIJST_36


def test_a_plan_without_contents_titles_shows_no_column():
    inhoud = plan_exporteren(Plan.objects.get(slug="holland-rijnland-2014-2015"))
    koppen = [rijen[0] for rijen in cellen(inhoud).values() if rijen]
    assert koppen and all(INHOUDSTITEL not in kop for kop in koppen)
