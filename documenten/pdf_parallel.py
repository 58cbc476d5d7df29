"""A plan's PDF rendered in parallel processes and joined: the same pages, faster on 2+ cores.

Every part of a plan (introduction, principles, each speerpunt, the lists, the meeting structure)
starts on a new page, so each part can be laid out on its own without changing its pages. Only
three things depend on the other parts, and none of them needs the parts laid out again:

- the contents' page numbers: the title page and contents are rendered last, with the numbers
  as literals (the body parts report on which of their pages each anchor lies);
- the footer "Pagina X van Y": the parts are rendered without it; a small document of empty
  pages with the same page names carries only the footers, and its pages are laid over the
  joined pages as artifacts (the footer was an artifact before too, see pdf._Tagcorrecties);
- the links of the contents: they point to named destinations, which are merged.

The parts' PDFs are joined with pikepdf: the pages in order, the parts' structure elements under
one /Document element, the parent tree renumbered, named destinations and bookmarks merged.
The document's dates are set in the join, so that the title and contents part stays the same
while the content (and so its date) changes.

With the parts store (`cache`, documenten.pdf_delencache) only the parts whose content changed
are laid out, and of a changed speerpunt only the pages from the one its change begins on up to
where its pages line up with the stored ones again (documenten.pdf_venster). Those pages, and a
changed contents of as many pages as before, replace the old ones in the last joined document,
which the store keeps too (`vervangen`); meanwhile a worker joins the stored part's pages and the
window's into the new part, for the next change. When a page moved, all parts are joined.
bench/README.md has the figures.

The workers only lay out HTML and write PDF: the database is read in the calling process. From a
single-threaded caller (a task worker, a command, the tests, a sync gunicorn worker) they are
forked, warm; from a threaded one, from a forkserver that loads Django and WeasyPrint once per
calling process. PDF_PARALLEL_START=fork|forkserver|spawn overrides the choice. Where
settings.PDF_WERKERS_BEWAREN is on (the task worker) the two workers are kept between renders:
their layout caches stay warm, and a changed part is put together and stored after the render
returned; the next render waits for that first.

A speerpunt of many themes comes in blocks (documenten.THEMAS_PER_BLOK), each starting on a new
page in every render, and each block is a part: the largest part bounds both time and memory.

Measured on 2 cores (bench/pdf.py, 2026-11-25): reference plan (50 pages) 3.9 s -> 2.5 s;
300 themes (306 pages) 29.5 s and 1005 MiB -> 16.4 s and at most 247 MiB in any one process.
"""

import contextlib
import dataclasses
import functools
import gc
import hashlib
import html as html_module
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import re
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC
from io import BytesIO

from . import pdf, pdf_venster

WERKERS = 2
VOORTGANG = logging.getLogger("weasyprint.progress")
# Extra (user) style sheets: !important to win over print.css.
ZONDER_VOET = "@page { @bottom-right { content: none !important; } }"
VOET_ALLEEN = (
    "@page { @top-left { content: none !important; border: 0 !important; }"
    " @top-right { content: none !important; border: 0 !important; } }"
)
OPWARMTEKST = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,:;-–()/%&+?! ëéï ◦"
)
INHOUD_LITERAAL = '.inhoud a::after { content: leader(". ") attr(data-pagina) !important; }'
# Entries of the parts store's layout of the last render (pdf_delencache.VORIGE) beside the parts'
# anchors (an anchor never starts with "#"), and the keys of the contents and the footers.
INHOUD = "#inhoud"  # the contents' pages and their names
PLAN = "#document"  # the last joined document: its key and the keys of what it was joined from
VOET = "#voet"


# --- Worker side -----------------------------------------------------------------------------


@functools.cache
def _voorladen():
    """Django, WeasyPrint and fontconfig loaded, once: in the forkserver, or in the caller
    before it forks its workers."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from documenten import pdf as pdf_module

    # One small render loads WeasyPrint, scans the system fonts, parses print.css and loads
    # each of its fonts with the common glyphs: forked workers start with them.
    pdf_module.html_naar_document(
        '<html><head><link rel="stylesheet" href="pdf/print.css"></head><body>'
        + "".join(
            f"<p style=\"font: {stijl} 10pt 'Source Sans 3', 'TA Tekens'\">{OPWARMTEKST}</p>"
            for stijl in ("400", "italic 400", "600", "700", "italic 700")
        )
        + "</body></html>"
    )


def _werker_start():
    """Each worker first drops the progress handlers a fork inherits: documenten.taken's handler
    writes to the database, over the caller's connection. The caller reports progress itself.

    A forked worker shares the caller's memory until it writes to it, and a garbage collection
    writes to every object it visits: the objects the worker was born with are left out of its
    collections (gc.freeze moves them aside without visiting them)."""
    gc.freeze()
    for handler in list(VOORTGANG.handlers):
        VOORTGANG.removeHandler(handler)


def _deel_renderen(
    html: str,
    extra_css: str,
    metagegevens: dict,
    variant: str,
    schrijven: bool = True,
    oud: dict | None = None,
) -> dict:
    """Worker: one part as a tagged PDF; its pages' names and the page of each anchor.
    Without `schrijven` only the layout: no PDF. With `oud`, the part as stored before a change:
    only the pages from the change on are laid out where that gives the same pages
    (documenten.pdf_venster)."""
    begin = time.perf_counter()
    vingerafdruk = pdf_venster.vingerafdruk(html) if 'class="thema' in html else None
    if oud is not None and vingerafdruk is not None and schrijven:
        try:
            bijgewerkt = _venster_renderen(
                html, extra_css, metagegevens, variant, oud, vingerafdruk
            )
        except Exception:
            # A stored part that cannot be read as expected costs its whole layout, never the
            # render.
            logging.getLogger(__name__).warning("Venster niet opgemaakt", exc_info=True)
            bijgewerkt = None
        if bijgewerkt is not None:
            return {**bijgewerkt, **vingerafdruk, **_proces(), "tijd": (begin, *bijgewerkt["tijd"])}
    document = pdf.html_naar_document(html, extra_css=extra_css)
    opgemaakt = time.perf_counter()
    ankers, namen = {}, []
    for index, pagina in enumerate(document.pages):
        namen.append(pagina._page_box.page_type.name)
        for naam in pagina.anchors:
            ankers.setdefault(naam, index)
    inhoud = schrijven and pdf.document_naar_pdf(
        document, metagegevens=pdf.Metagegevens(**metagegevens), variant=variant
    )
    extra = {}
    if vingerafdruk is not None:
        extra = {**vingerafdruk, "toppen": pdf_venster.toppen(document)}
    return {
        "pdf": inhoud,
        "paginas": len(document.pages),
        "namen": namen,
        "ankers": ankers,
        **extra,
        **_proces(),
        "tijd": (begin, opgemaakt - begin, time.perf_counter() - opgemaakt),
    }


def _venster_renderen(html, extra_css, metagegevens, variant, oud, vingerafdruk) -> dict | None:
    """The changed part from the stored one and a window laid out anew, or None when the
    window's pages do not line up with the stored ones (then the whole part is laid out)."""
    grenzen = pdf_venster.venster(oud, vingerafdruk)
    if grenzen is None:
        return None
    begin, einde = grenzen
    begonnen = time.perf_counter()
    oude_toppen, aantal = oud["toppen"], oud["paginas"]
    afsluiting = oude_toppen[einde + 1] if einde + 1 < aantal else None
    document = pdf.html_naar_document(
        pdf_venster.venster_html(html, oude_toppen[begin], afsluiting), extra_css=extra_css
    )
    k = einde - begin
    nieuwe_toppen = pdf_venster.toppen(document)
    namen = [pagina._page_box.page_type.name for pagina in document.pages]
    if (
        len(document.pages) <= k
        or (afsluiting is not None and len(document.pages) != k + 1)
        or nieuwe_toppen[k] != oude_toppen[einde]
        or namen[k] != oud["namen"][einde]
    ):
        return None
    opgemaakt = time.perf_counter()
    venster_pdf = pdf.document_naar_pdf(
        document.copy(document.pages[:k]),
        metagegevens=pdf.Metagegevens(**metagegevens),
        variant=variant,
    )
    verschuiving = begin + k - einde
    ankers: dict = {}
    for naam, index in oud["ankers"].items():
        if index < begin:
            ankers[naam] = index
    for pagina_index, pagina in enumerate(document.pages[:k]):
        for naam in pagina.anchors:
            ankers.setdefault(naam, begin + pagina_index)
    for naam, index in oud["ankers"].items():
        if index >= einde:
            ankers.setdefault(naam, index + verschuiving)
    # The window's bookmarks (theme headings) sit at the top of its outline; in a speerpunt's
    # first part they belong under its heading.
    niveau = 1 if 'class="hoofdstuk speerpunt' in html else 0
    return {
        # The part itself is put together by another task (_samenstellen), beside the caller
        # that lays the window into the last joined document where it can.
        "pdf": None,
        "venster_pdf": venster_pdf,
        "niveau": niveau,
        "venster": [begin, k, einde, aantal],
        "paginas": aantal + verschuiving,
        "namen": oud["namen"][:begin] + namen[:k] + oud["namen"][einde:],
        "ankers": ankers,
        "toppen": oude_toppen[:begin] + nieuwe_toppen[:k] + oude_toppen[einde:],
        "tijd": (opgemaakt - begonnen, time.perf_counter() - opgemaakt),
    }


def _samenstellen(oud_pdf: bytes, venster_pdf: bytes, venster: list, niveau: int) -> bytes:
    """Worker: a part from its stored version and a window laid out anew (_venster_renderen)."""
    begin, k, einde, aantal = venster
    return samenvoegen(
        [
            Stuk(oud_pdf, range(0, begin)),
            Stuk(venster_pdf, range(0, k)),
            Stuk(oud_pdf, range(einde, aantal)),
        ],
        niveaus=[0, niveau, 0],
    )


def _proces() -> dict:
    import resource

    return {"pid": os.getpid(), "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _voet_renderen(namen: list[str]) -> dict:
    """Worker: empty pages named like the document's, carrying only the footer."""
    from weasyprint import CSS, HTML

    blokken = "".join(
        f'<div style="page: {naam or "auto"}; break-before: page; height: 1px"></div>'
        for naam in namen
    )
    html = f"<html><head></head><body>{blokken}</body></html>"
    fonts, stijl = pdf.drukstijl()
    fetcher = pdf.url_fetcher()
    css = CSS(string=VOET_ALLEEN, base_url=pdf.BASIS_URL, url_fetcher=fetcher, font_config=fonts)
    inhoud = HTML(string=html, base_url=pdf.BASIS_URL, url_fetcher=fetcher).write_pdf(
        font_config=fonts, stylesheets=[stijl, css]
    )
    return {"pdf": inhoud, **_proces()}


# --- Calling side ----------------------------------------------------------------------------


@dataclasses.dataclass
class Meting:
    """What a parallel render did: for the benchmark and the tests."""

    paginas: int = 0
    totaal: float = 0.0  # seconds, from the call to the joined PDF
    gelegd: float = 0.0  # seconds until every part and the footers were rendered
    rss_per_proces: dict = dataclasses.field(default_factory=dict)  # pid: peak RSS in MiB
    # per part: (anchor, pid, start after the call, layout s, writing s, pages)
    delen: list = dataclasses.field(default_factory=list)
    uit_opslag: int = 0  # parts (contents and footers included) found in storage
    geraden: bool = False  # the contents and footers laid out from the last render's numbers
    # per part laid out from its stored version: [its first page laid out anew, how many pages
    # replace the stored ones, the first stored page kept after them, its stored pages]
    vensters: dict = dataclasses.field(default_factory=dict)
    # the changed pages laid into the last joined document, instead of joining all parts
    ter_plaatse: bool = False


def _context():
    """'fork' from a single-threaded process (a worker, a command, the tests): the workers get
    Django and a warm WeasyPrint for free. From a threaded process (a threaded web server) a
    fork could inherit a lock held by another thread: there a forkserver, warmed once."""
    methode = os.environ.get("PDF_PARALLEL_START") or (
        "fork" if threading.active_count() == 1 and sys.platform == "linux" else "forkserver"
    )
    context = multiprocessing.get_context(methode)
    if methode == "fork":
        _voorladen()
    elif methode == "forkserver":
        context.set_forkserver_preload(["documenten.pdf_parallel_voorladen"])
    return context


# The layout processes kept between renders (settings.PDF_WERKERS_BEWAREN): the pool, and what
# it was started for (this process, the start method asked for, the settings the workers read).
_BEWAARD: dict = {}
# Changed parts put together by a kept pool after the render returned, until they are stored:
# the next render waits for them (a part not stored costs its whole layout).
_ONDERWEG: list[threading.Event] = []
# A kept worker that grew past this (peak RSS, MiB) is replaced after the render.
MAX_RSS_BEWAARD = 400


def _nieuwe_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=WERKERS, mp_context=_context(), initializer=_werker_start
    )


@contextlib.contextmanager
def _werkers():
    """The layout processes of one render: started for it, or kept from the last render in
    this process (warm: their fonts, styles and layout caches filled by earlier renders)."""
    from django.conf import settings

    if not settings.PDF_WERKERS_BEWAREN:
        with _nieuwe_pool() as pool:
            yield pool
        return
    waarvoor = (
        os.getpid(),
        os.environ.get("PDF_PARALLEL_START"),
        str(settings.STATIC_ROOT),
        str(settings.BASE_DIR),
    )
    pool = _BEWAARD.get("pool")
    if pool is None or _BEWAARD.get("waarvoor") != waarvoor or getattr(pool, "_broken", False):
        werkers_sluiten()
        pool = _BEWAARD["pool"] = _nieuwe_pool()
        _BEWAARD["waarvoor"] = waarvoor
        # Stopped when this process ends: a multiprocessing child (the benchmark's) runs its
        # finalizers before it waits for its children, which kept workers would never end; and
        # before the finalizers that close the pool's queues (priority 10): without those the
        # workers never hear that they may stop.
        if _BEWAARD.get("afsluiter") != os.getpid():
            multiprocessing.util.Finalize(None, werkers_sluiten, exitpriority=100)
            _BEWAARD["afsluiter"] = os.getpid()
    try:
        yield pool
    except BrokenProcessPool:
        werkers_sluiten()
        raise


def werkers_sluiten():
    """The kept layout processes stopped (after what they are doing), if there are any."""
    pool = _BEWAARD.pop("pool", None)
    waarvoor = _BEWAARD.pop("waarvoor", None)
    # A process forked from the one that started them has a copy of the pool, not its workers.
    if pool is not None and waarvoor[0] == os.getpid():
        pool.shutdown(wait=True)


def _later_bewaren(opslag, key: str, resultaat: dict, taak: Future):
    """A changed part put together by a worker (_samenstellen) stored when it is done, without
    the render waiting for it: its document was laid into the last one."""
    klaar = threading.Event()

    def bewaren(taak):
        try:
            if taak.cancelled() or taak.exception() is not None:
                logging.getLogger(__name__).warning(
                    "Deel niet samengesteld: de volgende wijziging maakt het heel op",
                    exc_info=None if taak.cancelled() else taak.exception(),
                )
            else:
                opslag.schrijven(key, {**resultaat, "pdf": taak.result()})
        finally:
            klaar.set()

    _ONDERWEG.append(klaar)
    taak.add_done_callback(bewaren)


def _onderweg_afwachten():
    while _ONDERWEG:
        _ONDERWEG.pop().wait(timeout=120)


def _inhoud_html(html: str, paginas: dict[str, int] | None) -> str:
    """The contents with literal page numbers; each entry also carries its target's id, so
    WeasyPrint keeps the link (the target lies in another part; the merged destinations win)."""

    def vervang(m):
        anker = html_module.unescape(m[2])
        nummer = "888" if paginas is None else str(paginas.get(anker, ""))
        return f'<li{m[1] or ""} id="{m[2]}"><a href="#{m[2]}" data-pagina="{nummer}">'

    uit, aantal = re.subn(r'<li( class="niveau-1")?><a href="#([^"]+)">', vervang, html)
    if aantal != html.count('href="#'):  # the template changed: numbers would go missing
        raise ValueError(f"templates/pdf/inhoud.html: {aantal} van de links herkend.")
    return uit


def _ankers(doc) -> list[str]:
    ankers = []
    for item in doc.inhoud:
        ankers.append(item.anker)
        ankers.extend(kind.anker for kind in item.kinderen)
    return ankers


def _blokken(deel: dict) -> list[dict]:
    """A speerpunt as its blocks (documenten.THEMAS_PER_BLOK), each a part of its own; the
    blocks after the first continue the speerpunt's section. Any other part stays whole."""
    starts = deel.get("blokstarts")
    if not starts:
        return [deel]
    blokken: list[list] = [[]]
    for thema in deel["themas"]:
        if thema.pk in starts:
            blokken.append([])
        blokken[-1].append(thema)
    return [
        {**deel, "themas": leden}
        if k == 0
        else {**deel, "themas": leden, "vervolg": True, "anker": f"{deel['anker']}-blok-{k + 1}"}
        for k, leden in enumerate(blokken)
    ]


def _opmaak(resultaat: dict) -> dict:
    """What of a part's layout the other parts depend on: its pages, their names, its anchors."""
    return {k: resultaat[k] for k in ("paginas", "namen", "ankers")}


def _kosten(deel: dict) -> int:
    """A rough estimate of a part's layout time, to hand out the largest parts first."""
    return 10 * len(deel.get("themas", ())) + 10 * len(deel.get("secties", ())) + 1


def renderen(
    doc, variant: str = "ua", *, meting: Meting | None = None, cache: bool = False
) -> tuple[bytes, int]:
    """Like documenten.renderen, for a document whose parts each start on a new page.

    With `cache` every part is looked up in storage under the hash of what it shows
    (documenten.pdf_delencache) and only the parts not found are laid out: after a change to
    one theme, its part, and the contents and footers if their numbers or pages moved."""
    if variant not in pdf.VARIANTEN:
        raise ValueError(f"Onbekende PDF-variant {variant!r}.")
    meta = dataclasses.asdict(doc.metagegevens())
    # Only the first part's catalog, metadata and dates are kept in the joined file: the others
    # are written without dates, so that a part stays the same while another one changes.
    deel_meta = {**meta, "aangemaakt": None, "vastgesteld": None}
    # The first part's dates are set in the join (samenvoegen), so that the title and contents
    # stay the same part while a change to the content moves its date.
    kop_meta = {**meta, "aangemaakt": None}
    extra_css = ZONDER_VOET
    losse_delen = [blok for deel in doc.delen for blok in _blokken(deel)]
    # Each part's HTML is written just before its part goes to a worker (largest first), so
    # that the first worker starts while the others are written.
    delen_html: list[str | None] = [None] * len(losse_delen)
    volgorde = sorted(range(len(losse_delen)), key=lambda i: -_kosten(losse_delen[i]))
    namen_delen = [deel["anker"] for deel in losse_delen]
    # Indexes among all parts, the title and contents being part 0.
    vervolgen = {i + 1 for i, deel in enumerate(losse_delen) if deel.get("vervolg")}
    opslag = None
    if cache:
        from .pdf_delencache import Delencache

        opslag = Delencache(doc.bestandsnaam, variant)
    nieuw: list[tuple[str, Future]] = []
    sleutels: dict[str, str] = {}  # part (or INHOUD, VOET): the key it is stored under
    # The layout of the last render's parts, by part: where each part's stored PDF is, for laying
    # out only a window of a changed part, and a guess of the contents' numbers; the contents'
    # length; the last joined document and what it was joined from.
    vorige = opslag.vorige() if opslag is not None else {}
    # A part laid out as a window: the key and stored version it was laid out from.
    basissen: dict[str, tuple[str, dict]] = {}

    begin = time.perf_counter()
    _onderweg_afwachten()
    with _werkers() as pool:

        def deel(functie, *argumenten, sleutel_van=None, naam=None) -> Future:
            """The part's result: from storage when it is there, else laid out by a worker
            (a changed body part from its stored last version where it can)."""
            if opslag is None:
                return pool.submit(functie, *argumenten)
            from .pdf_delencache import sleutel

            key = sleutel(*sleutel_van)
            if naam is not None:
                sleutels[naam] = key
            gevonden = opslag.lezen(key)
            if gevonden is not None:
                klaar = Future()
                klaar.set_result(gevonden)
                return klaar
            oude_sleutel = (vorige.get(naam) or {}).get("sleutel") if naam else None
            oud = opslag.lezen(oude_sleutel) if oude_sleutel else None
            if oud is not None and oud.get("toppen"):
                argumenten = (*argumenten, oud)
                basissen[naam] = (oude_sleutel, oud)
            toekomst = pool.submit(functie, *argumenten)
            nieuw.append((key, toekomst))
            return toekomst

        def opgemaakt(html, css, metagegevens, schrijven=True, naam=None) -> Future:
            argumenten = (html, css, metagegevens, variant, schrijven)
            return deel(
                _deel_renderen,
                *argumenten,
                sleutel_van=(html, css, metagegevens, variant, schrijven),
                naam=naam,
            )

        # First the contents' length: its pages shift every other part. The last render's, or
        # laid out with placeholder numbers (layout only). Then the parts, largest first.
        # The title and contents written before the parts only where its length is laid out
        # first (no last render), else after them.
        kop = dataclasses.replace(doc, delen=[])
        kop_html = kop_voorlopig = None
        if not (vorige.get(INHOUD) or {}).get("paginas"):
            kop_html = kop.html()
            kop_voorlopig = opgemaakt(
                _inhoud_html(kop_html, None), extra_css + INHOUD_LITERAAL, deel_meta, False
            )
        toekomst = {}
        for i in volgorde:
            delen_html[i] = dataclasses.replace(
                doc, titelpagina=False, inhoud=[], delen=[losse_delen[i]]
            ).html()
            toekomst[i] = opgemaakt(delen_html[i], extra_css, deel_meta, naam=namen_delen[i])
        kop_html = kop_html or kop.html()

        def kop_lengte() -> tuple[int, list]:
            """The contents' pages and their names, as laid out or as in the last render (the
            contents is laid out again below if its real numbers make it longer or shorter)."""
            lengte = vorige[INHOUD] if kop_voorlopig is None else kop_voorlopig.result()
            return lengte["paginas"], lengte["namen"]

        def kop_en_voet(resultaten, kop_paginas, kop_namen) -> tuple[Future, Future]:
            """The contents with the parts' page numbers, and the footers of all pages."""
            eerste, paginas = kop_paginas, {}
            for resultaat in resultaten:
                for anker, index in resultaat["ankers"].items():
                    paginas.setdefault(anker, eerste + index + 1)
                eerste += resultaat["paginas"]
            kop_taak = opgemaakt(
                _inhoud_html(kop_html, paginas), extra_css + INHOUD_LITERAAL, kop_meta, naam=INHOUD
            )
            # The footers need only the page names, so they are laid out beside the contents.
            alle_namen = kop_namen + [naam for r in resultaten for naam in r["namen"]]
            voet_taak = deel(
                _voet_renderen,
                alle_namen,
                sleutel_van=(json.dumps(alle_namen), VOET_ALLEEN, {}, "voet", True),
                naam=VOET,
            )
            return kop_taak, voet_taak

        # A part laid out again after a change mostly keeps its pages and where its anchors lie:
        # the contents and footers are laid out at once with the numbers of the last render,
        # beside the changed parts, and used if those parts indeed kept them.
        schatting = voorspeld = None
        if vorige and not all(t.done() for t in toekomst.values()):
            schatting = [
                toekomst[i].result() if toekomst[i].done() else vorige.get(namen_delen[i])
                for i in range(len(losse_delen))
            ]
            if all(schatting):
                voorspeld = kop_en_voet(schatting, *kop_lengte())
        # While the workers lay out, the last joined document is read and opened, for laying
        # the changed pages into it (only where something is laid out, and there is one).
        geopend = None
        if nieuw and (vorige.get(PLAN) or {}).get("sleutel"):
            geopend = _vorige_openen(opslag, vorige[PLAN]["sleutel"])
        # Progress in WeasyPrint's own words, for documenten.taken's progress page: the workers'
        # log stays in the workers. A window is put together with its stored part by a worker
        # at once, beside the rest.
        index_van = {taak: i for i, taak in toekomst.items()}
        samengesteld: dict[int, Future] = {}
        klaar = 0
        for gedaan in as_completed(toekomst.values()):
            resultaat = gedaan.result()
            klaar += resultaat["paginas"]
            VOORTGANG.info("Step 5 - Creating layout - Page %d", klaar)
            if resultaat.get("venster_pdf") is not None:
                i = index_van[gedaan]
                samengesteld[i] = pool.submit(
                    _samenstellen,
                    basissen[namen_delen[i]][1]["pdf"],
                    resultaat["venster_pdf"],
                    resultaat["venster"],
                    resultaat["niveau"],
                )
        resultaten = [toekomst[i].result() for i in range(len(losse_delen))]
        kop_paginas, kop_namen = kop_lengte()
        if voorspeld is not None and all(
            _opmaak(r) == _opmaak(v) for r, v in zip(resultaten, schatting, strict=True)
        ):
            taken = voorspeld
            if meting is not None:
                meting.geraden = True
        else:
            for taak in voorspeld or ():
                taak.cancel()
            taken = kop_en_voet(resultaten, kop_paginas, kop_namen)
        while True:
            kop_taak, voet_taak = taken
            kop_resultaat = kop_taak.result()
            if kop_resultaat["paginas"] == kop_paginas:
                voet = voet_taak.result()
                break
            # Rare: the real numbers made the contents longer or shorter; once more.
            voet_taak.cancel()
            kop_paginas, kop_namen = kop_resultaat["paginas"], kop_resultaat["namen"]
            taken = kop_en_voet(resultaten, kop_paginas, kop_namen)

        # The last joined document as it was, or with the pages of the changed windows laid in,
        # where it can be; meanwhile a worker puts each changed part together for the next change.
        inhoud = None
        if opslag is not None:
            samenstelling = _samenstelling(sleutels, namen_delen, meta, [])
            inhoud = _in_vorige_leggen(
                opslag,
                vorige.get(PLAN),
                samenstelling,
                [
                    (kop_resultaat, None, 0),
                    *(
                        (r, basissen.get(n, (None,))[0], 2 if i + 1 in vervolgen else 1)
                        for i, (n, r) in enumerate(zip(namen_delen, resultaten, strict=True))
                    ),
                ],
                voet["pdf"],
                meta["aangemaakt"],
                geopend,
            )
        later = set()
        for i, taak in samengesteld.items():
            if inhoud is not None:
                # The document is made: the part is stored when it is put together (with a
                # kept pool after this render returns), for the next change.
                key = sleutels[namen_delen[i]]
                _later_bewaren(opslag, key, dict(resultaten[i]), taak)
                later.add(key)
                continue
            try:
                resultaten[i]["pdf"] = taak.result()
            except Exception:
                # A part that cannot be put together is laid out whole, and all parts joined.
                logging.getLogger(__name__).warning("Deel niet samengesteld", exc_info=True)
                heel = pool.submit(
                    _deel_renderen, delen_html[i], extra_css, deel_meta, variant
                ).result()
                resultaten[i].clear()
                resultaten[i].update(heel)
                inhoud = None
        if meting is not None:
            meting.ter_plaatse = inhoud is not None

    alle = [kop_resultaat, *resultaten]
    if any(r.get("rss", 0) > MAX_RSS_BEWAARD for r in [*alle, voet] if not r.get("cache")):
        werkers_sluiten()  # kept workers that grew are replaced by fresh ones
    if meting is not None:
        meting.paginas = sum(r["paginas"] for r in alle)
        meting.gelegd = time.perf_counter() - begin
        meting.uit_opslag = sum(1 for r in [*alle, voet] if r.get("cache"))
        for r in [*alle, voet]:
            if not r.get("cache"):
                meting.rss_per_proces[r["pid"]] = max(
                    meting.rss_per_proces.get(r["pid"], 0), r["rss"]
                )
        for naam, r in [
            ("titel en inhoud", kop_resultaat),
            *zip(namen_delen, resultaten, strict=True),
        ]:
            if not r.get("cache"):
                if r.get("venster"):
                    meting.vensters[naam] = r["venster"]
                start, opmaak, schrijven = r["tijd"]
                meting.delen.append(
                    (naam, r["pid"], start - begin, opmaak, schrijven, r["paginas"])
                )
    if inhoud is None:
        VOORTGANG.info("Step 6 - Creating PDF")
        inhoud = samenvoegen(
            [r["pdf"] for r in alle],
            voet["pdf"],
            ontbrekend=set(_ankers(doc)),
            vervolgen=vervolgen,
            aangemaakt=meta["aangemaakt"],
        )
    if opslag is not None:
        for key, toekomst in nieuw:
            if key in later:
                continue
            if toekomst.done() and not toekomst.cancelled() and toekomst.exception() is None:
                opslag.schrijven(key, toekomst.result())
        plan_sleutel = "document-" + hashlib.sha256(inhoud).hexdigest()
        opslag.schrijven(plan_sleutel, {"pdf": inhoud})
        opslag.opruimen()
        opslag.vorige_schrijven(
            {
                **{
                    n: {**_opmaak(r), "sleutel": sleutels[n]}
                    for n, r in zip(namen_delen, resultaten, strict=True)
                },
                INHOUD: {"paginas": kop_resultaat["paginas"], "namen": kop_resultaat["namen"]},
                PLAN: {
                    "sleutel": plan_sleutel,
                    **_samenstelling(sleutels, namen_delen, meta, [r["paginas"] for r in alle]),
                },
            }
        )
    if meting is not None:
        meting.totaal = time.perf_counter() - begin
    return inhoud, sum(r["paginas"] for r in alle)


def _samenstelling(sleutels: dict, namen_delen: list, meta: dict, paginas: list) -> dict:
    """What a joined document was joined from: the keys of its parts (the contents first) and
    of its footers, its metadata (kept in the catalog) and dates (set in the join), and each
    part's pages."""
    return {
        "delen": [sleutels[INHOUD], *(sleutels[n] for n in namen_delen)],
        "voet": sleutels[VOET],
        "meta": json.dumps({**meta, "aangemaakt": None}, sort_keys=True, default=str),
        "aangemaakt": str(meta["aangemaakt"]),
        "paginas": paginas,
    }


def _vorige_openen(opslag, sleutel: str) -> "Geopend | None":
    """The last joined document from the parts store, opened and read for `vervangen`; None
    when it is not there or cannot be read (then all parts are joined)."""
    gelezen = opslag.lezen(sleutel)
    if not gelezen or not gelezen.get("pdf"):
        return None
    try:
        return Geopend.openen(gelezen["pdf"])
    except Exception:
        logging.getLogger(__name__).warning("Vorig document niet te openen", exc_info=True)
        return None


def _in_vorige_leggen(
    opslag,
    vorig: dict | None,
    samenstelling: dict,
    delen: list,
    voet_pdf: bytes,
    aangemaakt,
    geopend: "Geopend | None" = None,
) -> bytes | None:
    """The last joined document, as it is when nothing changed, else with the pages of each
    changed part replaced by its new ones (of a part laid out from its stored version, only the
    window): joining all parts again costs more than the layout of a small change. None where
    the last document was joined from other footers, metadata or parts than the unchanged
    ones, where a changed part has other pages than it had, and where no part was laid out as
    a window: then all parts are joined (samenvoegen) and give the bytes of a render from
    scratch.

    `delen`: per part (the contents first) its result, the key of the stored version its window
    was laid out from, and its bookmarks' level in the joined document. `geopend`: that
    document already opened (_vorige_openen), else it is read here."""
    if (
        not vorig
        or vorig.get("voet") != samenstelling["voet"]
        or vorig.get("meta") != samenstelling["meta"]
        or len(vorig.get("delen", ())) != len(delen)
        or len(vorig.get("paginas", ())) != len(delen)
    ):
        return None
    vervangingen = []
    vensters = eerste = 0
    for (resultaat, basis_sleutel, niveau), oud, nieuw, vorige_paginas in zip(
        delen, vorig["delen"], samenstelling["delen"], vorig["paginas"], strict=True
    ):
        if nieuw != oud:
            if resultaat.get("venster_pdf") is not None and basis_sleutel == oud:
                begin, k, einde, _aantal = resultaat["venster"]
                if k != einde - begin:
                    return None
                vervangingen.append(
                    (eerste + begin, resultaat["venster_pdf"], niveau + resultaat["niveau"])
                )
                vensters += 1
            elif resultaat.get("pdf") and resultaat["paginas"] == vorige_paginas:
                vervangingen.append((eerste, resultaat["pdf"], niveau))
            else:
                return None
        elif resultaat["paginas"] != vorige_paginas:
            return None
        eerste += resultaat["paginas"]
    if vervangingen and not vensters:
        return None
    if not vervangingen and vorig.get("aangemaakt") != samenstelling["aangemaakt"]:
        return None  # the dates moved: joined anew, as from scratch
    if geopend is None:
        geopend = _vorige_openen(opslag, vorig.get("sleutel", ""))
    if geopend is None:
        return None
    if not vervangingen:
        return geopend.pdf
    try:
        return vervangen(geopend, vervangingen, voet_pdf, aangemaakt=aangemaakt)
    except Exception:
        # A stored document that cannot be read as expected costs the join, never the render.
        logging.getLogger(__name__).warning("Vorig document niet bij te werken", exc_info=True)
        return None


# --- Joining -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Geopend:
    """A joined document opened, with what `vervangen` reads of it before it changes anything:
    read while the workers lay out, since the calling process waits for them anyway (qpdf reads
    an object when it is first used, so everything is used here once)."""

    pdf: bytes
    basis: object
    document_element: object
    kinderen: list
    ouders: dict
    volgende: int
    bestemmingen: dict
    omtrek: list

    @classmethod
    def openen(cls, document: bytes) -> "Geopend":
        basis = _openen(document)
        boom = basis.Root.StructTreeRoot
        document_element = _document_element(basis)
        kinderen = _kinderen(document_element)
        for kind in kinderen:
            _pagina_van(kind)
        for pagina in basis.pages:
            pagina.obj.get("/StructParents")
            for annotatie in pagina.obj.get("/Annots", []):
                annotatie.get("/StructParent")
        nums = list(boom.ParentTree.Nums)
        return cls(
            pdf=document,
            basis=basis,
            document_element=document_element,
            kinderen=kinderen,
            ouders={int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)},
            volgende=max(int(boom.get("/ParentTreeNextKey", 0)), _volgende_sleutel(nums)),
            bestemmingen=_bestemmingen(basis),
            omtrek=_omtrek(basis, 0),
        )


def vervangen(
    document: "bytes | Geopend", vervangingen: list, voet: bytes, *, aangemaakt=None
) -> bytes:
    """A joined tagged PDF (samenvoegen) with some of its pages replaced by the pages of other
    tagged PDFs from WeasyPrint, as many as each has: their structure elements take the old
    pages' place under /Document, their parent tree entries, named destinations and bookmarks
    those of the old pages; the footers are laid over the new pages.

    `document`: its bytes, or opened (Geopend: changed here, once).
    `vervangingen`: (index of the first page replaced, the PDF, its bookmarks' level)."""
    from pikepdf import Array, Dictionary

    geopend = document if isinstance(document, Geopend) else Geopend.openen(document)
    basis, document_element = geopend.basis, geopend.document_element
    boom = basis.Root.StructTreeRoot
    kinderen, ouders, volgende = geopend.kinderen, geopend.ouders, geopend.volgende
    bestemmingen, omtrek = geopend.bestemmingen, geopend.omtrek
    nieuwe_paginas = []
    for eerste, inhoud, niveau in vervangingen:
        nieuw = _openen(inhoud)
        aantal = len(nieuw.pages)
        oude = {basis.pages[eerste + j].objgen for j in range(aantal)}
        for j in range(aantal):
            pagina = basis.pages[eerste + j].obj
            if "/StructParents" in pagina:
                ouders.pop(int(pagina.StructParents), None)
            for annotatie in pagina.get("/Annots", []):
                if "/StructParent" in annotatie:
                    ouders.pop(int(annotatie.StructParent), None)
        plek = next(
            (i for i, kind in enumerate(kinderen) if _pagina_van(kind) in oude), len(kinderen)
        )
        kinderen = [kind for kind in kinderen if _pagina_van(kind) not in oude]
        bestemmingen = {
            naam: bestemming
            for naam, bestemming in bestemmingen.items()
            if _pagina_van_bestemming(bestemming) not in oude
        }
        plek_omtrek = next((i for i, item in enumerate(omtrek) if item[2] >= eerste), len(omtrek))
        omtrek = [item for item in omtrek if not eerste <= item[2] < eerste + aantal]

        verschuiving = volgende
        _sleutels_verschuiven(nieuw, verschuiving)
        for j, pagina in enumerate(nieuw.pages):
            basis.pages.insert(eerste + j, pagina)
        for _j in range(aantal):
            del basis.pages[eerste + aantal]
        kinderen[plek:plek] = _elementen_kopieren(basis, nieuw, document_element)
        nieuw_nums = list(nieuw.Root.StructTreeRoot.ParentTree.Nums)
        for i in range(0, len(nieuw_nums), 2):
            ouders[int(nieuw_nums[i]) + verschuiving] = _kopie(basis, nieuw_nums[i + 1])
        volgende = max(volgende, _volgende_sleutel(nieuw_nums) + verschuiving)
        for naam, bestemming in _bestemmingen(nieuw).items():
            # The contents' stand-ins for its links' targets give way to the real ones.
            if naam not in bestemmingen:
                bestemmingen[naam] = _kopie(basis, bestemming)
        omtrek[plek_omtrek:plek_omtrek] = _omtrek(nieuw, eerste, niveau)
        nieuwe_paginas += range(eerste, eerste + aantal)
        nieuw.close()

    document_element.K = Array(kinderen)
    boom.ParentTree = basis.make_indirect(
        Dictionary(
            Nums=Array([x for sleutel in sorted(ouders) for x in (sleutel, ouders[sleutel])])
        )
    )
    boom.ParentTreeNextKey = volgende
    _bestemmingen_schrijven(basis, bestemmingen)
    _omtrek_schrijven(basis, omtrek)
    _voet_opleggen(basis, voet, nieuwe_paginas)
    if aangemaakt is not None:
        _datum_zetten(basis, aangemaakt)
    return _bewaren(basis)


@dataclasses.dataclass(frozen=True)
class Stuk:
    """Some of a part's pages, to be joined."""

    pdf: bytes
    paginas: range


def samenvoegen(
    delen: list,
    voet: bytes | None = None,
    *,
    ontbrekend=(),
    vervolgen=(),
    niveaus: list[int] | None = None,
    aangemaakt=None,
) -> bytes:
    """Join tagged PDF parts from WeasyPrint into one tagged PDF, the first part's catalog kept.

    A part is its PDF's bytes, or a Stuk: some of its pages only.
    `ontbrekend`: named destinations that the first part only holds as stand-ins (the contents'
    link targets); a later part's destination of the same name replaces them.
    `vervolgen`: the indexes of parts that continue a speerpunt (its later blocks): their
    bookmarks go under the speerpunt's. `niveaus`: instead, each part's bookmark level.
    `aangemaakt`: the document's creation and modification date.
    """
    from pikepdf import Array, Dictionary

    if niveaus is None:
        niveaus = [0] + [2 if n in vervolgen else 1 for n in range(1, len(delen))]
    basis = _openen(delen[0])
    boom = basis.Root.StructTreeRoot
    document_element = _document_element(basis)
    nums = list(boom.ParentTree.Nums)
    volgende = _volgende_sleutel(nums)
    bestemmingen = _bestemmingen(basis)
    omtrek = _omtrek(basis, 0, niveaus[0])

    for nummer, deel_bytes in enumerate(delen[1:], start=1):
        deel = _openen(deel_bytes)
        verschuiving = volgende
        _sleutels_verschuiven(deel, verschuiving)
        eerste_pagina = len(basis.pages)
        basis.pages.extend(deel.pages)
        deel_boom = deel.Root.StructTreeRoot
        for element in _elementen_kopieren(basis, deel, document_element):
            document_element.K.append(element)
        deel_nums = list(deel_boom.ParentTree.Nums)
        for i in range(0, len(deel_nums), 2):
            waarde = deel_nums[i + 1]
            waarde = _kopie(basis, waarde)
            nums += [int(deel_nums[i]) + verschuiving, waarde]
        volgende = max(volgende, _volgende_sleutel(deel_nums) + verschuiving)
        for naam, bestemming in _bestemmingen(deel).items():
            if naam in bestemmingen and naam not in ontbrekend:
                continue
            bestemmingen[naam] = _kopie(basis, bestemming)
        omtrek += _omtrek(deel, eerste_pagina, niveau=niveaus[nummer])
        deel.close()

    boom.ParentTree = basis.make_indirect(Dictionary(Nums=Array(nums)))
    boom.ParentTreeNextKey = volgende
    _bestemmingen_schrijven(basis, bestemmingen)
    _omtrek_schrijven(basis, omtrek)
    if voet is not None:
        _voet_opleggen(basis, voet)
    if aangemaakt is not None:
        _datum_zetten(basis, aangemaakt)
    return _bewaren(basis)


def _bewaren(basis) -> bytes:
    import pikepdf

    uit = BytesIO()
    # The file identifier from the content, not random (qpdf's deterministic ID): the same
    # content gives the same bytes.
    basis.save(
        uit,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return uit.getvalue()


def _sleutels_verschuiven(bestand, verschuiving: int):
    """The parent tree keys of a part's pages and annotations moved past those of the document
    it goes into."""
    for pagina in bestand.pages:
        if "/StructParents" in pagina.obj:
            pagina.obj.StructParents = int(pagina.obj.StructParents) + verschuiving
        for annotatie in pagina.obj.get("/Annots", []):
            if "/StructParent" in annotatie:
                annotatie.StructParent = int(annotatie.StructParent) + verschuiving


def _elementen_kopieren(basis, bestand, document_element) -> list:
    """A part's structure elements copied into `basis`, under its /Document element. They are
    cut loose from their own tree first, so that copying does not drag the part's whole tree
    and its parent tree along."""
    from pikepdf import Dictionary

    gekopieerd = []
    for kind in _kinderen(_document_element(bestand)):
        if isinstance(kind, Dictionary):
            del kind["/P"]
            element = basis.copy_foreign(kind)
            element.P = document_element
            gekopieerd.append(element)
    return gekopieerd


def _openen(deel):
    """A part opened, cut to its Stuk's pages: the other pages go, with their structure
    elements (WeasyPrint tags each page's content as its own element under /Document), their
    parent tree entries and the named destinations on them."""
    import pikepdf
    from pikepdf import Array, Dictionary

    if not isinstance(deel, Stuk):
        return pikepdf.open(BytesIO(deel))
    bestand = pikepdf.open(BytesIO(deel.pdf))
    houden = {bestand.pages[i].objgen for i in deel.paginas}
    sleutels = set()
    for i in deel.paginas:
        pagina = bestand.pages[i].obj
        if "/StructParents" in pagina:
            sleutels.add(int(pagina.StructParents))
        for annotatie in pagina.get("/Annots", []):
            if "/StructParent" in annotatie:
                sleutels.add(int(annotatie.StructParent))
    boom = bestand.Root.StructTreeRoot
    document_element = _document_element(bestand)
    document_element.K = Array([k for k in _kinderen(document_element) if _pagina_van(k) in houden])
    nums = list(boom.ParentTree.Nums)
    gehouden = []
    for i in range(0, len(nums), 2):
        if int(nums[i]) in sleutels:
            gehouden += [nums[i], nums[i + 1]]
    boom.ParentTree = bestand.make_indirect(Dictionary(Nums=Array(gehouden)))
    bestemmingen = {
        naam: bestemming
        for naam, bestemming in _bestemmingen(bestand).items()
        if _pagina_van_bestemming(bestemming) in (houden | {None})
    }
    if bestemmingen or "/Names" in bestand.Root:
        _bestemmingen_schrijven(bestand, bestemmingen)
    for i in reversed(range(len(bestand.pages))):
        if i not in deel.paginas:
            del bestand.pages[i]
    return bestand


def _document_element(bestand):
    """The /Document element at the root of a part's structure tree (WeasyPrint writes one)."""
    from pikepdf import Array

    element = bestand.Root.StructTreeRoot.K
    return element[0] if isinstance(element, Array) else element


def _kinderen(element) -> list:
    from pikepdf import Dictionary

    kinderen = element.K
    return [kinderen] if isinstance(kinderen, Dictionary) else list(kinderen)


def _pagina_van_bestemming(bestemming):
    """The page a named destination points to (its objgen), or None for another kind."""
    from pikepdf import Array, Dictionary

    if isinstance(bestemming, Array) and isinstance(bestemming[0], Dictionary):
        return bestemming[0].objgen
    return None


def _pagina_van(element):
    """The page of a structure element: the first /Pg in it or under it."""
    from pikepdf import Array, Dictionary

    if isinstance(element, Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        kinderen = element.get("/K")
        for kind in kinderen if isinstance(kinderen, Array) else [kinderen]:
            pagina = _pagina_van(kind)
            if pagina is not None:
                return pagina
    return None


def _datum_zetten(basis, moment):
    """The creation and modification date in Info and XMP, as WeasyPrint writes them: set in the
    join, so that the contents' part stays the same while the content (and its date) changes."""
    import pikepdf

    w3c = pdf._w3c(moment)
    pdf_datum = pikepdf.String(moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ"))
    basis.docinfo[pikepdf.Name.CreationDate] = pdf_datum
    basis.docinfo[pikepdf.Name.ModDate] = pdf_datum
    metadata = basis.Root.get("/Metadata")
    if metadata is None:
        return
    # Set again in a document laid out anew in part (vervangen): the last dates go first, in
    # whatever order of attributes their description was written.
    xmp = re.sub(
        rb"<rdf:Description [^>]*>\s*<xmp:(CreateDate|ModifyDate)>[^<]*</xmp:\1>\s*"
        rb"</rdf:Description>",
        b"",
        metadata.read_bytes(),
    )
    datums = "".join(
        f'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:{naam}>{w3c}</xmp:{naam}></rdf:Description>'
        for naam in ("CreateDate", "ModifyDate")
    )
    metadata.write(xmp.replace(b"</rdf:RDF>", datums.encode() + b"</rdf:RDF>", 1))


def _kopie(basis, waarde):
    import pikepdf

    if isinstance(waarde, pikepdf.Object) and waarde.is_indirect:
        return basis.copy_foreign(waarde)
    if isinstance(waarde, pikepdf.Array):
        return pikepdf.Array([_kopie(basis, e) for e in waarde])
    if isinstance(waarde, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _kopie(basis, v) for k, v in waarde.items()})
    return waarde


def _volgende_sleutel(nums) -> int:
    sleutels = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(sleutels) + 1 if sleutels else 0


def _bestemmingen(pdf_bestand) -> dict:
    import pikepdf

    if "/Names" not in pdf_bestand.Root or "/Dests" not in pdf_bestand.Root.Names:
        return {}
    return dict(pikepdf.NameTree(pdf_bestand.Root.Names.Dests).items())


def _bestemmingen_schrijven(basis, bestemmingen: dict):
    import pikepdf

    boom = pikepdf.NameTree.new(basis)
    for naam in sorted(bestemmingen):
        boom[naam] = bestemmingen[naam]
    if "/Names" not in basis.Root:
        basis.Root.Names = pikepdf.Dictionary()
    basis.Root.Names.Dests = boom.obj


def _omtrek(pdf_bestand, eerste_pagina: int, niveau: int = 0) -> list:
    """The bookmarks as (level, title, page index in the joined PDF, left, top), flat."""
    uit = []
    paginas = {pagina.objgen: i for i, pagina in enumerate(pdf_bestand.pages)}

    def loop(items, diepte):
        for item in items:
            bestemming = item.destination
            if bestemming is not None and len(bestemming) >= 4:
                index = paginas.get(bestemming[0].objgen)
                if index is not None:
                    uit.append(
                        (
                            diepte,
                            str(item.title),
                            eerste_pagina + index,
                            float(bestemming[2]),
                            float(bestemming[3]),
                        )
                    )
            loop(item.children, diepte + 1)

    with pdf_bestand.open_outline() as omtrek:
        loop(omtrek.root, niveau)
    return uit


def _omtrek_schrijven(basis, items: list):
    from pikepdf import OutlineItem, PageLocation

    wortel: list = []
    stapel: list[tuple[int, list]] = [(-1, wortel)]
    for diepte, titel, pagina, links, boven in items:
        while stapel[-1][0] >= diepte:
            stapel.pop()
        item = OutlineItem(titel, pagina, PageLocation.XYZ, left=links, top=boven, zoom=0)
        stapel[-1][1].append(item)
        stapel.append((diepte, item.children))
    with basis.open_outline() as omtrek:
        omtrek.root.clear()
        omtrek.root.extend(wortel)


def _voet_opleggen(basis, voet_bytes: bytes, paginas=None):
    """Lay each footer page over its page (of `paginas`, the indexes, or all), as an artifact;
    title pages have no footer."""
    import pikepdf

    voet = pikepdf.open(BytesIO(voet_bytes))
    if len(voet.pages) != len(basis.pages):
        raise ValueError(f"{len(voet.pages)} voetteksten voor {len(basis.pages)} pagina's.")
    for index in range(len(basis.pages)) if paginas is None else paginas:
        pagina, voetpagina = basis.pages[index], voet.pages[index]
        inhoud = voetpagina.obj.get("/Contents")
        if inhoud is None:
            continue
        stroom = b"".join(
            s.read_bytes() for s in (inhoud if isinstance(inhoud, pikepdf.Array) else [inhoud])
        )
        if b"Tf" not in stroom:  # no text: the title page
            continue
        vorm = basis.copy_foreign(voetpagina.as_form_xobject())
        # A name of its own per page (pages may share a resource dictionary), and a fixed one:
        # pikepdf's generated names are random, and the same content must give the same bytes.
        naam = pagina.add_resource(vorm, pikepdf.Name.XObject, name=pikepdf.Name(f"/Voet{index}"))
        pagina.contents_add(pikepdf.Stream(basis, b"q\n"), prepend=True)
        pagina.contents_add(
            pikepdf.Stream(basis, b"\nQ\n/Artifact BMC\nq\n" + bytes(naam) + b" Do\nQ\nEMC\n")
        )
