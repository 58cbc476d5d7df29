from django import template

from agenda import begroting, indicatoren, weergave

register = template.Library()


@register.filter
def cel(onderdeel, sectie):
    """One section of a child item, as a cell of its parent's table."""
    return weergave.celwaarde(onderdeel, sectie)


@register.filter
def verdeling(post):
    """The line's share per gemeente (agenda.begroting); `post.plan` is attached by the reader."""
    return begroting.verdeling(post, post.plan)


@register.filter
def lijngrafiek(indicator):
    return indicatoren.lijngrafiek(indicator)


@register.filter
def uitsplitsing(indicator):
    return indicatoren.uitsplitsing(indicator)


@register.filter
def euro(bedrag):
    """€ 2.500 or € 2.500,50, as Dutch documents write amounts."""
    if bedrag is None:
        return "–"
    heel = int(bedrag)
    centen = int(round((bedrag - heel) * 100))
    tekst = f"{heel:,}".replace(",", ".")
    return f"€ {tekst},{centen:02d}" if centen else f"€ {tekst}"


@register.filter
def lijstje(waarde):
    """One object as a list, to reuse a partial made for lists."""
    return [waarde]
