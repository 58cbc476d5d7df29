"""Rendering PDFs in the background with Django's tasks framework, with progress for the browser.

`bestel` returns the stored document when its content is unchanged, otherwise records a new one
and enqueues `maak_pdf_document`. With settings.TASKS on the ImmediateBackend (demo, tests) the
task runs at once; in production the worker of django-tasks-db (`manage.py db_worker`) runs it
while the browser polls the progress page.
"""

import hashlib
import json
import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from agenda.filters import OnderdeelSelectie
from agenda.models import Plan
from agenda.toegang import get_onderdeel
from rapportage.constants import PeriodeStatus
from transformatie.logboek import gebeurtenis

from . import archivering, documenten, pdf_delencache
from .models import PdfDocument

PAGINA = re.compile(r"Page (\d+)")
WEASYPRINT_STAPPEN = {
    "Step 1": "HTML inlezen",
    "Step 2": "Stijlen ophalen",
    "Step 3": "Stijlen toepassen",
    "Step 4": "Opbouw van het document",
    "Step 5": "Opmaak",
    "Step 6": "PDF schrijven",
    "Step 7": "Metagegevens toevoegen",
}


def document_voor(record: PdfDocument) -> documenten.Document:
    """The document a record stands for, read from the database as it is now."""
    plan = record.plan
    if record.soort == "plan":
        return documenten.plan_document(plan)
    if record.soort == "thema":
        return documenten.onderdeel_document(plan, onderdeel_van_record(record))
    if record.soort == "selectie":
        return documenten.selectie_document(plan, OnderdeelSelectie(record.parameters, plan=plan))
    if record.soort == "toetsing":
        return documenten.toetsing_document(plan, record.parameters["kader"])
    if record.soort == "rapport":
        periode = plan.rapportageperiodes.met_code(record.parameters["periode"]).get()
        periode.plan = plan
        return documenten.rapport_document(periode)
    raise ValueError(f"Onbekende documentsoort {record.soort!r}.")


def onderdeel_van_record(record: PdfDocument):
    """The item a single item's document is about. Records made before plan shapes were data
    name the theme by number only."""
    parameters = record.parameters
    if "thema" in parameters:
        parameters = {"niveau": record.plan.rapportageniveau.slug, "code": str(parameters["thema"])}
    return get_onderdeel(record.plan, parameters["niveau"], parameters["code"])


def sleutel(plan, soort: str, parameters: dict, variant: str, periode=None) -> str:
    """The content-version key of a document: what it is, with which options, showing what."""
    # A theme's PDF shows its status in the adopted reports, so reports change its version too.
    versie = documenten.inhoudsversie(plan, periode=periode, met_rapportages=soort == "thema")
    opties = json.dumps(parameters, sort_keys=True)
    return hashlib.sha256(f"{soort}|{opties}|{variant}|{versie}".encode()).hexdigest()


# A render that has shown no progress for this long was abandoned (its worker was killed or the
# server went down): the next request for the document queues it again. Far above the longest
# render (bench/pdf.py: a plan of 300 themes), whose parallel parts report no progress.
VERLATEN_NA = timedelta(minutes=30)


# Renders one account may have waiting or running at once: a document already made, or
# already ordered by anyone, is served without counting.
MAX_IN_WACHTRIJ = 3


class TeVeelBestellingen(Exception):
    """The account has MAX_IN_WACHTRIJ renders waiting; the message says so in Dutch."""


def bestel(
    plan, soort: str, parameters: dict | None = None, *, variant="ua", periode=None, door=None
):
    """The stored document if its content is unchanged; otherwise a new one, rendering.

    `door` (the account asking) may have at most MAX_IN_WACHTRIJ renders waiting; beyond that
    TeVeelBestellingen is raised and nothing is queued."""
    parameters = parameters or {}
    key = sleutel(plan, soort, parameters, variant, periode)
    bestaand = PdfDocument.objects.filter(sleutel=key).first()
    if bestaand is not None and bestaand.status == PdfDocument.Status.KLAAR:
        # A finished document never changes state again (its key holds the content version), so
        # a cached download needs no transaction: on SQLite that would take the write lock and
        # queue the download behind every save (bench/middleware.py).
        return bestaand
    moet_renderen = bestaand is None or bestaand.status == PdfDocument.Status.MISLUKT
    if moet_renderen and door is not None and door.is_authenticated:
        wachtend = PdfDocument.objects.filter(
            besteld_door=door, status__in=[PdfDocument.Status.WACHTRIJ, PdfDocument.Status.BEZIG]
        ).count()
        if wachtend >= MAX_IN_WACHTRIJ:
            raise TeVeelBestellingen(
                f"U heeft al {wachtend} PDF's in de wachtrij. Wacht tot die klaar zijn en "
                "probeer het dan opnieuw; PDF's die al klaar zijn kunt u gewoon downloaden."
            )
    besteller = door if door is not None and door.is_authenticated else None
    with transaction.atomic():
        record, nieuw = PdfDocument.objects.get_or_create(
            sleutel=key,
            defaults={
                "plan": plan,
                "soort": soort,
                "parameters": parameters,
                "variant": variant,
                "besteld_door": besteller,
            },
        )
        # Of two requests that find the same failed (or abandoned) document, one puts it back
        # in the queue.
        opnieuw = not nieuw and bool(
            PdfDocument.objects.filter(pk=record.pk)
            .filter(
                Q(status=PdfDocument.Status.MISLUKT)
                | Q(
                    status=PdfDocument.Status.BEZIG,
                    bijgewerkt_op__lt=timezone.now() - VERLATEN_NA,
                )
            )
            .update(
                status=PdfDocument.Status.WACHTRIJ,
                foutmelding="",
                voortgang=0,
                bijgewerkt_op=timezone.now(),
                besteld_door=besteller,
            )
        )
    if nieuw or opnieuw:
        maak_pdf_document.enqueue(record.pk)
        record.refresh_from_db()
    return record


def verwachte_paginas(record: PdfDocument) -> int:
    """Pages the last render of this kind of document had, to show progress against."""
    vorige = PdfDocument.objects.filter(
        plan_id=record.plan_id, soort=record.soort, status=PdfDocument.Status.KLAAR
    )
    if record.soort != archivering.SOORT:  # an archive's parameters hold its whole HTML
        vorige = vorige.filter(parameters=record.parameters)
    vorige = vorige.exclude(paginas=None).values_list("paginas", flat=True).first()
    return vorige or 50


PAGINA = re.compile(r"\bPage ([0-9]{1,6})\b", re.ASCII)

logger = logging.getLogger(__name__)

# A render that fails is tried once more (a busy machine, a worker killed for memory); the
# second failure is reported to the user in these words, the cause goes to the log.
POGINGEN = 2
MISLUKT_MELDING = (
    "De PDF kon twee keer niet gemaakt worden. Probeer het over een paar minuten opnieuw. "
    "Lukt het dan nog niet, meld het de functioneel beheerder met het nummer {nummer}."
)


class _Voortgang(logging.Handler):
    """Turns WeasyPrint's progress log ("Step 5 - Creating layout - Page 12") into the record.

    Progress is a courtesy: whatever WeasyPrint writes and whatever the database answers, it
    never fails the render it reports on."""

    def __init__(self, record: PdfDocument, verwacht: int):
        super().__init__(logging.INFO)
        self.pk = record.pk
        self.verwacht = max(verwacht, 1)
        self.laatst = 0.0

    def emit(self, log):
        try:
            self._bijwerken(log)
        except Exception:  # see the class docstring
            logger.warning("Voortgang van PDF %s niet bijgewerkt", self.pk, exc_info=True)

    def _bijwerken(self, log):
        bericht = log.getMessage()
        stap = WEASYPRINT_STAPPEN.get(bericht[:6], "")
        nu = time.monotonic()
        if not stap or nu - self.laatst < 0.5:
            return
        self.laatst = nu
        pagina = PAGINA.search(bericht)
        if pagina:
            nummer = int(pagina.group(1))
            onderdeel = f"{stap}: pagina {nummer} van ongeveer {self.verwacht}"
            procent = 5 + int(75 * min(nummer / self.verwacht, 1))
        else:
            onderdeel = stap
            procent = {"Step 6": 85, "Step 7": 95}.get(bericht[:6], 5)
        PdfDocument.objects.filter(pk=self.pk).update(
            onderdeel=onderdeel, voortgang=procent, bijgewerkt_op=timezone.now()
        )


@task
def maak_pdf_document(document_id: int):
    """Render one recorded document and store it; progress goes to the record as it renders.

    Several workers may hold a task for the same document (a task enqueued twice, a worker
    restarted mid-task): the conditional UPDATE lets exactly one of them take it from the queue,
    the others leave it alone, so no document is ever rendered twice.
    """
    from weasyprint.logger import PROGRESS_LOGGER

    genomen = PdfDocument.objects.filter(pk=document_id, status=PdfDocument.Status.WACHTRIJ).update(
        status=PdfDocument.Status.BEZIG,
        onderdeel="Gegevens ophalen",
        voortgang=2,
        bijgewerkt_op=timezone.now(),
    )
    if not genomen:
        gebeurtenis("pdf maken", object=f"pdfdocument:{document_id}", result="al genomen")
        return document_id
    record = PdfDocument.objects.select_related("plan__regio").get(pk=document_id)
    gebeurtenis("pdf maken", object=f"pdfdocument:{document_id}", result="begonnen")
    handler = _Voortgang(record, verwachte_paginas(record))
    niveau = PROGRESS_LOGGER.level
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    begin = time.perf_counter()
    try:
        for poging in range(1, POGINGEN + 1):
            try:
                if record.soort == archivering.SOORT:
                    inhoud, paginas = archivering.renderen(record)
                else:
                    doc = document_voor(record)
                    inhoud, paginas = documenten.renderen(doc, variant=record.variant, cache=True)
                break
            except Exception as fout:
                logger.exception("PDF %s: poging %s van %s mislukt", record.pk, poging, POGINGEN)
                if poging == POGINGEN:
                    _mislukt(record, "pdf maken", fout)
                    raise
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(niveau)
    if record.soort == archivering.SOORT:
        # Kept in the archive, never in the cache of renders.
        try:
            archivering.archiveren(record, inhoud, paginas, time.perf_counter() - begin)
        except Exception as fout:  # storage or database: the next download queues it again
            logger.exception("PDF %s: archiveren mislukt", record.pk)
            _mislukt(record, "rapport archiveren", fout, status=PdfDocument.Status.BEZIG)
            raise
        return record.pk
    record.refresh_from_db()
    record.bestandsnaam = doc.bestandsnaam
    record.bestand.save(doc.bestandsnaam, ContentFile(inhoud), save=False)
    record.sha256 = hashlib.sha256(inhoud).hexdigest()
    record.paginas = paginas
    record.status = PdfDocument.Status.KLAAR
    record.onderdeel = "Klaar"
    record.voortgang = 100
    record.duur = time.perf_counter() - begin
    record.save()
    gebeurtenis(
        "pdf maken",
        object=f"pdfdocument:{record.pk}",
        result="klaar",
        paginas=paginas,
        duur_s=round(record.duur, 2),
    )
    opruimen(record.plan)
    if record.soort == "plan":
        _zwerfmappen_opruimen()
    return record.pk


def _zwerfmappen_opruimen():
    """The parts folders of plans that are gone or renamed (documenten.pdf_delencache)."""
    bekend = {
        map_
        for plan in Plan.objects.only("slug")
        for map_ in pdf_delencache.mappen_van(documenten.plan_bestandsnaam(plan))
    }
    pdf_delencache.zwerfmappen_opruimen(bekend)


def _mislukt(record, actie: str, fout: Exception, **voorwaarde):
    """The order failed: marked so (the next download queues it again) and logged with the
    kind of error, never its content."""
    PdfDocument.objects.filter(pk=record.pk, **voorwaarde).update(
        status=PdfDocument.Status.MISLUKT,
        foutmelding=MISLUKT_MELDING.format(nummer=record.pk),
    )
    gebeurtenis(
        actie, object=f"pdfdocument:{record.pk}", result="mislukt", fout=type(fout).__name__
    )


# The documents rendered again after every change to what they show: the plan and the quarterly
# reports, which the griffie and the manager download. An item's or a selection's PDF is small and
# rendered when asked for: the content version is the plan's, so every save would otherwise render
# every item PDF ever downloaded again.
VOORUIT_GERENDERD = ("plan", "rapport", "toetsing")


def inhoud_gewijzigd(sender, **kwargs):
    """post_create_historical_record (every save or delete through the ORM writes one) and
    agenda.signalen.historie_geschreven (the Excel import's bulk writes): something a document may
    show changed. Once per transaction, after its commit, `pdfs_bijwerken` is queued: an import
    of thousands of rows queues it once, a rolled-back transaction never."""
    if not settings.PDF_VOORUIT_RENDEREN:
        return
    instance = kwargs.get("instance")
    model = sender if instance is None else type(instance)
    if model not in documenten.getoonde_modellen():
        return
    verbinding = transaction.get_connection()
    # Django keeps the callbacks of the transaction (and drops those of a rolled-back
    # savepoint): queued already in this transaction, nothing more to do.
    if any(functie is _pdfs_bijwerken_bestellen for _sids, functie, _r in verbinding.run_on_commit):
        return
    transaction.on_commit(_pdfs_bijwerken_bestellen)


def _pdfs_bijwerken_bestellen():
    # Nothing downloaded before, nothing to keep up to date: no task (loading a plan, the first
    # weeks of a region) that the queue would show as waiting.
    if PdfDocument.objects.filter(
        soort__in=VOORUIT_GERENDERD, status=PdfDocument.Status.KLAAR
    ).exists():
        pdfs_bijwerken.enqueue()


@task
def pdfs_bijwerken():
    """Render again each document of a kind in VOORUIT_GERENDERD that was rendered before and
    whose content changed since, so that its next download is served from storage. `bestel`
    returns a document whose content is unchanged as it is, and queues one render per content
    version however many tasks ask for it. An adopted report is served from its archive."""
    gezien = set()
    records = (
        PdfDocument.objects.filter(soort__in=VOORUIT_GERENDERD, status=PdfDocument.Status.KLAAR)
        .select_related("plan__regio")
        .order_by("-aangemaakt_op", "-pk")
    )
    for record in records:
        soort = (record.plan_id, record.soort, json.dumps(record.parameters, sort_keys=True))
        if (*soort, record.variant) in gezien:
            continue
        gezien.add((*soort, record.variant))
        periode = None
        if record.soort == "rapport":
            periode = (
                record.plan.rapportageperiodes.met_code(record.parameters.get("periode", ""))
                .exclude(status=PeriodeStatus.VASTGESTELD)
                .first()
            )
            if periode is None:
                continue
            periode.plan = record.plan
        try:
            bestel(
                record.plan,
                record.soort,
                record.parameters,
                variant=record.variant,
                periode=periode,
            )
        except Exception:  # one document failing leaves the others to be rendered
            logger.exception("PDF %s niet opnieuw besteld", record.pk)


# Rendered documents kept per plan: the newest ones; an older one is rendered again if asked for.
BEWAREN_PER_PLAN = 20


def opruimen(plan, *, bewaren: int | None = None) -> int:
    """Delete a plan's finished renders beyond the newest `bewaren`, files included (storage
    housekeeping after every render). Documents waiting or rendering are never touched; archived
    reports live elsewhere (GearchiveerdRapport) and are never deleted.

    Selections are kept apart from the plan's own documents (plan, themes, reports): any
    account can order many different selections, and those then only push out selections."""
    bewaren = BEWAREN_PER_PLAN if bewaren is None else bewaren
    klaar = (
        PdfDocument.objects.filter(
            plan=plan, status__in=[PdfDocument.Status.KLAAR, PdfDocument.Status.MISLUKT]
        )
        # An adopted report's archive order: a failed one holds the frozen report it is
        # rendered from again (documenten.archivering).
        .exclude(soort=archivering.SOORT)
        .order_by("-aangemaakt_op", "-pk")
    )
    oud = [
        *klaar.filter(soort="selectie")[bewaren:],
        *klaar.exclude(soort="selectie")[bewaren:],
    ]
    for record in oud:
        record.delete()  # its file goes after the commit (documenten.koppelingen.pdf_verwijderd)
    return len(oud)
