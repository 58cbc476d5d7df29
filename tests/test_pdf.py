"""The PDF documents: content, contents page numbers, cache, URL fetcher, scope, command line."""

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from documenten import documenten, pdf

from .factories import onderdeel
from .pdfkeuring import boven_de_grens, keuren
from .voorwaarden import MET_PDF_TEKST

pytestmark = [
    MET_PDF_TEKST,
    # Runs with the database tests, before live-server tests flush the reference data away.
    pytest.mark.django_db,
]

SLUG = "midden-limburg-2015-2016"


def _paginas(inhoud: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (pdftotext separates pages by form feeds)."""
    tekst = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(pagina.split()) for pagina in tekst.split("\f")]


def _normaal(tekst: str) -> str:
    from agenda.opmaak import platte_tekst

    return " ".join(platte_tekst(tekst).split())


@pytest.fixture(scope="module")
def plan_pdf(django_db_setup, django_db_blocker):
    """The whole reference plan, rendered once for the module: (bytes, page texts, themes)."""
    from agenda.models import Plan

    with django_db_blocker.unblock():
        plan = Plan.objects.get(slug=SLUG)
        themas = [
            (t.code, t.titel) for t in plan.onderdelen.filter(niveau__slug="themas").order_by("pad")
        ]
        inhoud = documenten.pdf_bytes(documenten.plan_document(plan))
    return inhoud, _paginas(inhoud), themas


@pytest.fixture(scope="module")
def inhoudstitels(django_db_setup, django_db_blocker) -> dict[str, str]:
    """The themes the contents names by a title of its own (Onderdeel.inhoudstitel)."""
    from agenda.models import Onderdeel

    with django_db_blocker.unblock():
        return dict(
            Onderdeel.objects.filter(plan__slug=SLUG)
            .exclude(inhoudstitel="")
            .values_list("code", "inhoudstitel")
        )


def test_plan_pdf_has_every_theme_in_order(plan_pdf):
    inhoud, paginas, themas = plan_pdf
    assert inhoud.startswith(b"%PDF-")
    assert len(themas) == 34
    hoofdtekst = " ".join(paginas[3:])  # after title page and contents
    positie = -1
    for nummer, titel in themas:
        gevonden = hoofdtekst.find(f"{nummer}. {_normaal(titel)}", positie + 1)
        assert gevonden > positie, f"thema {nummer} ontbreekt of staat niet op zijn plaats"
        positie = gevonden


def test_contents_page_numbers_are_the_pages_where_themes_start(plan_pdf, inhoudstitels):
    _inhoud, paginas, themas = plan_pdf
    inhoudsopgave = " ".join(p for p in paginas[:4] if "Inhoud" in p or ". . ." in p)
    for nummer, titel in themas:
        kop = f"{nummer}. {_normaal(titel)}"
        regel = f"{nummer}. {_normaal(inhoudstitels.get(nummer) or titel)}"
        gevonden = re.search(re.escape(regel) + r"[\s.]*?(\d+)(?!\d)", inhoudsopgave)
        assert gevonden, f"thema {nummer} staat niet in de inhoudsopgave"
        volgens_inhoud = int(gevonden[1])
        start = next(i for i, tekst in enumerate(paginas, start=1) if i > 3 and kop in tekst)
        assert volgens_inhoud == start, f"thema {nummer}: inhoud zegt {volgens_inhoud}, is {start}"


def test_a_page_that_continues_a_theme_names_it(plan_pdf):
    """Page headers say which theme a page continues; the meeting structure names none."""
    _inhoud, paginas, themas = plan_pdf
    titel = "Meerjarenplan transformatie sociale domein van beleid naar activiteit 2015-2016"
    starts = []
    for nummer, naam in themas:
        kop = f"{nummer}. {_normaal(naam)}"
        starts.append(next(i for i, tekst in enumerate(paginas) if i > 2 and kop in tekst))
    tekst = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=_inhoud, capture_output=True
    ).stdout.decode()
    # The first line of each page, as laid out: the running header.
    koppen = [next((r for r in p.splitlines() if r.strip()), "") for p in tekst.split("\f")]
    vervolgpaginas = 0
    for (nummer, _naam), start, volgende in zip(themas, starts, [*starts[1:], None], strict=True):
        for index in range(start + 1, volgende if volgende is not None else start + 1):
            if paginas[index].removeprefix(titel).strip().startswith("Speerpunt"):
                continue  # a new speerpunt starts here
            assert koppen[index].split() == [*titel.split(), "Thema", str(nummer)], index + 1
            vervolgpaginas += 1
    assert vervolgpaginas >= 5  # pages holding nothing but the rest of one theme
    # Pages of the meeting structure continue no theme.
    overleg = [i for i, p in enumerate(paginas) if i > 3 and "Overlegstructuur tussen" in p]
    assert overleg and all(
        koppen[i].split() == titel.split() for i in range(overleg[0], len(paginas) - 1)
    )


def test_plan_pdf_footer_header_and_metadata(plan_pdf):
    inhoud, paginas, _themas = plan_pdf
    totaal = len([p for p in paginas if p.strip()])
    assert f"Pagina 2 van {totaal}" in paginas[1]
    assert f"Pagina {totaal} van {totaal}" in paginas[totaal - 1]
    assert "Meerjarenplan transformatie" in paginas[5]  # running header
    info = subprocess.run(["pdfinfo", "-"], input=inhoud, capture_output=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Author:          Regio Midden-Limburg" in info
    fonts = subprocess.run(["pdffonts", "-"], input=inhoud, capture_output=True).stdout.decode()
    assert "Source-Sans-3" in fonts and " no " not in fonts.split("\n", 2)[2].replace("yes", "")


def test_the_plan_passes_the_pdfua_checkers(plan_pdf):
    uitslag = keuren(plan_pdf[0])
    assert uitslag["fouten"] == []
    assert boven_de_grens("plan", uitslag["waarschuwingen"]) == {}


def test_q2_2015_report_pdf_has_the_seed_texts(periode):
    gegevens = json.loads(
        (Path(settings.BASE_DIR) / "fixtures/midden-limburg/rapportage-2015-Q2.json").read_text()
    )
    inhoud = documenten.rapport_pdf_bytes(periode)
    tekst = " ".join(_paginas(inhoud))
    assert "Evaluatie samenwerking in de regio" in tekst  # theme 25 as it was reported
    for thema in gegevens["themas"]:
        for dimensie in ("tijd", "kosten", "bijzonderheden"):
            regels = [r.removeprefix("- ") for r in thema[dimensie]["tekst"].splitlines() if r]
            assert regels, (thema["nummer"], dimensie)
            for regel in regels:  # every paragraph and list item, by its opening words
                fragment = _normaal(regel)[:40]
                assert fragment in tekst, f"thema {thema['nummer']} {dimensie}: {fragment!r}"
    assert "Groen: Het loopt volgens planning en tevredenheid" in tekst
    assert "Rapportage juli 2015 · Regio Midden-Limburg" in tekst  # the running header


def test_cache_hit_when_unchanged_and_miss_after_a_change(plan, settings, tmp_path, monkeypatch):
    from documenten import taken

    settings.MEDIA_ROOT = tmp_path
    renders = []
    echte_renderen = documenten.renderen
    monkeypatch.setattr(
        documenten, "renderen", lambda *a, **k: renders.append(1) or echte_renderen(*a, **k)
    )
    eerste = taken.bestel(plan, "thema", {"niveau": "themas", "code": "3"})
    assert eerste.status == "klaar" and eerste.bestand and len(renders) == 1
    opnieuw = taken.bestel(plan, "thema", {"niveau": "themas", "code": "3"})
    assert opnieuw.pk == eerste.pk and len(renders) == 1
    thema = onderdeel(plan, 3)
    thema.titel = "Dovenmaatschappelijk werk, herzien"
    thema.save()
    na_wijziging = taken.bestel(plan, "thema", {"niveau": "themas", "code": "3"})
    assert na_wijziging.pk != eerste.pk and len(renders) == 2


def test_theme_pdf_shows_its_status_in_every_adopted_report(plan, open_periode):
    thema = onderdeel(plan, 26)
    # The open Q3 2015 (copied from Q2) is not what the raad received: it is left out.
    open_periode.rapportages.filter(onderdeel=thema).update(tijd_tekst="Nog in concept, Q3.")
    paginas = _paginas(documenten.pdf_bytes(documenten.onderdeel_document(plan, thema)))
    tekst = " ".join(paginas)
    verloop = tekst[tekst.index("Voortgang per kwartaal") :]
    assert "Rapportage juli 2015" in verloop
    assert "Tijdsplanning zeer krap, vanwege omvangrijke opdracht" in verloop
    assert "Oranje: Het loopt niet helemaal volgens planning" in verloop  # the smiley legend
    assert "Nog in concept, Q3." not in tekst


def test_theme_pdf_without_an_adopted_report_says_so(plan):
    from agenda.models import Plan

    concept = Plan.objects.create(
        regio=plan.regio,
        planvorm=plan.planvorm,
        slug="concept-2017",
        titel="Concept 2017",
        jaar_van=2017,
        jaar_tot_en_met=2018,
    )
    speerpunt = concept.onderdelen.create(niveau=plan.niveau(1), code="1", titel="Burgerkracht")
    thema = concept.onderdelen.create(
        niveau=plan.niveau(2), ouder=speerpunt, code="1", titel="Nieuw thema"
    )
    tekst = " ".join(_paginas(documenten.pdf_bytes(documenten.onderdeel_document(concept, thema))))
    assert "Er is nog geen vastgestelde kwartaalrapportage over dit thema." in tekst


def test_a_changed_report_renders_the_theme_pdf_anew(plan, open_periode, settings, tmp_path):
    from documenten import taken

    settings.MEDIA_ROOT = tmp_path
    eerste = taken.bestel(plan, "thema", {"niveau": "themas", "code": "26"})
    assert taken.bestel(plan, "thema", {"niveau": "themas", "code": "26"}).pk == eerste.pk
    # Reports are part of a theme PDF's content version (a period's adoption changes it too).
    rapport = open_periode.rapportages.get(onderdeel__code="26")
    rapport.tijd_tekst = "Startconferentie gehouden."
    rapport.save()
    assert taken.bestel(plan, "thema", {"niveau": "themas", "code": "26"}).pk != eerste.pk


def test_only_the_newest_renders_per_plan_are_kept(
    plan, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from documenten import taken
    from documenten.models import PdfDocument

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(taken, "BEWAREN_PER_PLAN", 2)
    monkeypatch.setattr(
        documenten, "renderen", lambda doc, variant="ua", **_opties: (b"%PDF-1.7 x", 1)
    )
    oud = PdfDocument.objects.create(
        plan=plan, sleutel="oud", soort="thema", status=PdfDocument.Status.KLAAR
    )
    oud.bestand.save("oud.pdf", ContentFile(b"%PDF-1.7 oud"))
    bezig = PdfDocument.objects.create(
        plan=plan, sleutel="bezig", soort="plan", status=PdfDocument.Status.BEZIG
    )
    with django_capture_on_commit_callbacks(execute=True):
        for nummer in ("1", "2"):
            taken.bestel(plan, "thema", {"niveau": "themas", "code": nummer})
    # The two newest finished renders stay; the old one and its file are gone (the file after
    # the commit, documenten.koppelingen.pdf_verwijderd); one still
    # rendering is never touched.
    assert not PdfDocument.objects.filter(pk=oud.pk).exists()
    assert not (tmp_path / oud.bestand.name).exists()
    assert PdfDocument.objects.filter(pk=bezig.pk).exists()
    assert sorted(
        r.parameters["code"] for r in PdfDocument.objects.filter(status="klaar", plan=plan)
    ) == ["1", "2"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/stijl.css",
        "https://example.org/static/pdf/print.css",
        f"{pdf.BASIS_URL}../../../etc/passwd",
        f"{pdf.BASIS_URL}pdf/bestaat-niet.css",
    ],
)
def test_url_fetcher_refuses_anything_but_own_static_files(url):
    with pytest.raises(pdf.GeweigerdeURL):
        pdf.url_fetcher().fetch(url)


def test_url_fetcher_serves_own_static_files():
    antwoord = pdf.url_fetcher().fetch(f"{pdf.BASIS_URL}pdf/print.css")
    assert b"@font-face" in antwoord.read()


def test_griffie_is_refused_an_unadopted_report_pdf(client, rollen, open_periode):
    client.force_login(rollen["griffie"])
    url = reverse("documenten:rapport_pdf", args=[SLUG, open_periode.code])
    assert client.get(url).status_code == 404


def test_other_region_gets_404_for_every_pdf(client, rollen, periode):
    client.force_login(rollen["buitenstaander"])
    for url in [
        reverse("documenten:plan_pdf", args=[SLUG]),
        reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", 1]),
        reverse("documenten:selectie_pdf", args=[SLUG]),
        reverse("documenten:rapport_pdf", args=[SLUG, periode.code]),
    ]:
        assert client.get(url).status_code == 404, url


def test_adopted_report_is_served_exactly_as_archived(client, rollen, periode, settings, tmp_path):
    from rapportage.services import rapport_archiveren

    settings.MEDIA_ROOT = tmp_path
    inhoud = b"%PDF-1.7 zoals vastgesteld"
    rapport_archiveren(periode=periode, pdf=inhoud, door=rollen["manager"])
    client.force_login(rollen["griffie"])
    antwoord = client.get(reverse("documenten:rapport_pdf", args=[SLUG, periode.code]))
    assert antwoord.status_code == 200
    assert b"".join(antwoord.streaming_content) == inhoud
    assert antwoord["X-Content-SHA256"] == hashlib.sha256(inhoud).hexdigest()


def test_a_report_adopted_before_archiving_is_archived_once_on_first_download(
    client, rollen, periode, settings, tmp_path, monkeypatch
):
    """The July 2015 report came adopted from the reference data, without an archived file:
    the first download archives it, every later one (browser or command line) is that file."""
    from documenten import documenten as documenten_module

    settings.MEDIA_ROOT = tmp_path
    renders = []
    monkeypatch.setattr(
        documenten_module,
        "rapport_pdf_bytes",
        lambda p: renders.append(p) or f"%PDF-1.7 render {len(renders)}".encode(),
    )
    assert not periode.archief.exists()
    client.force_login(rollen["griffie"])
    url = reverse("documenten:rapport_pdf", args=[SLUG, periode.code])
    eerste = b"".join(client.get(url).streaming_content)
    tweede = client.get(url)
    assert b"".join(tweede.streaming_content) == eerste == b"%PDF-1.7 render 1"
    assert tweede["Content-Disposition"].endswith('-rapportage-2015-Q2-v1.pdf"')
    uitvoer = tmp_path / "q2.pdf"
    call_command("exporteer_pdf", "--plan", SLUG, "--periode", "2015-Q2", "--output", str(uitvoer))
    assert uitvoer.read_bytes() == eerste and len(renders) == 1
    assert periode.archief.count() == 1


def test_griffie_keeps_the_adopted_version_while_a_period_is_reopened(
    client, rollen, periode, settings, tmp_path
):
    from rapportage.services import rapport_archiveren, rapportageperiode_heropenen

    settings.MEDIA_ROOT = tmp_path
    rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 v1", door=rollen["manager"])
    rapportageperiode_heropenen(periode=periode, door=rollen["manager"], reden="Typefout")
    client.force_login(rollen["griffie"])
    url = reverse("documenten:rapport_pdf", args=[SLUG, periode.code])
    antwoord = client.get(url)
    assert antwoord.status_code == 200 and b"".join(antwoord.streaming_content) == b"%PDF-1.7 v1"
    # The reopened (draft) report itself stays out of the griffie's reach.
    assert client.get(url, {"variant": "ua"}).status_code == 404
    assert client.get(reverse("rapportage:rapport", args=[SLUG, periode.code])).status_code == 404


def test_theme_pdf_download_and_progress_page(client, rollen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(rollen["griffie"])
    antwoord = client.get(reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", 3]))
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    inhoud = b"".join(antwoord.streaming_content)
    assert "Dovenmaatschappelijk" in " ".join(_paginas(inhoud))
    from documenten.models import PdfDocument

    record = PdfDocument.objects.get(soort="thema")
    pagina = client.get(reverse("documenten:pdf_voortgang", args=[record.pk]))
    assert "De PDF is klaar" in pagina.content.decode()


def test_selection_form_rejects_an_unknown_gemeente(client, rollen):
    client.force_login(rollen["manager"])
    url = reverse("documenten:selectie_pdf", args=[SLUG])
    assert client.get(url).status_code == 200
    antwoord = client.get(url, {"gemeente": "Atlantis", "maken": "1"})
    assert antwoord.status_code == 400
    assert "onbekende gemeente" in antwoord.content.decode().lower()


def test_selection_form_with_nothing_filled_in_gives_every_theme(
    client, rollen, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    gekozen = []
    monkeypatch.setattr(
        documenten,
        "renderen",
        lambda doc, variant="ua", **_opties: (
            gekozen.append(doc.aantal_themas) or (b"%PDF-1.7 x", 1)
        ),
    )
    client.force_login(rollen["manager"])
    antwoord = client.get(reverse("documenten:selectie_pdf", args=[SLUG]), {"maken": "1"})
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert gekozen == [34]


@pytest.mark.parametrize(
    "keuze, punten",
    [({"subregio": "MLW"}, [1, 2, *range(4, 14)]), ({"gemeente": "Roermond"}, [3, *range(4, 14)])],
)
def test_a_selection_by_place_carries_its_subregional_and_local_agendas(plan, keuze, punten):
    from agenda.filters import OnderdeelSelectie

    doc = documenten.selectie_document(plan, OnderdeelSelectie(keuze, plan=plan))
    lijsten = next(d for d in doc.delen if d["anker"] == "agendalijsten")["lijsten"]
    assert [punt.nummer for lijst in lijsten for punt in lijst.getoond] == punten
    zonder_plaats = documenten.selectie_document(
        plan, OnderdeelSelectie({"domein": "wmo"}, plan=plan)
    )
    assert all(d["anker"] != "agendalijsten" for d in zonder_plaats.delen)


def test_selection_filters(plan):
    from agenda.filters import OnderdeelSelectie

    wmo = OnderdeelSelectie({"domein": "wmo"}, plan=plan).qs
    assert wmo.exists() and all("Wmo" in t.domeinnamen for t in wmo)
    speerpunt = OnderdeelSelectie({"groep": "1"}, plan=plan).qs
    assert {t.ouder.code for t in speerpunt} == {"1"}
    assert OnderdeelSelectie({"gemeente": "Atlantis"}, plan=plan).qs.count() == 0


def test_selection_form_and_its_description_in_plain_dutch(client, rollen, plan):
    from agenda.filters import OnderdeelSelectie

    client.force_login(rollen["manager"])
    formulier = client.get(reverse("documenten:selectie_pdf", args=[SLUG])).content.decode()
    assert '<option value="" selected>Alle decentralisaties</option>' in formulier
    assert "---------" not in formulier
    selectie = OnderdeelSelectie(
        {"groep": "3", "domein": "jeugdhulp", "subregio": "mlo", "persoon": "Poell"},
        plan=plan,
    )
    assert (
        OnderdeelSelectie({"gemeente": "roermond"}, plan=plan).omschrijving()
        == "Gemeente: Roermond"
    )
    assert selectie.omschrijving() == (
        "Speerpunt: 3; Decentralisatie: Jeugdhulp; Subregio: MLO; Trekker: Poell"
    )


def test_exporteer_pdf_writes_a_file_and_rejects_a_bad_slug(plan, tmp_path):
    uitvoer = tmp_path / "thema.pdf"
    call_command("exporteer_pdf", "--plan", SLUG, "--thema", "3", "--output", str(uitvoer))
    assert uitvoer.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="Onbekend plan"):
        call_command("exporteer_pdf", "--plan", "bestaat-niet", "--output", str(uitvoer))
    with pytest.raises(CommandError, match="Onbekende periode"):
        call_command("exporteer_pdf", "--plan", SLUG, "--periode", "2099-Q1", "--output", "x")


@pytest.mark.parametrize(
    "argumenten, melding",
    [
        (["--plan", SLUG], "deze opties zijn verplicht: --output"),
        (["--plan", SLUG, "--thema", "abc", "--output", "x"], "geen thema abc (thema's: 1–34)"),
        (["--plan", SLUG, "--domein", "foo", "--output", "x"], "onbekende decentralisatie 'foo'"),
        (["--plan", SLUG, "--thema", "35", "--output", "x.pdf"], "35 is een agendalijst"),
        (["--plan", SLUG, "--output", "/bestaat/niet/x.pdf"], "de map bestaat niet"),
    ],
)
def test_exporteer_pdf_says_what_is_wrong_in_dutch(plan, argumenten, melding, monkeypatch):
    monkeypatch.setattr(documenten, "pdf_bytes", lambda doc, variant="ua": b"%PDF-1.7 x")
    with pytest.raises(CommandError, match=re.escape(melding)):
        call_command("exporteer_pdf", *argumenten)


# Midden-Limburg does not change for its users (issue "Every region's own plan"): the text of
# its plan and of its adopted July 2015 report is what it was before plan shapes became data.
# tests/data holds pdftotext's output of both as rendered then; only page numbers may differ.


def _zonder_paginanummers(tekst: str) -> str:
    tekst = re.sub(r"Pagina \d+ van \d+", "", tekst)
    tekst = re.sub(r"(?:\s*\.){2,}\s*\d+", "", tekst)  # a contents line's dot leader and page
    return " ".join(tekst.split())


def _pdftotext(inhoud: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()


def _verschil(bewaard: str, nu: str) -> str:
    import difflib

    regels = difflib.unified_diff(bewaard.split(" "), nu.split(" "), lineterm="", n=8)
    return " ".join(list(regels)[:80])


def test_the_reference_plan_reads_as_before(plan_pdf):
    inhoud, _paginas_, _themas = plan_pdf
    bewaard = (Path(__file__).parent / "data" / "midden-limburg-plan.txt").read_text()
    nu = _zonder_paginanummers(_pdftotext(inhoud))
    assert nu == _zonder_paginanummers(bewaard), _verschil(_zonder_paginanummers(bewaard), nu)


def test_the_reference_report_reads_as_before(periode):
    periode.plan.refresh_from_db()
    inhoud = documenten.pdf_bytes(documenten.rapport_document(periode), variant="archief")
    bewaard = (Path(__file__).parent / "data" / "midden-limburg-rapportage-2015-Q2.txt").read_text()
    nu = _zonder_paginanummers(_pdftotext(inhoud))
    assert nu == _zonder_paginanummers(bewaard), _verschil(_zonder_paginanummers(bewaard), nu)
