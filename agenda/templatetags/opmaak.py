from django import template
from django.template.loader import render_to_string

from agenda import opmaak as opmaak_module

register = template.Library()


@register.filter
def inline(tekst):
    """Inline markup only (*italic*, **bold**, ^sup^), for one list item or title."""
    return opmaak_module.inline(tekst or "")


@register.simple_tag
def opmaak(tekst, kopniveau=3):
    """A whole text in opmaak: paragraphs, bullet lists, sub-headings, the smiley legend."""
    return render_to_string(
        "partials/opmaak.html",
        {"blokken": opmaak_module.blokken(tekst), "kopniveau": kopniveau},
    )


@register.filter
def lijstblokken(items):
    """A theme's list grouped into paragraphs and (nested) bullet lists."""
    return opmaak_module.lijstblokken(items or [])
