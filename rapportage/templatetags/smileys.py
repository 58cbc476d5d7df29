from django import template
from django.template.loader import render_to_string

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
    """
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
