import pytest
from django.urls import reverse

from agenda.constants import PlanStatus
from regio.constants import Gebruikersrol

from .factories import maak_andere_regio, maak_gebruiker, onderdeel

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, plan):
    gebruiker = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio)
    client.force_login(gebruiker)
    return gebruiker


def _paginas(plan):
    return {
        "plan": reverse("rapportage:plan", args=[plan.slug]),
        "thema": reverse("rapportage:onderdeel", args=[plan.slug, "themas", 1]),
        "overlegstructuur": reverse("agenda:overlegstructuur", args=[plan.slug]),
        "rapportages": reverse("rapportage:overzicht", args=[plan.slug]),
        "rapport": reverse("rapportage:rapport", args=[plan.slug, "2015-Q2"]),
    }


@pytest.mark.parametrize("pagina", ["plan", "thema", "overlegstructuur", "rapportages", "rapport"])
def test_anonymous_visitor_is_sent_to_login(client, plan, pagina):
    antwoord = client.get(_paginas(plan)[pagina])
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("pagina", ["plan", "thema", "overlegstructuur", "rapportages"])
def test_another_regions_plan_does_not_exist_for_you(client, plan, pagina):
    _regio, ander_plan = maak_andere_regio()
    client.force_login(maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio))
    antwoord = client.get(_paginas(ander_plan)[pagina])
    assert antwoord.status_code == 404


def test_griffie_sees_adopted_plan_but_not_a_concept(client, plan):
    client.force_login(maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio))
    assert client.get(_paginas(plan)["plan"]).status_code == 200
    plan.status = PlanStatus.CONCEPT
    plan.save()
    assert client.get(_paginas(plan)["plan"]).status_code == 404


def test_the_list_of_plans_leads_to_the_only_plan(client, plan, manager):
    antwoord = client.get(reverse("agenda:start"))
    assert antwoord.status_code == 302
    assert antwoord["Location"] == _paginas(plan)["plan"]


def test_plan_overview_lists_speerpunten_themes_and_latest_smileys(client, plan, manager):
    antwoord = client.get(_paginas(plan)["plan"])
    tekst = antwoord.text
    for titel in ["Versterken burgerkracht", "Vergroten participatie burgers", "1Gezin1Plan"]:
        assert titel in tekst
    assert "R2D (Jeugdhulp en Wmo)" in tekst
    assert "G. Poell" in tekst
    assert "<title>Tijd: " in tekst  # the latest smileys carry their accessible name
    assert tekst.count('href="/plannen/midden-limburg-2015-2016/themas/') >= 34


def test_theme_page_shows_every_row_and_its_quarters(client, plan, manager):
    antwoord = client.get(_paginas(plan)["thema"])
    tekst = antwoord.text
    for letter in "abcdefghijklmno":
        assert f'<span class="ta-rijletter">{letter}.</span>' in tekst
    assert "intervisie-groep" in tekst
    assert "Rapportage juli 2015" in tekst
    assert "Overleggen met dit thema op de agenda" in tekst


def test_lists_print_paragraphs_bullets_and_sub_bullets_as_the_plan_does(client, plan, manager):
    activiteit = onderdeel(plan, 26).kinderen.get(tekst="Opzetten kwaliteitscyclus")
    activiteit.deadline_tekst = "1 maart 2016"
    activiteit.save()
    url = reverse("rapportage:onderdeel", args=[plan.slug, "themas", 26])
    tekst = " ".join(client.get(url).text.split())
    assert (
        "<li>Uitwerking kwaliteitskader met aanbieders en gemeenten:"
        '<ul class="utrecht-unordered-list ta-subpunten"><li>Toets op huidige' in tekst
    )
    assert '<li>Opzetten kwaliteitscyclus <span class="ta-meta">(1 maart 2016)</span></li>' in tekst
    assert '</ul><p class="utrecht-paragraph">Door:</p><ul class="utrecht-unordered-list">' in tekst
    rapport = " ".join(client.get(_paginas(plan)["rapport"]).text.split())
    assert '<p class="utrecht-paragraph">Door:</p>' in rapport
    assert '<p class="utrecht-paragraph">Pleegzorg:</p>' in rapport  # theme 24's group labels


def test_report_shows_the_theme_as_it_was_reported(client, plan, manager):
    tekst = client.get(_paginas(plan)["rapport"]).text
    assert (
        "Evaluatie samenwerking in de regio" in tekst
    )  # theme 25 as the July 2015 report printed it
    assert "interview-groep" in tekst
    assert "Inrichting samenwerking in de regio" not in tekst


def test_an_adopted_report_reads_no_rows_of_its_items(client, plan, manager):
    """Adoption froze what the report shows of each item: the page reads the items' goals,
    effects and domains only for items without it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
    assert all(rapport.weergave for rapport in periode.rapportages.all())
    url = reverse("rapportage:rapport", args=[plan.slug, periode.code])
    with CaptureQueriesContext(connection) as queries:
        assert "Beleidsdoelen" in client.get(url).text
    gelezen = " ".join(query["sql"] for query in queries.captured_queries)
    for tabel in (
        "agenda_beleidsdoel",
        "agenda_maatschappelijkeffect",
        "agenda_onderdeel_domeinen",
    ):
        assert tabel not in gelezen


def test_meeting_structure_links_its_themes(client, plan, manager):
    tekst = client.get(_paginas(plan)["overlegstructuur"]).text
    assert "Transformatietafel" in tekst
    assert 'href="/plannen/midden-limburg-2015-2016/themas/1/"' in tekst


def test_unknown_period_or_theme_is_404(client, plan, manager):
    assert client.get(reverse("rapportage:rapport", args=[plan.slug, "2099-Q1"])).status_code == 404
    assert client.get(f"/plannen/{plan.slug}/rapportages/onzin/").status_code == 404
    assert (
        client.get(reverse("rapportage:onderdeel", args=[plan.slug, "themas", 99])).status_code
        == 404
    )


def _meer_themas(plan, aantal, door):
    """Grow the plan: themes with goals, activities, a trekker, a meeting and a report. The
    adopted report takes new reports only as the cycle allows: reopened, then adopted again."""
    from agenda.models import Beleidsdoel, Onderdeel, Overlegstructuur, Rol
    from rapportage.models import ThemaRapportage
    from rapportage.services import rapportageperiode_heropenen, rapportageperiode_vaststellen
    from regio.models import Persoon

    speerpunt = onderdeel(plan, 1, niveau="speerpunten")
    trekker = plan.planvorm.keuzelijsten.get(soort="rol").waarden.get(code="trekker")
    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
    rapportageperiode_heropenen(periode=periode, door=door, reden="Thema's toegevoegd")
    overleg = Overlegstructuur.objects.filter(sectie__plan=plan).first()
    for n in range(100, 100 + aantal):
        thema = Onderdeel.objects.create(
            plan=plan,
            niveau=plan.niveau(2),
            ouder=speerpunt,
            code=n,
            volgorde=n,
            titel=f"Extra {n}",
        )
        Beleidsdoel.objects.create(onderdeel=thema, tekst="Doel")
        Onderdeel.objects.create(
            plan=plan, niveau=plan.niveau(3), ouder=thema, code=f"{n}.1", tekst="Iets: *resultaat*"
        )
        persoon = Persoon.objects.create(regio=plan.regio, naam=f"P. Extra{n}")
        Rol.objects.create(onderdeel=thema, persoon=persoon, soort=trekker)
        overleg.onderdelen.add(thema)
        ThemaRapportage.objects.create(
            periode=periode, onderdeel=thema, tijd_smiley="groen", status="goedgekeurd"
        )
    periode.refresh_from_db()
    rapportageperiode_vaststellen(
        periode=periode, door=door, inleiding=periode.inleiding, samenvatting=periode.samenvatting
    )


@pytest.mark.parametrize("pagina", ["plan", "thema", "overlegstructuur", "rapport"])
def test_query_count_does_not_grow_with_the_plan(client, plan, manager, pagina):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = _paginas(plan)[pagina]
    with CaptureQueriesContext(connection) as voor:
        assert client.get(url).status_code == 200
    _meer_themas(plan, 15, manager)
    with CaptureQueriesContext(connection) as na:
        assert client.get(url).status_code == 200
    assert len(na) == len(voor), [q["sql"] for q in na.captured_queries]
    assert len(na) <= {"plan": 25, "thema": 30}.get(pagina, 20)


def test_the_menu_links_the_meeting_structure_only_of_a_plan_that_has_one(client, plan):
    """The plan lookup reads the meeting-structure check with the plan (written-out SQL in
    agenda.toegang): it must answer for the plan asked for, not for any plan."""
    from agenda.models import Overlegsectie

    regio, ander_plan = maak_andere_regio()
    client.force_login(maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, regio))
    link = reverse("agenda:overlegstructuur", args=[ander_plan.slug])
    assert Overlegsectie.objects.filter(plan=plan).exists()
    assert link not in client.get(reverse("rapportage:overzicht", args=[ander_plan.slug])).text

    Overlegsectie.objects.create(plan=ander_plan, hoofdstuk=3, titel="Bestuurlijk overleg")
    assert link in client.get(reverse("rapportage:overzicht", args=[ander_plan.slug])).text
