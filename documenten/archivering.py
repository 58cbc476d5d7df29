"""An adopted report's archive PDF, rendered by the task worker instead of in the adoption's request.

Rendering the archive takes seconds (bench/README.md, "Load"): with a task worker the adoption
freezes the report's HTML and metadata inside its own transaction, as an ordered document
(PdfDocument of kind "archief"), and the worker turns exactly that into the PDF and archives it
(rapportage.GearchiveerdRapport). The worker reads nothing else: the plan's title, its region's
name, its items and their order are read by the report but are not locked by the adoption, so a
change to them after the adoption never reaches the archive. The same HTML and metadata rendered
in the request (tasks that run at once: the demo, the tests) give the same bytes.

Here what an archive order is and what the worker does with it (documenten.taken imports this);
ordering one and finding it again, which queue the task, are in documenten.archiefbestelling.
"""

import hashlib
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from rapportage.models import Rapportageperiode
from rapportage.services import rapport_archiveren
from transformatie.logboek import gebeurtenis

from . import pdf
from .models import PdfDocument

SOORT = "archief"


class ArchiefWordtGemaakt(Exception):
    """The adopted report's archive is still being made by the worker: show `record`'s
    progress page instead of any other file."""

    def __init__(self, record: PdfDocument):
        super().__init__(f"Archief van pdfdocument {record.pk} wordt gemaakt.")
        self.record = record


def sleutel(periode) -> str:
    """One archive order per adoption: a re-adoption after reopening is a new one."""
    return hashlib.sha256(
        f"{SOORT}|{periode.pk}|{periode.aantal_heropeningen}".encode()
    ).hexdigest()


def renderen(record: PdfDocument) -> tuple[bytes, int]:
    """The PDF of the frozen HTML and metadata, as documenten.renderen makes a report's."""
    parameters = record.parameters
    meta = parameters["metagegevens"]
    metagegevens = pdf.Metagegevens(
        titel=meta["titel"],
        auteur=meta["auteur"],
        onderwerp=meta["onderwerp"],
        aangemaakt=datetime.fromisoformat(meta["aangemaakt"]) if meta["aangemaakt"] else None,
        vastgesteld=date.fromisoformat(meta["vastgesteld"]) if meta["vastgesteld"] else None,
    )
    opgemaakt = pdf.html_naar_document(parameters["html"])
    inhoud = pdf.document_naar_pdf(opgemaakt, metagegevens=metagegevens, variant=record.variant)
    return inhoud, len(opgemaakt.pages)


def archiveren(record: PdfDocument, inhoud: bytes, paginas: int, duur: float):
    """Keep the rendered PDF in the archive, once: of two workers that rendered the same order
    (one took it over after the other was thought abandoned), the first to finish archives it,
    the other's render is dropped (the same bytes)."""
    with transaction.atomic():
        genomen = (
            PdfDocument.objects.select_for_update()
            .filter(pk=record.pk, status=PdfDocument.Status.BEZIG)
            .first()
        )
        if genomen is None:
            gebeurtenis("rapport archiveren", object=f"pdfdocument:{record.pk}", result="al klaar")
            return None
        parameters = genomen.parameters
        # The same lock as rapportage.services.gearchiveerd_rapport: versions are numbered
        # one after the other.
        periode = (
            Rapportageperiode.objects.select_for_update(no_key=True)
            .select_related("plan")
            .get(pk=parameters["periode_id"])
        )
        door = get_user_model().objects.filter(pk=parameters.get("door")).first()
        archief = rapport_archiveren(periode=periode, pdf=inhoud, door=door)
        # The frozen HTML has done its work; the archive is the record from now on.
        bewaard = {k: v for k, v in parameters.items() if k not in ("html", "metagegevens")}
        PdfDocument.objects.filter(pk=record.pk).update(
            parameters={**bewaard, "archief_id": archief.pk},
            status=PdfDocument.Status.KLAAR,
            onderdeel="Klaar",
            voortgang=100,
            paginas=paginas,
            sha256=archief.sha256,
            duur=duur,
            bijgewerkt_op=timezone.now(),
        )
    gebeurtenis(
        "rapport archiveren",
        object=f"rapportageperiode:{periode.pk}",
        result="gearchiveerd",
        versie=archief.versie,
        sha256=archief.sha256,
        pdfdocument=record.pk,
    )
    return archief
