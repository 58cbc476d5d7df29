"""The dashboard's filters: every one combinable, all of them in the query string.

The names and values of speerpunt, decentralisatie, gemeente and subregio are those of the PDF
selection (agenda.filters), with the same meaning, so a dashboard view can be taken along as PDF.
"""

import django_filters
from django.db.models import Q

from agenda.constants import Decentralisatie, Prioriteit, Schaal, ThemaRolSoort
from agenda.models import Overlegstructuur, Thema, ThemaRol
from rapportage.constants import Dimensie, Smiley
from rapportage.models import ThemaRapportage
from regio.models import Persoon

LEIDENDE_ROLLEN = (ThemaRolSoort.TREKKER, ThemaRolSoort.AANSPREEKPERSOON)
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


class DashboardFilter(django_filters.FilterSet):
    """A selection of one plan's themes, and which quarter the smiley and change filters look at.

    Pass the plan as `plan=` and its readable periods, oldest first, as `perioden=`: choices are
    built from lists, so a bound filter costs one query per list whatever is selected.
    """

    speerpunt = _keuze("Speerpunt", method="filter_speerpunt", empty_label="Alle speerpunten")
    decentralisatie = _keuze(
        "Decentralisatie",
        Decentralisatie.choices,
        method="filter_decentralisatie",
        empty_label="Alle decentralisaties",
    )
    schaal = _keuze("Schaal", Schaal.choices, method="filter_schaal", empty_label="Alle schalen")
    prioriteit = _keuze(
        "Prioriteit", Prioriteit.choices, method="filter_prioriteit", empty_label="Alle"
    )
    persoon = _keuze(
        "Trekker of 1e aanspreekpersoon",
        method="filter_persoon",
        empty_label="Iedereen",
    )
    subregio = _keuze(
        "Subregio",
        method="filter_subregio",
        empty_label="Alle subregio's",
        help_text="Regionale thema's gelden voor elke subregio en gemeente.",
    )
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
        model = Thema
        fields = []

    def __init__(self, data=None, queryset=None, *, plan, perioden, **kwargs):
        self.plan = plan
        self.perioden = list(perioden)
        if queryset is None:
            queryset = plan.themas.all()
        super().__init__(data, queryset, **kwargs)
        velden = self.form.fields
        self.subregios = {s.afkorting: s for s in plan.regio.subregios.all()}
        self.gemeenten = {g.naam: g for g in plan.regio.gemeenten.all()}
        velden["speerpunt"].choices = [
            *((str(s.nummer), f"{s.nummer}. {s.titel}") for s in plan.speerpunten.all()),
        ]
        velden["subregio"].choices = [
            *((s.afkorting, str(s)) for s in self.subregios.values()),
        ]
        velden["gemeente"].choices = [
            *((naam, naam) for naam in sorted(self.gemeenten)),
        ]
        personen = (
            Persoon.objects.filter(
                themarollen__thema__plan=plan, themarollen__rol__in=LEIDENDE_ROLLEN
            )
            .distinct()
            .order_by("naam")
            .values_list("pk", "naam")
        )
        velden["persoon"].choices = [(str(pk), naam) for pk, naam in personen]
        overleggen = Overlegstructuur.objects.filter(sectie__plan=plan).order_by(
            "sectie__volgorde", "volgorde"
        )
        velden["overleg"].choices = [
            *((str(o.pk), f"{o.nummer} {o.naam}") for o in overleggen.only("pk", "nummer", "naam")),
        ]
        velden["kwartaal"].choices = [
            *((p.code, p.naam) for p in reversed(self.perioden)),
        ]
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

    # Filter methods. Each narrows by primary key so joins never duplicate themes.
    def filter_niets(self, queryset, name, waarde):
        return queryset

    def filter_speerpunt(self, queryset, name, waarde):
        return queryset.filter(speerpunt__nummer=int(waarde))

    def filter_decentralisatie(self, queryset, name, waarde):
        return queryset.filter(**{waarde: True})

    def filter_schaal(self, queryset, name, waarde):
        return queryset.filter(schaal=waarde)

    def filter_prioriteit(self, queryset, name, waarde):
        return queryset.filter(prioriteit=int(waarde))

    def filter_persoon(self, queryset, name, waarde):
        rollen = ThemaRol.objects.filter(persoon_id=int(waarde), rol__in=LEIDENDE_ROLLEN)
        return queryset.filter(pk__in=rollen.values("thema_id"))

    def _geldt_voor_subregio(self, queryset, subregio_id):
        """As the PDF selection: regional themes apply everywhere, subregional ones locally."""
        return queryset.filter(Q(subregio__isnull=True) | Q(subregio_id=subregio_id))

    def filter_subregio(self, queryset, name, waarde):
        return self._geldt_voor_subregio(queryset, self.subregios[waarde].pk)

    def filter_gemeente(self, queryset, name, waarde):
        return self._geldt_voor_subregio(queryset, self.gemeenten[waarde].subregio_id)

    def filter_overleg(self, queryset, name, waarde):
        agenda = Overlegstructuur.themas.through.objects.filter(overlegstructuur_id=int(waarde))
        return queryset.filter(pk__in=agenda.values("thema_id"))

    def filter_smiley(self, queryset, name, waarde):
        peil = self.peilperiode()
        if peil is None:
            return queryset.none()
        rapporten = ThemaRapportage.objects.filter(periode=peil)
        if waarde == NIET_GERAPPORTEERD:
            gekleurd = rapporten.exclude(**{f"{name}_smiley": ""})
            return queryset.exclude(pk__in=gekleurd.values("thema_id"))
        return queryset.filter(
            pk__in=rapporten.filter(**{f"{name}_smiley": waarde}).values("thema_id")
        )

    def filter_verandering(self, queryset, name, waarde):
        from .selectors import themas_met_verandering

        peil, vorige = self.peilperiode(), self.vorige_periode()
        if peil is None or vorige is None:
            return queryset.none()
        return queryset.filter(pk__in=themas_met_verandering(peil, vorige, waarde))
