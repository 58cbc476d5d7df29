from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from agenda import opmaak as opmaak_module

register = template.Library()


@register.filter
def inline(tekst):
    """Inline markup only (*italic*, **bold**, ^sup^), for one list item or title."""
    return opmaak_module.inline(tekst or "")


@register.simple_tag
def opmaak(tekst, kopniveau=3):
    """A whole text in opmaak: paragraphs, bullet lists, sub-headings, the smiley legend.

    An item's page shows a score of texts that rarely change between requests: each is rendered
    once per language and process (the HTML follows from the text alone)."""
    return _opmaak(tekst or "", kopniveau, get_language())


@lru_cache(maxsize=1024)
def _opmaak(tekst, kopniveau, taal):
    return render_to_string(
        "partials/opmaak.html",
        {"blokken": opmaak_module.blokken(tekst), "kopniveau": kopniveau},
    )


@register.filter
def lijstblokken(items):
    """A theme's list grouped into paragraphs and (nested) bullet lists."""
    return opmaak_module.lijstblokken(items or [])
