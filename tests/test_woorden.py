"""Every region's pages and documents speak that region's own words.

For each reference region, every page type and every document is rendered, and its text may not
contain the level names and list names of another region's plan shape, unless that word is also
the region's own (it occurs in its own plan shape or its own plan's texts)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from agenda.models import Plan, Planvorm
from dashboard.testdata import Generator
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

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


def _verboden(plan: Plan) -> set[str]:
    vreemd = set()
    for vorm in Planvorm.objects.exclude(pk=plan.planvorm_id):
        vreemd |= _woordenschat(vorm)
    return vreemd - _eigen_tekst(plan) - _woordenschat(plan.planvorm) - ALGEMEEN


def _pdftekst(inhoud: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()


def _paginas(client, plan: Plan) -> dict[str, str]:
    """Every page type of a plan, and its documents, as text."""
    slug = plan.slug
    niveau = plan.rapportageniveau
    urls = {
        "plan": reverse("rapportage:plan", args=[slug]),
        "overlegstructuur": reverse("agenda:overlegstructuur", args=[slug]),
        "rapportages": reverse("rapportage:overzicht", args=[slug]),
        "mijn": reverse("rapportage:mijn_themas"),
        "dashboard": reverse("dashboard:regio", args=[slug]),
        "personen": reverse("dashboard:personen", args=[slug]),
        "overleggen": reverse("dashboard:overleggen", args=[slug]),
        "selectie": reverse("rapportage:selectie_pdf", args=[slug]),
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
    periode = plan.rapportageperiodes.order_by("-jaar", "-kwartaal").first()
    urls["rapport"] = reverse("rapportage:rapport", args=[slug, periode.code])
    urls["voortgang"] = reverse("rapportage:voortgang", args=[slug, periode.code])
    rapport = periode.rapportages.order_by("onderdeel__pad").first()
    urls["rapportage"] = reverse("rapportage:bewerken", args=[rapport.pk])
    eerste = plan.onderdelen.filter(niveau=niveau).order_by("pad").first()
    urls["invullers"] = reverse("rapportage:invullers", args=[slug, niveau.slug, eerste.code])
    teksten = {}
    for naam, url in urls.items():
        antwoord = client.get(url)
        assert antwoord.status_code == 200, (naam, url, antwoord.status_code)
        teksten[naam] = strip_tags(antwoord.content.decode())
    exports = {
        "csv": reverse("dashboard:export_csv", args=[slug]),
        "pdf dashboard": reverse("dashboard:export_pdf", args=[slug]),
    }
    for naam, url in exports.items():
        inhoud = client.get(url).content
        teksten[naam] = _pdftekst(inhoud) if naam.startswith("pdf") else inhoud.decode("utf-8-sig")
    documenten = {
        "pdf plan": reverse("rapportage:plan_pdf", args=[slug]),
        "pdf rapport": reverse("rapportage:rapport_pdf", args=[slug, periode.code]) + "?variant=ua",
        "pdf onderdeel": reverse("rapportage:onderdeel_pdf", args=[slug, niveau.slug, eerste.code]),
        "pdf selectie": reverse("rapportage:selectie_pdf", args=[slug]) + "?maken=1",
    }
    for naam, url in documenten.items():
        antwoord = client.get(url, follow=True)
        assert antwoord["Content-Type"] == "application/pdf", (naam, url)
        teksten[naam] = _pdftekst(b"".join(antwoord.streaming_content))
    return teksten


@pytest.mark.parametrize("slug", list(REGIO_S))
def test_every_page_and_document_speaks_the_regions_own_words(client, slug, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.get(slug=slug)
    if not plan.rapportageperiodes.exists():
        Generator(seed=3).kwartalen_toevoegen(plan, 2)  # a quarter to report on, as the demo
    client.force_login(maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "woorden"))
    verboden = _verboden(plan)
    assert verboden  # the other shapes do have words of their own
    fouten = []
    for naam, tekst in _paginas(client, plan).items():
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
