"""Selecting items of a plan for a PDF: by top-level item, domain, gemeente, subregio, person.

django-filter does the parsing, validation and error messages of the query string, so the
download form, the view and `exporteer_pdf` share one definition of what a selection means.
Labels and choices come from the plan's own shape and words.
"""

import django_filters
from django import forms
from django.db.models import Q

from .constants import KeuzelijstSoort
from .models import Onderdeel
from .selectors import gerapporteerde_onderdelen


class OnderdeelSelectie(django_filters.FilterSet):
    """A selection of a plan's reported items. Pass the plan as `plan=`."""

    groep = django_filters.CharFilter(method="filter_groep", label="Groep")
    domein = django_filters.CharFilter(method="filter_domein", label="Domein")
    gemeente = django_filters.CharFilter(method="filter_gemeente", label="Gemeente")
    subregio = django_filters.CharFilter(method="filter_subregio", label="Subregio")
    persoon = django_filters.CharFilter(
        method="filter_persoon", label="Trekker", help_text="Naam of een deel van de naam."
    )

    class Meta:
        model = Onderdeel
        fields = ["groep", "domein", "gemeente", "subregio", "persoon"]

    def __init__(self, data=None, queryset=None, *, plan, **kwargs):
        self.plan = plan
        if queryset is None:
            queryset = gerapporteerde_onderdelen(plan)
        super().__init__(data, queryset, **kwargs)
        velden = self.form.fields
        self.groepen = (
            list(plan.onderdelen.filter(niveau=plan.groepniveau).order_by("pad"))
            if plan.groepniveau
            else []
        )
        self.domeinen = plan.lijstwaarden(KeuzelijstSoort.DOMEIN)
        self.gemeenten = list(plan.regio.gemeenten.order_by("naam"))
        self.subregios = list(plan.regio.subregios.order_by("afkorting"))
        if plan.groepniveau:
            velden["groep"].label = plan.groepniveau.naam
            velden["groep"].widget = forms.Select(
                choices=[
                    ("", f"Alle {plan.groepniveau.klein_meervoud}"),
                    *((g.code, str(g)) for g in self.groepen),
                ]
            )
        else:
            del velden["groep"]
        if self.domeinen:
            lijst = plan.lijst(KeuzelijstSoort.DOMEIN)
            velden["domein"].label = lijst.naam
            velden["domein"].widget = forms.Select(
                choices=[
                    ("", f"Alle {(lijst.meervoud or lijst.naam).lower()}"),
                    *((d.code, d.label) for d in self.domeinen),
                ]
            )
        else:
            del velden["domein"]
        if self.gemeenten:
            velden["gemeente"].widget = forms.Select(
                choices=[("", "Alle gemeenten"), *((g.naam, g.naam) for g in self.gemeenten)]
            )
        else:
            del velden["gemeente"]
        if self.subregios:
            velden["subregio"].widget = forms.Select(
                choices=[
                    ("", "Alle subregio's"),
                    *((s.afkorting, f"{s.naam} ({s.afkorting})") for s in self.subregios),
                ]
            )
        else:
            del velden["subregio"]
        leidend = next((r for r in plan.lijstwaarden(KeuzelijstSoort.ROL) if r.leidend), None)
        if leidend is not None:
            velden["persoon"].label = leidend.label
        else:
            del velden["persoon"]

    def filter_groep(self, queryset, name, waarde):
        if not waarde:
            return queryset
        groep = next((g for g in self.groepen if g.code.lower() == waarde.strip().lower()), None)
        if groep is None:
            return queryset.none()
        return queryset.filter(pad__startswith=f"{groep.pad}.")

    def filter_domein(self, queryset, name, waarde):
        if not waarde:
            return queryset
        return queryset.filter(domeinen__code__iexact=waarde.strip()).distinct()

    def _geldt_voor_subregio(self, queryset, subregio):
        """Regional items apply to every gemeente; subregional ones to their subregion only."""
        return queryset.filter(Q(subregio__isnull=True) | Q(subregio=subregio))

    def _subregio_van(self, gemeente):
        deelname = gemeente.deelnames.filter(regio_id=self.plan.regio_id).first()
        return deelname.subregio if deelname else None

    def filter_gemeente(self, queryset, name, waarde):
        if not waarde:
            return queryset
        gemeente = next(
            (g for g in self.gemeenten if g.naam.lower() == waarde.strip().lower()), None
        )
        if gemeente is None:
            return queryset.none()
        return self._geldt_voor_subregio(queryset, self._subregio_van(gemeente))

    def filter_subregio(self, queryset, name, waarde):
        if not waarde:
            return queryset
        subregio = next(
            (s for s in self.subregios if s.afkorting.lower() == waarde.strip().lower()), None
        )
        if subregio is None:
            return queryset.none()
        return self._geldt_voor_subregio(queryset, subregio)

    def filter_persoon(self, queryset, name, waarde):
        if not waarde:
            return queryset
        return queryset.filter(
            rollen__soort__leidend=True, rollen__persoon__naam__icontains=waarde.strip()
        ).distinct()

    def gekozen_subregio(self):
        """The subregion a selection by gemeente or subregio points at, else None."""
        if not self.is_bound or not self.form.is_valid():
            return None
        naam = (self.form.cleaned_data.get("gemeente") or "").strip().lower()
        if naam:
            gemeente = next((g for g in self.gemeenten if g.naam.lower() == naam), None)
            return self._subregio_van(gemeente) if gemeente else None
        afkorting = (self.form.cleaned_data.get("subregio") or "").strip().lower()
        if afkorting:
            return next((s for s in self.subregios if s.afkorting.lower() == afkorting), None)
        return None

    def omschrijving(self) -> str:
        """The selection in words, for the title page: “Decentralisatie: Wmo; Gemeente: Weert”."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        delen = []
        for naam, veld in self.form.fields.items():
            waarde = (self.form.cleaned_data.get(naam) or "").strip()
            if not waarde:
                continue
            if naam == "domein":
                waarde = next(
                    (d.label for d in self.domeinen if d.code.lower() == waarde.lower()), waarde
                )
            if naam == "groep":
                waarde = next(
                    (g.code for g in self.groepen if g.code.lower() == waarde.lower()), waarde
                )
            if naam == "subregio":  # as the region spells it, not as typed
                waarde = next(
                    (s.afkorting for s in self.subregios if s.afkorting.lower() == waarde.lower()),
                    waarde,
                )
            if naam == "gemeente":
                waarde = next(
                    (g.naam for g in self.gemeenten if g.naam.lower() == waarde.lower()), waarde
                )
            delen.append(f"{veld.label}: {waarde}")
        return "; ".join(delen)

    def onbekende_waarden(self) -> list[str]:
        """Values that match nothing in the plan or region (a typo on the command line)."""
        fouten = []
        data = self.data or {}
        velden = self.form.fields

        def ontbreekt(sleutel, bekend):
            waarde = str(data.get(sleutel) or "").strip().lower()
            return waarde and waarde not in {b.lower() for b in bekend}

        if "groep" in data and "groep" not in velden:
            fouten.append("dit plan heeft geen groepen")
        elif ontbreekt("groep", [g.code for g in self.groepen]):
            fouten.append(f"onbekend {velden['groep'].label.lower()} {data['groep']!r}")
        if "domein" in data and "domein" not in velden:
            fouten.append("dit plan kent geen domeinen")
        elif ontbreekt("domein", [d.code for d in self.domeinen]):
            fouten.append(f"onbekende {velden['domein'].label.lower()} {data['domein']!r}")
        if ontbreekt("gemeente", [g.naam for g in self.gemeenten]):
            fouten.append(f"onbekende gemeente {data['gemeente']!r}")
        if ontbreekt("subregio", [s.afkorting for s in self.subregios]):
            fouten.append(f"onbekende subregio {data['subregio']!r}")
        return fouten
