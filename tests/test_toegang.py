"""Role × page/action × object: the answer every account gets, enforced on the server."""

from datetime import date

import pytest
from django.urls import reverse

from agenda.models import Onderdeel
from rapportage.models import Rapportageperiode, ThemaRapportage

pytestmark = pytest.mark.django_db

ROLLEN = ["trekker", "collega", "manager", "griffie", "buitenstaander", "anoniem"]

GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


@pytest.fixture
def objecten(open_periode, rollen):
    """Own theme (1, G. Poell is trekker), another theme, and another region's report."""
    eigen = open_periode.rapportages.get(onderdeel__code="1")
    vreemd_nummer = (
        Onderdeel.objects.filter(plan=open_periode.plan, niveau__slug="themas")
        .exclude(rollen__persoon__naam="G. Poell")
        .values_list("code", flat=True)
        .first()
    )
    ander = open_periode.rapportages.get(onderdeel__code=vreemd_nummer)
    ander_plan = rollen["buitenstaander"].regio.plannen.get()
    ander_periode = Rapportageperiode.objects.create(
        plan=ander_plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 1)
    )
    andere_regio = ThemaRapportage.objects.create(
        periode=ander_periode, onderdeel=ander_plan.onderdelen.get(niveau__diepte=2)
    )
    return {"eigen": eigen, "ander thema": ander, "andere regio": andere_regio}


def _als(client, rollen, rol):
    if rol != "anoniem":
        client.force_login(rollen[rol])


def _verwacht_login(antwoord):
    return antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("login"))


BEKIJKEN = {
    ("eigen", "trekker"): 200, ("eigen", "collega"): 200, ("eigen", "manager"): 200,
    ("eigen", "griffie"): 404, ("eigen", "buitenstaander"): 404,
    ("ander thema", "trekker"): 200, ("ander thema", "collega"): 200, ("ander thema", "manager"): 200,
    ("ander thema", "griffie"): 404, ("ander thema", "buitenstaander"): 404,
    ("andere regio", "trekker"): 404, ("andere regio", "collega"): 404, ("andere regio", "manager"): 404,
    ("andere regio", "griffie"): 404, ("andere regio", "buitenstaander"): 200,
}  # fmt: skip

OPSLAAN = {
    ("eigen", "trekker"): 302, ("eigen", "collega"): 403, ("eigen", "manager"): 302,
    ("eigen", "griffie"): 404, ("eigen", "buitenstaander"): 404,
    ("ander thema", "trekker"): 403, ("ander thema", "collega"): 403, ("ander thema", "manager"): 302,
    ("ander thema", "griffie"): 404, ("ander thema", "buitenstaander"): 404,
    ("andere regio", "trekker"): 404, ("andere regio", "collega"): 404, ("andere regio", "manager"): 404,
    ("andere regio", "griffie"): 404, ("andere regio", "buitenstaander"): 302,
}  # fmt: skip


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("object_naam", ["eigen", "ander thema", "andere regio"])
def test_viewing_a_report(client, rollen, objecten, rol, object_naam):
    _als(client, rollen, rol)
    antwoord = client.get(reverse("rapportage:bewerken", args=[objecten[object_naam].pk]))
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == BEKIJKEN[(object_naam, rol)]


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("object_naam", ["eigen", "ander thema", "andere regio"])
def test_saving_a_report(client, rollen, objecten, rol, object_naam):
    rapport = objecten[object_naam]
    _als(client, rollen, rol)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]), {**GROEN, "versie": rapport.versie}
    )
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == OPSLAAN[(object_naam, rol)]
    assert (opgeslagen.tijd_tekst == "Op koers.") == (
        antwoord.status_code == 302 and rol != "anoniem"
    )


BEOORDELEN = {"trekker": 403, "collega": 403, "manager": 302, "griffie": 404, "buitenstaander": 404}


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("actie", ["goedkeuren", "terugsturen"])
def test_approving_or_sending_back(client, rollen, objecten, rol, actie):
    from rapportage.services import themarapportage_opslaan

    rapport = objecten["eigen"]
    themarapportage_opslaan(
        rapport=rapport, door=rollen["trekker"], gegevens=GROEN, versie=1, indienen=True
    )
    _als(client, rollen, rol)
    rapport.refresh_from_db()
    antwoord = client.post(
        reverse(f"rapportage:{actie}", args=[rapport.pk]),
        {"opmerking": "Graag aanvullen", "versie": rapport.versie},
    )
    status = ThemaRapportage.objects.get(pk=rapport.pk).status
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == BEOORDELEN[rol]
    verwacht = {"goedkeuren": "goedgekeurd", "terugsturen": "teruggestuurd"}[actie]
    assert (status == verwacht) == (rol == "manager")


PERIODEBEHEER = {
    "trekker": 403,
    "collega": 403,
    "manager": 200,
    "griffie": 404,
    "buitenstaander": 404,
}


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("pagina", ["voortgang", "vaststellen"])
def test_period_management_is_for_the_manager(client, rollen, objecten, open_periode, rol, pagina):
    _als(client, rollen, rol)
    antwoord = client.get(
        reverse(f"rapportage:{pagina}", args=[open_periode.plan.slug, open_periode.code])
    )
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == PERIODEBEHEER[rol]


OPENEN = {"trekker": 403, "collega": 403, "manager": 200, "griffie": 403, "buitenstaander": 404}


@pytest.mark.parametrize("rol", ROLLEN)
def test_opening_a_period_is_for_the_manager(client, rollen, plan, rol):
    _als(client, rollen, rol)
    antwoord = client.get(reverse("rapportage:periode_openen", args=[plan.slug]))
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == OPENEN[rol]


@pytest.mark.parametrize("rol", ["trekker", "manager", "griffie"])
def test_adopted_report_is_read_only_for_everyone(client, rollen, periode, rol):
    rapport = periode.rapportages.get(onderdeel__code="1")
    _als(client, rollen, rol)
    voor = ThemaRapportage.objects.get(pk=rapport.pk)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport.pk]),
        {**GROEN, "tijd_tekst": "Nieuwe tekst", "versie": rapport.versie},
    )
    if rol in ("trekker", "manager"):
        # Those who could edit it get their typed text back, with the reason.
        assert antwoord.status_code == 409
        assert "Niet opgeslagen" in antwoord.text and "Nieuwe tekst" in antwoord.text
    else:
        assert antwoord.status_code == 403
    na = ThemaRapportage.objects.get(pk=rapport.pk)
    assert (na.versie, na.tijd_tekst) == (voor.versie, voor.tijd_tekst)
    pagina = client.get(reverse("rapportage:bewerken", args=[rapport.pk]))
    assert pagina.status_code == 200
    assert '<form method="post" novalidate>' not in pagina.text
