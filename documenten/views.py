"""PDF downloads: plan, quarterly report, single item, a selection and a checklist, with a
progress page.

Every view asks the same scope functions as the HTML pages (agenda.toegang, rapportage.toegang):
another region's plan is a 404, the griffie gets adopted documents only.
"""

import base64

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from agenda.filters import OnderdeelSelectie
from agenda.toegang import get_onderdeel, get_plan_for_user
from rapportage.toegang import get_periode_for_user, ziet_controlegetal

from .archief import vastgesteld_bestand
from .archivering import SOORT as ARCHIEF
from .archivering import ArchiefWordtGemaakt
from .models import PdfDocument
from .taken import TeVeelBestellingen, bestel, verwachte_paginas

VARIANT_LABELS = {"ua": "toegankelijk (PDF/UA)", "archief": "archief (PDF/A-3a en PDF/UA-1)"}


def _variant(request) -> str:
    variant = request.GET.get("variant", "ua")
    if variant not in VARIANT_LABELS:
        raise Http404("Onbekende PDF-variant.")
    return variant


def _bestand(bestand, bestandsnaam: str, sha256: str) -> FileResponse:
    response = FileResponse(
        bestand.open("rb"),
        as_attachment=True,
        filename=bestandsnaam,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = sha256
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(sha256)).decode()}:"
    response["Cache-Control"] = "private, no-store"
    return response


def _leveren(request, plan, soort, parameters=None, **opties):
    """The document, ordered for this account: the file when it is ready, else its progress
    page; an account with too many renders waiting is told so (429) and nothing is queued."""
    try:
        record = bestel(plan, soort, parameters, door=request.user, **opties)
    except TeVeelBestellingen as fout:
        return render(
            request,
            "pdf/te_veel_bestellingen.html",
            {"plan": plan, "menu": "plan", "melding": str(fout)},
            status=429,
        )
    if record.status == PdfDocument.Status.KLAAR:
        return _bestand(record.bestand, record.bestandsnaam, record.sha256)
    return redirect("documenten:pdf_voortgang", record.pk)


@login_required
def plan_pdf(request, slug):
    plan = get_plan_for_user(request.user, slug)
    return _leveren(request, plan, "plan", variant=_variant(request))


@login_required
def onderdeel_pdf(request, slug, niveau, code):
    plan = get_plan_for_user(request.user, slug)
    onderdeel = get_onderdeel(plan, niveau, code)
    parameters = {"niveau": onderdeel.niveau.slug, "code": onderdeel.code}
    return _leveren(request, plan, "thema", parameters, variant=_variant(request))


@login_required
def toetsing_pdf(request, slug, kader):
    plan = get_plan_for_user(request.user, slug)
    if not plan.toetsingskaders.filter(slug=kader).exists():
        raise Http404("Dit plan wordt niet aan dit kader getoetst.")
    return _leveren(request, plan, "toetsing", {"kader": kader}, variant=_variant(request))


@login_required
def selectie_pdf(request, slug):
    """The selection form; with a valid selection in the query string, the PDF."""
    plan = get_plan_for_user(request.user, slug)
    gegevens = {k: v for k, v in request.GET.items() if k in OnderdeelSelectie.base_filters and v}
    maken = "maken" in request.GET  # submitted: nothing filled in means every item
    selectie = OnderdeelSelectie(gegevens if gegevens or maken else None, plan=plan)
    fouten = selectie.onbekende_waarden() if gegevens else []
    ongeldig = bool(gegevens) and not selectie.form.is_valid()
    if maken and selectie.is_valid() and not fouten:
        if not selectie.qs.exists():
            fouten.append(f"Deze selectie bevat geen {plan.rapportageniveau.klein_meervoud}.")
        else:
            # Keyed on one spelling: "01" and "1", "weert" and "Weert" are one document.
            return _leveren(
                request, plan, "selectie", selectie.genormaliseerd(), variant=_variant(request)
            )
    return render(
        request,
        "pdf/selectie_formulier.html",
        {"plan": plan, "menu": "plan", "selectie": selectie, "fouten": fouten},
        status=400 if fouten or ongeldig else 200,
    )


def _archief_bestand(plan, periode, archief):
    naam = f"{plan.slug}-rapportage-{periode.code}-v{archief.versie}.pdf"
    return _bestand(archief.bestand, naam, archief.sha256)


@login_required
def rapport_pdf(request, slug, code):
    """An adopted report is served exactly as archived on adoption; an open one is rendered.

    What the raad received stays available: while an adopted period is reopened, the griffie
    (who reads adopted reports only) still gets its last archived version."""
    plan = get_plan_for_user(request.user, slug)
    variant = _variant(request)
    gevraagd = variant if "variant" in request.GET else None
    try:
        periode = get_periode_for_user(request.user, plan, code)
    except Http404:
        periode = _eerder_vastgesteld(plan, code)
        archief = periode and vastgesteld_bestand(periode, gevraagd, ziet_open=False)
        if archief is None:
            raise
        return _archief_bestand(plan, periode, archief)
    try:
        archief = vastgesteld_bestand(periode, gevraagd)
    except ArchiefWordtGemaakt as bezig:
        return redirect("documenten:pdf_voortgang", bezig.record.pk)
    if archief is not None:
        return _archief_bestand(plan, periode, archief)
    return _leveren(
        request, plan, "rapport", {"periode": periode.code}, variant=variant, periode=periode
    )


def _periode_van_code(plan, code, **filters):
    return plan.rapportageperiodes.met_code(code).filter(**filters).first()


def _eerder_vastgesteld(plan, code):
    """A period of this plan (already in the account's scope) with an archived version."""
    return _periode_van_code(plan, code, archief__isnull=False)


def _record_voor(request, pk) -> PdfDocument:
    """A rendered document, re-checked against the account's scope (never just its id)."""
    record = get_object_or_404(PdfDocument.objects.select_related("plan"), pk=pk)
    plan = get_plan_for_user(request.user, record.plan.slug)
    if record.soort in ("rapport", ARCHIEF):
        get_periode_for_user(request.user, plan, record.parameters["periode"])
    return record


@login_required
def pdf_voortgang(request, pk):
    """Which part is being rendered and how far; refreshes itself and downloads when ready."""
    record = _record_voor(request, pk)
    klaar = record.status == PdfDocument.Status.KLAAR
    if klaar and record.soort == ARCHIEF:
        return _naar_rapport(record)
    onderwerp = ""
    if record.soort in ("rapport", ARCHIEF):
        periode = _periode_van_code(record.plan, record.parameters["periode"])
        onderwerp = periode.naam if periode else record.parameters["periode"]
    elif record.soort == "thema":
        onderdeel = _onderdeel_van(record)
        onderwerp = onderdeel.aanduiding if onderdeel else ""
    elif record.soort == "selectie":
        onderwerp = f"selectie van {record.plan.rapportageniveau.klein_meervoud}"
    elif record.soort == "toetsing":
        onderwerp = f"toetsing aan {record.parameters.get('kader', '')}"
    return render(
        request,
        "pdf/voortgang.html",
        {
            "plan": record.plan,
            "menu": "plan",
            "record": record,
            "klaar": klaar,
            "bezig": record.status in (PdfDocument.Status.WACHTRIJ, PdfDocument.Status.BEZIG),
            "download_url": reverse("documenten:pdf_download", args=[record.pk]),
            "verwacht": verwachte_paginas(record),
            "onderwerp": onderwerp,
            "controlegetal": ziet_controlegetal(request.user),
        },
    )


def _onderdeel_van(record):
    from .taken import onderdeel_van_record

    try:
        return onderdeel_van_record(record)
    except Http404:
        return None


@login_required
def pdf_download(request, pk):
    record = _record_voor(request, pk)
    if record.status != PdfDocument.Status.KLAAR:
        return redirect("documenten:pdf_voortgang", record.pk)
    if record.soort == ARCHIEF:
        return _naar_rapport(record)
    return _bestand(record.bestand, record.bestandsnaam, record.sha256)


def _naar_rapport(record):
    """An adopted report's archive, once made, is downloaded where the report always is: the
    archive keeps the file, the order only its progress."""
    return redirect("documenten:rapport_pdf", record.plan.slug, record.parameters["periode"])
