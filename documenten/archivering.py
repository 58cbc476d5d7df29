"""An adopted report's archive PDF, rendered by the task worker instead of in the adoption's request.

Rendering the archive takes seconds (bench/README.md, "Load"): with a task worker the adoption
freezes the report's HTML and metadata inside its own transaction, as an ordered document
(PdfDocument of kind "archief"), and the worker turns exactly that into the PDF and archives it
(rapportage.GearchiveerdRapport). The worker reads nothing else: the plan's title, its region's
name, its items and their order are read by the report but are not locked by the adoption, so a
change to them after the adoption never reaches the archive. The same HTML and metadata rendered
in the request (tasks that run at once: the demo, the tests) give the same bytes.

Until the worker is done, the adopted report's download shows the ordered document's progress
page (documenten.archief.vastgesteld_bestand); a failed or abandoned render is queued again by the
next download, so an adopted report always has a way to its archive.
"""

import hashlib
from datetime import date, datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from rapportage.models import GearchiveerdRapport, Rapportageperiode
from rapportage.services import rapport_archiveren
from transformatie.logboek import gebeurtenis

from . import documenten, pdf
from .models import PdfDocument

SOORT = "archief"


class ArchiefWordtGemaakt(Exception):
    """The adopted report's archive is still being made by the worker: show `record`'s
    progress page instead of any other file."""

    def __init__(self, record: PdfDocument):
        super().__init__(f"Archief van pdfdocument {record.pk} wordt gemaakt.")
        self.record = record


def _taak():
    from .taken import maak_pdf_document

    return maak_pdf_document


def in_het_verzoek() -> bool:
    """Whether tasks run at once, in the request (the demo's and the tests' backend)."""
    return isinstance(_taak().get_backend(), ImmediateBackend)


def sleutel(periode) -> str:
    """One archive order per adoption: a re-adoption after reopening is a new one."""
    return hashlib.sha256(
        f"{SOORT}|{periode.pk}|{periode.aantal_heropeningen}".encode()
    ).hexdigest()


def bestellen(periode, door) -> bool:
    """rapportage.archiefpdf's `besteller`: inside the adoption's transaction, after the
    report was frozen. Tasks that run at once leave the archive to the request (False)."""
    if in_het_verzoek():
        return False
    doc = documenten.rapport_document(periode)
    meta = doc.metagegevens()
    record = PdfDocument.objects.create(
        sleutel=sleutel(periode),
        plan=periode.plan,
        soort=SOORT,
        variant="archief",
        bestandsnaam=doc.bestandsnaam,
        parameters={
            "periode": periode.code,
            "periode_id": periode.pk,
            "adoptie": periode.aantal_heropeningen,
            "door": door.pk if door is not None else None,
            "html": documenten.html(doc),
            "metagegevens": {
                "titel": meta.titel,
                "auteur": meta.auteur,
                "onderwerp": meta.onderwerp,
                "aangemaakt": meta.aangemaakt.isoformat() if meta.aangemaakt else None,
                "vastgesteld": meta.vastgesteld.isoformat() if meta.vastgesteld else None,
            },
        },
    )
    # Queued once the adoption is committed: a worker never looks for an order that a rolled
    # back adoption did not make.
    transaction.on_commit(partial(_taak().enqueue, record.pk))
    gebeurtenis(
        "rapport archiveren",
        object=f"rapportageperiode:{periode.pk}",
        result="besteld",
        pdfdocument=record.pk,
    )
    return True


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


def archief_van_adoptie(periode) -> GearchiveerdRapport | None:
    """The archive the worker made of the period's current adoption; None when the worker made
    none (archived in the request, or adopted before archiving existed).

    Raises ArchiefWordtGemaakt while it is being made. A render that failed, or that shows no
    progress for VERLATEN_NA (its worker died, its task was lost), is queued again, by one of
    the requests that find it so."""
    from .taken import VERLATEN_NA

    record = (
        PdfDocument.objects.filter(sleutel=sleutel(periode))
        .defer("parameters")
        .select_related("plan")
        .first()
    )
    if record is None:
        return None
    if record.status == PdfDocument.Status.KLAAR:
        archief_id = (
            PdfDocument.objects.filter(pk=record.pk)
            .values_list("parameters__archief_id", flat=True)
            .get()
        )
        return GearchiveerdRapport.objects.get(pk=archief_id)
    opnieuw = (
        PdfDocument.objects.filter(pk=record.pk)
        .filter(
            Q(status=PdfDocument.Status.MISLUKT)
            # Waiting that long, its task was lost (a queue restored from a backup, an enqueue
            # that failed after the adoption's commit): a second task is harmless, only one
            # worker can take the order.
            | Q(
                status__in=[PdfDocument.Status.WACHTRIJ, PdfDocument.Status.BEZIG],
                bijgewerkt_op__lt=timezone.now() - VERLATEN_NA,
            )
        )
        .update(
            status=PdfDocument.Status.WACHTRIJ,
            foutmelding="",
            voortgang=0,
            bijgewerkt_op=timezone.now(),
        )
    )
    if opnieuw:
        _taak().enqueue(record.pk)
        gebeurtenis(
            "rapport archiveren",
            object=f"rapportageperiode:{periode.pk}",
            result="opnieuw besteld",
            pdfdocument=record.pk,
        )
        record.refresh_from_db(fields=["status", "foutmelding", "voortgang"])
    raise ArchiefWordtGemaakt(record)
