"""Indicator measurements entered with an item's quarterly report, by its invullers.

A quarter's report holds the measurements of that quarter (`perioden_van_kwartaal`): an
indicator measured per quarter, that quarter; per month, its three months; per year, the year's
value with the fourth quarter. Once the quarter is adopted they are locked like the report
(the database refuses any change, migration 0011).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Prefetch

from agenda.constants import Frequentie
from agenda.models import Indicator, Meting
from regio.constants import PartijSoort

REGIO = "r"


def perioden_van_kwartaal(frequentie: str, kwartaal: int) -> list[int]:
    """The values of Meting.periode that a quarter's report holds for an indicator."""
    if frequentie == Frequentie.MAAND:
        return [3 * kwartaal - 2, 3 * kwartaal - 1, 3 * kwartaal]
    if frequentie == Frequentie.JAAR:
        return [0] if kwartaal == 4 else []
    return [kwartaal]


def vastgestelde_kwartalen(plan_id) -> set[tuple[int, int]]:
    """The adopted quarters of a plan, as (jaar, kwartaal)."""
    from .constants import PeriodeStatus
    from .models import Rapportageperiode

    return set(
        Rapportageperiode.objects.filter(
            plan_id=plan_id, status=PeriodeStatus.VASTGESTELD
        ).values_list("jaar", "kwartaal")
    )


def is_vergrendeld(indicator, jaar, periode, kwartalen: set) -> bool:
    """Whether a measurement (of this indicator, year and period) belongs to an adopted quarter:
    the same rule as the database's (migration 0011)."""
    if jaar is None or periode is None:
        return False
    return any(
        j == jaar and periode in perioden_van_kwartaal(indicator.frequentie, k)
        for j, k in kwartalen
    )


def vergrendelde_metingen(metingen) -> set[int]:
    """The ids of those measurements that belong to an adopted quarter."""
    metingen = list(metingen)
    if not metingen:
        return set()
    kwartalen = vastgestelde_kwartalen(metingen[0].indicator.onderdeel.plan_id)
    return {m.pk for m in metingen if is_vergrendeld(m.indicator, m.jaar, m.periode, kwartalen)}


def metingen_prefetch(jaar: int, pad: str = "indicatoren") -> Prefetch:
    """An item's indicators with their measurements of one year (two years: the quarter
    before the first is last year's fourth)."""
    return Prefetch(
        pad,
        queryset=Indicator.objects.order_by("volgorde", "pk").prefetch_related(
            Prefetch(
                "metingen",
                queryset=Meting.objects.filter(jaar__in=[jaar - 1, jaar])
                .select_related("gemeente", "aanbieder")
                .order_by("jaar", "periode", "gemeente__naam", "aanbieder__naam"),
            )
        ),
    )


def _voor(meting) -> str:
    if meting.gemeente_id:
        return f"g{meting.gemeente_id}"
    if meting.aanbieder_id:
        return f"a{meting.aanbieder_id}"
    return REGIO


def _zonder_nullen(waarde: Decimal | None):
    """41.50 as typed, 41,5; 40.00 as 40."""
    if waarde is None:
        return None
    return waarde.quantize(Decimal(1)) if waarde == waarde.to_integral() else waarde.normalize()


def periode_label(indicator, jaar: int, periode: int) -> str:
    return Meting(indicator=indicator, jaar=jaar, periode=periode).periode_label


@dataclass
class Regel:
    """One value in the report: for the region, a gemeente or an aanbieder."""

    voor: str
    label: str
    veld: object = None  # the bound field, on the form
    waarde: Decimal | None = None
    vorige: Decimal | None = None  # the same value one quarter earlier, on the review view


@dataclass
class Periode:
    periode: int
    label: str
    regels: list[Regel] = field(default_factory=list)
    nieuw_voor: object = None
    nieuw_waarde: object = None


@dataclass
class IndicatorInRapport:
    indicator: Indicator
    perioden: list[Periode] = field(default_factory=list)
    toelichting: str = ""  # why nothing is asked this quarter (a yearly indicator)


def _vorige(jaar, kwartaal):
    return (jaar, kwartaal - 1) if kwartaal > 1 else (jaar - 1, 4)


def metingen_in_rapport(indicatoren, jaar: int, kwartaal: int) -> list[IndicatorInRapport]:
    """What a quarter's report shows of each indicator: per period its values, and each value
    one quarter earlier (from `metingen_prefetch`, no query per indicator)."""
    resultaat = []
    vorig_jaar, vorig_kwartaal = _vorige(jaar, kwartaal)
    for indicator in indicatoren:
        metingen = list(indicator.metingen.all())
        item = IndicatorInRapport(indicator)
        perioden = perioden_van_kwartaal(indicator.frequentie, kwartaal)
        vorige_perioden = perioden_van_kwartaal(indicator.frequentie, vorig_kwartaal)
        if not perioden:
            item.toelichting = "Deze indicator wordt per jaar gemeten, bij het 4e kwartaal."
        for positie, periode in enumerate(perioden):
            blok = Periode(periode, periode_label(indicator, jaar, periode))
            vorige_periode = vorige_perioden[positie] if positie < len(vorige_perioden) else None
            vorige = {}
            for meting in metingen:
                voor = _voor(meting)
                naam = meting.gemeente or meting.aanbieder
                label = naam.naam if naam else "Regio"
                if (meting.jaar, meting.periode) == (jaar, periode):
                    blok.regels.append(Regel(voor, label, None, meting.waarde))
                elif (meting.jaar, meting.periode) == (vorig_jaar, vorige_periode):
                    vorige[voor] = (label, meting.waarde)
            # A value measured last quarter and not (yet) this one still shows, beside an
            # empty one: the reviewer sees what is missing, the form asks for it.
            aanwezig = {regel.voor for regel in blok.regels}
            blok.regels += [
                Regel(voor, label) for voor, (label, _w) in vorige.items() if voor not in aanwezig
            ]
            for regel in blok.regels:
                regel.vorige = vorige[regel.voor][1] if regel.voor in vorige else None
            item.perioden.append(blok)
        resultaat.append(item)
    return resultaat


class MetingenForm(forms.Form):
    """The values of the report's quarter for each of the item's indicators: for the region,
    for each gemeente or aanbieder a value was given for, and one more to add."""

    prefix = "meting"

    def __init__(self, *args, indicatoren, jaar, kwartaal, gemeenten, aanbieders, **kwargs):
        super().__init__(*args, **kwargs)
        self.jaar, self.kwartaal = jaar, kwartaal
        self.namen = {f"g{g.pk}": g.naam for g in gemeenten} | {
            f"a{a.pk}": a.naam for a in aanbieders
        }
        keuzes = [("", "Kies een gemeente of aanbieder")]
        if gemeenten:
            keuzes.append(("Gemeente", [(f"g{g.pk}", g.naam) for g in gemeenten]))
        if aanbieders:
            keuzes.append(("Aanbieder", [(f"a{a.pk}", a.naam) for a in aanbieders]))
        self.indicatoren = metingen_in_rapport(indicatoren, jaar, kwartaal)
        self.sleutels = {}  # field name -> (indicator, periode, voor)
        for item in self.indicatoren:
            indicator = item.indicator
            for blok in item.perioden:
                basis = f"{indicator.pk}_{blok.periode}"
                aanwezig = {r.voor for r in blok.regels}
                if REGIO not in aanwezig:
                    blok.regels.insert(0, Regel(REGIO, "Regio"))
                for regel in blok.regels:
                    naam = f"{basis}_{regel.voor}"
                    self.fields[naam] = self._waardeveld(
                        indicator, f"{indicator.naam}, {blok.label}, {regel.label}"
                    )
                    self.initial.setdefault(naam, _zonder_nullen(regel.waarde))
                    self.sleutels[naam] = (indicator, blok.periode, regel.voor)
                nieuw = f"{basis}_nieuw"
                self.fields[nieuw] = forms.ChoiceField(
                    label=f"Waarde toevoegen voor ({indicator.naam}, {blok.label})",
                    choices=keuzes,
                    required=False,
                )
                self.fields[f"{nieuw}_waarde"] = self._waardeveld(
                    indicator, f"Waarde ({indicator.naam}, {blok.label})"
                )
                self.sleutels[nieuw] = (indicator, blok.periode, None)

    def _waardeveld(self, indicator, label):
        return forms.DecimalField(
            label=label,
            required=False,
            max_digits=16,
            decimal_places=2,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "ta-getalveld"}),
        )

    @property
    def heeft_indicatoren(self) -> bool:
        return bool(self.indicatoren)

    def blokken(self):
        """Per indicator, per period: the bound fields of its values and of the one to add."""
        for item in self.indicatoren:
            for blok in item.perioden:
                basis = f"{item.indicator.pk}_{blok.periode}"
                for regel in blok.regels:
                    regel.veld = self[f"{basis}_{regel.voor}"]
                blok.nieuw_voor = self[f"{basis}_nieuw"]
                blok.nieuw_waarde = self[f"{basis}_nieuw_waarde"]
        return self.indicatoren

    def clean(self):
        gegevens = super().clean()
        for naam, (indicator, _periode, voor) in self.sleutels.items():
            if voor is None:
                keuze, waarde = gegevens.get(naam), gegevens.get(f"{naam}_waarde")
                if keuze and waarde is None and not self.has_error(f"{naam}_waarde"):
                    self.add_error(
                        f"{naam}_waarde", f"Vul de waarde voor {self.namen.get(keuze, '')} in."
                    )
                elif waarde is not None and not keuze:
                    self.add_error(naam, "Kies voor welke gemeente of aanbieder deze waarde is.")
                elif keuze and f"{naam.removesuffix('_nieuw')}_{keuze}" in self.fields:
                    self.add_error(
                        naam, f"Voor {self.namen.get(keuze, '')} staat al een waarde hierboven."
                    )
                elif keuze and keuze not in self.namen:
                    self.add_error(naam, "Kies een gemeente of aanbieder uit de lijst.")
                velden = [f"{naam}_waarde"]
            else:
                velden = [naam]
            for veld in velden:
                waarde = gegevens.get(veld)
                if waarde is not None and indicator.eenheid == "%" and not 0 <= waarde <= 100:
                    self.add_error(veld, "Een percentage ligt tussen 0 en 100.")
        return gegevens

    def waarden(self) -> list[tuple]:
        """(indicator, periode, gemeente_id, aanbieder_id, waarde or None) of every value on
        the form; None removes a value given before."""
        resultaat = []
        for naam, (indicator, periode, voor) in self.sleutels.items():
            waarde = self.cleaned_data.get(naam if voor is not None else f"{naam}_waarde")
            if voor is None:
                voor = self.cleaned_data.get(naam)
                if not voor:
                    continue
            gemeente = int(voor[1:]) if voor.startswith("g") else None
            aanbieder = int(voor[1:]) if voor.startswith("a") else None
            resultaat.append((indicator, periode, gemeente, aanbieder, waarde))
        return resultaat


def aanbieders_van(regio):
    """The parties a value may be given for besides gemeenten: the region's organisations."""
    return list(regio.partijen.filter(soort=PartijSoort.ORGANISATIE).order_by("naam"))


def metingen_opslaan(*, rapport, door, waarden) -> int:
    """Write the report's values (inside the report's save, same transaction): new ones,
    changed ones, and remove those left empty. Returns how many changed."""
    kwartaal, jaar = rapport.periode.kwartaal, rapport.periode.jaar
    indicatoren = {i.pk: i for i in rapport.onderdeel.indicatoren.all()}
    bestaand = {
        (m.indicator_id, m.periode, m.gemeente_id, m.aanbieder_id): m
        for m in Meting.objects.filter(indicator__in=list(indicatoren), jaar=jaar)
    }
    veranderd = 0
    for indicator, periode, gemeente, aanbieder, waarde in waarden:
        if indicator.pk not in indicatoren or periode not in perioden_van_kwartaal(
            indicator.frequentie, kwartaal
        ):
            raise ValueError("Deze meting hoort niet bij deze rapportage.")
        meting = bestaand.get((indicator.pk, periode, gemeente, aanbieder))
        if meting is None and waarde is None:
            continue
        if meting is not None and waarde is None:
            meting._history_user = door
            meting._change_reason = "verwijderd bij de kwartaalrapportage"
            meting.delete()
        elif meting is None:
            meting = Meting(
                indicator=indicator,
                jaar=jaar,
                periode=periode,
                gemeente_id=gemeente,
                aanbieder_id=aanbieder,
                waarde=waarde,
                ingevoerd_door=door,
            )
            meting._history_user = door
            meting._change_reason = "ingevuld bij de kwartaalrapportage"
            meting.save()
        elif meting.waarde != waarde:
            meting.waarde = waarde
            meting.ingevoerd_door = door
            meting._history_user = door
            meting._change_reason = "gewijzigd bij de kwartaalrapportage"
            meting.save()
        else:
            continue
        veranderd += 1
    return veranderd
