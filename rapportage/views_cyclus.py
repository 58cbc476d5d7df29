"""The quarterly cycle in the browser: fill in, submit, review (approve or send back), change on
behalf of the invullers, adopt, reopen."""

import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from agenda.models import Plan
from agenda.toegang import get_onderdeel, get_plan_for_user, plannen_voor_gebruiker
from regio.constants import Gebruikersrol
from regio.models import Gebruiker

from .archiefpdf import archief_bestellen, archief_pdf
from .constants import TE_VULLEN, PeriodeStatus, RapportageStatus
from .forms import (
    MAX_TEKST,
    BeoordelenForm,
    InvullersForm,
    NamensForm,
    PeriodeOpenenForm,
    RedenForm,
    TerugsturenForm,
    ThemaRapportageForm,
    VaststellenForm,
)
from .metingen import MetingenForm, aanbieders_van, metingen_in_rapport, metingen_prefetch
from .models import Melding
from .selectors import context_van_onderdeel, vergelijking, vorig_rapport, vorige_rapporten
from .services import (
    REGELVELDEN,
    Conflict,
    CyclusFout,
    invuller_toevoegen,
    invullers_toewijzen,
    kan_overnemen,
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
    themarapportage_wijzigen_namens,
    themarapportages_goedkeuren,
)
from .toegang import (
    get_periode_voor_manager,
    get_rapportage_for_user,
    invullers_prefetch,
    is_invuller,
    is_manager,
    mag_invullen,
    mag_namens_wijzigen,
    onderdelen_van_gebruiker,
    perioden_voor_gebruiker,
    verwachte_invullers,
)

GETAL = re.compile(r"[0-9]{1,9}", re.ASCII)


def _rapport_url(rapport):
    return reverse("rapportage:bewerken", args=[rapport.pk])


# Typed text survives an expired session ------------------------------------------------------

BEWAARD = "bewaarde_invoer"
BEWAARDE_VELDEN = {*REGELVELDEN, "versie", "reden"}


def invoer_bewaren_bij_verlopen_sessie(view):
    """login_required that keeps what was typed: a form posted after the session expired is
    kept in the (new, anonymous) session, which survives logging in, and the form shows it
    again afterwards. Only the form's own fields, each no longer than a form allows."""

    @wraps(view)
    def omhulsel(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            velden = {
                naam: request.POST.get(naam, "")[: MAX_TEKST + 100]
                for naam in BEWAARDE_VELDEN
                if naam in request.POST
            }
            metingen = {
                naam: waarde[:30]
                for naam, waarde in list(request.POST.items())[:500]
                if naam.startswith("meting-")
            }
            request.session[BEWAARD] = {"pad": request.path, "velden": velden | metingen}
            messages.warning(
                request,
                "Uw sessie was verlopen, daarom is er niets opgeslagen. Log opnieuw in: wat u "
                "typte is bewaard en staat daarna weer in het formulier.",
            )
        return redirect_to_login(request.path)

    return omhulsel


def _bewaarde_invoer(request) -> dict | None:
    bewaard = request.session.get(BEWAARD)
    if not bewaard or bewaard.get("pad") != request.path:
        return None
    del request.session[BEWAARD]
    return bewaard["velden"]


# Start pages -------------------------------------------------------------------------------


@login_required
def start(request):
    """Everyone starts at their own work: the beleidsmedewerker at their reports, a manager at
    the open quarter's progress, the griffie at the adopted documents."""
    gebruiker = request.user
    plannen = list(plannen_voor_gebruiker(gebruiker).select_related("regio"))
    if len(plannen) != 1 or gebruiker.is_superuser:
        return redirect("agenda:start")
    plan = plannen[0]
    if gebruiker.rol == Gebruikersrol.BELEIDSMEDEWERKER:
        return redirect("rapportage:mijn_themas")
    if gebruiker.rol == Gebruikersrol.TRANSFORMATIEMANAGER:
        periode = plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).order_by().first()
        if periode is not None:
            return redirect("rapportage:voortgang", plan.slug, periode.code)
        return redirect("rapportage:overzicht", plan.slug)
    if gebruiker.rol == Gebruikersrol.GRIFFIE:
        return redirect("rapportage:overzicht", plan.slug)
    return redirect("rapportage:plan", plan.slug)


@login_required
def mijn_themas(request):
    """A user's items in the open period: state, deadline, what is missing, what was sent back;
    managers see the progress. And the latest notifications."""
    blokken = []
    for plan in plannen_voor_gebruiker(request.user).select_related("regio", "planvorm"):
        # Scoped as every other page: the griffie reads adopted periods only, so it has none.
        periode = (
            perioden_voor_gebruiker(request.user, plan)
            .filter(status=PeriodeStatus.OPEN)
            .order_by()
            .first()
        )
        if periode is None:
            continue
        manager = is_manager(request.user, plan.regio_id)
        rapporten = periode.rapportages.select_related("onderdeel__niveau", "ingevuld_door")
        rapporten = rapporten.filter(onderdeel__in=onderdelen_van_gebruiker(request.user, plan))
        rapporten = list(rapporten.order_by("onderdeel__pad"))
        for rapport in rapporten:
            rapport.ontbrekend = ontbrekend(rapport)
        blokken.append(
            {
                "plan": plan,
                "periode": periode,
                "manager": manager,
                "rapporten": rapporten,
                "teruggestuurd": [r for r in rapporten if r.status == "teruggestuurd"],
                "open": [r for r in rapporten if r.status in TE_VULLEN],
                "te_laat": periode.deadline_verstreken(),
            }
        )
    return render(
        request,
        "rapportage/mijn_themas.html",
        {
            "blokken": blokken,
            "menu": "mijn",
            "berichten": _berichten(request.user)[:5],
        },
    )


def _berichten(gebruiker):
    return Melding.objects.filter(ontvanger=gebruiker).select_related("periode__plan")


@login_required
def berichten(request):
    """Every notification sent to this account, newest first: what the e-mail said."""
    return render(
        request,
        "rapportage/berichten.html",
        {"berichten": _berichten(request.user)[:200], "menu": "berichten"},
    )


# One report: the form, or the read (review) view ------------------------------------------


def _opslagmelding(rapport, indienen: bool) -> str:
    if indienen:
        return f"Rapportage van {rapport.onderdeel.aanduiding} ingediend."
    return f"Rapportage van {rapport.onderdeel.aanduiding} opgeslagen als concept."


def _metingenform(rapport, data=None, initial=None):
    """The indicator values of the report's quarter, for the item's indicators."""
    periode = rapport.periode
    onderdeel = (
        type(rapport.onderdeel)
        .objects.filter(pk=rapport.onderdeel_id)
        .prefetch_related(metingen_prefetch(periode.jaar))
        .get()
    )
    indicatoren = list(onderdeel.indicatoren.all())
    regio = periode.plan.regio
    return MetingenForm(
        data,
        initial=initial,
        indicatoren=indicatoren,
        jaar=periode.jaar,
        kwartaal=periode.kwartaal,
        gemeenten=list(regio.gemeenten.order_by("naam")) if indicatoren else [],
        aanbieders=aanbieders_van(regio) if indicatoren else [],
    )


def _metingen(rapport):
    periode = rapport.periode
    onderdeel = (
        type(rapport.onderdeel)
        .objects.filter(pk=rapport.onderdeel_id)
        .prefetch_related(metingen_prefetch(periode.jaar))
        .get()
    )
    return metingen_in_rapport(list(onderdeel.indicatoren.all()), periode.jaar, periode.kwartaal)


def _namenswijzigingen(rapport):
    return list(rapport.namenswijzigingen.select_related("door__persoon"))


@invoer_bewaren_bij_verlopen_sessie
def bewerken(request, pk):
    """An item's report: the invullers' form while it is theirs to fill in; otherwise the read
    view, where a manager reviews it beside last quarter's."""
    rapport = get_rapportage_for_user(request.user, pk)
    mag = mag_invullen(request.user, rapport)
    manager = is_manager(request.user, rapport.periode.plan.regio_id)
    if request.method == "POST" and not mag:
        if not (manager or is_invuller(request.user, rapport.onderdeel)):
            raise PermissionDenied("U mag deze rapportage niet wijzigen.")
        # The report moved on since the form was opened (submitted in another tab, approved,
        # adopted, or given to an invuller): say why, and give the typed text back.
        niet_opgeslagen = [
            (d.label, request.POST.get(f"{d.value}_tekst", "").strip())
            for d, _smiley, _tekst in rapport.regels()
        ]
        return _leesweergave(request, rapport, manager, niet_opgeslagen=niet_opgeslagen)
    if not mag:
        return _leesweergave(request, rapport, manager)
    conflict = samen_veranderd = voorbeeld = None
    hersteld = None if request.method == "POST" else _bewaarde_invoer(request)
    if hersteld is not None:
        form = ThemaRapportageForm(rapport=rapport, initial=hersteld)
        metingen = _metingenform(
            rapport,
            initial={
                naam.removeprefix("meting-"): waarde
                for naam, waarde in hersteld.items()
                if naam.startswith("meting-")
            },
        )
    else:
        form = ThemaRapportageForm(request.POST or None, rapport=rapport)
        metingen = _metingenform(rapport, request.POST or None)
    if request.method == "POST" and form.is_valid() and metingen.is_valid():
        if "voorbeeld" in request.POST:
            voorbeeld = {veld: form.cleaned_data[veld] for veld in REGELVELDEN}
        else:
            try:
                themarapportage_opslaan(
                    rapport=rapport,
                    door=request.user,
                    gegevens=form.cleaned_data,
                    versie=form.cleaned_data["versie"],
                    indienen="indienen" in request.POST,
                    metingen=metingen.waarden(),
                )
            except Conflict as fout:
                conflict = fout
                # The user's changes on top of the stored version: what the user did not
                # touch takes the other's new value, so saving again cannot undo it.
                gegevens, samen_veranderd = samenvoegen_na_conflict(fout, form.cleaned_data)
                gegevens["versie"] = fout.rapport.versie
                rapport = fout.rapport
                form = ThemaRapportageForm(gegevens, rapport=rapport)
                form.is_valid()
            except CyclusFout as fout:
                form.add_error(None, str(fout))
            else:
                messages.success(request, _opslagmelding(rapport, "indienen" in request.POST))
                return redirect(_rapport_url(rapport))
    elif request.method == "POST" and form.is_valid():
        form.add_error(None, "Een of meer metingen kloppen niet; zie hieronder.")
    rapport.ontbrekend = ontbrekend(rapport)
    vorig = vorig_rapport(rapport)
    return render(
        request,
        "rapportage/bewerken.html",
        {
            "rapport": rapport,
            "plan": rapport.periode.plan,
            "form": form,
            "metingen": metingen,
            "manager": manager,
            "conflict": conflict,
            "samen_veranderd": [form[veld].label for veld in samen_veranderd or ()],
            "hersteld": hersteld is not None,
            "voorbeeld": voorbeeld,
            "vorig": vorig,
            "secties": context_van_onderdeel(rapport),
            "namenswijzigingen": _namenswijzigingen(rapport),
            "zelf_invullen": manager and not is_invuller(request.user, rapport.onderdeel),
        },
        status=409 if conflict else 200,
    )


def _leesweergave(request, rapport, manager, *, niet_opgeslagen=None):
    """The report as it stands, each row beside last quarter's with what changed; for a
    manager the review: approve, send back with a comment, or change on behalf."""
    vorig = vorig_rapport(rapport)
    rapport.ontbrekend = ontbrekend(rapport)
    beoordelen = manager and rapport.status == RapportageStatus.INGEDIEND
    return render(
        request,
        "rapportage/rapportage.html",
        {
            "rapport": rapport,
            "plan": rapport.periode.plan,
            "manager": manager,
            "vorig": vorig,
            "regels": vergelijking(rapport, vorig),
            "metingen": _metingen(rapport),
            "secties": context_van_onderdeel(rapport),
            "namenswijzigingen": _namenswijzigingen(rapport),
            "niet_opgeslagen": niet_opgeslagen,
            "beoordelen": beoordelen,
            "namens": mag_namens_wijzigen(request.user, rapport),
            "terugsturen": manager
            and rapport.status in (RapportageStatus.INGEDIEND, RapportageStatus.GOEDGEKEURD)
            and not rapport.vergrendeld,
            "beoordelen_form": BeoordelenForm(initial={"versie": rapport.versie}),
            "terugsturen_form": TerugsturenForm(initial={"versie": rapport.versie}),
        },
        status=409 if niet_opgeslagen else 200,
    )


@invoer_bewaren_bij_verlopen_sessie
def wijzigen_namens(request, pk):
    """A manager changes a submitted report on behalf of its invullers, with a reason; never
    through the invullers' own form."""
    rapport = get_rapportage_for_user(request.user, pk)
    if not is_manager(request.user, rapport.periode.plan.regio_id):
        raise PermissionDenied("Alleen een transformatiemanager van deze regio mag dit.")
    if not mag_namens_wijzigen(request.user, rapport):
        messages.error(
            request,
            "Wijzigen namens de invullers kan alleen bij een ingediende of goedgekeurde "
            "rapportage van een open periode.",
        )
        return redirect(_rapport_url(rapport))
    hersteld = None if request.method == "POST" else _bewaarde_invoer(request)
    form = NamensForm(request.POST or None, rapport=rapport, initial=hersteld)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            themarapportage_wijzigen_namens(
                rapport=rapport,
                door=request.user,
                gegevens=form.cleaned_data,
                versie=form.cleaned_data["versie"],
                reden=form.cleaned_data["reden"],
            )
        except Conflict as fout:
            conflict = fout
            gegevens, _beide = samenvoegen_na_conflict(fout, form.cleaned_data)
            gegevens |= {"versie": fout.rapport.versie, "reden": form.cleaned_data["reden"]}
            rapport = fout.rapport
            form = NamensForm(gegevens, rapport=rapport)
            form.is_valid()
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                f"Rapportage van {rapport.onderdeel.aanduiding} gewijzigd namens de invullers; "
                f"zij zien wat u veranderde en waarom. De rapportage blijft "
                f"{rapport.get_status_display().lower()}.",
            )
            return redirect(_rapport_url(rapport))
    return render(
        request,
        "rapportage/namens.html",
        {
            "rapport": rapport,
            "plan": rapport.periode.plan,
            "form": form,
            "conflict": conflict,
            "hersteld": hersteld is not None,
            "invullers": [
                v for v in verwachte_invullers(_met_invullers(rapport.onderdeel)) if v.kan_invullen
            ],
        },
        status=409 if conflict else 200,
    )


def _gerapporteerd_onderdeel(plan, niveau, code):
    """An item of the level reports go by; other levels have no one to fill them in."""
    onderdeel = get_onderdeel(plan, niveau, code)
    if onderdeel.niveau != plan.rapportageniveau:
        raise Http404("Over dit onderdeel wordt niet per kwartaal gerapporteerd.")
    return onderdeel


def _met_invullers(onderdeel):
    return (
        type(onderdeel)
        .objects.filter(pk=onderdeel.pk)
        .prefetch_related(*invullers_prefetch())
        .select_related("niveau")
        .get()
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
        messages.success(
            request,
            f"Rapportage van {rapport.onderdeel.aanduiding} teruggestuurd; de invullers "
            "krijgen uw opmerking per e-mail.",
        )

    return _beoordelen(request, pk, actie, TerugsturenForm)


def _ingediend(periode):
    """The period's submitted reports with what the review shows of them, in a fixed number
    of queries."""
    rapporten = list(
        periode.rapportages.filter(status=RapportageStatus.INGEDIEND)
        .select_related("onderdeel__niveau", "ingevuld_door__persoon")
        .order_by("onderdeel__pad")
    )
    vorige = vorige_rapporten(periode)
    for rapport in rapporten:
        rapport.regels_vergeleken = vergelijking(rapport, vorige.get(rapport.onderdeel_id))
        rapport.ontbrekend = ontbrekend(rapport)
    return rapporten


@login_required
def alles_goedkeuren(request, slug, code):
    """First every text that will be approved, as the manager sees it; then approve them as
    shown: the page sends each report's version, and a report changed since is left for a
    second look."""
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    if request.method != "POST":
        return render(
            request,
            "rapportage/alles_goedkeuren.html",
            {
                "plan": plan,
                "menu": "rapportage",
                "periode": periode,
                "rapporten": _ingediend(periode),
            },
        )
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


# The period: open, progress, adopt, reopen, remove -----------------------------------------


@login_required
def periode_openen(request, slug):
    plan = _plan_voor_manager(request, slug)
    al_open = plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).first()
    form = PeriodeOpenenForm(request.POST or None, plan=plan)
    if request.method == "POST" and al_open is None and form.is_valid():
        gegevens = {k: v for k, v in form.cleaned_data.items() if k != "deadline_bevestigd"}
        try:
            periode = rapportageperiode_openen(plan=plan, door=request.user, **gegevens)
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                f"Periode {periode.code} geopend; de invullers krijgen een e-mail met hun "
                f"{plan.rapportageniveau.klein_meervoud} en de deadline.",
            )
            return redirect("rapportage:voortgang", plan.slug, periode.code)
    return render(
        request,
        "rapportage/periode_openen.html",
        {
            "plan": plan,
            "form": form,
            "menu": "rapportage",
            "al_open": al_open,
            "bevestigen": getattr(form, "deadline_in_verleden", False),
        },
        status=409 if al_open is not None and request.method == "POST" else 200,
    )


def _regio_beleidsmedewerkers(plan):
    return list(
        Gebruiker.objects.filter(
            regio_id=plan.regio_id, rol=Gebruikersrol.BELEIDSMEDEWERKER, is_active=True
        )
        .select_related("persoon")
        .order_by("last_name", "first_name", "username")
    )


@login_required
def voortgang(request, slug, code):
    """The manager's view of a period: who is expected to report what, who is late, what
    waits for review; assign an invuller where nobody reports."""
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    rapporten = list(
        periode.rapportages.select_related("onderdeel__niveau", "ingevuld_door", "overgenomen_uit")
        .prefetch_related(*invullers_prefetch("onderdeel__"))
        .order_by("onderdeel__pad")
    )
    te_laat = periode.deadline_verstreken()
    for rapport in rapporten:
        rapport.ontbrekend = ontbrekend(rapport)
        rapport.verwacht = verwachte_invullers(rapport.onderdeel)
        rapport.zonder_invuller = not any(v.kan_invullen for v in rapport.verwacht)
        rapport.te_laat = te_laat and rapport.status in TE_VULLEN
    telling = periode.rapportages.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in RapportageStatus}
    )
    laatkomers = [r for r in rapporten if r.te_laat]
    return render(
        request,
        "rapportage/voortgang.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "periode": periode,
            "rapporten": rapporten,
            "telling": telling,
            "aantal_te_laat": len(laatkomers),
            "alles_goedgekeurd": telling[RapportageStatus.GOEDGEKEURD] == len(rapporten)
            and rapporten,
            "te_laat": te_laat,
            "laatkomers": laatkomers,
            "ingediend": [r for r in rapporten if r.status == RapportageStatus.INGEDIEND],
            "zonder_invuller": [r for r in rapporten if r.zonder_invuller],
            "collega_s": _regio_beleidsmedewerkers(plan) if periode.is_open else [],
            "verwijderbaar": kan_verwijderd_worden(periode),
        },
    )


@login_required
@require_POST
def invuller_kiezen(request, slug, niveau, code):
    """From the progress page: one colleague fills in an item nobody reports."""
    plan = _plan_voor_manager(request, slug)
    onderdeel = _gerapporteerd_onderdeel(plan, niveau, code)
    periode = plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).first()
    terug = (
        reverse("rapportage:voortgang", args=[plan.slug, periode.code])
        if periode
        else reverse("rapportage:overzicht", args=[plan.slug])
    )
    keuze = request.POST.get("invuller", "")
    gebruiker = next(
        (g for g in _regio_beleidsmedewerkers(plan) if keuze.isdigit() and g.pk == int(keuze)),
        None,
    )
    if gebruiker is None:
        messages.error(request, "Kies een beleidsmedewerker van de regio uit de lijst.")
    else:
        invuller_toevoegen(onderdeel=onderdeel, gebruiker=gebruiker, door=request.user)
        messages.success(
            request,
            f"{gebruiker.weergavenaam} vult {onderdeel.aanduiding} in en krijgt daarover een "
            "e-mail.",
        )
    rapport = periode.rapportages.filter(onderdeel=onderdeel).first() if periode else None
    return redirect(f"{terug}#rapport-{rapport.pk}" if rapport else terug)


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
    return archief_pdf(periode)


def _open_staand(periode):
    """Every report not approved, whether last quarter's status can be carried over, and last
    quarter's report."""
    vorige = vorige_rapporten(periode)
    rapporten = (
        periode.rapportages.exclude(status=RapportageStatus.GOEDGEKEURD)
        .select_related("onderdeel__niveau")
        .order_by("onderdeel__pad")
    )
    return [
        (r, kan_overnemen(r, vorige.get(r.onderdeel_id)), vorige.get(r.onderdeel_id))
        for r in rapporten
    ]


@login_required
def vaststellen(request, slug, code):
    plan = get_plan_for_user(request.user, slug)
    periode = get_periode_voor_manager(request.user, plan, code)
    if not periode.is_open:
        messages.error(request, f"{periode.naam} is al vastgesteld.")
        return redirect("rapportage:rapport", plan.slug, periode.code)
    open_staand = _open_staand(periode)
    form = VaststellenForm(
        request.POST or None,
        periode=periode,
        open_staand=open_staand,
        initial={
            "inleiding": periode.inleiding or "[smileylegenda]",
            "samenvatting": periode.samenvatting,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            vastgesteld = rapportageperiode_vaststellen(
                periode=periode,
                door=request.user,
                pdf_maken=_pdf_maken,
                archief_bestellen=archief_bestellen,
                inleiding=form.cleaned_data["inleiding"],
                samenvatting=form.cleaned_data["samenvatting"],
                vastgesteld_op=form.cleaned_data["vastgesteld_op"],
                overnemen=form.overnemen(),
            )
        except CyclusFout as fout:
            form.add_error(None, str(fout))
        else:
            if vastgesteld.archief_besteld:
                messages.success(
                    request,
                    f"{periode.naam} is vastgesteld. De PDF voor het archief wordt nu gemaakt; "
                    "de download van de rapportage geeft die zodra hij klaar is.",
                )
            else:
                messages.success(request, f"{periode.naam} is vastgesteld en gearchiveerd.")
            return redirect("rapportage:rapport", plan.slug, periode.code)
    statussen = {}
    for rapport, _kan, _vorig in open_staand:
        statussen.setdefault(rapport.get_status_display().lower(), []).append(rapport)
    return render(
        request,
        "rapportage/vaststellen.html",
        {
            "plan": plan,
            "menu": "rapportage",
            "periode": periode,
            "form": form,
            "statussen": statussen,
            "aantal": periode.rapportages.count(),
        },
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
    onderdeel = _gerapporteerd_onderdeel(plan, niveau, code)
    # Unticking everyone posts no field at all: still a submitted form.
    form = InvullersForm(request.POST if request.method == "POST" else None, onderdeel=onderdeel)
    if request.method == "POST" and form.is_valid():
        invullers_toewijzen(
            onderdeel=onderdeel, gebruikers=list(form.cleaned_data["invullers"]), door=request.user
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
            "zonder_account": form.zonder_account,
        },
    )
