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

# A manager fills in only an item nobody else fills in ("ander thema": its people have no
# account); a trekker's report gets the typed text back with the reason (409).
OPSLAAN = {
    ("eigen", "trekker"): 302, ("eigen", "collega"): 403, ("eigen", "manager"): 409,
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


# The cycle's newer steps: changing on behalf, approving all, choosing an invuller, messages.

NAMENS = {"trekker": 403, "collega": 403, "manager": 200, "griffie": 404, "buitenstaander": 404}


@pytest.mark.parametrize("rol", ROLLEN)
def test_changing_on_behalf_is_for_the_manager(client, rollen, objecten, rol):
    from rapportage.services import themarapportage_opslaan

    rapport = objecten["eigen"]
    themarapportage_opslaan(
        rapport=rapport, door=rollen["trekker"], gegevens=GROEN, versie=1, indienen=True
    )
    _als(client, rollen, rol)
    antwoord = client.get(reverse("rapportage:namens", args=[rapport.pk]))
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == NAMENS[rol]
    antwoord = client.post(
        reverse("rapportage:namens", args=[rapport.pk]),
        {**GROEN, "kosten_tekst": "Anders", "reden": "Test", "versie": 2},
    )
    gewijzigd = ThemaRapportage.objects.get(pk=rapport.pk).kosten_tekst == "Anders"
    assert gewijzigd == (rol == "manager")


KIEZEN = {"trekker": 403, "collega": 403, "manager": 302, "griffie": 403, "buitenstaander": 404}


@pytest.mark.parametrize("rol", ROLLEN)
def test_choosing_an_invuller_is_for_the_manager(client, rollen, objecten, rol):
    rapport = objecten["ander thema"]
    _als(client, rollen, rol)
    url = reverse(
        "rapportage:invuller_kiezen",
        args=[rapport.periode.plan.slug, "themas", rapport.onderdeel.code],
    )
    antwoord = client.post(url, {"invuller": rollen["collega"].pk})
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == KIEZEN[rol]
    gekozen = rapport.onderdeel.invullers.filter(pk=rollen["collega"].pk).exists()
    assert gekozen == (rol == "manager")


def test_an_invuller_from_another_region_is_no_choice(client, rollen, objecten):
    rapport = objecten["ander thema"]
    client.force_login(rollen["manager"])
    url = reverse(
        "rapportage:invuller_kiezen",
        args=[rapport.periode.plan.slug, "themas", rapport.onderdeel.code],
    )
    antwoord = client.post(url, {"invuller": rollen["buitenstaander"].pk}, follow=True)
    assert "Kies een beleidsmedewerker van de regio uit de lijst." in antwoord.text
    assert not rapport.onderdeel.invullers.exists()


def test_an_invuller_is_chosen_for_an_item_of_the_reporting_level_only(client, rollen, plan):
    """A speerpunt or an activiteit has no quarterly report: nobody fills it in."""
    client.force_login(rollen["manager"])
    for niveau, code in [("speerpunten", "1"), ("activiteiten", "1.1")]:
        url = reverse("rapportage:invuller_kiezen", args=[plan.slug, niveau, code])
        assert client.post(url, {"invuller": rollen["collega"].pk}).status_code == 404
    assert not plan.onderdelen.filter(invullers__isnull=False).exists()


@pytest.mark.parametrize("rol", ROLLEN)
def test_approving_all_is_for_the_manager(client, rollen, objecten, open_periode, rol):
    _als(client, rollen, rol)
    antwoord = client.get(
        reverse("rapportage:alles_goedkeuren", args=[open_periode.plan.slug, open_periode.code])
    )
    if rol == "anoniem":
        assert _verwacht_login(antwoord)
    else:
        assert antwoord.status_code == PERIODEBEHEER[rol]
