"""The parts of a plan's PDF (documenten.pdf_parallel) kept in storage under the hash of what they
show, so that a change to one theme lays out that theme's part only.

A part's PDF follows from its HTML, the extra stylesheet, the variant, the metadata it is written
with and the renderer: the PDF templates, print.css and the code that renders
(documenten.pdf.opmaakversie), the fonts it fetches (static/pdf) and the versions of WeasyPrint and
pydyf. All of that is in the key, and a render is deterministic (tests/test_pdf_archief.py), so a
part found under its key has the pages a render would give: the joined document is the same as
one joined from parts all rendered anew (tests/test_pdf_deelcache.py). Byte for byte too, except
for a part laid out from the page its change begins on (documenten.pdf_venster): the same pages,
tags, bookmarks and links, but the fonts subset in two renders; a render from scratch of the same
content gives the same bytes again.

Each part is two files in the default storage (the one PdfDocument files live in: a local folder
or S3), `<key>.pdf` and `<key>.json` (its pages, page names, anchors, for a speerpunt its page
tops and its themes' hashes, and the PDF's SHA-256); the
JSON is written last, and a part is read only when its PDF has the hash its JSON names, so a PDF
half written by another process is never joined. A document's parts share a folder (one per
document and variant); the folder also keeps the layout of the last render's parts (pages, page
names, anchors, key) and the contents' length, from which the next render guesses the contents'
numbers and the footers before its changed parts are laid out, and finds a changed part's last
version to lay out only the pages from its change on; and the last joined document (stored as a
part, under its hash) with the keys of what it was joined from, into which the next render lays
the changed pages (documenten.pdf_parallel).

Several renders of one document may run at once (task workers, a download beside the background
render after an edit), without a lock between them:
- A part is written once: a key names its bytes, so a complete file already under that name (put
  there by another render) is kept, and a copy the storage saved under another name because the
  file appeared meanwhile is deleted again.
- After a render, the files no part of it used are deleted only once they are older than
  BEWAARTIJD, longer than any render: the parts another render wrote and still needs are younger.
  The store holds the parts of the last render, plus those of the renders of the last BEWAARTIJD.
A storage error (OSError from the local folder, botocore's errors from S3) never fails a render:
a part not read is laid out, one not written or not deleted costs a later render or some space.
The parts of a deleted plan go with it (`verwijderen`, documenten.koppelingen). A folder that
belongs to no plan any more (a plan deleted while its render still ran and wrote, a plan whose
slug changed) is swept after a plan's render (`zwerfmappen_opruimen`, documenten.taken), its files
once they are older than BEWAARTIJD.
"""

import functools
import hashlib
import json
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import slugify

MAP = "pdf-delen"
VORIGE = "vorige-opmaak.json"  # the layout of the last render's parts, by anchor
# What is kept of a part beside its PDF: its pages, page names and anchors; for a speerpunt also
# its page tops and its themes' hashes (documenten.pdf_venster).
BEWAARD = ("paginas", "namen", "ankers", "toppen", "themas", "romp")

# How long a part no render used is kept: longer than any render, so that a render's cleanup never
# deletes a part another render (of another version of the document) wrote and is about to use.
# The longest render, a plan of 300 themes, takes minutes (bench/pdf.py); a render that shows no
# progress for 30 minutes counts as abandoned and is queued again (taken.VERLATEN_NA, which
# tests/test_pdf_delen_gelijktijdig.py keeps below this). A render that ran longer still would
# only cost the next render the parts it deleted. The price is space: the parts of every render of
# the last two hours, a part per changed speerpunt per edit, until a render after that cleans up.
BEWAARTIJD = timedelta(hours=2)

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


def map_van(bestandsnaam: str, variant: str) -> str:
    """The folder of a document's parts: its file name without ".pdf" (a plan: its slug),
    followed by the variant. A name that is no slug of at most 80 characters as it is (upper
    case, cut short) also gets a hash of the whole name, so that two documents never share a
    folder: deleting one plan's folders (`verwijderen`) never touches another plan's."""
    document = bestandsnaam.removesuffix(".pdf")
    naam = slugify(document)[:80] or "document"
    if naam != document:
        naam += "-" + hashlib.sha256(document.encode()).hexdigest()[:12]
    return f"{MAP}/{naam}-{variant}"


def mappen_van(bestandsnaam: str) -> list[str]:
    """A document's parts folders, one per variant."""
    from .pdf import VARIANTEN

    return [map_van(bestandsnaam, variant) for variant in VARIANTEN]


def _bestanden(map_: str) -> list[str] | None:
    """The files in a parts folder; none when it does not exist, None when storage failed."""
    try:
        return default_storage.listdir(map_)[1]
    except FileNotFoundError:
        return []
    except Exception:
        logger.warning("PDF-delen in %s niet te vinden", map_, exc_info=True)
        return None


def _ouder_dan_verwijderen(map_: str, namen, grens) -> tuple[int, int]:
    """Delete the named files of a folder written before `grens`; returns how many went and
    how many stay (younger, or storage failed)."""
    weg = blijven = 0
    for naam in namen:
        pad = f"{map_}/{naam}"
        try:
            if default_storage.get_modified_time(pad) < grens:
                default_storage.delete(pad)
                weg += 1
            else:
                blijven += 1
        except FileNotFoundError:
            pass  # another render's cleanup was first
        except Exception:
            blijven += 1
            logger.warning("PDF-deel %s niet verwijderd", pad, exc_info=True)
    return weg, blijven


def _map_verwijderen(map_: str):
    """The folder itself on a local disk; in S3 a folder is no object (nothing to do)."""
    try:
        default_storage.delete(map_)
    except Exception:
        logger.warning("Map %s niet verwijderd", map_, exc_info=True)


def verwijderen(bestandsnaam: str) -> int:
    """Delete a document's parts in every variant (its plan was deleted); returns how many
    files went. Only the document's own folders, each by its exact name."""
    weg = 0
    for map_ in mappen_van(bestandsnaam):
        bestanden = _bestanden(map_)
        if bestanden is None:
            continue
        for naam in bestanden:
            try:
                default_storage.delete(f"{map_}/{naam}")
                weg += 1
            except Exception:
                logger.warning("PDF-deel %s/%s niet verwijderd", map_, naam, exc_info=True)
        _map_verwijderen(map_)
    return weg


def zwerfmappen_opruimen(bekend: set[str]) -> int:
    """Delete the files in the parts folders that are not in `bekend` (the folders of the
    existing documents, `mappen_van`) and no render wrote in the last BEWAARTIJD, and such a
    folder once it is empty; returns how many files went. A render still writing into a folder
    its plan no longer owns keeps its young files until a later sweep."""
    try:
        mappen = default_storage.listdir(MAP)[0]
    except FileNotFoundError:
        return 0
    except Exception:
        logger.warning("Map %s niet te lezen", MAP, exc_info=True)
        return 0
    grens = timezone.now() - BEWAARTIJD
    weg = 0
    for naam in mappen:
        map_ = f"{MAP}/{naam}"
        if map_ in bekend or (bestanden := _bestanden(map_)) is None:
            continue
        verwijderd, blijven = _ouder_dan_verwijderen(map_, bestanden, grens)
        weg += verwijderd
        if not blijven:
            _map_verwijderen(map_)
    return weg


class Delencache:
    """The stored parts of one document in one variant."""

    def __init__(self, bestandsnaam: str, variant: str):
        self.map = map_van(bestandsnaam, variant)
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
                # Half written (another process is writing it, or was killed while it did) or
                # written before the hash was kept: laid out anew.
                if hashlib.sha256(resultaat["pdf"]).hexdigest() != resultaat.pop("sha256", None):
                    logger.info("PDF-deel %s onvolledig: opnieuw gemaakt", key)
                    return None
        except FileNotFoundError:
            return None
        except Exception:
            logger.warning("PDF-deel %s niet te lezen: opnieuw gemaakt", key, exc_info=True)
            return None
        return {**resultaat, "cache": True}

    def schrijven(self, key: str, resultaat: dict):
        """Store a part a worker rendered. A store that fails costs a later render, never this
        one."""
        self.gebruikt.add(key)
        gegevens = {k: resultaat[k] for k in BEWAARD if k in resultaat}
        try:
            if resultaat.get("pdf"):
                self._eenmaal_opslaan(self._pad(key, "pdf"), resultaat["pdf"])
                gegevens["sha256"] = hashlib.sha256(resultaat["pdf"]).hexdigest()
            else:
                gegevens["pdf"] = False
            self._eenmaal_opslaan(self._pad(key, "json"), json.dumps(gegevens).encode())
        except Exception:
            logger.warning("PDF-deel %s niet bewaard", key, exc_info=True)

    @staticmethod
    def _eenmaal_opslaan(pad: str, inhoud: bytes):
        """Store a file whose name stands for its bytes (a part's key): one that is already there
        in full, written by another render, is kept. A file of another size is half written (by
        a process killed while writing, or one writing now) and is written anew."""
        try:
            if default_storage.size(pad) == len(inhoud):
                return
            default_storage.delete(pad)
        except FileNotFoundError:
            pass
        Delencache._opslaan(pad, inhoud)

    @staticmethod
    def _opslaan(pad: str, inhoud: bytes):
        """Save under exactly `pad`. When another process saved it between our look and our
        save, the storage picks another name (the local folder always; S3 without
        file_overwrite, as in production): that copy is deleted, the other process's is kept."""
        opgeslagen = default_storage.save(pad, ContentFile(inhoud))
        if opgeslagen != pad:
            default_storage.delete(opgeslagen)

    def vorige(self) -> dict:
        """Per part (by anchor) the layout of the last render: pages, page names, anchors. Only
        a guess (the render checks it), so one being rewritten just now reads as none."""
        try:
            with default_storage.open(f"{self.map}/{VORIGE}", "rb") as bestand:
                return json.load(bestand)
        except Exception:
            return {}

    def vorige_schrijven(self, opmaak: dict):
        """The layout of this render's parts replaces the last one (of two renders at once, one
        is kept)."""
        pad = f"{self.map}/{VORIGE}"
        try:
            default_storage.delete(pad)
            self._opslaan(pad, json.dumps(opmaak).encode())
        except Exception:
            logger.warning("Opmaak van %s niet bewaard", self.map, exc_info=True)

    def opruimen(self) -> int:
        """Delete the stored files this render did not use and no render wrote in the last
        BEWAARTIJD; returns how many went."""
        bestanden = _bestanden(self.map) or []
        ongebruikt = [
            naam
            for naam in bestanden
            if naam != VORIGE and naam.rsplit(".", 1)[0] not in self.gebruikt
        ]
        return _ouder_dan_verwijderen(self.map, ongebruikt, timezone.now() - BEWAARTIJD)[0]
