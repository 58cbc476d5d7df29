"""A plan out of Excel and back in: nothing lost, nothing changed.

Export → import into an empty database → export gives the same workbook, cell for cell, for
every reference region; export → import into the same database writes nothing at all."""

from decimal import Decimal

import pytest

from agenda.constants import Frequentie, Verdeling
from agenda.excel import importeren, importplan_maken, plan_exporteren
from agenda.models import (
    Agendalijst,
    Begrotingspost,
    Bijdrage,
    Indicator,
    Meting,
    Plan,
    Reserve,
    Vaststelling,
)
from regio.models import Inwonertal, Partij

from .factories import onderdeel
from .werkboeken import cellen, historie, leeg_database

pytestmark = pytest.mark.django_db

REFERENTIEPLANNEN = [
    "midden-limburg-2015-2016",
    "holland-rijnland-2014-2015",
    "gooi-en-vechtstreek-2015-2018",
]


def test_it_imports_every_reference_region_into_an_empty_database_without_loss():
    exports = {slug: plan_exporteren(Plan.objects.get(slug=slug)) for slug in REFERENTIEPLANNEN}
    leeg_database()
    assert not Plan.objects.exists()
    for slug, inhoud in exports.items():
        importeren(inhoud, bestandsnaam=f"{slug}.xlsx")
    for slug, inhoud in exports.items():
        opnieuw = plan_exporteren(Plan.objects.get(slug=slug))
        assert cellen(opnieuw) == cellen(inhoud), slug


@pytest.mark.parametrize("slug", REFERENTIEPLANNEN)
def test_it_changes_nothing_when_an_export_comes_back_unchanged(slug):
    inhoud = plan_exporteren(Plan.objects.get(slug=slug))
    voor = historie()
    plan = importeren(inhoud, bestandsnaam="terug.xlsx")
    assert plan.aantallen["nieuw"] == plan.aantallen["gewijzigd"] == 0
    assert plan.aantallen["verwijderd"] == 0
    assert not plan.verandert_iets
    assert historie() == voor


def _alles_wat_een_plan_kan_hebben(plan):
    """What the reference plans lack: indicators with measurements, reserves, contributions per
    gemeente, adoptions, party details, inhabitants."""
    thema = onderdeel(plan, 1)
    gemeenten = list(plan.regio.gemeenten.order_by("naam"))
    indicator = Indicator.objects.create(
        onderdeel=thema,
        # After the indicators the reference data gives the theme: one place in the order each.
        volgorde=thema.indicatoren.count() + 1,
        naam="Casussen met een gezinsplan",
        eenheid="%",
        frequentie=Frequentie.KWARTAAL,
        streefwaarde=Decimal("60"),
        streefjaar=2016,
    )
    aanbieder = Partij.objects.filter(regio=plan.regio).first()
    Meting.objects.create(indicator=indicator, jaar=2016, periode=2, waarde=Decimal("41.5"))
    Meting.objects.create(
        indicator=indicator, jaar=2016, periode=2, gemeente=gemeenten[0], waarde=Decimal("38")
    )
    Meting.objects.create(
        indicator=indicator, jaar=2016, periode=3, aanbieder=aanbieder, waarde=Decimal("12.25")
    )
    reserve = Reserve.objects.create(
        plan=plan, naam="Regioreserve", peildatum="2015-01-01", saldo=Decimal("250000.50")
    )
    post = Begrotingspost.objects.create(
        plan=plan,
        volgorde=99,
        omschrijving="Frictiekosten",
        bedrag=Decimal("30000"),
        verdeling=Verdeling.PER_GEMEENTE,
        reserve=reserve,
        structureel=False,
        jaar_van=2015,
        jaar_tot_en_met=2016,
    )
    post.onderdelen.set([thema, onderdeel(plan, 2)])
    Bijdrage.objects.create(post=post, gemeente=gemeenten[0], bedrag=Decimal("10000"))
    Bijdrage.objects.create(post=post, gemeente=gemeenten[1], bedrag=Decimal("20000"))
    Vaststelling.objects.create(
        plan=plan, gemeente=gemeenten[0], datum="2015-10-06", kenmerk="BW-1"
    )
    Inwonertal.objects.create(
        gemeente=gemeenten[0], peildatum="2016-01-01", aantal=57123, bron="CBS"
    )
    Agendalijst.objects.filter(plan=plan).first()


def test_it_keeps_indicators_budgets_and_adoptions_without_loss(plan):
    _alles_wat_een_plan_kan_hebben(plan)
    inhoud = plan_exporteren(plan)
    leeg_database()
    importeren(inhoud, bestandsnaam="plan.xlsx")
    opnieuw = plan_exporteren(Plan.objects.get(slug=plan.slug))
    assert cellen(opnieuw) == cellen(inhoud)
    nieuw = Plan.objects.get(slug=plan.slug)
    assert Meting.objects.filter(indicator__onderdeel__plan=nieuw).count() == 3
    assert Bijdrage.objects.filter(post__plan=nieuw).count() == 2
    assert nieuw.reserves.get().saldo == Decimal("250000.50")


def test_a_second_check_of_the_same_file_finds_nothing_to_do(plan):
    _alles_wat_een_plan_kan_hebben(plan)
    inhoud = plan_exporteren(plan)
    assert not importplan_maken(inhoud, bestandsnaam="plan.xlsx").verandert_iets
