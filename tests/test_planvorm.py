"""A beheerder defines a plan's shape in the admin: levels, sections and lists, with clear Dutch
errors for a shape that cannot work. No code change is needed for any of the four shapes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from agenda.models import Niveau, Onderdeel, Plan, Planvorm, Sectie
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client, plan):
    gebruiker = maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "vormbeheerder")
    client.force_login(gebruiker)
    return gebruiker


def _inline(prefix, rijen, velden):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rijen)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, rij in enumerate(rijen):
        for veld, waarde in zip(velden, rij, strict=True):
            data[f"{prefix}-{i}-{veld}"] = waarde
    return data


def test_a_beheerder_defines_a_shape_with_levels_in_the_admin(client, beheerder):
    data = {"naam": "Programma en project", "slug": "programma-project", "omschrijving": ""}
    data |= _inline(
        "niveaus",
        [
            ("1", "Programma", "Programma's", "het", "programmas", "on"),
            ("2", "Project", "Projecten", "het", "projecten", "on"),
        ],
        ["diepte", "naam", "meervoud", "lidwoord", "slug", "code_tonen"],
    )
    data |= _inline("keuzelijsten", [], ["soort", "naam"])
    antwoord = client.post(reverse("admin:agenda_planvorm_add"), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    vorm = Planvorm.objects.get(slug="programma-project")
    assert [n.naam for n in vorm.niveaus.order_by("diepte")] == ["Programma", "Project"]


def test_the_same_depth_twice_is_refused_in_dutch(client, beheerder):
    data = {"naam": "Dubbel", "slug": "dubbel", "omschrijving": ""}
    data |= _inline(
        "niveaus",
        [
            ("1", "Taak", "Taken", "de", "taken", "on"),
            ("1", "Actie", "Acties", "de", "acties", "on"),
        ],
        ["diepte", "naam", "meervoud", "lidwoord", "slug", "code_tonen"],
    )
    data |= _inline("keuzelijsten", [], ["soort", "naam"])
    antwoord = client.post(reverse("admin:agenda_planvorm_add"), data)
    assert antwoord.status_code == 200
    assert "Deze planvorm heeft al een niveau op deze diepte" in antwoord.content.decode() or (
        "Corrigeer de dubbele gegevens" in antwoord.content.decode()
    )
    assert not Planvorm.objects.filter(slug="dubbel").exists()


def test_a_shape_that_cannot_work_is_refused_with_a_reason():
    vorm = Planvorm.objects.create(naam="Half", slug="half")
    taak = Niveau.objects.create(
        planvorm=vorm, diepte=1, naam="Taak", meervoud="Taken", slug="taken"
    )
    with pytest.raises(ValidationError, match="Maak eerst het niveau op diepte 2"):
        Niveau(
            planvorm=vorm, diepte=3, naam="Stap", meervoud="Stappen", slug="stappen"
        ).full_clean()
    with pytest.raises(ValidationError, match="al het adres van een andere pagina"):
        Niveau(planvorm=vorm, diepte=2, naam="R", meervoud="R", slug="rapportages").full_clean()
    # A section showing the level below, on the lowest level.
    with pytest.raises(ValidationError, match="geen niveau onder dit niveau"):
        Sectie(niveau=taak, sleutel="acties", label="Acties", soort="onderdelen").full_clean()
    # A plan of a shape that does not say what the report goes by.
    plan = Plan(
        regio_id=Plan.objects.first().regio_id,
        planvorm=vorm,
        slug="half-plan",
        titel="Half plan",
        jaar_van=2026,
        jaar_tot_en_met=2027,
    )
    with pytest.raises(ValidationError, match="over welk niveau per kwartaal"):
        plan.full_clean()
    vorm.rapportageniveau = taak
    vorm.save()
    actie = Niveau.objects.create(
        planvorm=vorm, diepte=2, naam="Actie", meervoud="Acties", lidwoord="de", slug="acties"
    )
    # A report row on a level the report does not go by.
    with pytest.raises(ValidationError, match="De kwartaalrapportage gaat per taak"):
        Sectie(
            niveau=actie, sleutel="wie", label="Wie", soort="rollen", in_rapportage=True
        ).full_clean()
    plan.full_clean()


def test_an_actieplan_reports_per_actiepunt_without_code_change(plan, client):
    """The fourth shape (no reference plan): a plan in it, items, a quarter per actiepunt, the
    item page and the report in the plan's own words."""
    from datetime import date

    from rapportage.services import rapportageperiode_openen

    vorm = Planvorm.objects.get(slug="opgave-deelopgave-actiepunt")
    actieplan = Plan.objects.create(
        regio=plan.regio,
        planvorm=vorm,
        slug="actieplan-2026",
        titel="Actieplan sociaal domein 2026",
        jaar_van=2026,
        jaar_tot_en_met=2027,
    )
    niveaus = {n.diepte: n for n in vorm.niveaus.all()}
    opgave = Onderdeel.objects.create(
        plan=actieplan, niveau=niveaus[1], code="1", titel="Eén gezin, één plan"
    )
    deel = Onderdeel.objects.create(
        plan=actieplan, niveau=niveaus[2], ouder=opgave, code="1.1", titel="Toegang"
    )
    for i, deadline in enumerate(["31-12-2026", "Doorlopend", "Gereed"], start=1):
        Onderdeel.objects.create(
            plan=actieplan,
            niveau=niveaus[3],
            ouder=deel,
            code=f"1.1.{i}",
            volgorde=i,
            tekst=f"Actiepunt {i}",
            deadline_tekst=deadline,
        )
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "actieplanner")
    periode = rapportageperiode_openen(
        plan=actieplan, jaar=2026, kwartaal=1, deadline=date(2026, 4, 15), door=manager
    )
    assert sorted(periode.rapportages.values_list("onderdeel__code", flat=True)) == [
        "1.1.1",
        "1.1.2",
        "1.1.3",
    ]
    client.force_login(manager)
    pagina = client.get(
        reverse("rapportage:onderdeel", args=[actieplan.slug, "deelopgaven", "1.1"])
    )
    tekst = pagina.content.decode()
    assert "Deadline" in tekst and "Doorlopend" in tekst and "Wie?" in tekst
    rapport = client.get(reverse("rapportage:rapport", args=[actieplan.slug, periode.code]))
    assert "1.1.2 Actiepunt 2" in rapport.content.decode()
    assert "thema" not in strip_tags(rapport.content.decode()).lower()
