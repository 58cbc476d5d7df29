"""Which file an adopted quarterly report serves: one rule for the download and `exporteer_pdf`."""

from rapportage.constants import PeriodeStatus
from rapportage.services import gearchiveerd_rapport

from . import archiefbestelling, documenten


def vastgesteld_bestand(periode, variant: str | None = None, *, ziet_open: bool = True):
    """The archived file (rapportage.GearchiveerdRapport) a report serves, or None when the
    report is to be rendered as it is now.

    `variant` is what the reader asked for: None (nothing), "ua" or "archief". An adopted report
    serves the file archived on adoption, byte for byte, unless a new accessible render ("ua")
    is asked for; one adopted before archiving existed is archived on its first request. While
    the task worker still renders the archive of the current adoption, archivering.
    ArchiefWordtGemaakt is raised (its progress page is shown): never an earlier version, never
    a render of its own. A reopened report is rendered, except for a reader who may not see it
    while it is open (the griffie reads adopted reports only: `ziet_open=False`), who keeps
    getting the version the raad received and is never handed a render.
    """
    if variant == "ua":
        return None
    if periode.status == PeriodeStatus.VASTGESTELD:
        archief = archiefbestelling.archief_van_adoptie(periode)
        if archief is not None:
            return archief
        # Looked up on the module when called, so a test can stand in for the renderer.
        return gearchiveerd_rapport(periode, pdf_maken=documenten.rapport_pdf_bytes)
    if not ziet_open:
        return periode.archief.order_by("-versie").first()
    return None
