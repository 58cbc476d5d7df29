"""The plan's PDF rendered in parallel parts and joined: the same document as one render."""

import re
import subprocess
from io import BytesIO

import pytest

from documenten import documenten, pdf_parallel

from .factories import onderdeel
from .pdfstructuur import structuur
from .voorwaarden import MET_PDF_TEKST

pytestmark = [
    MET_PDF_TEKST,
    pytest.mark.django_db,
]

SLUG = "midden-limburg-2015-2016"


def _paginas(inhoud: bytes) -> list[str]:
    tekst = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(pagina.split()) for pagina in tekst.split("\f")][:-1]


def _normaal(tekst: str) -> str:
    from agenda.opmaak import platte_tekst

    return " ".join(platte_tekst(tekst).split())


@pytest.fixture(scope="module")
def renders(django_db_setup, django_db_blocker):
    """The reference plan rendered once in one process and once in parallel parts."""
    from agenda.models import Plan

    with django_db_blocker.unblock():
        plan = Plan.objects.get(slug=SLUG)
        themas = [
            (t.code, t.titel) for t in plan.onderdelen.filter(niveau__slug="themas").order_by("pad")
        ]
        inhoudstitels = dict(
            plan.onderdelen.exclude(inhoudstitel="").values_list("code", "inhoudstitel")
        )
        doc = documenten.plan_document(plan)
        enkel, enkel_aantal = documenten.renderen(doc, parallel=False)
        meting = pdf_parallel.Meting()
        parallel, parallel_aantal = pdf_parallel.renderen(doc, meting=meting)
    return {
        "enkel": enkel,
        "enkel_aantal": enkel_aantal,
        "parallel": parallel,
        "aantal": parallel_aantal,
        "paginas": _paginas(parallel),
        "themas": themas,
        "inhoudstitels": inhoudstitels,
        "meting": meting,
    }


def test_same_number_of_pages_as_one_render(renders):
    assert renders["aantal"] == renders["enkel_aantal"] == len(renders["paginas"])
    assert renders["meting"].paginas == renders["aantal"]
    assert len(renders["meting"].rss_per_proces) == pdf_parallel.WERKERS


def test_every_theme_in_order(renders):
    hoofdtekst = " ".join(renders["paginas"][3:])
    positie = -1
    for nummer, titel in renders["themas"]:
        gevonden = hoofdtekst.find(f"{nummer}. {_normaal(titel)}", positie + 1)
        assert gevonden > positie, f"thema {nummer} ontbreekt of staat niet op zijn plaats"
        positie = gevonden


def test_contents_page_numbers_are_the_pages_where_themes_start(renders):
    paginas = renders["paginas"]
    inhoudsopgave = " ".join(p for p in paginas[:4] if "Inhoud" in p or ". . ." in p)
    for nummer, titel in renders["themas"]:
        kop = f"{nummer}. {_normaal(titel)}"
        regel = f"{nummer}. {_normaal(renders['inhoudstitels'].get(nummer) or titel)}"
        gevonden = re.search(re.escape(regel) + r"[\s.]*?(\d+)(?!\d)", inhoudsopgave)
        assert gevonden, f"thema {nummer} staat niet in de inhoudsopgave"
        start = next(i for i, tekst in enumerate(paginas, start=1) if i > 3 and kop in tekst)
        assert int(gevonden[1]) == start, f"thema {nummer}: inhoud {gevonden[1]}, is {start}"


def test_footer_on_every_page_but_the_title_page(renders):
    paginas, totaal = renders["paginas"], renders["aantal"]
    assert re.findall(r"Pagina \d+ van \d+", paginas[0]) == []
    for nummer, tekst in enumerate(paginas[1:], start=2):
        assert re.findall(r"Pagina \d+ van \d+", tekst) == [f"Pagina {nummer} van {totaal}"]
    assert "Meerjarenplan transformatie" in paginas[5]  # the running header stays


def test_one_structure_tree_with_the_same_elements_links_and_bookmarks(renders):
    info = subprocess.run(
        ["pdfinfo", "-"], input=renders["parallel"], capture_output=True
    ).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Author:          Regio Midden-Limburg" in info
    parallel, enkel = structuur(renders["parallel"]), structuur(renders["enkel"])
    assert parallel["verkeerde_ouders"] == []
    assert parallel["zonder_ouder"] == []
    assert parallel["volgende_sleutel_goed"]
    assert parallel["syntaxis"] == []
    assert parallel["lang"] == "nl" and parallel["marked"]
    # Every piece of marked content belongs to an element in the one tree, in both renders.
    assert parallel["ongetagd"] == 0 and enkel["ongetagd"] == 0
    assert parallel["soorten"]["/H3"] >= len(renders["themas"])
    assert parallel["soorten"] == enkel["soorten"]
    assert parallel["soorten"]["/Link"] == enkel["soorten"]["/Link"]
    assert parallel["bladwijzers"] == enkel["bladwijzers"]
    assert parallel["links"] == enkel["links"]
    assert all(pagina is not None for _naam, pagina in parallel["links"])


def test_archive_variant_keeps_its_pdfa_identification(plan):
    import pikepdf

    inhoud, _aantal = pdf_parallel.renderen(documenten.plan_document(plan), "archief")
    pdf = pikepdf.open(BytesIO(inhoud))
    assert len(pdf.Root.OutputIntents) == 1
    metadata = pdf.open_metadata()
    assert (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")) == ("3", "A")
    assert metadata.get("pdfuaid:part") == "1"
    assert pdf.check_pdf_syntax() == []
    boom = structuur(inhoud)
    assert boom["zonder_ouder"] == [] and boom["verkeerde_ouders"] == []
    assert boom["ongetagd"] == 0


def test_one_process_documents_have_a_complete_structure_tree(periode):
    """The report (archived as PDF/A) and a theme: every marked-content piece in the tree."""
    for doc in (
        documenten.rapport_document(periode),
        documenten.onderdeel_document(periode.plan, onderdeel(periode.plan, 1)),
    ):
        boom = structuur(documenten.renderen(doc, "archief", parallel=False)[0])
        assert boom["ongetagd"] == 0, doc.titel
        assert boom["zonder_ouder"] == [] and boom["verkeerde_ouders"] == []
        assert boom["soorten"]["/TH"] > 0 and boom["lang"] == "nl"


@pytest.fixture(scope="module")
def in_blokken(django_db_setup, django_db_blocker):
    """The reference plan with speerpunten cut into blocks of at most 8 themes, as a plan of
    hundreds of themes is: in one process and in parallel parts."""
    from agenda.models import Plan

    with pytest.MonkeyPatch.context() as mp, django_db_blocker.unblock():
        mp.setattr(documenten, "THEMAS_PER_BLOK", 8)
        plan = Plan.objects.get(slug=SLUG)
        doc = documenten.plan_document(plan)
        enkel, enkel_aantal = documenten.renderen(doc, parallel=False)
        meting = pdf_parallel.Meting()
        parallel, aantal = pdf_parallel.renderen(doc, meting=meting)
    return {
        "doc": doc,
        "enkel": enkel,
        "enkel_aantal": enkel_aantal,
        "parallel": parallel,
        "aantal": aantal,
        "meting": meting,
        "titel": plan.titel,
    }


def test_blocks_of_a_speerpunt_are_parts_of_their_own(in_blokken):
    speerpunt_3 = next(d for d in in_blokken["doc"].delen if d["anker"] == "speerpunten-3")
    assert len(speerpunt_3["themas"]) == 22
    assert len(speerpunt_3["blokstarts"]) == 2  # 22 themes: blocks of 7, 7 and 8
    delen = [naam for naam, *_rest in in_blokken["meting"].delen]
    assert "speerpunten-3-blok-2" in delen and "speerpunten-3-blok-3" in delen
    assert "speerpunten-3-blok-4" not in delen


def test_blocks_give_the_same_document_in_one_process_and_in_parts(in_blokken):
    enkel, parallel = _paginas(in_blokken["enkel"]), _paginas(in_blokken["parallel"])
    assert in_blokken["aantal"] == in_blokken["enkel_aantal"] == len(parallel)
    # The same text on every page, the footer's page numbers included.
    assert parallel == enkel
    structuur_enkel, structuur_parallel = (
        structuur(in_blokken["enkel"]),
        structuur(in_blokken["parallel"]),
    )
    assert structuur_parallel["soorten"] == structuur_enkel["soorten"]
    assert structuur_parallel["bladwijzers"] == structuur_enkel["bladwijzers"]
    assert structuur_parallel["links"] == structuur_enkel["links"]
    assert structuur_parallel["verkeerde_ouders"] == [] and structuur_parallel["ongetagd"] == 0


def test_a_block_starts_on_a_new_page_and_the_contents_know_it(in_blokken):
    paginas = _paginas(in_blokken["parallel"])
    inhoudsopgave = " ".join(paginas[1:4])
    speerpunt_3 = next(d for d in in_blokken["doc"].delen if d["anker"] == "speerpunten-3")
    for thema in speerpunt_3["themas"]:
        kop = f"{thema.code}. {_normaal(thema.titel)}"
        start = next(i for i, tekst in enumerate(paginas, start=1) if i > 3 and kop in tekst)
        regel = f"{thema.code}. {_normaal(thema.inhoudsnaam)}"
        gevonden = re.search(re.escape(regel) + r"[\s.]*?(\d+)(?!\d)", inhoudsopgave)
        assert int(gevonden[1]) == start, f"thema {thema.code}: inhoud {gevonden[1]}, is {start}"
        if thema.pk in speerpunt_3["blokstarts"]:
            romp = paginas[start - 1].removeprefix(_normaal(in_blokken["titel"])).strip()
            romp = romp.removeprefix(f"Thema {thema.code}").strip()  # the running header
            assert romp.startswith(kop), f"thema {thema.code} begint niet bovenaan"
