"""HTML to PDF with WeasyPrint: a fetcher that only serves the app's static files, the two
PDF variants (publication: PDF/UA-1; archive: tagged PDF/A-3a that also declares PDF/UA-1),
metadata that makes the same content give the same bytes, and work-arounds for WeasyPrint's
tagging bugs.

WeasyPrint is imported inside the functions: importing it costs ~0.5 s and pages never need it.
"""

import atexit
import copy
import functools
import hashlib
import itertools
import posixpath
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative URLs in the document resolve against this base; the fetcher maps it to the static
# files. The ".invalid" top-level domain can never resolve (RFC 2606), so nothing leaves the host.
BASIS_URL = "https://pdf.invalid/static/"

VARIANTEN = {"ua": "pdf/ua-1", "archief": "pdf/a-3a"}


class GeweigerdeURL(ValueError):
    """The document asked for something other than one of the app's own static files."""


def statisch_bestand(url: str) -> Path:
    """The static file a URL under BASIS_URL names; anything else is refused."""
    if not url.startswith(BASIS_URL):
        raise GeweigerdeURL(f"Alleen eigen statische bestanden zijn toegestaan, niet {url!r}.")
    pad = unquote(urlsplit(url).path).removeprefix("/static/")
    genormaliseerd = posixpath.normpath(pad)
    if genormaliseerd.startswith(("..", "/")) or genormaliseerd == ".":
        raise GeweigerdeURL(f"Ongeldig pad: {url!r}.")
    gevonden = finders.find(genormaliseerd)
    if gevonden is None and settings.STATIC_ROOT:
        kandidaat = Path(settings.STATIC_ROOT, genormaliseerd).resolve()
        if kandidaat.is_file() and kandidaat.is_relative_to(Path(settings.STATIC_ROOT).resolve()):
            gevonden = str(kandidaat)
    if gevonden is None:
        raise GeweigerdeURL(f"Statisch bestand bestaat niet: {genormaliseerd!r}.")
    return Path(gevonden)


@functools.cache
def _fetcher_klasse():
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class StatischeFetcher(URLFetcher):
        """Serves files below BASIS_URL from the static files; refuses file://, http(s):// etc."""

        def fetch(self, url, headers=None):
            pad = statisch_bestand(url)
            if pad.suffix.lower() == ".woff":
                return URLFetcherResponse(url, _woff_als_ttf(pad), {"Content-Type": "font/ttf"})
            return URLFetcherResponse(url, pad.read_bytes(), {"Content-Type": _mime(pad)})

    return StatischeFetcher


@functools.cache
def _woff_als_ttf(pad: Path) -> bytes:
    """A vendored WOFF font as plain TrueType, its own timestamps kept.

    WeasyPrint decodes WOFF itself with fontTools, which stamps the font with the current time
    (head.modified): the embedded font, and so the PDF, would differ on every render.
    """
    from io import BytesIO

    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(pad.read_bytes()), recalcTimestamp=False)
    font.flavor = font.flavorData = None
    uit = BytesIO()
    font.save(uit)
    return uit.getvalue()


def _mime(pad: Path) -> str:
    return {
        ".css": "text/css",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
        ".svg": "image/svg+xml",
        ".png": "image/png",
    }.get(pad.suffix.lower(), "application/octet-stream")


def url_fetcher():
    """A WeasyPrint URL fetcher that serves only the app's own static files."""
    return _fetcher_klasse()(fail_on_errors=False, ssl_context=_ssl_context())


@functools.cache
def _ssl_context():
    """One SSL context per process for the fetcher's HTTPS handler, which it never uses: without
    one, urllib makes a new context for every fetcher and reads the system's certificates for it
    (about 0.05 s of every render, of a changed window too)."""
    import ssl

    return ssl.create_default_context()


@dataclass
class Metagegevens:
    titel: str
    auteur: str
    onderwerp: str = ""
    # When the content was last changed (for an adopted report: its adoption). Written as the
    # creation and modification date, so that the same content gives the same bytes.
    aangemaakt: datetime | None = None
    # The council's date of decision, for an adopted plan or report.
    vastgesteld: date | None = None


def _w3c(moment: datetime) -> str:
    """A moment as W3C date-time in UTC, to the second (WeasyPrint's accepted format)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# This application's XMP namespace, for the date of decision (no standard property says it).
TA_NAMESPACE = "https://transformatie-agenda.nl/ns/pdf/1.0/"

# PDF/A allows XMP properties outside its predefined schemas only when the file describes them
# (ISO 19005-3, 6.6.2.3): the PDF/UA identification and the date of decision.
_EXTENSIE_SCHEMAS = f"""<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li>
<rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Transformatie-agenda</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{TA_NAMESPACE}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>ta</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>Vaststellingsdatum</pdfaProperty:name>
<pdfaProperty:valueType>Date</pdfaProperty:valueType>
<pdfaProperty:category>external</pdfaProperty:category>
<pdfaProperty:description>Date on which the council or the board adopted the document</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li>
</rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def _annotaties_afdrukken(pdf):
    """Finisher: every annotation (the contents' and cross-references' links) carries the Print
    flag, so print and screen show the same (PDF/UA-1 7.18.1; WeasyPrint sets it for PDF/A)."""
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, dict) and pdf_object.get("Type") == "/Annot":
            pdf_object.setdefault("F", 1 << 2)


def _xmp_aanvullen(pdf, *, archief: bool, vastgesteld: date | None):
    """Finisher: the archive also declares PDF/UA-1, and any document its date of decision, in
    the one rdf:RDF of the XMP packet that WeasyPrint wrote."""
    referentie = pdf.catalog.get("Metadata")
    if referentie is None:
        return
    stroom = _object(pdf, referentie)
    xmp = b"".join(stroom.stream)
    aanvulling = ""
    if archief:
        aanvulling += (
            '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
            ' pdfuaid:part="1"/>' + _EXTENSIE_SCHEMAS
        )
    if vastgesteld is not None:
        aanvulling += (
            f'<rdf:Description rdf:about="" xmlns:ta={quoteattr(TA_NAMESPACE)}'
            f' ta:Vaststellingsdatum="{vastgesteld.isoformat()}"/>'
        )
    if aanvulling:
        stroom.stream = [xmp.replace(b"</rdf:RDF>", aanvulling.encode() + b"</rdf:RDF>", 1)]


def _object(pdf, referentie):
    """The pydyf object behind a reference such as b"12 0 R" or an object number."""
    if isinstance(referentie, int):
        return pdf.objects[referentie]
    if isinstance(referentie, str):
        referentie = referentie.encode()
    return pdf.objects[int(referentie.split()[0])]


class _Tagcorrecties:
    """Work-arounds for WeasyPrint 70's PDF tagging, applied while the tag tree is built.

    - #1836 margin boxes (running header, page footer) are marked content that is not in the
      structure tree: they are rewritten to /Artifact so readers skip them.
    - #2508 header cells get no /Scope: it is taken from the HTML scope attribute.

    Not worked around: #2903, an element split over pages (a theme table) becomes one structure
    element per page. Joining the fragments into the first page's element was tried and left
    thousands of marked-content pieces unreachable from the structure root (1208 in the Q2 2015
    report), which is worse for a screen reader than a table in two parts.
    """

    def __init__(self):
        self.marge_mcids: dict[int, set[int]] = {}

    def installeer(self):
        from weasyprint.pdf import tags

        origineel = getattr(tags._build_box_tree, "__wrapped__", tags._build_box_tree)
        correcties = self

        @functools.wraps(origineel)
        def bouw(box, parent, pdf, page_number, nums, annotations, page_tags):
            from weasyprint.formatting_structure import boxes

            if isinstance(box, boxes.MarginBox):
                voor = set(nums)
                yield from origineel(box, parent, pdf, page_number, nums, annotations, page_tags)
                nieuw = set(nums) - voor
                for mcid in nieuw:
                    nums[mcid] = "null"
                correcties.marge_mcids.setdefault(page_number, set()).update(nieuw)
                return
            for element in origineel(box, parent, pdf, page_number, nums, annotations, page_tags):
                correcties._scope_zetten(box, element)
                yield element

        tags._build_box_tree = bouw
        return origineel

    @staticmethod
    def _scope_zetten(box, element):
        """A header cell's /Scope from its HTML scope attribute."""
        if element["S"] == "/TH" and box.element is not None and box.element_tag == "th":
            scope = box.element.attrib.get("scope", "col")
            element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"

    def afwerken(self, document, pdf):
        """Finisher: turn the margin boxes' marked content into artifacts."""
        for paginanummer, mcids in self.marge_mcids.items():
            # pydyf keeps the page list flat: number, generation, "R" per page.
            pagina = _object(pdf, pdf.pages["Kids"][3 * paginanummer])
            stroom = _object(pdf, pagina["Contents"])
            inhoud = stroom.stream
            for i in range(len(inhoud) - 2):
                eigenschappen = inhoud[i + 1]
                if (
                    inhoud[i + 2] == b"BDC"
                    and isinstance(eigenschappen, dict)
                    and eigenschappen.get("MCID") in mcids
                ):
                    inhoud[i], inhoud[i + 1], inhoud[i + 2] = "/Artifact", b"", b"BMC"


def html_naar_pdf(
    html: str,
    *,
    metagegevens: Metagegevens,
    variant: str = "ua",
    extra_css: str = "",
) -> bytes:
    """Render an HTML document (from templates/pdf) to PDF bytes in the given variant."""
    if variant not in VARIANTEN:
        raise ValueError(f"Onbekende PDF-variant {variant!r}; kies uit {', '.join(VARIANTEN)}.")
    document = html_naar_document(html, extra_css=extra_css)
    return document_naar_pdf(document, metagegevens=metagegevens, variant=variant)


DRUKSTIJL_LINK = '<link rel="stylesheet" href="pdf/print.css">'
_drukstijlen = threading.local()


def drukstijl():
    """print.css parsed once per thread of a process (again when the file changes), with the
    font configuration that holds the fonts it declares: parsing the sheet and registering its
    fonts took a fifth of a small render, and a warm font map lays out text faster.

    Passed to WeasyPrint as a user style sheet, so the document drops its link to it. The
    templates have no other style sheet, and a style attribute (pdf_venster's, the footers'
    pages) wins over it as it did over the linked sheet: the pages are the same, pixel for
    pixel. Per thread, because a font map is not safe to share between threads."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    bestand = statisch_bestand(BASIS_URL + "pdf/print.css")
    info = bestand.stat()
    versie = (str(bestand), info.st_mtime_ns, info.st_size)
    if getattr(_drukstijlen, "versie", None) != versie:
        fonts = FontConfiguration()
        css = CSS(url=BASIS_URL + "pdf/print.css", url_fetcher=url_fetcher(), font_config=fonts)
        _drukstijlen.versie, _drukstijlen.fonts, _drukstijlen.css = versie, fonts, css
    return _drukstijlen.fonts, _drukstijlen.css


@atexit.register
def _drukstijl_loslaten():
    """Let the font configuration go while the interpreter still runs: it removes its folder of
    font files when it goes, which fails once the modules are torn down."""
    _drukstijlen.__dict__.clear()


def html_naar_document(html: str, *, extra_css: str = ""):
    """Lay out and paginate (WeasyPrint's `render`), without writing the PDF yet."""
    from weasyprint import CSS, HTML

    fetcher = url_fetcher()
    fonts, stijl = drukstijl()
    stylesheets = []
    if DRUKSTIJL_LINK in html:
        html = html.replace(DRUKSTIJL_LINK, "", 1)
        stylesheets.append(stijl)
    if extra_css:
        stylesheets.append(
            CSS(string=extra_css, base_url=BASIS_URL, url_fetcher=fetcher, font_config=fonts)
        )
    document = HTML(string=html, base_url=BASIS_URL, url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=stylesheets, pdf_tags=True
    )
    for pagina in document.pages:
        for box in pagina._page_box.descendants():
            if getattr(box, "is_leader", False) and len(box.children) > 1:
                _leider_samenvoegen(box)
    return document


def _leider_samenvoegen(leider):
    """WeasyPrint lays out a leader (the contents' dots) as one text box per repetition of its
    text, side by side: 3,200 boxes in the reference plan's contents, which took three quarters
    of the time to write it. One box of the repeated text draws the same dots, in one run.
    A leader laid out otherwise (another WeasyPrint) is left as it is."""
    kopieen = sorted(leider.children, key=lambda kind: kind.position_x)
    eerste = kopieen[0]
    opmaak = getattr(eerste, "pango_layout", None)
    if opmaak is None or not isinstance(getattr(opmaak, "text", None), str):
        return
    for links, rechts in itertools.pairwise(kopieen):
        if (
            rechts.pango_layout is not opmaak
            or rechts.text != eerste.text
            or abs(rechts.position_x - links.position_x - eerste.width) > 0.01
        ):
            return
    samen = eerste.copy()
    samen.text = eerste.text * len(kopieen)
    samen.width = eerste.width * len(kopieen)
    # The layout is set up again from its text when the box is drawn.
    samen.pango_layout = copy.copy(opmaak)
    samen.pango_layout.text = opmaak.text * len(kopieen)
    leider.children = (samen,)


def document_naar_pdf(document, *, metagegevens: Metagegevens, variant: str = "ua") -> bytes:
    """Write a laid-out document as a tagged PDF with title, author and language metadata."""
    from weasyprint.pdf import tags

    document.metadata.title = metagegevens.titel
    document.metadata.authors = [metagegevens.auteur]
    if metagegevens.onderwerp:
        document.metadata.description = metagegevens.onderwerp
    document.metadata.lang = "nl"
    document.metadata.generator = "Transformatie-agenda (WeasyPrint)"
    if metagegevens.aangemaakt is not None:
        document.metadata.created = document.metadata.modified = _w3c(metagegevens.aangemaakt)
    if metagegevens.vastgesteld is not None:
        document.metadata.custom["Vaststellingsdatum"] = metagegevens.vastgesteld.isoformat()
    correcties = _Tagcorrecties()
    origineel = correcties.installeer()

    def afwerken(document, pdf):
        correcties.afwerken(document, pdf)
        _annotaties_afdrukken(pdf)
        _xmp_aanvullen(pdf, archief=variant == "archief", vastgesteld=metagegevens.vastgesteld)

    try:
        # The file identifier is WeasyPrint's hash of the written content (pydyf), not random.
        return document.write_pdf(
            pdf_variant=VARIANTEN[variant],
            pdf_tags=True,
            pdf_identifier=True,
            custom_metadata=True,
            finisher=afwerken,
        )
    finally:
        tags._build_box_tree = origineel


# Hash per (file, modification time, size) list: every cached download asks for the layout version,
# and a stat of each file is far cheaper than reading and hashing them all again.
_opmaakversies: dict[tuple, str] = {}


def opmaakversie() -> str:
    """A hash of the templates and stylesheet that shape a PDF: a new release renders anew."""
    basis = Path(settings.BASE_DIR)
    bestanden = sorted((basis / "templates" / "pdf").glob("*.html"))
    bestanden += sorted((basis / "templates" / "partials").glob("*.html"))
    bestanden.append(basis / "static" / "pdf" / "print.css")
    bestanden += [Path(__file__).with_name(naam) for naam in ("documenten.py", "pdf.py")]
    bestanden.append(Path(__file__).with_name("pdf_parallel.py"))
    staat = []
    for pad in bestanden:
        try:
            info = pad.stat()
        except FileNotFoundError:
            continue
        staat.append((str(pad), info.st_mtime_ns, info.st_size))
    staat = tuple(staat)
    versie = _opmaakversies.get(staat)
    if versie is None:
        h = hashlib.sha256()
        for pad, _tijd, _grootte in staat:
            h.update(Path(pad).read_bytes())
        versie = h.hexdigest()[:16]
        _opmaakversies.clear()  # only the files as they are now count
        _opmaakversies[staat] = versie
    return versie
