"""The plan's PDF rendered in parallel parts and joined: the same document as one render."""

import collections
import re
import shutil
import subprocess
from io import BytesIO

import pytest

from rapportage import documenten, pdf_parallel

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
    ),
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
        themas = [(t.nummer, t.titel) for t in plan.themas.order_by("speerpunt__nummer", "nummer")]
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
        gevonden = re.search(re.escape(kop) + r"[\s.]*?(\d+)(?!\d)", inhoudsopgave)
        assert gevonden, f"thema {nummer} staat niet in de inhoudsopgave"
        start = next(i for i, tekst in enumerate(paginas, start=1) if i > 3 and kop in tekst)
        assert int(gevonden[1]) == start, f"thema {nummer}: inhoud {gevonden[1]}, is {start}"


def test_footer_on_every_page_but_the_title_page(renders):
    paginas, totaal = renders["paginas"], renders["aantal"]
    assert re.findall(r"Pagina \d+ van \d+", paginas[0]) == []
    for nummer, tekst in enumerate(paginas[1:], start=2):
        assert re.findall(r"Pagina \d+ van \d+", tekst) == [f"Pagina {nummer} van {totaal}"]
    assert "Meerjarenplan transformatie" in paginas[5]  # the running header stays


def _structuur(inhoud: bytes) -> dict:
    """Element types, bookmarks and link targets (as page indices) of a tagged PDF."""
    import pikepdf

    pdf = pikepdf.open(BytesIO(inhoud))
    boom = pdf.Root.StructTreeRoot
    documenten_ = boom.K if isinstance(boom.K, pikepdf.Array) else [boom.K]
    assert len(documenten_) == 1 and documenten_[0].S == "/Document"
    document = documenten_[0]
    soorten = collections.Counter()
    verkeerde_ouders = []
    bereikbaar = set()

    def loop(element, ouder):
        soorten[str(element.S)] += 1
        bereikbaar.add(element.objgen)
        if ouder is not None and element.P.objgen != ouder.objgen:
            verkeerde_ouders.append(str(element.S))
        kinderen = element.get("/K")
        kinderen = kinderen if isinstance(kinderen, pikepdf.Array) else [kinderen]
        for kind in kinderen:
            if isinstance(kind, pikepdf.Dictionary) and "/S" in kind:
                loop(kind, element)

    loop(document, None)
    nums = boom.ParentTree.Nums
    sleutels = {int(nums[i]) for i in range(0, len(nums), 2)}
    paginas = {pagina.objgen: i for i, pagina in enumerate(pdf.pages)}
    zonder_ouder, links = [], []
    bestemmingen = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
    ouders = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    ongetagd = 0  # marked content whose element is not in the tree from the root
    for index, pagina in enumerate(pdf.pages):
        if int(pagina.obj.get("/StructParents", -1)) not in sleutels:
            zonder_ouder.append(f"pagina {index + 1}")
            continue
        elementen = ouders[int(pagina.obj.StructParents)]
        stromen = pagina.obj.Contents
        stromen = stromen if isinstance(stromen, pikepdf.Array) else [stromen]
        for mcid in re.findall(rb"/MCID (\d+)", b"".join(s.read_bytes() for s in stromen)):
            element = elementen[int(mcid)] if int(mcid) < len(elementen) else None
            if element is None or element.objgen not in bereikbaar:
                ongetagd += 1
        for annotatie in pagina.obj.get("/Annots", []):
            if int(annotatie.get("/StructParent", -1)) not in sleutels:
                zonder_ouder.append(f"annotatie op pagina {index + 1}")
            if "/Dest" in annotatie:
                doel = bestemmingen.get(str(annotatie.Dest))
                links.append((str(annotatie.Dest), doel and paginas.get(doel[0].objgen)))
    bladwijzers = []

    def bladwijzers_lopen(items, diepte):
        for item in items:
            bladwijzers.append((diepte, str(item.title), paginas[item.destination[0].objgen]))
            bladwijzers_lopen(item.children, diepte + 1)

    with pdf.open_outline() as omtrek:
        bladwijzers_lopen(omtrek.root, 0)
    volgende = boom.get("/ParentTreeNextKey")
    return {
        "soorten": soorten,
        "ongetagd": ongetagd,
        "verkeerde_ouders": verkeerde_ouders,
        "zonder_ouder": zonder_ouder,
        "volgende_sleutel_goed": volgende is None or int(volgende) > max(sleutels),
        "links": links,
        "bladwijzers": bladwijzers,
        "syntaxis": pdf.check_pdf_syntax(),
        "lang": str(pdf.Root.get("/Lang")),
        "marked": bool(pdf.Root.MarkInfo.Marked),
    }


def test_one_structure_tree_with_the_same_elements_links_and_bookmarks(renders):
    info = subprocess.run(
        ["pdfinfo", "-"], input=renders["parallel"], capture_output=True
    ).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Author:          Regio Midden-Limburg" in info
    parallel, enkel = _structuur(renders["parallel"]), _structuur(renders["enkel"])
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
    assert (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")) == ("3", "B")
    assert pdf.check_pdf_syntax() == []
    structuur = _structuur(inhoud)
    assert structuur["zonder_ouder"] == [] and structuur["verkeerde_ouders"] == []
    assert structuur["ongetagd"] == 0


def test_one_process_documents_have_a_complete_structure_tree(periode):
    """The report (archived as PDF/A) and a theme: every marked-content piece in the tree."""
    for doc in (
        documenten.rapport_document(periode),
        documenten.thema_document(periode.plan, periode.plan.themas.get(nummer=1)),
    ):
        structuur = _structuur(documenten.renderen(doc, "archief", parallel=False)[0])
        assert structuur["ongetagd"] == 0, doc.titel
        assert structuur["zonder_ouder"] == [] and structuur["verkeerde_ouders"] == []
        assert structuur["soorten"]["/TH"] > 0 and structuur["lang"] == "nl"
