"""Shared parts of the admin (beheer) that every app's admin uses."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


class TabelFormSet(BaseInlineFormSet):
    """A table of rows in the admin shows each label once, as a column heading, so no field has a
    label of its own; each field gets its heading and row as its name for screen readers
    (WCAG 1.3.1 and 4.1.2), the heading first so speech input finds it by what it sees."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        rij = "nieuwe rij" if index is None else f"rij {index + 1}"
        for naam, veld in form.fields.items():
            widget = veld.widget
            if widget.is_hidden:
                continue
            # RelatedFieldWidgetWrapper shares its attrs with the widget it wraps across copies:
            # name the innermost widget, which each row's form holds a copy of.
            while hasattr(widget, "widget"):
                widget = widget.widget
            widget.attrs["aria-label"] = f"{capfirst(veld.label or naam)}, {rij}"


class TabelInline(admin.TabularInline):
    formset = TabelFormSet
