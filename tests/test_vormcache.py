"""A plan's shape is kept per process (agenda.vormcache), yet a change a beheerder makes shows on
the next page in every process; and the plan and item pages read the database a fixed, small
number of times."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from agenda import vormcache
from agenda.models import Niveau, Sectie
from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

NIVEAUVELDEN = [
    "planvorm",
    "diepte",
    "naam",
    "meervoud",
    "lidwoord",
    "slug",
    "code_tonen",
    "schaal_met_domeinen",
]
SECTIEVELDEN = ["id", "niveau", "volgorde", "letter", "label", "sleutel", "soort"]
SECTIEVINKJES = ["in_rapportage", "als_kolom"]


@pytest.fixture
def beheerder(client, plan):
    gebruiker = maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "vormbeheerder")
    client.force_login(gebruiker)
    return gebruiker


def _plan_url(plan):
    return reverse("rapportage:plan", args=[plan.slug])


def _thema_url(plan, code="25"):
    return reverse("rapportage:onderdeel", args=[plan.slug, "themas", code])


def _in_een_ander_proces(bewaard):
    """What another process still holds: the shapes it read before the change."""
    vormcache._vormen.clear()
    vormcache._vormen.update(bewaard)


def _niveau_hernoemen_in_admin(client, niveau, naam, meervoud):
    """The level's change form in the admin as a beheerder sends it: its fields and its
    sections inline, unchanged but for the name."""
    data = model_to_dict(niveau, fields=NIVEAUVELDEN) | {"naam": naam, "meervoud": meervoud}
    data = {veld: waarde for veld, waarde in data.items() if waarde is not False}
    secties = list(niveau.secties.order_by("volgorde", "pk"))
    data |= {
        "secties-TOTAL_FORMS": str(len(secties)),
        "secties-INITIAL_FORMS": str(len(secties)),
        "secties-MIN_NUM_FORMS": "0",
        "secties-MAX_NUM_FORMS": "1000",
    }
    for i, sectie in enumerate(secties):
        for veld, waarde in model_to_dict(sectie, fields=SECTIEVELDEN).items():
            data[f"secties-{i}-{veld}"] = waarde
        for veld in SECTIEVINKJES:
            if getattr(sectie, veld):
                data[f"secties-{i}-{veld}"] = "on"
    antwoord = client.post(reverse("admin:agenda_niveau_change", args=[niveau.pk]), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]


def test_a_level_renamed_in_the_admin_shows_on_the_next_page_of_every_process(
    client, plan, beheerder
):
    for url in (_plan_url(plan), _thema_url(plan)):
        assert "Opgavepunt" not in client.get(url).content.decode()
    bewaard = dict(vormcache._vormen)
    assert plan.planvorm_id in bewaard  # the pages above kept the shape

    niveau = Niveau.objects.get(planvorm=plan.planvorm, slug="themas")
    _niveau_hernoemen_in_admin(client, niveau, "Opgavepunt", "Opgavepunten")

    # This process forgot the shape when it changed it; another still holds the old one and
    # finds out through the stamp on the plan row it reads anyway.
    for proces in ("dit", "ander"):
        if proces == "ander":
            _in_een_ander_proces(bewaard)
        html = client.get(_plan_url(plan)).content.decode()
        assert ">Opgavepunten per speerpunt<" in html, proces
        html = client.get(_thema_url(plan)).content.decode()
        assert "<title>Opgavepunt 25:" in html, proces


def test_a_changed_row_label_and_list_value_show_in_another_process(client, plan, beheerder):
    client.get(_thema_url(plan))
    bewaard = dict(vormcache._vormen)
    sectie = Sectie.objects.get(niveau__planvorm=plan.planvorm, niveau__slug="themas", letter="g.")
    sectie.label = "Wanneer het klaar is"
    sectie.save()
    _in_een_ander_proces(bewaard)
    assert "Wanneer het klaar is" in client.get(_thema_url(plan)).content.decode()

    bewaard = dict(vormcache._vormen)
    schaal = plan.onderdelen.get(niveau__slug="themas", code="25").schaal
    schaal.kort = "Xq"
    schaal.save()
    _in_een_ander_proces(bewaard)
    assert "/ Xq" in client.get(_thema_url(plan)).content.decode()


def test_a_removed_row_is_gone_in_another_process(client, plan, beheerder):
    assert "Rol lokaal" in client.get(_thema_url(plan)).content.decode()
    bewaard = dict(vormcache._vormen)
    Sectie.objects.get(niveau__planvorm=plan.planvorm, niveau__slug="themas", letter="l.").delete()
    _in_een_ander_proces(bewaard)
    assert "Rol lokaal" not in client.get(_thema_url(plan)).content.decode()


# Sign-in (session, account), the plan with its shape's stamp and the account's region (the page
# header names it), then the page's own reads. The bench (bench/paginas.py --factor 3) checks that
# these stay the same as the plan grows.
PLANPAGINA = 15
THEMAPAGINA = 14
VORM_LEZEN = 5  # levels, sections, lists, their values, and the stamp once more


@pytest.mark.parametrize(
    ("url", "aantal"), [(_plan_url, PLANPAGINA), (_thema_url, THEMAPAGINA)], ids=["plan", "thema"]
)
def test_the_plan_and_item_pages_read_the_database_a_fixed_number_of_times(
    client, plan, beheerder, django_assert_num_queries, url, aantal
):
    client.get(url(plan))
    with django_assert_num_queries(aantal):
        assert client.get(url(plan)).status_code == 200
    vormcache._vormen.clear()
    with django_assert_num_queries(aantal + VORM_LEZEN):
        assert client.get(url(plan)).status_code == 200
