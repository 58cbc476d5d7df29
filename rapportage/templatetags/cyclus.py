"""Template tags of the reporting cycle's forms."""

from django import template

register = template.Library()

# What a policy officer types and what the report shows for it, rendered by the same code as
# every report text (agenda.opmaak), so the help cannot drift from what is printed.
OPMAAKVOORBEELDEN = [
    ("Cursief", "De *nulmeting* is klaar."),
    ("Vet", "Let op: **besluit nodig** in het college."),
    ("Opsomming", "Afgerond:\n\n- de inventarisatie\n- het plan van aanpak"),
    ("Nieuwe alinea", "Eerste alinea.\n\nTweede alinea na een lege regel."),
]


@register.inclusion_tag("partials/opmaakhulp.html")
def opmaakhulp(voorbeeldknop=False):
    return {"voorbeelden": OPMAAKVOORBEELDEN, "voorbeeldknop": voorbeeldknop}


@register.filter
def dictitem(woordenboek, sleutel):
    return (woordenboek or {}).get(sleutel)
