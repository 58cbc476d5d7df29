"""Who may read and who may fill in which report: the one place that answers it.

Every page, form, export and PDF endpoint asks these functions; hiding a link is never enough.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404

from agenda.models import Rol
from agenda.selectors import gerapporteerde_onderdelen
from agenda.toegang import plannen_voor_gebruiker
from regio.constants import Gebruikersrol
from regio.models import Gebruiker

from .constants import PeriodeStatus, RapportageStatus
from .models import ThemaRapportage


def perioden_voor_gebruiker(gebruiker, plan):
    """A plan's periods; the griffie reads adopted reports only."""
    perioden = plan.rapportageperiodes.all()
    if gebruiker.rol == Gebruikersrol.GRIFFIE and not gebruiker.is_superuser:
        perioden = perioden.filter(status=PeriodeStatus.VASTGESTELD)
    return perioden


def get_periode_for_user(gebruiker, plan, code):
    """The period named as on the command line ("2015-Q2"), or 404."""
    # One row at most: the default order would join plan and region to sort it.
    periode = perioden_voor_gebruiker(gebruiker, plan).met_code(code).order_by().first()
    if periode is None:
        raise Http404("Deze rapportageperiode bestaat niet of u heeft er geen toegang toe.")
    periode.plan = plan
    return periode


def is_manager(gebruiker, regio_id) -> bool:
    """A transformatiemanager of this region (or a superuser)."""
    if gebruiker.is_superuser:
        return True
    return gebruiker.rol == Gebruikersrol.TRANSFORMATIEMANAGER and gebruiker.regio_id == regio_id


def ziet_controlegetal(gebruiker) -> bool:
    """The SHA-256 of an archived document matters to those who hand it on or keep the archive
    (griffie, beheerder); others need not be shown a string of hex."""
    return gebruiker.is_superuser or gebruiker.rol in (
        Gebruikersrol.GRIFFIE,
        Gebruikersrol.BEHEERDER,
    )


def onderdelen_van_gebruiker(gebruiker, plan):
    """The reported items of a plan whose report this account fills in: through a role that
    reports (trekker, 1e aanspreekpersoon: the plan's own list says which), or chosen by a
    manager as invuller."""
    return (
        gerapporteerde_onderdelen(plan)
        .filter(
            Q(rollen__persoon__gebruiker=gebruiker, rollen__soort__rapporteert=True)
            | Q(invullers=gebruiker)
        )
        .distinct()
    )


def is_invuller(gebruiker, onderdeel) -> bool:
    return onderdelen_van_gebruiker(gebruiker, onderdeel.plan).filter(pk=onderdeel.pk).exists()


@dataclass(frozen=True)
class Verwacht:
    """Someone expected to fill in an item's report: a person in a role that reports (with or
    without an account), or an account a manager chose."""

    naam: str
    rol: str  # "trekker", "1e aanspreekpersoon", "invuller"
    gebruiker: Gebruiker | None  # None: the plan names them, but they have no account

    @property
    def kan_invullen(self) -> bool:
        return self.gebruiker is not None and self.gebruiker.is_active


def invullers_prefetch(pad: str = "") -> list:
    """What `verwachte_invullers` reads, for items at `pad` ("onderdeel__" from a report)."""
    return [
        Prefetch(
            f"{pad}rollen",
            queryset=Rol.objects.filter(soort__rapporteert=True, persoon__isnull=False)
            .select_related("soort", "persoon__gebruiker")
            .order_by("volgorde", "pk"),
            to_attr="rapporterende_rollen",
        ),
        Prefetch(
            f"{pad}invullers",
            queryset=Gebruiker.objects.select_related("persoon").order_by("pk"),
            to_attr="gekozen_invullers",
        ),
    ]


def verwachte_invullers(onderdeel) -> list[Verwacht]:
    """Who is expected to report this item, from `invullers_prefetch` (no query per item):
    each person once, with every role that makes them report."""
    per_persoon = {}
    for rol in onderdeel.rapporterende_rollen:
        persoon, rollen = per_persoon.setdefault(rol.persoon_id, (rol.persoon, []))
        if rol.soort.label.lower() not in rollen:
            rollen.append(rol.soort.label.lower())
    verwacht = [
        Verwacht(persoon.naam, ", ".join(rollen), persoon.gebruiker)
        for persoon, rollen in per_persoon.values()
    ]
    accounts = {v.gebruiker.pk for v in verwacht if v.gebruiker is not None}
    for gebruiker in onderdeel.gekozen_invullers:
        if gebruiker.pk not in accounts:
            verwacht.append(Verwacht(gebruiker.weergavenaam, "invuller", gebruiker))
    return verwacht


def invullende_accounts(onderdeel) -> list[Gebruiker]:
    """The active accounts that fill in this item's report (from `invullers_prefetch`)."""
    return [v.gebruiker for v in verwachte_invullers(onderdeel) if v.kan_invullen]


def heeft_invuller(onderdeel) -> bool:
    """Does any active account fill in this item? If not, the manager does."""
    gekozen = Q(toegewezen_onderdelen=onderdeel)
    via_rol = Q(persoon__rollen__onderdeel=onderdeel, persoon__rollen__soort__rapporteert=True)
    return Gebruiker.objects.filter(gekozen | via_rol, is_active=True).exists()


def mag_invullen(gebruiker, rapport) -> bool:
    """May this account fill in this report now, through the invullers' form?

    Its invullers may while it is with them (concept, sent back). A manager fills in only an
    item nobody else fills in; changing someone's report is "wijzigen namens" (mag_namens)."""
    periode = rapport.periode
    if rapport.vergrendeld or periode.status != PeriodeStatus.OPEN or not rapport.is_te_vullen:
        return False
    regio_id = periode.plan.regio_id
    if gebruiker.regio_id != regio_id and not gebruiker.is_superuser:
        return False
    if gebruiker.rol == Gebruikersrol.BELEIDSMEDEWERKER and is_invuller(
        gebruiker, rapport.onderdeel
    ):
        return True
    return is_manager(gebruiker, regio_id) and not heeft_invuller(rapport.onderdeel)


def mag_namens_wijzigen(gebruiker, rapport) -> bool:
    """A manager may change a submitted or approved report on behalf of its invullers, with a
    reason, until the period is adopted."""
    return (
        is_manager(gebruiker, rapport.periode.plan.regio_id)
        and rapport.periode.status == PeriodeStatus.OPEN
        and not rapport.vergrendeld
        and rapport.status in (RapportageStatus.INGEDIEND, RapportageStatus.GOEDGEKEURD)
    )


def get_rapportage_for_user(gebruiker, pk, *, write=False) -> ThemaRapportage:
    """An item's report: 404 when the account may not see it, 403 when it may not change it."""
    rapport = (
        ThemaRapportage.objects.select_related("periode__plan__regio", "onderdeel__niveau")
        .filter(pk=pk, periode__plan__in=plannen_voor_gebruiker(gebruiker))
        .order_by()
        .first()
    )
    if (
        rapport is None
        or not perioden_voor_gebruiker(gebruiker, rapport.periode.plan)
        .filter(pk=rapport.periode_id)
        .exists()
    ):
        raise Http404("Deze rapportage bestaat niet of u heeft er geen toegang toe.")
    if write and not mag_invullen(gebruiker, rapport):
        raise PermissionDenied("U mag deze rapportage nu niet wijzigen.")
    return rapport


def get_periode_voor_manager(gebruiker, plan, code):
    """A period the account manages: 404 when unseen, 403 when not a manager of its region."""
    periode = get_periode_for_user(gebruiker, plan, code)
    if not is_manager(gebruiker, plan.regio_id):
        raise PermissionDenied("Alleen een transformatiemanager van deze regio mag dit.")
    return periode
