"""The quarterly cycle in the browser: fill in, submit, approve or send back, adopt, reopen."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from agenda.models import Plan
from agenda.toegang import get_onderdeel, get_plan_for_user, plannen_voor_gebruiker

from .constants import PeriodeStatus, RapportageStatus
from .forms import (
    BeoordelenForm,
    InvullersForm,
    PeriodeOpenenForm,
    RedenForm,
    TerugsturenForm,
    ThemaRapportageForm,
    VaststellenForm,
)
from .services import (
    Conflict,
    CyclusFout,
    invullers_toewijzen,
    kan_verwijderd_worden,
    ontbrekend,
    rapportageperiode_heropenen,
    rapportageperiode_openen,
    rapportageperiode_vaststellen,
    rapportageperiode_verwijderen,
    samenvoegen_na_conflict,
    themarapportage_goedkeuren,
    themarapportage_opslaan,
    themarapportage_terugsturen,
    themarapportages_goedkeuren,
)
from .toegang import (
    get_periode_voor_manager,
    get_rapportage_for_user,
    is_invuller,
    is_manager,
    mag_invullen,
    onderdelen_van_gebruiker,
    perioden_voor_gebruiker,
)

GETAL = re.compile(r"[0-9]{1,9}", re.ASCII)


def _rapport_url(rapport):
    return reverse("rapportage:bewerken", args=[rapport.pk])


@login_required
def mijn_themas(request):
    """A user's items in the open period: state, deadline, what is missing; managers see
    progress."""
    blokken = []
    for plan in plannen_voor_gebruiker(request.user).select_related("regio"):
        # Scoped as every other page: the griffie reads adopted periods only, so it has none.
        periode = (
            perioden_voor_gebruiker(request.user, plan).filter(status=PeriodeStatus.OPEN).first()
        )
        if periode is None:
            continue
        manager = is_manager(request.user, plan.regio_id)
        rapporten = periode.rapportages.select_related(
            "onderdeel__niveau", "ingevuld_door"
        ).order_by("onderdeel__pad")
        if not manager:
            rapporten = rapporten.filter(onderdeel__in=onderdelen_van_gebruiker(request.user, plan))
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


def _opslagmelding(rapport, indienen: bool) -> str:
    if indienen:
        return f"Rapportage van {rapport.onderdeel.aanduiding} ingediend."
    if rapport.status in (RapportageStatus.CONCEPT, RapportageStatus.TERUGGESTUURD):
        return f"Rapportage van {rapport.onderdeel.aanduiding} opgeslagen als concept."
    # The manager corrected a submitted or approved report: it keeps its status.
    return (
        f"Wijzigingen in {rapport.onderdeel.aanduiding} opgeslagen; de rapportage blijft "
        f"{rapport.get_status_display().lower()}."
    )


@login_required
def bewerken(request, pk):
    rapport = get_rapportage_for_user(request.user, pk)
    mag = mag_invullen(request.user, rapport)
    manager = is_manager(request.user, rapport.periode.plan.regio_id)
    conflict = samen_veranderd = niet_opgeslagen = None
    form = ThemaRapportageForm(request.POST or None, instance=rapport)
    if request.method == "POST" and not mag:
        if not (manager or is_invuller(request.user, rapport.onderdeel)):
            raise PermissionDenied("U mag deze rapportage niet wijzigen.")
        # The report moved on since the form was opened (submitted in another tab, approved,
        # adopted): show why, and give the typed text back instead of dropping it.
        niet_opgeslagen = [
            (dimensie.label, request.POST.get(f"{dimensie.value}_tekst", "").strip())
            for dimensie, _smiley, _tekst in rapport.regels()
        ]
    elif request.method == "POST" and form.is_valid():
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
            # The user's changes on top of the stored version: what the user did not touch
            # takes the other's new value, so saving again cannot undo it.
            gegevens, samen_veranderd = samenvoegen_na_conflict(fout, form.cleaned_data)
            gegevens["versie"] = fout.rapport.versie
            form = ThemaRapportageForm(gegevens, instance=fout.rapport)
            form.is_valid()
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _opslagmelding(rapport, "indienen" in request.POST))
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
            "manager": manager,
            "conflict": conflict,
            "samen_veranderd": [form[veld].label for veld in samen_veranderd or ()],
            "niet_opgeslagen": niet_opgeslagen,
            "beoordelen_form": BeoordelenForm(initial={"versie": rapport.versie}),
            "terugsturen_form": TerugsturenForm(initial={"versie": rapport.versie}),
        },
        status=409 if conflict or niet_opgeslagen else 200,
    )


def _terug(request, rapport) -> HttpResponseRedirect:
    """Back where the manager came from, at the item's row: a path of this site only.

    Redirected as a URL, never through `redirect()`, which would try it as a view name first
    ("terug=x" was a server error after the decision had been saved)."""
    terug = request.POST.get("terug", "").split("#")[0]
    if not (
        terug.startswith("/")
        and not terug.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return HttpResponseRedirect(_rapport_url(rapport))
    return HttpResponseRedirect(f"{terug}#rapport-{rapport.pk}")


def _beoordelen(request, pk, actie, formulier):
    rapport = get_rapportage_for_user(request.user, pk)
    if request.method != "POST":  # a bookmark or a reload: show the report instead
        return redirect(_rapport_url(rapport))
    if not is_manager(request.user, rapport.periode.plan.regio_id):
        raise PermissionDenied("Alleen een transformatiemanager van deze regio mag beoordelen.")
    form = formulier(request.POST)
    try:
        if not form.is_valid():
            raise CyclusFout(" ".join(fout for fouten in form.errors.values() for fout in fouten))
        actie(rapport, form.cleaned_data)
    except CyclusFout as fout:
        messages.error(request, str(fout))
    return _terug(request, rapport)


@login_required
def goedkeuren(request, pk):
    def actie(rapport, gegevens):
        themarapportage_goedkeuren(rapport=rapport, door=request.user, versie=gegevens["versie"])
        messages.success(request, f"Rapportage van {rapport.onderdeel.aanduiding} goedgekeurd.")

    return _beoordelen(request, pk, actie, BeoordelenForm)


@login_required
def terugsturen(request, pk):
    def actie(rapport, gegevens):
        themarapportage_terugsturen(
            rapport=rapport,
            door=request.user,
            opmerking=gegevens["opmerking"],
            versie=gegevens["versie"],
        )
        messages.success(request, f"Rapportage van {rapport.onderdeel.aanduiding} teruggestuurd.")

    return _beoordelen(request, pk, actie, TerugsturenForm)


@login_required
@require_POST
def alles_goedkeuren(request, slug, code):
    """Approve every submitted report the manager saw on the progress page, as it was shown:
    the page sends each report's version; a report changed since is left for a second look."""
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    versies = {}
    for naam, waarde in request.POST.items():
        pk, versie = naam.removeprefix("versie-"), waarde
        # ASCII digits within the database's range: "²".isdigit() is true, int("²") is not.
        if naam.startswith("versie-") and GETAL.fullmatch(pk) and GETAL.fullmatch(versie):
            versies[int(pk)] = int(versie)
    goedgekeurd, overgeslagen = themarapportages_goedkeuren(
        periode=periode, door=request.user, versies=versies
    )
    if goedgekeurd:
        messages.success(request, f"{len(goedgekeurd)} rapportages goedgekeurd.")
    for aanduiding, reden in overgeslagen:
        messages.error(
            request, f"{aanduiding[:1].upper()}{aanduiding[1:]} niet goedgekeurd: {reden}"
        )
    if not goedgekeurd and not overgeslagen:
        messages.error(request, "Er was niets ingediend om goed te keuren.")
    return redirect("rapportage:voortgang", plan.slug, periode.code)


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
                request, f"Periode {periode.code} geopend; de invullers kunnen beginnen."
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
        periode.rapportages.select_related("onderdeel__niveau", "ingevuld_door").order_by(
            "onderdeel__pad"
        )
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
            "ingediend": [r for r in rapporten if r.status == RapportageStatus.INGEDIEND],
            "verwijderbaar": kan_verwijderd_worden(periode),
        },
    )


@login_required
def periode_verwijderen(request, slug, code):
    """Undo opening a period (a wrong quarter, a typing error) while nobody has worked in it."""
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    fout = None
    if request.method == "POST":
        try:
            rapportageperiode_verwijderen(periode=periode, door=request.user)
        except CyclusFout as melding:
            fout = str(melding)
        else:
            messages.success(request, f"{periode.naam} is verwijderd.")
            return redirect("rapportage:overzicht", plan.slug)
    elif not kan_verwijderd_worden(periode):
        fout = "Deze periode kan niet meer verwijderd worden: er is al aan gewerkt."
    return render(
        request,
        "rapportage/periode_verwijderen.html",
        {"plan": plan, "menu": "rapportage", "periode": periode, "fout": fout},
        status=400 if fout else 200,
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


@login_required
def invullers(request, slug, niveau, code):
    """The manager decides which colleagues fill in an item's report, beside its leads."""
    plan = _plan_voor_manager(request, slug)
    onderdeel = get_onderdeel(plan, niveau, code)
    if onderdeel.niveau != plan.rapportageniveau:
        raise Http404("Over dit onderdeel wordt niet per kwartaal gerapporteerd.")
    # Unticking everyone posts no field at all: still a submitted form.
    form = InvullersForm(request.POST if request.method == "POST" else None, onderdeel=onderdeel)
    if request.method == "POST" and form.is_valid():
        invullers_toewijzen(
            onderdeel=onderdeel, gebruikers=form.cleaned_data["invullers"], door=request.user
        )
        messages.success(request, f"Invullers van {onderdeel.aanduiding} opgeslagen.")
        terug = plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).first()
        if terug is not None:
            return redirect("rapportage:voortgang", plan.slug, terug.code)
        return redirect("rapportage:onderdeel", plan.slug, onderdeel.niveau.slug, onderdeel.code)
    return render(
        request,
        "rapportage/invullers.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "onderdeel": onderdeel,
            "form": form,
            "leidend": form.leidend,
        },
    )
