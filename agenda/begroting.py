"""Who pays what: a budget line's share per gemeente, computed, never typed.

"Naar rato" shares go by the inhabitants of the region's gemeenten on the line's reference date,
rounded to cents so that the shares add up to the amount exactly (largest remainder)."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Prefetch, Sum

from regio.constants import DeelnameRol
from regio.models import Deelname, Inwonertal

from .constants import Verdeling

CENT = Decimal("0.01")


@dataclass
class Aandeel:
    gemeente: object
    bedrag: Decimal | None
    inwoners: int | None = None


@dataclass
class Verdeelstaat:
    aandelen: list[Aandeel]
    fout: str = ""  # why the line cannot be shared, in Dutch


def deelnames(plan) -> list:
    """The region's gemeenten (with role and inhabitant counts), read once per plan object."""
    if not hasattr(plan, "_deelnames"):
        plan._deelnames = list(
            Deelname.objects.filter(regio_id=plan.regio_id)
            .select_related("gemeente")
            .prefetch_related(
                Prefetch(
                    "gemeente__inwonertallen", queryset=Inwonertal.objects.order_by("-peildatum")
                )
            )
            .order_by("gemeente__naam")
        )
    return plan._deelnames


def inwoners_op(gemeente, peildatum) -> int | None:
    """From prefetched counts (newest first): the latest on or before the reference date."""
    return next((t.aantal for t in gemeente.inwonertallen.all() if t.peildatum <= peildatum), None)


def verdeling(post, plan) -> Verdeelstaat:
    if post.verdeling == Verdeling.GEEN or post.bedrag is None:
        return Verdeelstaat([])
    if post.verdeling == Verdeling.PER_GEMEENTE:
        return Verdeelstaat([Aandeel(b.gemeente, b.bedrag) for b in post.bijdragen.all()])
    if post.verdeling == Verdeling.CENTRUMGEMEENTE:
        centrum = next(
            (d.gemeente for d in deelnames(plan) if d.rol == DeelnameRol.CENTRUMGEMEENTE), None
        )
        if centrum is None:
            return Verdeelstaat([], "De regio heeft geen centrumgemeente.")
        return Verdeelstaat([Aandeel(centrum, post.bedrag)])
    return _naar_rato(post, plan)


def _naar_rato(post, plan) -> Verdeelstaat:
    gemeenten = [d.gemeente for d in deelnames(plan)]
    tellingen = [(g, inwoners_op(g, post.peildatum)) for g in gemeenten]
    zonder = [g.naam for g, aantal in tellingen if aantal is None]
    if not gemeenten:
        return Verdeelstaat([], "De regio heeft geen gemeenten.")
    if zonder:
        return Verdeelstaat(
            [Aandeel(g, None, aantal) for g, aantal in tellingen],
            f"Geen inwonertal op {post.peildatum:%d-%m-%Y} voor {', '.join(zonder)}.",
        )
    totaal = sum(aantal for _g, aantal in tellingen)
    exact = [post.bedrag * aantal / totaal for _g, aantal in tellingen]
    afgerond = [x.quantize(CENT, rounding=ROUND_DOWN) for x in exact]
    over = int((post.bedrag - sum(afgerond)) / CENT)
    volgorde = sorted(range(len(exact)), key=lambda i: exact[i] - afgerond[i], reverse=True)
    for i in volgorde[:over]:
        afgerond[i] += CENT
    return Verdeelstaat(
        [
            Aandeel(g, bedrag, aantal)
            for (g, aantal), bedrag in zip(tellingen, afgerond, strict=True)
        ]
    )


@dataclass
class Reservestand:
    reserve: object
    vastgelegd: Decimal
    resterend: Decimal


def reservestanden(plan) -> list[Reservestand]:
    """Per reserve: what the plan's budget lines commit and what is left."""
    standen = []
    for reserve in plan.reserves.annotate(vastgelegd=Sum("posten__bedrag")).order_by("naam"):
        vastgelegd = reserve.vastgelegd or Decimal(0)
        standen.append(Reservestand(reserve, vastgelegd, reserve.saldo - vastgelegd))
    return standen
