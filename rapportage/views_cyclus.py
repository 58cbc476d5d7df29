"""The quarterly cycle in the browser: fill in, submit, approve or send back, adopt, reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from agenda.models import Plan
from agenda.toegang import get_plan_for_user, plannen_voor_gebruiker

from .constants import PeriodeStatus, RapportageStatus
from .forms import (
    PeriodeOpenenForm,
    RedenForm,
    TerugsturenForm,
    ThemaRapportageForm,
    VaststellenForm,
)
from .services import (
    Conflict,
    CyclusFout,
    ontbrekend,
    rapportageperiode_heropenen,
    rapportageperiode_openen,
    rapportageperiode_vaststellen,
    themarapportage_goedkeuren,
    themarapportage_opslaan,
    themarapportage_terugsturen,
)
from .toegang import (
    get_periode_voor_manager,
    get_rapportage_for_user,
    is_manager,
    mag_invullen,
    themas_van_gebruiker,
)


def _rapport_url(rapport):
    return reverse("rapportage:bewerken", args=[rapport.pk])


@login_required
def mijn_themas(request):
    """A user's themes in the open period: state, deadline, what is missing; managers see progress."""
    blokken = []
    for plan in plannen_voor_gebruiker(request.user).select_related("regio"):
        periode = plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).first()
        if periode is None:
            continue
        manager = is_manager(request.user, plan.regio_id)
        rapporten = periode.rapportages.select_related("thema", "ingevuld_door").order_by(
            "thema__nummer"
        )
        if not manager:
            rapporten = rapporten.filter(thema__in=themas_van_gebruiker(request.user, plan))
        rapporten = list(rapporten)
        for rapport in rapporten:
            rapport.ontbrekend = ontbrekend(rapport)
        blokken.append(
            {
                "plan": plan,
                "periode": periode,
                "manager": manager,
                "rapporten": rapporten,
                "te_laat": periode.deadline and periode.deadline < timezone.localdate(),
            }
        )
    return render(request, "rapportage/mijn_themas.html", {"blokken": blokken, "menu": "mijn"})


@login_required
def bewerken(request, pk):
    rapport = get_rapportage_for_user(request.user, pk)
    mag = mag_invullen(request.user, rapport)
    if request.method == "POST" and not mag:
        raise PermissionDenied("U mag deze rapportage nu niet wijzigen.")
    conflict = None
    form = ThemaRapportageForm(request.POST or None, instance=rapport)
    if request.method == "POST" and form.is_valid():
        try:
            themarapportage_opslaan(
                rapport=rapport,
                door=request.user,
                gegevens=form.cleaned_data,
                versie=form.cleaned_data["versie"],
                indienen="indienen" in request.POST,
            )
        except Conflict as fout:
            conflict = fout
            # Keep the user's input, but from now on build on the version that is stored.
            gegevens = request.POST.copy()
            gegevens["versie"] = fout.rapport.versie
            form = ThemaRapportageForm(gegevens, instance=fout.rapport)
            form.is_valid()
            form.add_error(None, str(fout))
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            melding = "ingediend" if "indienen" in request.POST else "opgeslagen als concept"
            messages.success(request, f"Rapportage van thema {rapport.thema.nummer} {melding}.")
            return redirect(_rapport_url(rapport))
    rapport.ontbrekend = ontbrekend(rapport)
    return render(
        request,
        "rapportage/bewerken.html",
        {
            "rapport": rapport,
            "plan": rapport.periode.plan,
            "form": form,
            "mag_invullen": mag,
            "manager": is_manager(request.user, rapport.periode.plan.regio_id),
            "conflict": conflict,
            "terugsturen_form": TerugsturenForm(),
        },
        status=409 if conflict else 200,
    )


def _beoordelen(request, pk, actie):
    rapport = get_rapportage_for_user(request.user, pk)
    if not is_manager(request.user, rapport.periode.plan.regio_id):
        raise PermissionDenied("Alleen een transformatiemanager van deze regio mag beoordelen.")
    try:
        actie(rapport)
    except CyclusFout as fout:
        messages.error(request, str(fout))
    return redirect(request.POST.get("terug") or _rapport_url(rapport))


@login_required
@require_POST
def goedkeuren(request, pk):
    def actie(rapport):
        themarapportage_goedkeuren(rapport=rapport, door=request.user)
        messages.success(request, f"Rapportage van thema {rapport.thema.nummer} goedgekeurd.")

    return _beoordelen(request, pk, actie)


@login_required
@require_POST
def terugsturen(request, pk):
    def actie(rapport):
        form = TerugsturenForm(request.POST)
        if not form.is_valid():
            raise CyclusFout("Schrijf erbij waarom u de rapportage terugstuurt.")
        themarapportage_terugsturen(
            rapport=rapport, door=request.user, opmerking=form.cleaned_data["opmerking"]
        )
        messages.success(request, f"Rapportage van thema {rapport.thema.nummer} teruggestuurd.")

    return _beoordelen(request, pk, actie)


def _plan_voor_manager(request, slug) -> Plan:
    plan = get_plan_for_user(request.user, slug)
    if not is_manager(request.user, plan.regio_id):
        raise PermissionDenied("Alleen een transformatiemanager van deze regio mag dit.")
    return plan


@login_required
def periode_openen(request, slug):
    plan = _plan_voor_manager(request, slug)
    form = PeriodeOpenenForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            periode = rapportageperiode_openen(plan=plan, door=request.user, **form.cleaned_data)
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request, f"Periode {periode.code} geopend; de trekkers kunnen invullen."
            )
            return redirect("rapportage:voortgang", plan.slug, periode.code)
    return render(
        request,
        "rapportage/periode_openen.html",
        {"plan": plan, "form": form, "menu": "rapportage"},
    )


@login_required
def voortgang(request, slug, code):
    """The manager's view of a period: who is where, who is late, approve or send back."""
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    rapporten = list(
        periode.rapportages.select_related("thema", "ingevuld_door").order_by("thema__nummer")
    )
    for rapport in rapporten:
        rapport.ontbrekend = ontbrekend(rapport)
    telling = periode.rapportages.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in RapportageStatus}
    )
    te_laat = (
        periode.deadline
        and periode.deadline < timezone.localdate()
        and periode.status == PeriodeStatus.OPEN
    )
    return render(
        request,
        "rapportage/voortgang.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "periode": periode,
            "rapporten": rapporten,
            "telling": [(s.label, telling[s.value]) for s in RapportageStatus],
            "alles_goedgekeurd": telling[RapportageStatus.GOEDGEKEURD] == len(rapporten)
            and rapporten,
            "te_laat": te_laat,
            "laatkomers": [
                r
                for r in rapporten
                if te_laat
                and r.status in (RapportageStatus.CONCEPT, RapportageStatus.TERUGGESTUURD)
            ],
            "terugsturen_form": TerugsturenForm(),
        },
    )


def _pdf_maken(periode):
    from .documenten import rapport_pdf_bytes

    return rapport_pdf_bytes(periode)


@login_required
def vaststellen(request, slug, code):
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    form = VaststellenForm(
        request.POST or None,
        initial={
            "inleiding": periode.inleiding or "[smileylegenda]",
            "samenvatting": periode.samenvatting,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            rapportageperiode_vaststellen(
                periode=periode, door=request.user, pdf_maken=_pdf_maken, **form.cleaned_data
            )
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, f"{periode.naam} is vastgesteld en gearchiveerd.")
            return redirect("rapportage:rapport", plan.slug, periode.code)
    return render(
        request,
        "rapportage/vaststellen.html",
        {"plan": plan, "menu": "rapportage", "periode": periode, "form": form},
    )


@login_required
def heropenen(request, slug, code):
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    form = RedenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rapportageperiode_heropenen(
                periode=periode, door=request.user, reden=form.cleaned_data["reden"]
            )
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, f"{periode.naam} is heropend.")
            return redirect("rapportage:voortgang", plan.slug, periode.code)
    return render(
        request,
        "rapportage/heropenen.html",
        {"plan": plan, "menu": "rapportage", "periode": periode, "form": form},
    )
