"""A whole plan in and out of Excel, in the browser: the template, the example, a plan's export,
and the import in two steps (check and preview, then confirm) for the functioneel beheerder.

Between the two steps the uploaded file waits under MEDIA_ROOT/excelimport/ with a random name
the session knows; the confirmation imports exactly the preview the beheerder saw (its
fingerprint) or nothing.
"""

import hashlib
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from .excel import ImportFout, importeren, importplan_maken, plan_exporteren, sjabloon
from .models import Plan, Planvorm
from .toegang import get_plan_for_user, is_beheerder, mag_plan_exporteren

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VOORBEELDPLAN = "midden-limburg-2015-2016"
SESSIESLEUTEL = "excelimport"
BEWAARTIJD = 24 * 3600  # seconds an uploaded file waits for its confirmation


def _beheerder(request):
    if not is_beheerder(request.user):
        raise PermissionDenied("Alleen de functioneel beheerder brengt plannen in en uit Excel.")


def _download(inhoud: bytes, naam: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _grens_mb() -> str:
    return f"{settings.EXCEL_IMPORT_MAX_BYTES / 1024 / 1024:.0f}"


@login_required
@require_GET
def start(request):
    _beheerder(request)
    return _startpagina(request)


def _startpagina(request, fout: str = "", status: int = 200):
    regio = request.user.regio
    plannen = Plan.objects.filter(regio=regio) if regio else Plan.objects.none()
    if request.user.is_superuser:
        plannen = Plan.objects.all()
    return render(
        request,
        "agenda/excel.html",
        {
            "planvormen": Planvorm.objects.order_by("naam"),
            "plannen": plannen.select_related("regio").order_by("titel"),
            "voorbeeld": Plan.objects.filter(slug=VOORBEELDPLAN).first(),
            "grens_mb": _grens_mb(),
            "fout": fout,
        },
        status=status,
    )


@login_required
@require_GET
def sjabloon_downloaden(request):
    _beheerder(request)
    vorm = Planvorm.objects.filter(slug=request.GET.get("planvorm", "")).first()
    if vorm is None:
        raise Http404("Deze planvorm bestaat niet.")
    return _download(sjabloon(vorm, regio=request.user.regio), f"sjabloon-{vorm.slug}.xlsx")


@login_required
@require_GET
def voorbeeld_downloaden(request):
    """The reference plan as a filled example, with its adopted reports only: any region's
    beheerder may see what the raad received, never another region's drafts."""
    _beheerder(request)
    plan = Plan.objects.filter(slug=VOORBEELDPLAN).first()
    if plan is None:
        raise Http404("Het voorbeeldplan is niet geladen.")
    return _download(plan_exporteren(plan, alleen_vastgesteld=True), f"voorbeeld-{plan.slug}.xlsx")


@login_required
@require_GET
def plan_downloaden(request, slug):
    plan = get_plan_for_user(request.user, slug)
    if not mag_plan_exporteren(request.user, plan):
        raise PermissionDenied("Het hele werkboek is voor de beheerder en de transformatiemanager.")
    return _download(plan_exporteren(plan), f"{plan.slug}.xlsx")


class _Grens(FileUploadHandler):
    """Stops reading an upload once it is larger than allowed, instead of storing it first."""

    def __init__(self, request, grens: int):
        super().__init__(request)
        self.grens = grens

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.grens:
            self.request.excel_te_groot = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def _opslagmap() -> Path:
    map_ = Path(settings.MEDIA_ROOT) / "excelimport"
    map_.mkdir(parents=True, exist_ok=True)
    return map_


def _opruimen(map_: Path):
    grens = time.time() - BEWAARTIJD
    for pad in map_.glob("*.xlsx"):
        if pad.stat().st_mtime < grens:
            pad.unlink(missing_ok=True)


def _regio_van(request):
    """A beheerder of one region imports into that region only; without a region (or as
    superuser), into the region the workbook names."""
    return None if request.user.is_superuser else request.user.regio


@csrf_exempt  # the size guard must be in place before the body is read; csrf_protect follows
@login_required
@require_POST
def importeren_controleren(request):
    _beheerder(request)
    grens = settings.EXCEL_IMPORT_MAX_BYTES
    te_groot = int(request.META.get("CONTENT_LENGTH") or 0) > grens + 64 * 1024
    if not te_groot:
        request.upload_handlers.insert(0, _Grens(request, grens))
    return _controleren(request, te_groot)


@csrf_protect
def _controleren(request, te_groot: bool):
    bestand = None if te_groot else request.FILES.get("bestand")
    if te_groot or getattr(request, "excel_te_groot", False):
        return _uploadfout(
            request,
            f"Het bestand is groter dan {_grens_mb()} MB; zoveel heeft een plan niet nodig. "
            "Controleer of er geen afbeeldingen of lege opgemaakte rijen in staan.",
            413,
        )
    if bestand is None:
        return _uploadfout(request, "Kies een Excel-bestand (.xlsx) om te importeren.", 400)
    inhoud = bestand.read()
    naam = Path(bestand.name or "plan.xlsx").name[:100]
    plan = importplan_maken(inhoud, bestandsnaam=naam, eigen_regio=_regio_van(request))
    context = {"importplan": plan, "bestandsnaam": naam, "grens_mb": _grens_mb()}
    if plan.geldig and plan.verandert_iets:
        map_ = _opslagmap()
        _opruimen(map_)
        token = secrets.token_urlsafe(24)
        (map_ / f"{token}.xlsx").write_bytes(inhoud)
        request.session[SESSIESLEUTEL] = {
            "token": token,
            "naam": naam,
            "sha256": hashlib.sha256(inhoud).hexdigest(),
            "handtekening": plan.handtekening,
        }
        context["token"] = token
    return render(
        request, "agenda/excel_controle.html", context, status=200 if plan.geldig else 422
    )


def _uploadfout(request, tekst: str, status: int):
    return _startpagina(request, fout=tekst, status=status)


@login_required
@require_POST
def importeren_bevestigen(request):
    _beheerder(request)
    wachtend = request.session.get(SESSIESLEUTEL) or {}
    token = request.POST.get("token", "")
    if not token or not secrets.compare_digest(token, wachtend.get("token", "")):
        messages.error(
            request,
            "Deze controle is verlopen of al gebruikt; kies het bestand opnieuw. Er is niets "
            "opgeslagen.",
        )
        return redirect("agenda:excel")
    pad = _opslagmap() / f"{wachtend['token']}.xlsx"
    inhoud = pad.read_bytes() if pad.exists() else b""
    if hashlib.sha256(inhoud).hexdigest() != wachtend["sha256"]:
        request.session.pop(SESSIESLEUTEL, None)
        messages.error(request, "Het gecontroleerde bestand is er niet meer; kies het opnieuw.")
        return redirect("agenda:excel")
    try:
        plan = importeren(
            inhoud,
            bestandsnaam=wachtend["naam"],
            verwijderen=request.POST.get("verwijderen") == "ja",
            door=request.user,
            handtekening_=wachtend["handtekening"],
            eigen_regio=_regio_van(request),
        )
    except ImportFout as fout:
        # Refused as a whole; where the file itself is fine (the plan changed meanwhile, or the
        # removals were not confirmed) the new preview can be confirmed as it is shown now.
        nieuw = fout.importplan
        if nieuw.groepen:
            wachtend["handtekening"] = nieuw.handtekening
            request.session[SESSIESLEUTEL] = wachtend
        return render(
            request,
            "agenda/excel_controle.html",
            {
                "importplan": nieuw,
                "bestandsnaam": wachtend["naam"],
                "token": token if nieuw.groepen else None,
                "grens_mb": _grens_mb(),
            },
            status=409,
        )
    pad.unlink(missing_ok=True)
    request.session.pop(SESSIESLEUTEL, None)
    messages.success(request, f"Geïmporteerd uit {wachtend['naam']}: {plan.samenvatting()}.")
    return redirect("rapportage:plan", plan.plan_slug)
