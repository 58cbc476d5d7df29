import pytest
from django.contrib import admin
from django.urls import reverse

from regio.constants import Gebruikersrol
from regio.models import Gebruiker
from regio.rollen import rol_toekennen

from .factories import eerste_of_voorbeeld, onderdeel

pytestmark = pytest.mark.django_db

# The task queue's admin is the superuser's (operations), not the functioneel beheerder's.
MODELLEN = [
    model
    for model in admin.site._registry
    if model._meta.app_label not in {"auth", "django_tasks_database"}
]


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
def test_every_model_has_a_working_changelist(
    client, beheerder, model, django_assert_max_num_queries
):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(30):
        antwoord = client.get(url)
    assert antwoord.status_code == 200


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
def test_every_model_has_a_working_change_and_history_page(
    client, beheerder, model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    obj = eerste_of_voorbeeld(model)
    naam = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{naam}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"{naam}_history", args=[obj.pk])).status_code == 200


def test_admin_speaks_dutch(client, beheerder, plan):
    antwoord = client.get(
        reverse("admin:agenda_onderdeel_changelist"), {"plan__id__exact": plan.pk}
    )
    assert "Selecteer onderdeel van een plan om te wijzigen" in antwoord.text
    assert "1Gezin1Plan" in antwoord.text


def test_item_page_shows_the_rows_of_its_level_in_the_plans_words(client, beheerder, plan):
    thema = onderdeel(plan, 1)
    antwoord = client.get(reverse("admin:agenda_onderdeel_change", args=[thema.pk]))
    for tekst in [
        "Beleidsdoelen",
        "Maatschappelijke effecten",
        "Rollen",
        "e. Verantwoordelijk",
        "f. Betrokken partners",
        "n. Wie",
        "Gemeenten stelt het gebruik als voorwaarde bij inkoop",
    ]:
        assert tekst in antwoord.text


def test_each_field_of_a_table_of_rows_is_named_by_its_column_and_row(client, beheerder, plan):
    """Tabular inlines have no label per field; screen readers hear column and row."""
    thema = onderdeel(plan, 1)
    html = client.get(reverse("admin:agenda_onderdeel_change", args=[thema.pk])).text
    assert 'name="beleidsdoelen-0-tekst"' in html
    for naam in [
        "Beleidsdoel, rij 1",
        "Beleidsdoel, rij 2",
        "Verwijderen, rij 1",
        "Beleidsdoel, nieuwe rij",
    ]:
        assert f'aria-label="{naam}"' in html, naam
    assert 'aria-label="Partij, rij 1"' in html  # inside the search box's wrapper
    assert "js/beheer-toegankelijk" in html  # names the search boxes built in the browser


def test_item_text_rows_are_saved_through_their_own_fields(client, beheerder, plan):
    from agenda.admin import OnderdeelForm

    thema = onderdeel(plan, 1)
    form = OnderdeelForm(instance=thema)
    assert form.fields["tekst__planning"].label == "g. Planning"
    assert form.fields["tekst__planning"].initial == "2015-2016"


def test_admin_search_finds_a_theme_by_trekker(client, beheerder):
    antwoord = client.get(reverse("admin:agenda_onderdeel_changelist"), {"q": "Poell"})
    assert "1Gezin1Plan" in antwoord.text


def test_anonymous_visitor_is_sent_to_login(client):
    antwoord = client.get(reverse("admin:agenda_onderdeel_changelist"))
    assert antwoord.status_code == 302
    assert "/admin/login/" in antwoord["Location"]


@pytest.mark.parametrize(
    "rol",
    [Gebruikersrol.BELEIDSMEDEWERKER, Gebruikersrol.TRANSFORMATIEMANAGER, Gebruikersrol.GRIFFIE],
)
def test_only_the_beheerder_enters_the_admin(client, rol, plan):
    """The admin knows no region and no period status: other roles would read drafts there."""
    from rapportage.models import ThemaRapportage

    gebruiker = Gebruiker.objects.create_user(f"iemand-{rol}", password="geheim-wachtwoord")
    gebruiker.regio = plan.regio
    rol_toekennen(gebruiker, rol)
    client.force_login(gebruiker)
    rapport = ThemaRapportage.objects.first()
    antwoord = client.get(reverse("admin:rapportage_themarapportage_change", args=[rapport.pk]))
    assert antwoord.status_code == 302 and "/login/" in antwoord["Location"]
    assert client.get(reverse("admin:index")).status_code == 302
    assert 'href="/admin/"' not in client.get(f"/plannen/{plan.slug}/").text


def test_a_role_given_in_the_admin_decides_admin_access(client, beheerder, plan):
    url = reverse("admin:regio_gebruiker_add")
    antwoord = client.post(
        url,
        {
            "username": "nieuwe-griffier",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "usable_password": "true",
            "rol": Gebruikersrol.GRIFFIE,
            "regio": plan.regio.pk,
        },
    )
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    griffier = Gebruiker.objects.get(username="nieuwe-griffier")
    assert griffier.rol == Gebruikersrol.GRIFFIE and not griffier.is_staff
    assert [g.name for g in griffier.groups.all()] == ["Griffie"]
