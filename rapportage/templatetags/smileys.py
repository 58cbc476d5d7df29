from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from rapportage.constants import SMILEY_BETEKENIS, Smiley

register = template.Library()

# The mouth tells the three apart without colour: a smile, a straight line, a frown.
MONDEN = {
    Smiley.GROEN: "M10 19.5 Q16 25.5 22 19.5",
    Smiley.ORANJE: "M10.5 21 H21.5",
    Smiley.ROOD: "M10 23.5 Q16 17.5 22 23.5",
}


def smiley_label(waarde, dimensie=None):
    if waarde in MONDEN:
        label = f"{Smiley(waarde).label}: {SMILEY_BETEKENIS[Smiley(waarde)].lower()}"
    else:
        label = "Nog niet gerapporteerd"
    return f"{dimensie}: {label}" if dimensie else label


@register.simple_tag
def smiley(waarde, dimensie=None, groot=False, decoratief=False, naam=""):
    """An inline SVG smiley with its accessible name in <title> (which also reaches a PDF's /Alt).

    `decoratief` hides it from assistive technology where adjacent text already says the same;
    a PDF has no such hiding (WeasyPrint tags every image as a figure), so where the text says
    it already, `naam` gives a short name instead ("Smiley groen").
    A page shows hundreds of them in a handful of variants, so each variant is rendered once per
    language and process.
    """
    return _smiley(
        waarde or "", str(dimensie) if dimensie else "", groot, decoratief, naam, get_language()
    )


@lru_cache(maxsize=256)
def _smiley(waarde, dimensie, groot, decoratief, naam, taal):
    return render_to_string(
        "partials/smiley.html",
        {
            "kleur": waarde if waarde in MONDEN else "",
            "mond": MONDEN.get(waarde, ""),
            "label": naam or smiley_label(waarde, dimensie),
            "groot": groot,
            "decoratief": decoratief,
        },
    )


@register.simple_tag
def smileylegenda():
    return render_to_string(
        "partials/smileylegenda.html",
        {"legenda": [(s.value, s.label, SMILEY_BETEKENIS[s]) for s in MONDEN]},
    )


# Statuses told apart by shape as well as by word, never by colour alone: each has an icon.
STATUSICONEN = {
    "concept": '<circle cx="8" cy="8" r="5.5" fill="none" stroke-dasharray="2.2 1.8"/>',
    "ingediend": '<path d="M2.5 8h9M8 4l4 4-4 4" fill="none"/>',
    "teruggestuurd": '<path d="M8 1.8 15 14H1Z" fill="none"/><path d="M8 6v4M8 11.8v.4"/>',
    "goedgekeurd": '<path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none"/>',
    "vastgesteld": '<rect x="3" y="7" width="10" height="7.5" fill="none"/>'
    '<path d="M5.2 7V5a2.8 2.8 0 0 1 5.6 0v2" fill="none"/>',
    "niet_gerapporteerd": '<rect x="1.5" y="1.5" width="13" height="13" fill="none"/>'
    '<path d="M4.5 8h7"/>',
    "overgenomen": '<rect x="5" y="5" width="9.5" height="9.5" fill="none"/>'
    '<path d="M2 11V2h9" fill="none"/>',
}
STATUSLABELS = {
    "concept": "Concept",
    "ingediend": "Ingediend",
    "teruggestuurd": "Teruggestuurd",
    "goedgekeurd": "Goedgekeurd",
    "vastgesteld": "Vastgesteld",
    "niet_gerapporteerd": "Niet gerapporteerd",
    "overgenomen": "Overgenomen",
}


@register.simple_tag
def statusicoon(status, label=None, groot=False):
    """The shape of a status, as an inline SVG; with `label` its accessible name, else
    decorative (the text beside it says it)."""
    vorm = STATUSICONEN.get(status, STATUSICONEN["concept"])
    klasse = f"ta-statusicoon ta-statusicoon--{status}" + (
        " ta-statusicoon--groot" if groot else ""
    )
    toegankelijk = (
        format_html('role="img" aria-label="{}"><title>{}</title>', label, label)
        if label
        else mark_safe('aria-hidden="true">')
    )
    return format_html(
        '<svg class="{}" viewBox="0 0 16 16" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg" stroke="currentColor" stroke-width="1.8" '
        'stroke-linecap="round" stroke-linejoin="round" {}{}</svg>',
        klasse,
        toegankelijk,
        mark_safe(vorm),
    )


@register.inclusion_tag("partials/status.html")
def status(rapport):
    """A report's status as a badge: icon, word, and (for a copy) where it comes from."""
    waarde = rapport.weergavestatus
    label = STATUSLABELS.get(waarde, waarde)
    if waarde == "overgenomen" and rapport.overgenomen_uit_id:
        label = f"Overgenomen uit {rapport.overgenomen_uit.kwartaalnaam}"
    return {"waarde": waarde, "label": label}
