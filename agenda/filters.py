"""Selecting items of a plan for a PDF: by top-level item, domain, gemeente, subregio, person.

django-filter does the parsing, validation and error messages of the query string, so the
download form, the view and `exporteer_pdf` share one definition of what a selection means.
Labels and choices come from the plan's own shape and words.
"""

import re

import django_filters
from django import forms
from django.db.models import Q

from .constants import KeuzelijstSoort
from .models import Onderdeel
from .selectors import gerapporteerde_onderdelen

GETAL = re.compile(r"[0-9]{1,9}", re.ASCII)


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

    # One spelling per value: what the user typed, matched to what the plan and region write.
    # A number matches a printed number when both are ASCII digits ("01" is group "1"): other
    # digits ("²", "٣") and runaway lengths are simply unknown, never converted.
    def _groep(self, waarde):
        waarde = str(waarde or "").strip().lower()
        if not waarde:
            return None
        getal = GETAL.fullmatch(waarde)
        return next(
            (
                g
                for g in self.groepen
                if g.code.lower() == waarde
                or (getal and GETAL.fullmatch(g.code) and int(g.code) == int(waarde))
            ),
            None,
        )

    def _domein(self, waarde):
        waarde = str(waarde or "").strip().lower()
        return next((d for d in self.domeinen if d.code.lower() == waarde), None)

    def _gemeente(self, waarde):
        waarde = str(waarde or "").strip().lower()
        return next((g for g in self.gemeenten if g.naam.lower() == waarde), None)

    def _subregio(self, waarde):
        waarde = str(waarde or "").strip().lower()
        return next((s for s in self.subregios if s.afkorting.lower() == waarde), None)

    def filter_groep(self, queryset, name, waarde):
        if not waarde:
            return queryset
        groep = self._groep(waarde)
        if groep is None:
            return queryset.none()
        return queryset.filter(pad__startswith=f"{groep.pad}.")

    def filter_domein(self, queryset, name, waarde):
        if not waarde:
            return queryset
        domein = self._domein(waarde)
        if domein is None:
            return queryset.none()
        return queryset.filter(domeinen=domein).distinct()

    def _geldt_voor_subregio(self, queryset, subregio):
        """Regional items apply to every gemeente; subregional ones to their subregion only."""
        return queryset.filter(Q(subregio__isnull=True) | Q(subregio=subregio))

    def _subregio_van(self, gemeente):
        deelname = gemeente.deelnames.filter(regio_id=self.plan.regio_id).first()
        return deelname.subregio if deelname else None

    def filter_gemeente(self, queryset, name, waarde):
        if not waarde:
            return queryset
        gemeente = self._gemeente(waarde)
        if gemeente is None:
            return queryset.none()
        return self._geldt_voor_subregio(queryset, self._subregio_van(gemeente))

    def filter_subregio(self, queryset, name, waarde):
        if not waarde:
            return queryset
        subregio = self._subregio(waarde)
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
        if (self.form.cleaned_data.get("gemeente") or "").strip():
            gemeente = self._gemeente(self.form.cleaned_data["gemeente"])
            return self._subregio_van(gemeente) if gemeente else None
        return self._subregio(self.form.cleaned_data.get("subregio"))

    def omschrijving(self) -> str:
        """The selection in words, for the title page: “Decentralisatie: Wmo; Gemeente: Weert”."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        delen = []
        for naam, veld in self.form.fields.items():
            waarde = (self.form.cleaned_data.get(naam) or "").strip()
            if not waarde:
                continue
            # As the plan and region spell it, not as typed.
            if naam == "domein":
                waarde = getattr(self._domein(waarde), "label", waarde)
            if naam == "groep":
                waarde = getattr(self._groep(waarde), "code", waarde)
            if naam == "subregio":
                waarde = getattr(self._subregio(waarde), "afkorting", waarde)
            if naam == "gemeente":
                waarde = getattr(self._gemeente(waarde), "naam", waarde)
            delen.append(f"{veld.label}: {waarde}")
        return "; ".join(delen)

    def genormaliseerd(self) -> dict:
        """The selection in one spelling (group "01" = "1", gemeente "weert" = "Weert", codes
        and names as the plan and region write them, a person's name folded): a valid
        selection's parameters, as a document is keyed and described by them."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        gegevens = self.form.cleaned_data
        gevonden = {
            "groep": (self._groep, "code"),
            "domein": (self._domein, "code"),
            "gemeente": (self._gemeente, "naam"),
            "subregio": (self._subregio, "afkorting"),
        }
        uit = {}
        for naam, (zoek, attribuut) in gevonden.items():
            waarde = (gegevens.get(naam) or "").strip()
            if waarde:
                uit[naam] = getattr(zoek(waarde), attribuut, waarde)
        persoon = " ".join((gegevens.get("persoon") or "").split()).casefold()
        if persoon:
            uit["persoon"] = persoon
        return uit

    def onbekende_waarden(self) -> list[str]:
        """Values that match nothing in the plan or region (a typo on the command line)."""
        fouten = []
        # A NUL is the form's to refuse ("Null-tekens zijn niet toegestaan"): PostgreSQL
        # refuses it in any query, so it is never looked up.
        data = {k: v for k, v in (self.data or {}).items() if "\x00" not in str(v)}
        velden = self.form.fields

        def ontbreekt(sleutel, zoek):
            return str(data.get(sleutel) or "").strip() and zoek(data[sleutel]) is None

        if "groep" in data and "groep" not in velden:
            fouten.append("dit plan heeft geen groepen")
        elif ontbreekt("groep", self._groep):
            fouten.append(f"onbekend {velden['groep'].label.lower()} {data['groep']!r}")
        if "domein" in data and "domein" not in velden:
            fouten.append("dit plan kent geen domeinen")
        elif ontbreekt("domein", self._domein):
            fouten.append(f"onbekende {velden['domein'].label.lower()} {data['domein']!r}")
        if ontbreekt("gemeente", self._gemeente):
            fouten.append(f"onbekende gemeente {data['gemeente']!r}")
        if ontbreekt("subregio", self._subregio):
            fouten.append(f"onbekende subregio {data['subregio']!r}")
        return fouten
