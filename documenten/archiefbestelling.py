"""Ordering an adopted report's archive from the task worker, and finding it again (see
documenten.archivering for what the worker does with the order).

Until the worker is done, the adopted report's download shows the ordered document's progress
page (documenten.archief.vastgesteld_bestand); a failed or abandoned render is queued again by the
next download, so an adopted report always has a way to its archive.
"""

from functools import partial

from django.db import transaction
from django.db.models import Q
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from rapportage.models import GearchiveerdRapport
from transformatie.logboek import gebeurtenis

from . import documenten
from .archivering import SOORT, ArchiefWordtGemaakt, sleutel
from .models import PdfDocument
from .taken import VERLATEN_NA, maak_pdf_document


def in_het_verzoek() -> bool:
    """Whether tasks run at once, in the request (the demo's and the tests' backend)."""
    return isinstance(maak_pdf_document.get_backend(), ImmediateBackend)


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
    transaction.on_commit(partial(maak_pdf_document.enqueue, record.pk))
    gebeurtenis(
        "rapport archiveren",
        object=f"rapportageperiode:{periode.pk}",
        result="besteld",
        pdfdocument=record.pk,
    )
    return True


def archief_van_adoptie(periode) -> GearchiveerdRapport | None:
    """The archive the worker made of the period's current adoption; None when the worker made
    none (archived in the request, or adopted before archiving existed).

    Raises ArchiefWordtGemaakt while it is being made. A render that failed, or that shows no
    progress for VERLATEN_NA (its worker died, its task was lost), is queued again, by one of
    the requests that find it so."""
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
        maak_pdf_document.enqueue(record.pk)
        gebeurtenis(
            "rapport archiveren",
            object=f"rapportageperiode:{periode.pk}",
            result="opnieuw besteld",
            pdfdocument=record.pk,
        )
        record.refresh_from_db(fields=["status", "foutmelding", "voortgang"])
    raise ArchiefWordtGemaakt(record)
