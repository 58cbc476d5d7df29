"""The dashboard's filters: every one combinable, all of them in the query string.

The names and values of groep, domein, gemeente and subregio are those of the PDF selection
(agenda.filters), with the same meaning, so a dashboard view can be taken along as PDF. Labels and
choices are the plan's own (its level names and lists).
"""

import django_filters
from django.db.models import Q

from agenda.constants import KeuzelijstSoort
from agenda.models import Onderdeel, Overlegstructuur, Rol
from agenda.selectors import gerapporteerde_onderdelen, koppelen
from rapportage.constants import Dimensie, Smiley
from rapportage.models import ThemaRapportage
from regio.models import Persoon

NIET_GERAPPORTEERD = "geen"
SMILEYKEUZES = [*Smiley.choices[1:], (NIET_GERAPPORTEERD, "Nog niet gerapporteerd")]
VERANDERINGEN = [
    ("slechter", "Slechter dan het kwartaal ervoor"),
    ("beter", "Beter dan het kwartaal ervoor"),
    ("gelijk", "Gelijk aan het kwartaal ervoor"),
]
KWARTALEN_TONEN = [("4", "Laatste 4 kwartalen"), ("8", "Laatste 8 kwartalen"), ("alle", "Alle")]
STANDAARD_KWARTALEN = 4
DIMENSIE_KORT = {
    Dimensie.TIJD: "Tijd",
    Dimensie.KOSTEN: "Kosten",
    Dimensie.BIJZONDERHEDEN: "Bijzonderheden",
}


def _keuze(label, choices=(), method=None, help_text="", empty_label="Alle"):
    return django_filters.ChoiceFilter(
        label=label,
        choices=list(choices),
        method=method,
        empty_label=empty_label,
        help_text=help_text,
    )


def leidende_rollen(plan):
    """The roles that fill in the report (trekker, 1e aanspreekpersoon): the people the
    dashboard follows."""
    return [w for w in plan.lijstwaarden(KeuzelijstSoort.ROL) if w.rapporteert]


class DashboardFilter(django_filters.FilterSet):
    """A selection of one plan's reported items, and which quarter the smiley and change filters
    look at.

    Pass the plan as `plan=` and its readable periods, oldest first, as `perioden=`: choices are
    built from lists, so a bound filter costs one query per list whatever is selected.
    """

    groep = _keuze("Groep", method="filter_groep", empty_label="Alle")
    domein = _keuze("Domein", method="filter_domein", empty_label="Alle")
    schaal = _keuze("Schaal", method="filter_schaal", empty_label="Alle schalen")
    prioriteit = _keuze("Prioriteit", method="filter_prioriteit", empty_label="Alle")
    persoon = _keuze("Trekker", method="filter_persoon", empty_label="Iedereen")
    subregio = _keuze("Subregio", method="filter_subregio", empty_label="Alle subregio's")
    gemeente = _keuze("Gemeente", method="filter_gemeente", empty_label="Alle gemeenten")
    overleg = _keuze("Op de agenda van overleg", method="filter_overleg", empty_label="Elk overleg")
    tijd = _keuze("Smiley tijd", SMILEYKEUZES, method="filter_smiley", empty_label="Elke kleur")
    kosten = _keuze("Smiley kosten", SMILEYKEUZES, method="filter_smiley", empty_label="Elke kleur")
    bijzonderheden = _keuze(
        "Smiley bijzonderheden", SMILEYKEUZES, method="filter_smiley", empty_label="Elke kleur"
    )
    verandering = _keuze(
        "Verandering",
        VERANDERINGEN,
        method="filter_verandering",
        empty_label="Elke verandering",
        help_text="Slechter: minstens één smiley slechter. Beter: minstens één beter en geen slechter.",
    )
    kwartaal = _keuze(
        "Peilkwartaal",
        method="filter_niets",
        empty_label="Laatste kwartaal",
        help_text="Het kwartaal waarop de smiley- en veranderingsfilters en de aandachtslijst kijken.",
    )
    kwartalen = _keuze(
        "Kwartalen in beeld", KWARTALEN_TONEN, method="filter_niets", empty_label=None
    )

    class Meta:
        model = Onderdeel
        fields = []

    def __init__(self, data=None, queryset=None, *, plan, perioden, **kwargs):
        self.plan = plan
        self.perioden = list(perioden)
        if queryset is None:
            queryset = gerapporteerde_onderdelen(plan)
        super().__init__(data, queryset, **kwargs)
        self.subregios = {s.afkorting: s for s in plan.regio.subregios.all()}
        self.deelnames = {
            d.gemeente.naam: d for d in plan.regio.deelnames.select_related("gemeente")
        }
        self.rollen = leidende_rollen(plan)
        keuzes = {}
        groepniveau = plan.groepniveau
        if groepniveau is not None:
            # With the plan's levels attached: naming a group asks the database nothing more.
            self.groepen = koppelen(
                plan, list(plan.onderdelen.filter(niveau=groepniveau).order_by("pad"))
            )
            keuzes["groep"] = (
                groepniveau.naam,
                [(g.code, str(g)) for g in self.groepen],
                f"Alle {groepniveau.klein_meervoud}",
            )
        for naam, soort in [
            ("domein", KeuzelijstSoort.DOMEIN),
            ("schaal", KeuzelijstSoort.SCHAAL),
            ("prioriteit", KeuzelijstSoort.PRIORITEIT),
        ]:
            lijst = plan.lijst(soort)
            if lijst is not None and lijst.waarden.all():
                keuzes[naam] = (
                    lijst.naam,
                    [(w.code, w.label) for w in lijst.waarden.all()],
                    f"Alle {lijst.meervoud.lower()}" if lijst.meervoud else None,
                )
        if self.rollen:
            personen = (
                Persoon.objects.filter(rollen__onderdeel__plan=plan, rollen__soort__in=self.rollen)
                .distinct()
                .order_by("naam")
                .values_list("pk", "naam")
            )
            label = " of ".join(r.label for r in self.rollen)
            keuzes["persoon"] = (
                label[:1].upper() + label[1:],
                [(str(pk), naam) for pk, naam in personen],
                None,
            )
        if self.subregios:
            keuzes["subregio"] = (
                None,
                [(s.afkorting, str(s)) for s in self.subregios.values()],
                None,
            )
        if self.deelnames:
            keuzes["gemeente"] = (None, [(naam, naam) for naam in sorted(self.deelnames)], None)
        overleggen = Overlegstructuur.objects.filter(sectie__plan=plan).order_by(
            "sectie__volgorde", "volgorde"
        )
        keuzes["overleg"] = (
            None,
            [(str(o.pk), f"{o.nummer} {o.naam}") for o in overleggen.only("pk", "nummer", "naam")],
            None,
        )
        for naam in [
            "groep",
            "domein",
            "schaal",
            "prioriteit",
            "persoon",
            "subregio",
            "gemeente",
            "overleg",
        ]:
            if naam not in keuzes or not keuzes[naam][1]:
                del self.filters[naam]
                continue
            label, choices, leeg = keuzes[naam]
            self.filters[naam].extra["choices"] = choices
            if label:
                self.filters[naam].label = label
            if leeg:
                self.filters[naam].extra["empty_label"] = leeg
        velden = self.form.fields
        velden["kwartaal"].choices = [*((p.code, p.naam) for p in reversed(self.perioden))]
        velden["kwartalen"].choices = KWARTALEN_TONEN
        velden["kwartalen"].required = False

    # The quarter every smiley filter, change filter and the attention list look at.
    def peilperiode(self):
        code = self._waarde("kwartaal")
        for periode in self.perioden:
            if periode.code == code:
                return periode
        return self.perioden[-1] if self.perioden else None

    def vorige_periode(self):
        peil = self.peilperiode()
        if peil is None:
            return None
        index = self.perioden.index(peil)
        return self.perioden[index - 1] if index > 0 else None

    def getoonde_perioden(self):
        """The quarters shown as columns: the last N up to and including the peilkwartaal."""
        peil = self.peilperiode()
        if peil is None:
            return []
        tot = self.perioden.index(peil) + 1
        aantal = self._waarde("kwartalen") or str(STANDAARD_KWARTALEN)
        if aantal == "alle":
            return self.perioden[:tot]
        return self.perioden[max(0, tot - int(aantal)) : tot]

    def _geldig(self) -> dict:
        """The filters that are valid. An invalid one (a tampered or outdated link) is shown as
        an error and left out; the valid ones still apply, as django-filter's queryset does."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def _waarde(self, naam):
        return self._geldig().get(naam) or ""

    def actieve_filters(self) -> list[tuple[str, str]]:
        """The chosen filters in words: (label, chosen option)."""
        if not self._geldig():
            return []
        actief = []
        for naam, veld in self.form.fields.items():
            waarde = self.form.cleaned_data.get(naam)
            if not waarde or naam == "kwartalen":
                continue
            keuze = dict(veld.choices).get(waarde, waarde)
            actief.append((str(veld.label), str(keuze)))
        return actief

    # Filter methods. Each narrows by primary key so joins never duplicate items.
    def filter_niets(self, queryset, name, waarde):
        return queryset

    def filter_groep(self, queryset, name, waarde):
        groep = next((g for g in self.groepen if g.code == waarde), None)
        return queryset.filter(pad__startswith=f"{groep.pad}.") if groep else queryset.none()

    def filter_domein(self, queryset, name, waarde):
        return queryset.filter(
            pk__in=Onderdeel.domeinen.through.objects.filter(lijstwaarde__code=waarde).values(
                "onderdeel_id"
            )
        )

    def filter_schaal(self, queryset, name, waarde):
        return queryset.filter(schaal__code=waarde)

    def filter_prioriteit(self, queryset, name, waarde):
        return queryset.filter(prioriteit__code=waarde)

    def filter_persoon(self, queryset, name, waarde):
        rollen = Rol.objects.filter(persoon_id=int(waarde), soort__in=self.rollen)
        return queryset.filter(pk__in=rollen.values("onderdeel_id"))

    def _geldt_voor_subregio(self, queryset, subregio_id):
        """As the PDF selection: regional items apply everywhere, subregional ones locally."""
        return queryset.filter(Q(subregio__isnull=True) | Q(subregio_id=subregio_id))

    def filter_subregio(self, queryset, name, waarde):
        return self._geldt_voor_subregio(queryset, self.subregios[waarde].pk)

    def filter_gemeente(self, queryset, name, waarde):
        return self._geldt_voor_subregio(queryset, self.deelnames[waarde].subregio_id)

    def filter_overleg(self, queryset, name, waarde):
        agenda = Overlegstructuur.onderdelen.through.objects.filter(overlegstructuur_id=int(waarde))
        return queryset.filter(pk__in=agenda.values("onderdeel_id"))

    def filter_smiley(self, queryset, name, waarde):
        peil = self.peilperiode()
        if peil is None:
            return queryset.none()
        rapporten = ThemaRapportage.objects.filter(periode=peil)
        if waarde == NIET_GERAPPORTEERD:
            gekleurd = rapporten.exclude(**{f"{name}_smiley": ""})
            return queryset.exclude(pk__in=gekleurd.values("onderdeel_id"))
        return queryset.filter(
            pk__in=rapporten.filter(**{f"{name}_smiley": waarde}).values("onderdeel_id")
        )

    def filter_verandering(self, queryset, name, waarde):
        from .veranderingen import onderdelen_met_verandering

        peil, vorige = self.peilperiode(), self.vorige_periode()
        if peil is None or vorige is None:
            return queryset.none()
        return queryset.filter(pk__in=onderdelen_met_verandering(peil, vorige, waarde))
