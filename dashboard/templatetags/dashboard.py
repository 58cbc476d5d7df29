"""Compact smileys for the dashboard: the faces are drawn once per page as SVG symbols, and each
cell refers to them (<use>) with its own accessible name. Same faces as rapportage's smiley tag:
the mouth (smile, straight line, frown) tells them apart without colour."""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dashboard.selectors import DIMENSIENAAM, DIMENSIES, KLEURNAAM
from rapportage.templatetags.smileys import MONDEN

register = template.Library()

KLEURCODE = {"groen": "#2e7d32", "oranje": "#b85c00", "rood": "#c62828"}
DIMENSIENAMEN = tuple(DIMENSIENAAM[d] for d in DIMENSIES)


@lru_cache(maxsize=64)
def _smiley(waarde: str, dimensie: str) -> str:
    kleur = waarde if waarde in KLEURCODE else "leeg"
    label = KLEURNAAM.get(waarde, KLEURNAAM[""])
    naam = f"{dimensie}: {label}" if dimensie else label
    return format_html(
        '<svg class="smiley smiley--{}" viewBox="0 0 32 32" role="img" aria-label="{}" '
        'focusable="false"><use href="#ds-smiley-{}"></use></svg>',
        kleur,
        naam,
        kleur,
    )


@register.simple_tag
def ds_smiley(waarde, dimensie=""):
    """One smiley, named “Tijd: oranje” for assistive technology."""
    return _smiley(waarde or "", str(dimensie))


@lru_cache(maxsize=512)
def _stand(smileys: tuple, verandering, compact: bool) -> str:
    cel = format_html_join(
        "", "{}", ((_smiley(s or "", n),) for n, s in zip(DIMENSIENAMEN, smileys, strict=True))
    )
    wijziging = ""
    if verandering:
        wijziging = format_html(
            '<span class="ds-verandering ds-verandering--{}"><span aria-hidden="true">{}</span>'
            '<span class="{}"> {}</span></span>',
            verandering.code,
            verandering.teken,
            "visually-hidden" if compact else "",
            verandering.code,
        )
    return format_html('<span class="ds-cel">{}{}</span>', cel, wijziging)


@register.simple_tag
def ds_stand(cel, compact=False):
    """One cell: its three smileys (Tijd, Kosten, Bijzonderheden) and the change. A dashboard
    shows hundreds of cells and they differ only in these values, so each variant is built once
    per process instead of rendering a template per cell."""
    return _stand(tuple(cel.smileys), cel.verandering, bool(compact))


@register.simple_tag
def ds_smiley_symbolen():
    """The faces, once per page; hidden itself, referred to by every ds_smiley."""
    delen = []
    for waarde, mond in MONDEN.items():
        delen.append(
            f'<symbol id="ds-smiley-{waarde}" viewBox="0 0 32 32">'
            f'<circle cx="16" cy="16" r="14.5" fill="{KLEURCODE[waarde]}" stroke="#1b1b1b" '
            'stroke-width="1"/><circle cx="11.5" cy="12.5" r="2" fill="#fff"/>'
            '<circle cx="20.5" cy="12.5" r="2" fill="#fff"/>'
            f'<path d="{mond}" fill="none" stroke="#fff" stroke-width="2.6" '
            'stroke-linecap="round"/></symbol>'
        )
    delen.append(
        '<symbol id="ds-smiley-leeg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" '
        'fill="#fff" stroke="#4a4a4a" stroke-width="1.5" stroke-dasharray="3 2.5"/>'
        '<path d="M12 20 H20" stroke="#4a4a4a" stroke-width="2" stroke-linecap="round"/></symbol>'
    )
    return mark_safe(
        '<svg class="ds-symbolen" aria-hidden="true" focusable="false" width="0" height="0">'
        + "".join(delen)
        + "</svg>"
    )


@register.filter
def kleurnaam(waarde):
    return KLEURNAAM.get(waarde or "", KLEURNAAM[""])
