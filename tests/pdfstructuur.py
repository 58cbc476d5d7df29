"""What the PDF tests read from a document: its pages as text, and its structure tree, bookmarks
and links (tests/test_pdf_parallel.py, test_pdf_deelcache.py, test_pdf_venster.py)."""

import collections
import re
import subprocess
from io import BytesIO

import pikepdf


def paginateksten(inhoud: bytes) -> list[str]:
    """Each page's text as laid out (`pdftotext -layout`)."""
    tekst = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=inhoud,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return tekst.split("\f")[:-1]


def structuur(inhoud: bytes) -> dict:
    """Element types, bookmarks and link targets (as page indices) of a tagged PDF."""
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
