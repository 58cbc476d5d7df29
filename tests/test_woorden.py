"""Every region's pages and documents speak that region's own words.

For each reference region, every page type and every document is rendered, and its text may not
contain the level names and list names of another region's plan shape, unless that word is also
the region's own (it occurs in its own plan shape or its own plan's texts)."""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from agenda.excel.bladen import TOELICHTING, VORMBLADEN, niveau_blad, niveaubladen
from agenda.excel.vorm import vorm_uit_database
from agenda.models import Plan, Planvorm
from dashboard.testdata import Generator
from rapportage.models import Melding
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker
from .werkboeken import aanpassen

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REGIO_S = {
    "midden-limburg-2015-2016": "midden-limburg",
    "holland-rijnland-2014-2015": "holland-rijnland",
    "gooi-en-vechtstreek-2015-2018": "gooi-en-vechtstreek",
}
WOORD = re.compile(r"[A-Za-zÀ-ÿ']+")
# The policy field itself, common to every region ("Transformatie-agenda sociaal domein").
ALGEMEEN = {"domein"}


def _woorden(tekst: str) -> set[str]:
    return {w.lower().strip("'") for w in WOORD.findall(tekst)}


def _woordenschat(vorm: Planvorm) -> set[str]:
    """A shape's own words: its level names and its lists' names."""
    namen = []
    for niveau in vorm.niveaus.all():
        namen += [niveau.naam, niveau.meervoud]
    for lijst in vorm.keuzelijsten.all():
        namen += [lijst.naam, lijst.meervoud]
    return {n.lower() for n in namen if n}


def _eigen_tekst(plan: Plan) -> set[str]:
    """Every word of the region's own data and shape (a plan may use another plan's level name
    in its prose, e.g. "activiteiten" in Gooi en Vechtstreek's "Taken en activiteiten")."""
    map = FIXTURES / REGIO_S[plan.slug]
    tekst = " ".join(pad.read_text(encoding="utf-8") for pad in sorted(map.glob("*.json")))
    vormen = json.loads((FIXTURES / "planvormen.json").read_text(encoding="utf-8"))
    eigen_vorm = next(v for v in vormen["planvormen"] if v["slug"] == plan.planvorm.slug)
    return _woorden(tekst + json.dumps(eigen_vorm, ensure_ascii=False))


def _gegenereerd() -> set[str]:
    """The words of the generated quarters' texts (dashboard.testdata): test data entered for
    the region, not the application's words ("Activiteiten zijn uitgevoerd zoals gepland.")."""
    from dashboard.testdata import TEKSTEN

    return _woorden(" ".join(tekst for teksten in TEKSTEN.values() for tekst in teksten))


def _verboden(plan: Plan) -> set[str]:
    vreemd = set()
    for vorm in Planvorm.objects.exclude(pk=plan.planvorm_id):
        vreemd |= _woordenschat(vorm)
    return vreemd - _eigen_tekst(plan) - _woordenschat(plan.planvorm) - _gegenereerd() - ALGEMEEN


def _zonder_voettekst(html: str) -> str:
    """A page without its footer: the application's own name ("Transformatie-agenda sociaal
    domein") is the same in every region and no plan's vocabulary."""
    return re.sub(r"<footer.*?</footer>", "", html, flags=re.S)


def _pdftekst(inhoud: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()


GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen.",
}
# The cycle's pages: each region must be checked on them, not only where a quarter happens to
# be open with a submitted report.
CYCLUSPAGINAS = {
    "voortgang",
    "alles goedkeuren",
    "vaststellen",
    "beoordelen",
    "namens",
    "mijn (invuller)",
    "ingediend, namens gewijzigd (invuller)",
    "teruggestuurd (invuller)",
    "start (griffie)",
}


def _open_kwartaal(plan: Plan, manager, invuller):
    """The plan's open quarter (opened after its last one if none is), with one report
    submitted and changed on behalf of its invullers and one sent back with a comment."""
    from datetime import date

    from dashboard.testdata import volgend_kwartaal
    from rapportage import services
    from rapportage.constants import TE_VULLEN, PeriodeStatus

    periode = plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).first()
    if periode is None:
        laatste = plan.rapportageperiodes.order_by("-jaar", "-kwartaal").first()
        jaar, kwartaal = volgend_kwartaal(laatste.jaar, laatste.kwartaal)
        periode = services.rapportageperiode_openen(
            plan=plan, jaar=jaar, kwartaal=kwartaal, deadline=date(2099, 1, 1), door=manager
        )
    ingediend, terug = periode.rapportages.filter(status__in=TE_VULLEN).order_by("onderdeel__pad")[
        :2
    ]
    for rapport in (ingediend, terug):
        rapport.onderdeel.invullers.add(invuller)
        services.themarapportage_opslaan(
            rapport=rapport, door=invuller, gegevens=GROEN, versie=rapport.versie, indienen=True
        )
    services.themarapportage_wijzigen_namens(
        rapport=ingediend,
        door=manager,
        gegevens={**GROEN, "kosten_tekst": "Binnen budget, op één post na."},
        versie=ingediend.versie,
        reden="De post jeugdhulp ontbrak.",
    )
    services.themarapportage_terugsturen(
        rapport=terug, door=manager, opmerking="Vul de stand van de inkoop aan."
    )
    return periode, ingediend, terug


def _paginas(client, plan: Plan) -> dict[str, str]:
    """Every page type of a plan, and its documents, as text."""
    slug = plan.slug
    niveau = plan.rapportageniveau
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "woorden")
    invuller = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "woorden-trekker")
    griffie = maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "woorden-griffie")
    vastgesteld = plan.rapportageperiodes.order_by("-jaar", "-kwartaal").first()
    open_periode, ingediend, terug = _open_kwartaal(plan, manager, invuller)
    client.force_login(manager)
    urls = {
        "plan": reverse("rapportage:plan", args=[slug]),
        "overlegstructuur": reverse("agenda:overlegstructuur", args=[slug]),
        "rapportages": reverse("rapportage:overzicht", args=[slug]),
        "mijn": reverse("rapportage:mijn_themas"),
        "dashboard": reverse("dashboard:regio", args=[slug]),
        "personen": reverse("dashboard:personen", args=[slug]),
        "overleggen": reverse("dashboard:overleggen", args=[slug]),
        "selectie": reverse("documenten:selectie_pdf", args=[slug]),
        "periode openen": reverse("rapportage:periode_openen", args=[slug]),
    }
    for n in plan.niveaus:
        eerste = plan.onderdelen.filter(niveau=n).order_by("pad").first()
        urls[f"{n.naam}"] = reverse("rapportage:onderdeel", args=[slug, n.slug, eerste.code])
        urls[f"{n.naam} geschiedenis"] = reverse(
            "rapportage:geschiedenis", args=[slug, n.slug, eerste.code]
        )
    if plan.begrotingsposten.exists():
        urls["begroting"] = reverse("agenda:begroting", args=[slug])
    for kader in plan.toetsingskaders.all():
        urls[f"toetsing {kader.slug}"] = reverse("agenda:toetsing", args=[slug, kader.slug])
    periode = vastgesteld  # the last quarter before the open one: its report and PDF
    urls["rapport"] = reverse("rapportage:rapport", args=[slug, periode.code])
    urls["rapport open kwartaal"] = reverse("rapportage:rapport", args=[slug, open_periode.code])
    rapport = open_periode.rapportages.order_by("onderdeel__pad").first()
    urls["rapportage"] = reverse("rapportage:bewerken", args=[rapport.pk])
    eerste = plan.onderdelen.filter(niveau=niveau).order_by("pad").first()
    urls["invullers"] = reverse("rapportage:invullers", args=[slug, niveau.slug, eerste.code])
    # The cycle's own pages: progress, the review, approving all, adopting, changing on behalf,
    # messages; and what the invuller and the griffie see.
    urls["berichten"] = reverse("rapportage:berichten")
    urls["voortgang"] = reverse("rapportage:voortgang", args=[slug, open_periode.code])
    urls["alles goedkeuren"] = reverse(
        "rapportage:alles_goedkeuren", args=[slug, open_periode.code]
    )
    urls["vaststellen"] = reverse("rapportage:vaststellen", args=[slug, open_periode.code])
    urls["beoordelen"] = reverse("rapportage:bewerken", args=[ingediend.pk])
    urls["namens"] = reverse("rapportage:namens", args=[ingediend.pk])
    teksten = {}
    for naam, url in urls.items():
        antwoord = client.get(url)
        assert antwoord.status_code == 200, (naam, url, antwoord.status_code)
        teksten[naam] = strip_tags(_zonder_voettekst(antwoord.content.decode()))
    anderen = {
        "mijn (invuller)": (invuller, reverse("rapportage:mijn_themas")),
        "ingediend, namens gewijzigd (invuller)": (
            invuller,
            reverse("rapportage:bewerken", args=[ingediend.pk]),
        ),
        "teruggestuurd (invuller)": (invuller, reverse("rapportage:bewerken", args=[terug.pk])),
        "start (griffie)": (griffie, reverse("rapportage:start")),
    }
    for naam, (gebruiker, url) in anderen.items():
        client.force_login(gebruiker)
        antwoord = client.get(url, follow=True)
        assert antwoord.status_code == 200, (naam, url, antwoord.status_code)
        teksten[naam] = strip_tags(_zonder_voettekst(antwoord.content.decode()))
    client.force_login(manager)
    assert "gewijzigd namens" in teksten["ingediend, namens gewijzigd (invuller)"].lower()
    assert "Vul de stand van de inkoop aan." in teksten["teruggestuurd (invuller)"]
    exports = {
        "csv": reverse("dashboard:export_csv", args=[slug]),
        "pdf dashboard": reverse("dashboard:export_pdf", args=[slug]),
    }
    for naam, url in exports.items():
        inhoud = client.get(url).content
        teksten[naam] = _pdftekst(inhoud) if naam.startswith("pdf") else inhoud.decode("utf-8-sig")
    documenten = {
        "pdf plan": reverse("documenten:plan_pdf", args=[slug]),
        "pdf rapport": reverse("documenten:rapport_pdf", args=[slug, periode.code]) + "?variant=ua",
        "pdf onderdeel": reverse("documenten:onderdeel_pdf", args=[slug, niveau.slug, eerste.code]),
        "pdf selectie": reverse("documenten:selectie_pdf", args=[slug]) + "?maken=1",
    }
    for naam, url in documenten.items():
        antwoord = client.get(url, follow=True)
        assert antwoord["Content-Type"] == "application/pdf", (naam, url)
        teksten[naam] = _pdftekst(b"".join(antwoord.streaming_content))
    teksten |= _emails(plan, open_periode)
    return teksten


def _emails(plan: Plan, periode) -> dict[str, str]:
    """Every kind of e-mail of the cycle for this plan, subject and text."""
    from rapportage import meldingen

    invuller = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "woorden-invuller")
    rapport = periode.rapportages.order_by("onderdeel__pad").first()
    rapport.onderdeel.invullers.add(invuller)
    meldingen.periode_geopend(periode, door=invuller)
    meldingen.invuller_toegevoegd(rapport, [invuller], door=invuller)
    meldingen.teruggestuurd(rapport, door=invuller)
    meldingen.goedgekeurd(rapport, door=invuller)
    meldingen.vastgesteld(periode, door=invuller, keer=0)
    return {
        f"e-mail {m.soort}": f"{m.onderwerp}\n{m.tekst}"
        for m in Melding.objects.filter(ontvanger=invuller)
    }


@pytest.mark.parametrize("slug", list(REGIO_S))
def test_every_page_and_document_speaks_the_regions_own_words(client, slug, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.get(slug=slug)
    if not plan.rapportageperiodes.exists():
        Generator(seed=3).kwartalen_toevoegen(plan, 2)  # a quarter to report on, as the demo
    verboden = _verboden(plan)
    assert verboden  # the other shapes do have words of their own
    fouten = []
    paginas = _paginas(client, plan)
    assert set(paginas) >= CYCLUSPAGINAS
    assert {f"e-mail {soort}" for soort in Melding.Soort.values} <= set(paginas)
    for naam, tekst in paginas.items():
        gevonden = sorted(_woorden(tekst) & verboden)
        if gevonden:
            fouten.append(f"{naam}: {', '.join(gevonden)}")
    assert fouten == [], "\n".join(fouten)


def test_the_check_would_notice_another_regions_word():
    """The test above can fail: Midden-Limburg's level names are foreign to Holland Rijnland."""
    plan = Plan.objects.get(slug="holland-rijnland-2014-2015")
    verboden = _verboden(plan)
    assert {"speerpunt", "thema's", "cluster"} <= verboden
    assert "taak" not in verboden and "acties" not in verboden


def _werkboektekst(inhoud: bytes) -> str:
    """Every cell's text, but for the sheets that define the shape itself (and their lines in the
    Toelichting): they are written in the shape format's fixed words (the kinds of sections and
    lists, as the admin offers them), the same in every region's workbook; and for an adopted
    report's frozen snapshot, JSON whose keys are the storage format's."""
    boek = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True)
    teksten = []
    for blad in boek:
        if blad.title in VORMBLADEN:
            continue
        for rij in blad.iter_rows(values_only=True):
            if blad.title == TOELICHTING and rij and rij[0] in VORMBLADEN:
                continue
            teksten += [
                str(waarde)
                for waarde in rij
                if waarde is not None and not str(waarde).startswith('{"')
            ]
    return " ".join(teksten)


def _excel_paginas(client, plan: Plan) -> dict[str, str]:
    """The plan's workbook, its shape's template, and the import's preview and error pages. (The
    start page /excel/ is left out: it offers every shape by name, to choose from.)"""
    werkboek = client.get(reverse("agenda:plan_excel", args=[plan.slug])).content
    sjabloon = client.get(
        reverse("agenda:excel_sjabloon") + f"?planvorm={plan.planvorm.slug}"
    ).content
    vorm = vorm_uit_database(plan.planvorm)
    niveau = vorm.niveau(plan.rapportageniveau.diepte)
    kop = niveau_blad(vorm, niveau).kolom("titel").kop

    def bijgewerkt(boek):
        blad = boek[niveaubladen(vorm)[niveau.diepte]]
        titels = [c for c in blad[1] if c.value == kop][0].column
        blad.cell(row=2, column=titels).value = "Een nieuwe titel"

    def dubbel(boek):
        blad = boek[niveaubladen(vorm)[niveau.diepte]]
        blad.cell(row=3, column=1).value = blad.cell(row=2, column=1).value

    teksten = {"werkboek": _werkboektekst(werkboek), "sjabloon": _werkboektekst(sjabloon)}
    for naam, wijziging, status in (("controle", bijgewerkt, 200), ("fouten", dubbel, 422)):
        bestand = io.BytesIO(aanpassen(werkboek, wijziging))
        bestand.name = "plan.xlsx"
        antwoord = client.post(reverse("agenda:excel_importeren"), {"bestand": bestand})
        assert antwoord.status_code == status, (naam, antwoord.status_code)
        teksten[naam] = strip_tags(antwoord.content.decode())
    assert "Een nieuwe titel" in teksten["controle"]
    return teksten


@pytest.mark.parametrize("slug", list(REGIO_S))
def test_the_excel_workbook_and_import_speak_the_regions_own_words(
    client, slug, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.get(slug=slug)
    if not plan.rapportageperiodes.exists():
        Generator(seed=3).kwartalen_toevoegen(plan, 2)  # the reports' sheets too
    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "woorden"))
    verboden = _verboden(plan)
    fouten = []
    for naam, tekst in _excel_paginas(client, plan).items():
        gevonden = sorted(_woorden(tekst) & verboden)
        if gevonden:
            fouten.append(f"{naam}: {', '.join(gevonden)}")
    assert fouten == [], "\n".join(fouten)
