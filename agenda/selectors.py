"""Reading a plan's outline with everything its pages and documents show, in a fixed number of
queries whatever the number of items."""

from collections import defaultdict

from django.db.models import Prefetch

from .constants import KeuzelijstSoort, SectieSoort
from .models import (
    Begrotingspost,
    Beleidsdoel,
    Bijdrage,
    Indicator,
    Lijstwaarde,
    MaatschappelijkEffect,
    Meting,
    Onderdeel,
    Rol,
)

# The models' default orderings start with their parents (an item's goals by item, so by plan, so
# by region name): right for a list across plans, but every prefetch of one item's rows would
# join three tables to sort by values they share. Within one item these orders are the same.
IN_VOLGORDE = ("volgorde", "pk")


def begrotingsposten_prefetch(**kwargs):
    """An item's budget lines with their source, reserve and the shares per gemeente."""
    return Prefetch(
        "begrotingsposten",
        queryset=Begrotingspost.objects.select_related("bron", "reserve")
        .prefetch_related(
            Prefetch(
                "bijdragen",
                queryset=Bijdrage.objects.select_related("gemeente").order_by("gemeente__naam"),
            )
        )
        .order_by(*IN_VOLGORDE),
        **kwargs,
    )


def begrotingsposten_van_plan(plan) -> list:
    """A plan's budget lines in order, with source, reserve, shares per gemeente and the items
    they fund; each knows its plan without reading it again (the plan page and its PDF)."""
    posten = list(
        plan.begrotingsposten.select_related("bron", "reserve")
        .prefetch_related(
            "bijdragen__gemeente",
            Prefetch("onderdelen", queryset=Onderdeel.objects.select_related("niveau")),
        )
        .order_by(*IN_VOLGORDE)
    )
    for post in posten:
        post.plan = plan
    return posten


def indicatoren_prefetch(**kwargs):
    """An item's indicators with their measurements in time order."""
    return Prefetch(
        "indicatoren",
        queryset=Indicator.objects.order_by(*IN_VOLGORDE).prefetch_related(
            Prefetch(
                "metingen",
                queryset=Meting.objects.select_related("gemeente", "aanbieder").order_by(
                    "jaar", "periode", "gemeente__naam", "aanbieder__naam"
                ),
            )
        ),
        **kwargs,
    )


def rollen_prefetch(naam="rollen"):
    """An item's roles with who holds them; the role's kind and scales are list values of the
    plan's shape, attached by lijstwaarden_koppelen rather than joined."""
    return Prefetch(
        naam,
        queryset=Rol.objects.select_related("persoon", "partij").order_by("volgorde", "pk"),
    )


def trekkers_prefetch():
    """Only the leading roles held by a person, for a table's column of trekkers: a plan's roles
    are many more (Wie, participerend...) and the plan page would read them all for nothing."""
    return Prefetch(
        "rollen",
        queryset=Rol.objects.filter(soort__leidend=True, persoon__isnull=False)
        .select_related("soort", "persoon")
        .order_by("volgorde", "pk"),
        to_attr="leidende_rollen",
    )


def _soorten(plan, niveaus) -> set[str]:
    return {sectie.soort for niveau in niveaus for sectie in plan.secties(niveau)}


def _prefetches(plan, niveaus, *, kinderen: bool, kolommen_alleen: bool = False) -> list:
    """What the tables of items of these levels need: only what their sections show (or, for
    items listed in their parent's table, only their columns)."""
    secties = [s for n in niveaus for s in plan.secties(n) if s.als_kolom or not kolommen_alleen]
    soorten = {s.soort for s in secties}
    prefetches = []
    if SectieSoort.ROLLEN in soorten or not kolommen_alleen:
        prefetches.append(rollen_prefetch())
    if SectieSoort.BELEIDSDOELEN in soorten:
        prefetches.append(
            Prefetch("beleidsdoelen", queryset=Beleidsdoel.objects.order_by(*IN_VOLGORDE))
        )
    if SectieSoort.EFFECTEN in soorten:
        prefetches.append(
            Prefetch(
                "maatschappelijke_effecten",
                queryset=MaatschappelijkEffect.objects.order_by(*IN_VOLGORDE),
            )
        )
    if SectieSoort.BEGROTING in soorten:
        prefetches.append(begrotingsposten_prefetch())
    if SectieSoort.INDICATOREN in soorten:
        prefetches.append(indicatoren_prefetch())
    if kinderen and SectieSoort.ONDERDELEN in soorten:
        dieper = [plan.niveau(n.diepte + 1) for n in niveaus if plan.niveau(n.diepte + 1)]
        prefetches.append(
            Prefetch(
                "kinderen",
                queryset=Onderdeel.objects.prefetch_related(
                    *_prefetches(plan, dieper, kinderen=False, kolommen_alleen=True)
                ).order_by("pad"),
            )
        )
    return prefetches


def onderdelen_met_inhoud(plan, queryset=None, niveau=None) -> list[Onderdeel]:
    """Items with everything their tables show (rows, children as rows or list). With `niveau`,
    only what that level's sections need; otherwise what any level may need. Scale, priority,
    domains and the roles' list values of the items and their children come from the plan's
    shape (lijstwaarden_koppelen)."""
    queryset = plan.onderdelen.all() if queryset is None else queryset
    niveaus = [niveau] if niveau is not None else plan.niveaus
    onderdelen = list(
        queryset.select_related("subregio")
        .prefetch_related(*_prefetches(plan, niveaus, kinderen=True))
        .order_by("pad")
    )
    koppelen(plan, onderdelen)
    kinderen = [
        kind
        for onderdeel in onderdelen
        for kind in onderdeel._prefetched_objects_cache.get("kinderen", ())
    ]
    lijstwaarden_koppelen(plan, onderdelen + kinderen)
    return onderdelen


def koppelen(plan, onderdelen):
    """Attach the plan and the levels read once, so that no item asks the database again."""
    niveaus = {n.pk: n for n in plan.niveaus}
    for onderdeel in onderdelen:
        onderdeel.plan = plan
        onderdeel.niveau = niveaus[onderdeel.niveau_id]
        cache = getattr(onderdeel, "_prefetched_objects_cache", {})
        for post in cache.get("begrotingsposten", []):
            post.plan = plan
        for kind in cache.get("kinderen", []):
            kind.plan = plan
            kind.niveau = niveaus[kind.niveau_id]
            kind.ouder = onderdeel
    return onderdelen


def lijstwaarden_koppelen(plan, onderdelen):
    """Attach scale, priority and domains, and the kind and scales of the roles prefetched with
    the items, from the plan's shape, kept per process (agenda.vormcache), instead of joining them
    to the items or prefetching them: a prefetch builds a list value and a filtered queryset per
    item on every request. One query for the links to domains; `Onderdeel.domeinnamen` and
    `schaal_label` use what is attached here. A value outside the plan's lists, which the plan's
    validation refuses, costs one more query."""
    waarden = {w.pk: w for soort in KeuzelijstSoort for w in plan.lijstwaarden(soort)}
    koppelingen = list(
        Onderdeel.domeinen.through.objects.filter(
            onderdeel_id__in=[o.pk for o in onderdelen]
        ).values_list("onderdeel_id", "lijstwaarde_id")
    )
    rollen = [
        rol
        for onderdeel in onderdelen
        for rol in getattr(onderdeel, "_prefetched_objects_cache", {}).get("rollen", ())
    ]
    nodig = {o.schaal_id for o in onderdelen} | {o.prioriteit_id for o in onderdelen}
    nodig |= {waarde_id for _onderdeel_id, waarde_id in koppelingen}
    for rol in rollen:
        nodig |= {rol.soort_id, rol.schaal_organisatie_id, rol.schaal_uitvoering_id}
    nodig -= {None, *waarden}
    if nodig:
        waarden.update(Lijstwaarde.objects.in_bulk(nodig))
    domeinen = defaultdict(list)
    for onderdeel_id, waarde_id in koppelingen:
        domeinen[onderdeel_id].append(waarden[waarde_id])
    for onderdeel in onderdelen:
        if onderdeel.schaal_id is not None:
            onderdeel.schaal = waarden[onderdeel.schaal_id]
        if onderdeel.prioriteit_id is not None:
            onderdeel.prioriteit = waarden[onderdeel.prioriteit_id]
        onderdeel.gekoppelde_domeinen = domeinen[onderdeel.pk]
    for rol in rollen:
        rol.soort = waarden[rol.soort_id]
        if rol.schaal_organisatie_id is not None:
            rol.schaal_organisatie = waarden[rol.schaal_organisatie_id]
        if rol.schaal_uitvoering_id is not None:
            rol.schaal_uitvoering = waarden[rol.schaal_uitvoering_id]
    return onderdelen


def groepen_met_onderdelen(
    plan, onderdelen, bovenste=None
) -> list[tuple[Onderdeel | None, list[Onderdeel]]]:
    """The reported items grouped under their top-level item (their speerpunt), in order.

    A plan that reports on its top level has one group without a heading. `bovenste`: the
    top-level items when the caller read them already (with the reported ones, in one query)."""
    groepniveau = plan.groepniveau
    if groepniveau is None:
        return [(None, list(onderdelen))] if onderdelen else []
    if bovenste is None:
        bovenste = koppelen(plan, list(plan.onderdelen.filter(niveau=groepniveau).order_by("pad")))
    groepen: dict = {}
    for onderdeel in onderdelen:
        sleutel = onderdeel.pad.split(".")[0]
        groepen.setdefault(sleutel, []).append(onderdeel)
    per_pad = {o.pad: o for o in bovenste}
    return [(per_pad.get(pad), leden) for pad, leden in groepen.items()]


def gerapporteerde_onderdelen(plan):
    """The items of the level the quarterly report goes by."""
    niveau = plan.rapportageniveau
    if niveau is None:
        return plan.onderdelen.none()
    return plan.onderdelen.filter(niveau=niveau)
