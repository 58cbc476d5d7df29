"""How an item's three smileys changed between two quarters: used by the filters and the
dashboards alike (in its own module so that neither imports the other)."""

from rapportage.constants import Dimensie
from rapportage.models import ThemaRapportage
from rapportage.selectors import BETER, GELIJK, SLECHTER, Verandering, verandering

DIMENSIES = list(Dimensie)
RAPPORTVELDEN = (
    "periode_id",
    "onderdeel_id",
    "status",
    "tijd_smiley",
    "kosten_smiley",
    "bijzonderheden_smiley",
)


def smileys_van(rapport: dict | None) -> tuple[str, str, str]:
    if rapport is None:
        return ("", "", "")
    return tuple(rapport[f"{d.value}_smiley"] for d in DIMENSIES)


def totale_verandering(nu: tuple, vorig: tuple) -> Verandering | None:
    """An item's change over its three smileys: worse if any got worse, better if any got better
    and none worse, the same if all comparable ones stayed; None when nothing can be compared."""
    per_dimensie = [verandering(a, b) for a, b in zip(nu, vorig, strict=True)]
    vergeleken = [v for v in per_dimensie if v is not None]
    if not vergeleken:
        return None
    if SLECHTER in vergeleken:
        return SLECHTER
    if BETER in vergeleken:
        return BETER
    return GELIJK


def onderdelen_met_verandering(peil, vorige, code: str) -> list[int]:
    """Ids of the items whose reports changed this way between two quarters (one query)."""
    per_onderdeel: dict[int, dict] = {}
    for rapport in ThemaRapportage.objects.filter(periode__in=[peil, vorige]).values(
        *RAPPORTVELDEN
    ):
        per_onderdeel.setdefault(rapport["onderdeel_id"], {})[rapport["periode_id"]] = rapport
    ids = []
    for onderdeel_id, rapporten in per_onderdeel.items():
        wijziging = totale_verandering(
            smileys_van(rapporten.get(peil.pk)), smileys_van(rapporten.get(vorige.pk))
        )
        if wijziging is not None and wijziging.code == code:
            ids.append(onderdeel_id)
    return ids
