"""An item's page shows what the item has and leaves out what it has not."""

import pytest
from django.urls import reverse

from agenda.models import Indicator, Meting, Plan
from regio.constants import Gebruikersrol
from regio.models import Gebruiker

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

GV = "gooi-en-vechtstreek-2015-2018"
HR = "holland-rijnland-2014-2015"
ML = "midden-limburg-2015-2016"


def _pagina(client, slug, niveau, code):
    plan = Plan.objects.get(slug=slug)
    naam = f"lezer-{plan.regio.slug}"
    lezer = Gebruiker.objects.filter(username=naam).first() or maak_gebruiker(
        Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, naam
    )
    client.force_login(lezer)
    antwoord = client.get(reverse("rapportage:onderdeel", args=[slug, niveau, code]))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


def test_a_cluster_without_steering_roles_prints_no_empty_roles_row(client):
    zonder = _pagina(client, GV, "clusters", "3.2.1")
    met = _pagina(client, GV, "clusters", "3.2.2")
    assert ">Regierollen<" not in zonder
    assert ">Regierollen<" in met


def test_a_lettered_form_keeps_its_empty_rows(client):
    # Theme 25 has no activities; Midden-Limburg's form prints row d all the same.
    html = _pagina(client, ML, "themas", "25")
    assert "Activiteiten en resultaten" in html


def test_meetings_are_mentioned_only_for_a_plan_with_a_meeting_structure(client):
    assert "Overleggen met deze taak" not in _pagina(client, HR, "taken", "1")
    assert "Overleggen met dit thema" in _pagina(client, ML, "themas", "25")


def test_an_indicator_gets_a_chart_from_its_second_measurement(client):
    plan = Plan.objects.get(slug=HR)
    taak = plan.onderdelen.get(niveau__slug="taken", code="1")
    indicator = Indicator.objects.create(onderdeel=taak, naam="Bereikte gezinnen")
    Meting.objects.create(indicator=indicator, jaar=2014, periode=1, waarde=12)
    html = _pagina(client, HR, "taken", "1")
    figuur = html[html.index("Bereikte gezinnen") :].split("</figure>")[0]
    assert "<svg" not in figuur and ">12<" in figuur

    Meting.objects.create(indicator=indicator, jaar=2014, periode=2, waarde=30)
    html = _pagina(client, HR, "taken", "1")
    figuur = html[html.index("Bereikte gezinnen") :].split("</figure>")[0]
    assert "<svg" in figuur and ">30<" in figuur
