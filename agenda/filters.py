"""Selecting themes of a plan for a PDF: by speerpunt, decentralisatie, gemeente, subregio, trekker.

django-filter does the parsing, validation and error messages of the query string, so the
download form, the view and `exporteer_pdf` share one definition of what a selection means.
"""

import re

import django_filters
from django import forms
from django.db.models import Q

from .constants import Decentralisatie, ThemaRolSoort
from .models import Thema


class ThemaSelectie(django_filters.FilterSet):
    """A selection of a plan's themes. Pass the plan as `plan=` so choices stay in that region."""

    speerpunt = django_filters.NumberFilter(field_name="speerpunt__nummer", label="Speerpunt")
    decentralisatie = django_filters.ChoiceFilter(
        choices=Decentralisatie.choices,
        method="filter_decentralisatie",
        label="Decentralisatie",
        empty_label="Alle decentralisaties",
    )
    gemeente = django_filters.CharFilter(method="filter_gemeente", label="Gemeente")
    subregio = django_filters.CharFilter(method="filter_subregio", label="Subregio")
    trekker = django_filters.CharFilter(
        method="filter_trekker", label="Trekker", help_text="Naam of een deel van de naam."
    )

    class Meta:
        model = Thema
        fields = ["speerpunt", "decentralisatie", "gemeente", "subregio", "trekker"]

    def __init__(self, data=None, queryset=None, *, plan, **kwargs):
        self.plan = plan
        super().__init__(data, queryset if queryset is not None else plan.themas.all(), **kwargs)
        gemeenten = list(plan.regio.gemeenten.order_by("naam").values_list("naam", flat=True))
        subregios = list(plan.regio.subregios.order_by("afkorting"))
        self.form.fields["gemeente"].widget = forms.Select(
            choices=[("", "Alle gemeenten"), *((g, g) for g in gemeenten)]
        )
        self.form.fields["subregio"].widget = forms.Select(
            choices=[
                ("", "Alle subregio's"),
                *((s.afkorting, f"{s.naam} ({s.afkorting})") for s in subregios),
            ]
        )
        self.form.fields["speerpunt"].widget = forms.Select(
            choices=[
                ("", "Alle speerpunten"),
                *((s.nummer, f"{s.nummer}. {s.titel}") for s in plan.speerpunten.all()),
            ]
        )

    def filter_decentralisatie(self, queryset, name, waarde):
        return queryset.filter(**{waarde: True}) if waarde else queryset

    def _geldt_voor_subregio(self, queryset, subregio):
        """Regional themes apply to every gemeente; subregional ones to their subregion only."""
        return queryset.filter(Q(subregio__isnull=True) | Q(subregio=subregio))

    def filter_gemeente(self, queryset, name, waarde):
        if not waarde:
            return queryset
        gemeente = self.plan.regio.gemeenten.filter(naam__iexact=waarde.strip()).first()
        if gemeente is None:
            return queryset.none()
        return self._geldt_voor_subregio(queryset, gemeente.subregio)

    def filter_subregio(self, queryset, name, waarde):
        if not waarde:
            return queryset
        subregio = self.plan.regio.subregios.filter(afkorting__iexact=waarde.strip()).first()
        if subregio is None:
            return queryset.none()
        return self._geldt_voor_subregio(queryset, subregio)

    def filter_trekker(self, queryset, name, waarde):
        if not waarde:
            return queryset
        return queryset.filter(
            rollen__rol=ThemaRolSoort.TREKKER, rollen__persoon__naam__icontains=waarde.strip()
        ).distinct()

    def gekozen_subregio(self):
        """The subregion a selection by gemeente or subregio points at, else None."""
        if not self.is_bound or not self.form.is_valid():
            return None
        gemeente = (self.form.cleaned_data.get("gemeente") or "").strip()
        if gemeente:
            gevonden = self.plan.regio.gemeenten.filter(naam__iexact=gemeente).first()
            return gevonden.subregio if gevonden else None
        afkorting = (self.form.cleaned_data.get("subregio") or "").strip()
        if afkorting:
            return self.plan.regio.subregios.filter(afkorting__iexact=afkorting).first()
        return None

    def omschrijving(self) -> str:
        """The selection in words, for the title page: “Decentralisatie: Wmo; Gemeente: Weert”."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        delen = []
        for naam, veld in self.form.fields.items():
            waarde = self.form.cleaned_data.get(naam)
            if waarde in (None, ""):
                continue
            if naam == "decentralisatie":
                waarde = Decentralisatie(waarde).label
            if naam == "speerpunt":
                waarde = int(waarde)
            if naam == "subregio":  # as the region spells it, not as typed
                subregio = self.plan.regio.subregios.filter(afkorting__iexact=waarde.strip())
                waarde = next((s.afkorting for s in subregio), waarde)
            if naam == "gemeente":
                gemeente = self.plan.regio.gemeenten.filter(naam__iexact=waarde.strip())
                waarde = next((g.naam for g in gemeente), waarde)
            delen.append(f"{veld.label}: {waarde}")
        return "; ".join(delen)

    def genormaliseerd(self) -> dict:
        """The selection in one spelling (speerpunt 1 = "01", gemeente "weert" = "Weert",
        names as the region writes them, trekker text folded): a valid selection's parameters
        as a document is keyed and described by them."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        gegevens = self.form.cleaned_data
        uit = {}
        if gegevens.get("speerpunt") is not None:
            uit["speerpunt"] = int(gegevens["speerpunt"])
        if gegevens.get("decentralisatie"):
            uit["decentralisatie"] = gegevens["decentralisatie"]
        gemeente = (gegevens.get("gemeente") or "").strip()
        if gemeente:
            gevonden = self.plan.regio.gemeenten.filter(naam__iexact=gemeente).first()
            uit["gemeente"] = gevonden.naam if gevonden else gemeente
        subregio = (gegevens.get("subregio") or "").strip()
        if subregio:
            gevonden = self.plan.regio.subregios.filter(afkorting__iexact=subregio).first()
            uit["subregio"] = gevonden.afkorting if gevonden else subregio
        trekker = " ".join((gegevens.get("trekker") or "").split()).casefold()
        if trekker:
            uit["trekker"] = trekker
        return uit

    def onbekende_waarden(self) -> list[str]:
        """Names that match nothing in the region (a typo on the command line), in Dutch."""
        fouten = []
        # A NUL is the form's to refuse ("Null-tekens zijn niet toegestaan"): PostgreSQL
        # refuses it in any query, so it is never looked up.
        data = {k: v for k, v in (self.data or {}).items() if "\x00" not in str(v)}
        if (
            data.get("gemeente")
            and not self.plan.regio.gemeenten.filter(naam__iexact=data["gemeente"].strip()).exists()
        ):
            fouten.append(f"onbekende gemeente {data['gemeente']!r}")
        if (
            data.get("subregio")
            and not self.plan.regio.subregios.filter(
                afkorting__iexact=data["subregio"].strip()
            ).exists()
        ):
            fouten.append(f"onbekende subregio {data['subregio']!r}")
        # ASCII digits only: "²".isdigit() is true, yet no database takes it as a number.
        speerpunt = str(data.get("speerpunt") or "").strip()
        if speerpunt and not re.fullmatch(r"[0-9]{1,4}", speerpunt):
            fouten.append(f"speerpunt moet een volgnummer zijn, niet {data['speerpunt']!r}")
        elif speerpunt and not self.plan.speerpunten.filter(nummer=int(speerpunt)).exists():
            fouten.append(f"onbekend speerpunt {data['speerpunt']}")
        return fouten
