"""Indicator measurements entered with the quarterly report (issue "Every region's own plan",
point 5): on the report form, per period, for the region or per gemeente or aanbieder; saved
with the report in one transaction; shown on the review; locked once the quarter is adopted."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from agenda.models import Indicator, Meting
from rapportage.models import ThemaRapportage
from rapportage.services import CyclusFout, rapportageperiode_vaststellen

from .factories import vastgesteld_verleden

pytestmark = pytest.mark.django_db

GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


@pytest.fixture
def rapport(open_periode):
    return open_periode.rapportages.get(onderdeel__code="1")


@pytest.fixture
def indicatoren(rapport):
    thema = rapport.onderdeel
    kwartaal = Indicator.objects.create(
        onderdeel=thema, naam="Gezinnen met een gezinsplan", eenheid="%", volgorde=1
    )
    maand = Indicator.objects.create(
        onderdeel=thema, naam="Aanmeldingen", frequentie="maand", volgorde=2
    )
    jaar = Indicator.objects.create(
        onderdeel=thema, naam="Jeugdigen met jeugdhulp", frequentie="jaar", volgorde=3
    )
    # Last quarter's value, entered while Q2 2015 was open (its measurements are locked now).
    with vastgesteld_verleden():
        Meting.objects.create(indicator=kwartaal, jaar=2015, periode=2, waarde=Decimal("38"))
    return kwartaal, maand, jaar


@pytest.fixture
def trekker(client, rollen):
    client.force_login(rollen["trekker"])
    return rollen["trekker"]


def _veld(indicator, periode, voor="r"):
    return f"meting-{indicator.pk}_{periode}_{voor}"


def test_the_form_asks_the_quarters_values(client, trekker, rapport, indicatoren):
    kwartaal, maand, jaar = indicatoren
    tekst = client.get(reverse("rapportage:bewerken", args=[rapport.pk])).text
    assert "Metingen 3e kwartaal 2015" in tekst
    assert f'name="{_veld(kwartaal, 3)}"' in tekst
    for m in (7, 8, 9):  # a monthly indicator: the quarter's three months
        assert f'name="{_veld(maand, m)}"' in tekst
    assert f'name="{_veld(jaar, 0)}"' not in tekst  # a yearly value goes with the 4th quarter
    assert "Deze indicator wordt per jaar gemeten, bij het 4e kwartaal." in tekst


def test_values_are_saved_with_the_report(client, trekker, rapport, indicatoren, plan):
    kwartaal, maand, _jaar = indicatoren
    gemeente = plan.regio.gemeenten.order_by("naam").first()
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {
            **GROEN,
            "versie": 1,
            _veld(kwartaal, 3): "41,5",
            f"meting-{kwartaal.pk}_3_nieuw": f"g{gemeente.pk}",
            f"meting-{kwartaal.pk}_3_nieuw_waarde": "37",
            _veld(maand, 7): "120",
        },
    )
    assert antwoord.status_code == 302, antwoord.context and antwoord.context["metingen"].errors
    regio = Meting.objects.get(indicator=kwartaal, jaar=2015, periode=3, gemeente=None)
    assert regio.waarde == Decimal("41.5") and regio.ingevoerd_door == trekker
    assert Meting.objects.get(indicator=kwartaal, periode=3, gemeente=gemeente).waarde == 37
    assert Meting.objects.get(indicator=maand, periode=7).waarde == 120
    assert regio.history.first().history_user == trekker
    # The review shows them beside the quarter before.
    rapport.refresh_from_db()
    pagina = client.get(reverse("rapportage:bewerken", args=[rapport.pk]))
    assert 'value="41,5"' in pagina.text  # the form again, in Dutch notation
    # Emptying a value removes it.
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {
            **GROEN,
            "versie": ThemaRapportage.objects.get(pk=rapport.pk).versie,
            _veld(kwartaal, 3): "41,5",
            _veld(kwartaal, 3, f"g{gemeente.pk}"): "",
            _veld(maand, 7): "120",
        },
    )
    assert antwoord.status_code == 302
    assert not Meting.objects.filter(indicator=kwartaal, gemeente=gemeente).exists()


@pytest.mark.parametrize(
    "invoer, melding",
    [
        ({"r": "veel"}, "Voer een getal in."),
        ({"r": "140"}, "Een percentage ligt tussen 0 en 100."),
        ({"r": "12,345"}, "niet meer dan 2 cijfers achter de komma"),
        ({"nieuw_waarde": "12"}, "Kies voor welke gemeente of aanbieder deze waarde is."),
        ({"nieuw": "g999999"}, "Selecteer een geldige keuze"),
    ],
)
def test_wrong_values_are_refused_in_dutch_and_nothing_is_saved(
    client, trekker, rapport, indicatoren, invoer, melding
):
    kwartaal = indicatoren[0]
    velden = {
        (f"meting-{kwartaal.pk}_3_{sleutel}" if sleutel != "r" else _veld(kwartaal, 3)): waarde
        for sleutel, waarde in invoer.items()
    }
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_tekst": "Nieuwe tekst", "versie": 1, **velden},
    )
    assert antwoord.status_code == 200
    assert melding in unescape_tekst(antwoord.text)
    assert "Er is niets opgeslagen." in antwoord.text
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert opgeslagen.versie == 1 and opgeslagen.tijd_tekst != "Nieuwe tekst"
    assert not Meting.objects.filter(indicator=kwartaal, periode=3).exists()


def unescape_tekst(tekst):
    from html import unescape

    return unescape(tekst)


def test_a_refused_report_saves_no_measurement_either(client, trekker, rapport, indicatoren):
    """One transaction: an orange smiley without text refuses the whole save."""
    kwartaal = indicatoren[0]
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_smiley": "oranje", "tijd_tekst": "", "versie": 1, _veld(kwartaal, 3): "40"},
    )
    assert antwoord.status_code == 200
    assert not Meting.objects.filter(indicator=kwartaal, periode=3).exists()


def test_a_conflict_saves_no_measurement(client, rollen, trekker, rapport, indicatoren):
    from rapportage.services import themarapportage_opslaan

    kwartaal = indicatoren[0]
    themarapportage_opslaan(
        rapport=ThemaRapportage.objects.get(pk=rapport.pk),
        door=rollen["manager"],
        gegevens={**GROEN, "kosten_tekst": "Door een ander."},
        versie=1,
    )
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "versie": 1, _veld(kwartaal, 3): "40"},
    )
    assert antwoord.status_code == 409
    assert not Meting.objects.filter(indicator=kwartaal, periode=3).exists()


def test_the_review_shows_the_values_beside_the_quarter_before(
    client, rollen, rapport, indicatoren
):
    from rapportage.services import themarapportage_opslaan

    kwartaal = indicatoren[0]
    themarapportage_opslaan(
        rapport=rapport,
        door=rollen["trekker"],
        gegevens=GROEN,
        versie=1,
        indienen=True,
        metingen=[(kwartaal, 3, None, None, Decimal("41.5"))],
    )
    client.force_login(rollen["manager"])
    tekst = client.get(reverse("rapportage:bewerken", args=[rapport.pk])).text
    lezen = tekst.split('class="ta-metingenlezen"')[1].split("</section>")[0]
    assert "Gezinnen met een gezinsplan" in lezen
    assert "41,5" in lezen and "38" in lezen  # this quarter and the one before


def test_a_value_measured_last_quarter_and_not_yet_this_one_shows_as_missing(
    client, rollen, rapport, indicatoren
):
    """The review shows last quarter's figure beside an empty one, not "Niet ingevuld." alone,
    and the form asks for it."""
    kwartaal = indicatoren[0]
    client.force_login(rollen["trekker"])
    formulier = client.get(reverse("rapportage:bewerken", args=[rapport.pk])).text
    assert f'name="{_veld(kwartaal, 3)}"' in formulier
    from rapportage.services import themarapportage_opslaan

    themarapportage_opslaan(
        rapport=rapport, door=rollen["trekker"], gegevens=GROEN, versie=1, indienen=True
    )
    client.force_login(rollen["manager"])
    tekst = client.get(reverse("rapportage:bewerken", args=[rapport.pk])).text
    lezen = tekst.split('class="ta-metingenlezen"')[1].split("</section>")[0]
    rij = lezen.split("Gezinnen met een gezinsplan")[1].split("</table>")[0]
    assert "Regio" in rij and "niet ingevuld" in rij and "38" in rij


def test_an_adopted_quarters_measurements_cannot_change(rollen, rapport, indicatoren):
    kwartaal = indicatoren[0]
    meting = Meting.objects.create(indicator=kwartaal, jaar=2015, periode=3, waarde=Decimal("40"))
    rapportageperiode_vaststellen(
        periode=rapport.periode, door=rollen["manager"], inleiding="", samenvatting=""
    )
    # The database refuses, whatever code tries: change, delete, or add to the quarter.
    with pytest.raises(IntegrityError), transaction.atomic():
        Meting.objects.filter(pk=meting.pk).update(waarde=Decimal("99"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meting.objects.filter(pk=meting.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meting.objects.create(indicator=indicatoren[1], jaar=2015, periode=8, waarde=1)
    # Q2 2015 (the reference report) is adopted too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Meting.objects.filter(indicator=kwartaal, periode=2).update(waarde=Decimal("1"))
    # Another quarter is free.
    Meting.objects.create(indicator=kwartaal, jaar=2015, periode=4, waarde=Decimal("42"))
    # And through the service: the report is locked, so nothing is written.
    from rapportage.services import themarapportage_opslaan

    with pytest.raises(CyclusFout, match="vastgesteld"):
        themarapportage_opslaan(
            rapport=ThemaRapportage.objects.get(pk=rapport.pk),
            door=rollen["trekker"],
            gegevens=GROEN,
            versie=ThemaRapportage.objects.get(pk=rapport.pk).versie,
            metingen=[(kwartaal, 3, None, None, Decimal("1"))],
        )
    assert Meting.objects.get(pk=meting.pk).waarde == Decimal("40")


def test_reopening_the_quarter_frees_its_measurements(rollen, rapport, indicatoren):
    from rapportage.services import rapportageperiode_heropenen

    kwartaal = indicatoren[0]
    meting = Meting.objects.create(indicator=kwartaal, jaar=2015, periode=3, waarde=Decimal("40"))
    periode = rapportageperiode_vaststellen(
        periode=rapport.periode, door=rollen["manager"], inleiding="", samenvatting=""
    )
    rapportageperiode_heropenen(periode=periode, door=rollen["manager"], reden="Meting fout")
    Meting.objects.filter(pk=meting.pk).update(waarde=Decimal("41"))
    assert Meting.objects.get(pk=meting.pk).waarde == Decimal("41")


def test_a_measurement_for_another_item_or_quarter_is_refused(rollen, rapport, indicatoren, plan):
    from rapportage.services import themarapportage_opslaan

    ander = Indicator.objects.create(
        onderdeel=plan.onderdelen.get(niveau__slug="themas", code="2"), naam="Ander"
    )
    for metingen in ([(ander, 3, None, None, Decimal("1"))], [(indicatoren[0], 4, None, None, 1)]):
        with pytest.raises(ValueError, match="hoort niet bij deze rapportage"):
            themarapportage_opslaan(
                rapport=ThemaRapportage.objects.get(pk=rapport.pk),
                door=rollen["trekker"],
                gegevens=GROEN,
                versie=ThemaRapportage.objects.get(pk=rapport.pk).versie,
                metingen=metingen,
            )
    assert not Meting.objects.filter(periode__in=[3, 4]).exists()
