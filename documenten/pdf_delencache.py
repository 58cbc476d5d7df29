"""The parts of a plan's PDF (documenten.pdf_parallel) kept in storage under the hash of what they
show, so that a change to one theme lays out that theme's part only.

A part's PDF follows from its HTML, the extra stylesheet, the variant, the metadata it is written
with and the renderer: the PDF templates, print.css and the code that renders
(documenten.pdf.opmaakversie), the fonts it fetches (static/pdf) and the versions of WeasyPrint and
pydyf. All of that is in the key, and a render is deterministic (tests/test_pdf_archief.py), so a
part found under its key has the bytes a render would give: the joined document is the same as
one joined from parts all rendered anew (tests/test_pdf_deelcache.py).

Each part is two files in the default storage (the one PdfDocument files live in: a local folder
or S3), `<key>.pdf` and `<key>.json` (its pages, page names and anchors); the JSON is written
last, so a part whose JSON exists is complete. A document's parts share a folder, and after each
render of it the files no part of that render used are deleted: the store holds one render's
parts per document and variant. Two renders of one document at once may delete each other's
fresh parts; the next render then lays them out again. The folder also keeps the layout of the
last render's parts (pages, page names, anchors), from which the next render guesses the contents'
numbers and the footers before its changed parts are laid out (documenten.pdf_parallel).
"""

import functools
import hashlib
import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify

MAP = "pdf-delen"
VORIGE = "vorige-opmaak.json"  # the layout of the last render's parts, by anchor

logger = logging.getLogger(__name__)


@functools.cache
def rendererversie() -> str:
    """A hash of everything besides the HTML that shapes a part's bytes."""
    import pydyf
    import weasyprint

    from . import pdf

    h = hashlib.sha256(
        f"{pdf.opmaakversie()}|{weasyprint.__version__}|{pydyf.__version__}".encode()
    )
    map_ = Path(settings.BASE_DIR) / "static" / "pdf"
    for pad in sorted(p for p in map_.rglob("*") if p.is_file()):
        h.update(str(pad.relative_to(map_)).encode() + b"\0" + pad.read_bytes())
    return h.hexdigest()[:16]


def sleutel(html: str, extra_css: str, metagegevens: dict, variant: str, schrijven: bool) -> str:
    """The key of one part: a hash of everything its PDF (or, without `schrijven`, its layout)
    follows from."""
    inhoud = json.dumps(
        [rendererversie(), variant, schrijven, extra_css, metagegevens, html],
        default=str,
        sort_keys=True,
    )
    return hashlib.sha256(inhoud.encode()).hexdigest()


class Delencache:
    """The stored parts of one document in one variant."""

    def __init__(self, document: str, variant: str):
        self.map = f"{MAP}/{slugify(document)[:80] or 'document'}-{variant}"
        self.gebruikt: set[str] = set()

    def _pad(self, key: str, extensie: str) -> str:
        return f"{self.map}/{key}.{extensie}"

    def lezen(self, key: str) -> dict | None:
        """The part stored under `key` as a worker returns it, or None when it is not there
        (or cannot be read: then it is rendered anew)."""
        self.gebruikt.add(key)
        try:
            with default_storage.open(self._pad(key, "json"), "rb") as bestand:
                resultaat = json.load(bestand)
            if resultaat.get("pdf") is not False:
                with default_storage.open(self._pad(key, "pdf"), "rb") as bestand:
                    resultaat["pdf"] = bestand.read()
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            logger.warning("PDF-deel %s niet te lezen: opnieuw gemaakt", key, exc_info=True)
            return None
        return {**resultaat, "cache": True}

    def schrijven(self, key: str, resultaat: dict):
        """Store a part a worker rendered. A store that fails costs a later render, never this
        one."""
        self.gebruikt.add(key)
        gegevens = {k: resultaat[k] for k in ("paginas", "namen", "ankers") if k in resultaat}
        try:
            if resultaat.get("pdf"):
                self._opslaan(self._pad(key, "pdf"), resultaat["pdf"])
            else:
                gegevens["pdf"] = False
            self._opslaan(self._pad(key, "json"), json.dumps(gegevens).encode())
        except OSError:
            logger.warning("PDF-deel %s niet bewaard", key, exc_info=True)

    @staticmethod
    def _opslaan(pad: str, inhoud: bytes):
        if default_storage.exists(pad):
            default_storage.delete(pad)
        default_storage.save(pad, ContentFile(inhoud))

    def vorige(self) -> dict:
        """Per part (by anchor) the layout of the last render: pages, page names, anchors."""
        try:
            with default_storage.open(f"{self.map}/{VORIGE}", "rb") as bestand:
                return json.load(bestand)
        except (OSError, ValueError):
            return {}

    def vorige_schrijven(self, opmaak: dict):
        try:
            self._opslaan(f"{self.map}/{VORIGE}", json.dumps(opmaak).encode())
        except OSError:
            logger.warning("Opmaak van %s niet bewaard", self.map, exc_info=True)

    def opruimen(self) -> int:
        """Delete the stored parts this render did not use; returns how many files went."""
        try:
            _mappen, bestanden = default_storage.listdir(self.map)
        except FileNotFoundError:
            return 0
        weg = [
            naam
            for naam in bestanden
            if naam != VORIGE and naam.rsplit(".", 1)[0] not in self.gebruikt
        ]
        for naam in weg:
            try:
                default_storage.delete(f"{self.map}/{naam}")
            except OSError:
                logger.warning("PDF-deel %s niet verwijderd", naam, exc_info=True)
        return len(weg)
