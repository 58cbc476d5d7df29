"""The dashboards: filters, attention list, exports, scope and query counts."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import Onderdeel
from dashboard.filters import DashboardFilter
from dashboard.selectors import region_dashboard
from dashboard.testdata import Generator
from rapportage.models import ThemaRapportage
from rapportage.toegang import perioden_voor_gebruiker
from regio.constants import Gebruikersrol

from .factories import maak_andere_regio, maak_gebruiker, onderdeel

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, plan):
    gebruiker = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "dmanager")
    client.force_login(gebruiker)
    return gebruiker


def _url(plan, naam="regio"):
    return reverse(f"dashboard:{naam}", args=[plan.slug])


def _dashboard(gebruiker, plan, data=None, peildatum=None):
    filters = DashboardFilter(
        data or {},
        plan=plan,
        perioden=perioden_voor_gebruiker(gebruiker, plan).order_by("jaar", "kwartaal"),
    )
    return region_dashboard(filters, peildatum=peildatum)


def _nummers(antwoord):
    return sorted(int(rij.onderdeel.code) for rij in antwoord.context["dashboard"].rijen)


def _themas(plan):
    return plan.onderdelen.filter(niveau__slug="themas")


def _codes(queryset):
    return sorted(int(code) for code in queryset.values_list("code", flat=True).distinct())


# Page and filters ------------------------------------------------------------------------------


def test_region_dashboard_shows_themes_quarters_counts_and_chart(client, plan, manager):
    antwoord = client.get(_url(plan))
    assert antwoord.status_code == 200
    tekst = antwoord.text
    assert "Versterken burgerkracht" in tekst
    assert 'aria-label="Tijd: oranje"' in tekst  # a smiley is named, never colour alone
    assert '<title id="grafiek-titel">' in tekst and 'id="tellingen"' in tekst
    assert "(stippen)" in tekst  # chart legend names patterns, not only colours
    assert len(_nummers(antwoord)) == 34
    telling = antwoord.context["dashboard"].tellingen[-1]
    assert sum(telling.totaal.values()) == 34 * 3


def test_dashboard_start_leads_to_the_own_region_keeping_the_filters(client, plan, manager):
    antwoord = client.get(reverse("dashboard:start") + "?domein=wmo")
    assert antwoord.status_code == 302
    assert antwoord["Location"] == _url(plan) + "?domein=wmo"


def test_filters_combine_and_live_in_the_url(client, plan, manager):
    jeugd = set(_codes(_themas(plan).filter(domeinen__code="jeugdhulp")))
    prio1 = set(_codes(_themas(plan).filter(prioriteit__code="1")))
    antwoord = client.get(_url(plan), {"domein": "jeugdhulp", "prioriteit": "1"})
    assert set(_nummers(antwoord)) == jeugd & prio1
    assert "Decentralisatie: Jeugdhulp" in antwoord.text
    # The export links carry the same selection.
    assert "export.xlsx?domein=jeugdhulp&amp;prioriteit=1" in antwoord.text


def test_speerpunt_schaal_and_subregio_filters(client, plan, manager):
    speerpunt_2 = _codes(_themas(plan).filter(ouder__code="2"))
    assert _nummers(client.get(_url(plan), {"groep": "2"})) == speerpunt_2
    assert _nummers(client.get(_url(plan), {"schaal": "L"})) == []
    # Regional themes apply to every subregion and gemeente, as in the PDF selection.
    mlo = plan.regio.subregios.get(afkorting="MLO")
    thema = onderdeel(plan, 34)
    thema.schaal = plan.planvorm.keuzelijsten.get(soort="schaal").waarden.get(code="SR")
    thema.subregio = plan.regio.subregios.get(afkorting="MLW")
    thema.save()
    assert 34 not in _nummers(client.get(_url(plan), {"subregio": mlo.afkorting}))
    assert 34 in _nummers(client.get(_url(plan), {"gemeente": "Weert"}))
    assert 34 not in _nummers(client.get(_url(plan), {"gemeente": "Roermond"}))


def test_person_and_meeting_filters(client, plan, manager):
    from agenda.models import Overlegstructuur
    from regio.models import Persoon

    poell = Persoon.objects.get(regio=plan.regio, naam="G. Poell")
    geleid = sorted(
        {
            int(code)
            for code in poell.rollen.filter(
                soort__code__in=["trekker", "aanspreekpersoon"]
            ).values_list("onderdeel__code", flat=True)
        }
    )
    assert _nummers(client.get(_url(plan), {"persoon": poell.pk})) == geleid
    overleg = Overlegstructuur.objects.filter(sectie__plan=plan, onderdelen__isnull=False).first()
    op_agenda = _codes(overleg.onderdelen.all())
    assert _nummers(client.get(_url(plan), {"overleg": overleg.pk})) == op_agenda


def test_smiley_and_change_filters_look_at_the_peilkwartaal(client, plan, manager, open_periode):
    q2 = {
        int(r.onderdeel.code): r
        for r in ThemaRapportage.objects.filter(periode__plan=plan, periode__kwartaal=2)
    }
    rood_q2 = sorted(n for n, r in q2.items() if r.tijd_smiley == "rood")
    assert _nummers(client.get(_url(plan), {"tijd": "rood", "kwartaal": "2015-Q2"})) == rood_q2
    # Q3 starts as a copy of Q2: nothing changed, until theme 1 gets worse and theme 2 better.
    assert _nummers(client.get(_url(plan), {"verandering": "slechter"})) == []
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code="1").update(
        tijd_smiley="rood", tijd_tekst="Gestagneerd."
    )
    groen = {"tijd_smiley": "groen", "kosten_smiley": "groen", "bijzonderheden_smiley": "groen"}
    tweede = next(
        n for n, r in q2.items() if n != 1 and "oranje" in (r.tijd_smiley, r.kosten_smiley)
    )
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code=str(tweede)).update(
        **groen
    )
    assert _nummers(client.get(_url(plan), {"verandering": "slechter"})) == [1]
    assert _nummers(client.get(_url(plan), {"verandering": "beter"})) == [tweede]
    gelijk = _nummers(client.get(_url(plan), {"verandering": "gelijk"}))
    assert len(gelijk) == 32 and 1 not in gelijk
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code="5").update(
        tijd_smiley="", kosten_smiley="", bijzonderheden_smiley=""
    )
    assert _nummers(client.get(_url(plan), {"kosten": "geen"})) == [5]


def test_an_unknown_filter_value_is_an_error_on_the_form_not_a_crash(client, plan, manager):
    antwoord = client.get(_url(plan), {"domein": "onzin", "persoon": "999999"})
    assert antwoord.status_code == 200
    assert "foutmeldingen" in antwoord.text
    assert len(_nummers(antwoord)) == 34


def test_with_one_invalid_filter_the_valid_ones_apply_and_are_named(client, plan, manager):
    antwoord = client.get(_url(plan), {"groep": "1", "prioriteit": "abc"})
    assert antwoord.status_code == 200
    nummers = set(_nummers(antwoord))
    assert nummers == set(_codes(_themas(plan).filter(ouder__code="1")))
    assert "Speerpunt: 1." in antwoord.text or "Speerpunt: Versterken" in antwoord.text
    assert "zonder filter" not in antwoord.text
    assert "Niet elke keuze kon worden toegepast" in antwoord.text
    assert "Er is niets opgeslagen" not in antwoord.text


# Attention list --------------------------------------------------------------------------------


def test_attention_list_rules(plan, rollen, open_periode):
    manager = rollen["manager"]
    q2 = {
        r.onderdeel_id: r
        for r in ThemaRapportage.objects.filter(periode__plan=plan, periode__kwartaal=2)
    }
    zorgelijk = {
        tid
        for tid, r in q2.items()
        if {r.tijd_smiley, r.kosten_smiley, r.bijzonderheden_smiley} & {"oranje", "rood"}
    }
    thema1 = onderdeel(plan, 1)
    assert q2[thema1.pk].kosten_smiley == "groen"
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel=thema1).update(
        kosten_smiley="rood", kosten_tekst="Overschrijding."
    )
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code="3").update(
        bijzonderheden_smiley=""
    )
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code="4").delete()
    for code, deadline in [("2.1", "1-9-2015"), ("6.1", "1-12-2015")]:
        activiteit = onderdeel(plan, code, niveau="activiteiten")
        activiteit.deadline_tekst = deadline
        activiteit.save()

    voor_deadline = _dashboard(manager, plan, peildatum=date(2015, 10, 1)).aandacht
    assert [p.rij.onderdeel.code for p in voor_deadline.slechter] == ["1"]
    assert voor_deadline.slechter[0].reden == "Kosten: groen → rood"
    # Q3 is a copy of Q2, so every theme with orange or red in Q2 has it twice, except theme 4.
    assert {p.rij.onderdeel.pk for p in voor_deadline.twee_keer} == zorgelijk - {
        onderdeel(plan, 4).pk
    } | {thema1.pk}
    ontbreekt = {int(p.rij.onderdeel.code): p.reden for p in voor_deadline.ontbreekt}
    assert ontbreekt == {3: "smiley ontbreekt bij bijzonderheden", 4: "geen rapportage"}
    assert {a.ouder.code for a in voor_deadline.deadlines} == {"2"}

    na_deadline = _dashboard(manager, plan, peildatum=date(2015, 12, 15)).aandacht
    assert len(na_deadline.ontbreekt) == 34  # nothing was submitted before 15 October
    assert na_deadline.ontbreekt[0].reden.startswith("te laat: niet ingediend vóór 15-10-2015")
    assert {a.ouder.code for a in na_deadline.deadlines} == {"2", "6"}


def test_attention_list_follows_the_filters(client, plan, manager, open_periode):
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code="1").update(
        kosten_smiley="rood", kosten_tekst="Overschrijding."
    )
    wmo_loos = client.get(_url(plan), {"domein": "participatie", "groep": "3"})
    assert "1" not in [
        p.rij.onderdeel.code for p in wmo_loos.context["dashboard"].aandacht.slechter
    ]
    alles = client.get(_url(plan))
    assert [p.rij.onderdeel.code for p in alles.context["dashboard"].aandacht.slechter] == ["1"]
    assert "Kosten: groen → rood" in alles.text


# Exports ---------------------------------------------------------------------------------------


def test_xlsx_export_matches_the_screen(client, plan, manager):
    from openpyxl import load_workbook

    Generator(seed=7).kwartalen_toevoegen(plan, 2)
    selectie = {"domein": "jeugdhulp"}
    scherm = client.get(_url(plan), selectie).context["dashboard"]
    antwoord = client.get(reverse("dashboard:export_xlsx", args=[plan.slug]), selectie)
    assert antwoord.status_code == 200
    assert "attachment" in antwoord["Content-Disposition"]
    werkmap = load_workbook(io.BytesIO(antwoord.content))
    tellingen = [list(r) for r in werkmap["Tellingen"].iter_rows(min_row=2, values_only=True)]
    assert tellingen == [[t.periode.code, *t.rij()] for t in scherm.tellingen]
    themas = werkmap["Thema's"]
    regels = list(themas.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in regels] == [rij.onderdeel.code for rij in scherm.rijen]
    # Per quarter and dimension the words in the sheet add up to the screen's counts.
    kop = [c.value for c in themas[1]]
    laatste = scherm.tellingen[-1]
    kolom = kop.index(f"{laatste.periode.code} Tijd")
    assert sum(r[kolom] == "Rood" for r in regels) == laatste.per_dimensie["tijd"]["rood"]
    assert sum(r[kolom] == "Oranje" for r in regels) == laatste.per_dimensie["tijd"]["oranje"]
    rood = next(c for c in themas.iter_rows(min_row=2) for c in c if c.value == "Rood")
    assert rood.fill.fgColor.rgb.endswith("F4B6B6")
    assert ["Decentralisatie", "Jeugdhulp"] in [
        list(r) for r in werkmap["Selectie"].iter_rows(values_only=True)
    ]


def test_csv_export_has_the_screens_rows(client, plan, manager):
    antwoord = client.get(reverse("dashboard:export_csv", args=[plan.slug]), {"groep": "1"})
    assert antwoord["Content-Type"].startswith("text/csv")
    regels = list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    assert regels[0][:2] == ["Nr.", "Thema"]
    assert [int(r[0]) for r in regels[1:]] == _codes(_themas(plan).filter(ouder__code="1"))
    assert "2015-Q2 Tijd" in regels[0]


def test_pdf_link_carries_the_shared_filters(client, plan, manager):
    antwoord = client.get(_url(plan), {"domein": "jeugdhulp", "subregio": "MLO", "tijd": "rood"})
    pdf = antwoord.context["pdf"]
    if pdf.url is None:
        pytest.skip("the PDF selection view is not installed")
    assert pdf.url.endswith("?domein=jeugdhulp&subregio=MLO")
    assert pdf.niet_meegenomen == ["Smiley tijd"]


# People and meetings ---------------------------------------------------------------------------


def test_people_page_lists_the_themes_each_person_leads(client, plan, manager):
    antwoord = client.get(_url(plan, "personen"))
    assert antwoord.status_code == 200
    poell = next(p for p in antwoord.context["personen"] if p.persoon.naam == "G. Poell")
    assert "1" in [rij.onderdeel.code for _rol, rij in poell.rijen]
    rol = next(rol for rol, rij in poell.rijen if rij.onderdeel.code == "1")
    assert rol == "1e aanspreekpersoon en trekker"


def test_meetings_page_lists_agenda_themes_worst_first(client, plan, manager, open_periode):
    ThemaRapportage.objects.filter(periode=open_periode, onderdeel__code="34").update(
        tijd_smiley="rood", tijd_tekst="Gestagneerd.", kosten_smiley="rood", kosten_tekst="Te duur."
    )
    antwoord = client.get(_url(plan, "overleggen"))
    assert antwoord.status_code == 200
    assert "Transformatietafel" in antwoord.text
    met_34 = [
        o for o in antwoord.context["overleggen"] if "34" in [r.onderdeel.code for r in o.rijen]
    ]
    assert met_34 and all(o.rijen[0].onderdeel.code == "34" for o in met_34)


# Scope -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("pagina", ["regio", "personen", "overleggen", "export_csv", "export_xlsx"])
def test_another_regions_dashboard_does_not_exist_for_you(client, plan, manager, pagina):
    _regio, ander_plan = maak_andere_regio()
    assert client.get(_url(ander_plan, pagina)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, plan):
    for naam in ["regio", "export_xlsx"]:
        assert client.get(_url(plan, naam))["Location"].startswith(reverse("login"))
    assert client.get(reverse("dashboard:landelijk"))["Location"].startswith(reverse("login"))


def test_policy_officer_reads_the_region_dashboard_but_not_the_national_overview(client, plan):
    client.force_login(maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "bm"))
    assert client.get(_url(plan)).status_code == 200
    assert client.get(reverse("dashboard:landelijk")).status_code == 403


def test_griffie_sees_adopted_quarters_only(client, plan, open_periode):
    client.force_login(maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "gr"))
    antwoord = client.get(_url(plan))
    assert [p.code for p in antwoord.context["dashboard"].perioden] == ["2015-Q2"]
    assert (
        client.get(_url(plan), {"kwartaal": "2015-Q3"}).context["dashboard"].peilperiode.code
        == "2015-Q2"
    )


def test_national_overview_shows_other_regions_adopted_figures_only(client, plan, manager):
    _regio, concept_plan = maak_andere_regio()
    Generator(seed=3).regios(2, 4, 3, eind=(2016, 2))
    antwoord = client.get(reverse("dashboard:landelijk"))
    assert antwoord.status_code == 200
    rijen = antwoord.context["rijen"]
    slugs = {r.plan.slug for r in rijen}
    assert plan.slug in slugs and concept_plan.slug not in slugs
    anderen = [r for r in rijen if r.plan.regio_id != plan.regio_id]
    assert len(anderen) == 2
    for rij in anderen:
        assert not rij.mag_openen
        assert rij.peilperiode.status == "vastgesteld"  # the open last quarter stays hidden
        assert rij.peilperiode.code == "2016-Q1"
        assert sum(rij.telling.values()) == 4 * 3
        assert reverse("dashboard:regio", args=[rij.plan.slug]) not in antwoord.text
    assert next(r for r in rijen if r.plan == plan).mag_openen


def test_national_scope_for_the_own_region_equals_the_report_pages(plan, rollen, open_periode):
    from dashboard.toegang import landelijke_perioden

    for naam in ["manager", "griffie", "trekker"]:
        gebruiker = rollen[naam]
        eigen = set(landelijke_perioden(gebruiker).filter(plan=plan).values_list("pk", flat=True))
        assert eigen == set(perioden_voor_gebruiker(gebruiker, plan).values_list("pk", flat=True))


# Query counts ----------------------------------------------------------------------------------


def _groei(plan, aantal):
    """More themes with people, goals and a meeting, and two more quarters with reports (the
    adopted quarter takes no new report: the database refuses it)."""
    from agenda.models import Beleidsdoel, Overlegstructuur, Rol
    from regio.models import Persoon

    speerpunt = onderdeel(plan, 1, niveau="speerpunten")
    trekker = plan.planvorm.keuzelijsten.get(soort="rol").waarden.get(code="trekker")
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
            plan=plan,
            niveau=plan.niveau(3),
            ouder=thema,
            code=f"{n}.1",
            tekst="Iets doen",
            deadline_tekst="1-1-2015",
        )
        persoon = Persoon.objects.create(regio=plan.regio, naam=f"P. Extra{n}")
        Rol.objects.create(onderdeel=thema, persoon=persoon, soort=trekker)
        overleg.onderdelen.add(thema)
    Generator(seed=11).kwartalen_toevoegen(plan, 2)


# Queries per page, pinned: sign-in, the plan (with the account's region, which the page header
# names), the filter's lists, then the page's own reads. The session is not written on every
# request (transformatie.middleware.SessieVerlengen).
DASHBOARDQUERIES = {
    "regio": 17,
    "personen": 16,
    "overleggen": 17,
    "export_xlsx": 15,
    "export_csv": 15,
}


@pytest.mark.parametrize("pagina", list(DASHBOARDQUERIES))
def test_query_count_does_not_grow_with_the_data(client, plan, manager, pagina):
    selectie = {
        "domein": "wmo",
        "verandering": "slechter",
        "tijd": "oranje",
        "kwartalen": "alle",
    }
    Generator(seed=5).kwartalen_toevoegen(plan, 1, laatste_open=False)  # a quarter to compare
    with CaptureQueriesContext(connection) as klein:
        assert client.get(_url(plan, pagina), selectie).status_code == 200
    _groei(plan, 20)
    with CaptureQueriesContext(connection) as groot:
        antwoord = client.get(_url(plan, pagina), selectie)
        assert antwoord.status_code == 200
    if pagina == "regio":
        assert len(antwoord.context["dashboard"].perioden) == 4
    assert len(groot) == len(klein), [q["sql"] for q in groot.captured_queries]
    assert len(groot) == DASHBOARDQUERIES[pagina]


def test_region_dashboard_shows_each_indicators_last_measurement(client, plan, manager):
    from agenda.models import Indicator, Meting

    # 2014: the measurements of an adopted quarter (Q2 2015) are locked in the database.
    def meet(indicator, *waarden):
        for kwartaal, waarde in enumerate(waarden, start=1):
            Meting.objects.create(indicator=indicator, jaar=2014, periode=kwartaal, waarde=waarde)

    thema = onderdeel(plan, 1)
    wachttijd = Indicator.objects.create(onderdeel=thema, naam="Wachttijd toegang", eenheid="dagen")
    meet(wachttijd, 40, 31)
    # A measurement for one gemeente is not the region's figure.
    Meting.objects.create(
        indicator=wachttijd, jaar=2014, periode=3, waarde=99, gemeente=plan.regio.gemeenten.first()
    )
    with CaptureQueriesContext(connection) as weinig:
        html = client.get(_url(plan)).content.decode()
    rij = html[html.index("Wachttijd toegang") :].split("</tr>")[0]
    assert "31" in rij and "Q2 2014" in rij and "40" in rij and "99" not in rij

    for code in (8, 11, 21, 32, 33):
        meet(Indicator.objects.create(onderdeel=onderdeel(plan, code), naam=f"Maat {code}"), 1, 2)
    with CaptureQueriesContext(connection) as veel:
        html = client.get(_url(plan)).content.decode()
    assert all(f"Maat {code}" in html for code in (8, 11, 21, 32, 33))
    assert len(veel) == len(weinig)


def test_national_overview_query_count_does_not_grow_with_the_regions(client, plan, manager):
    Generator(seed=1).regios(2, 3, 2, eind=(2016, 1))
    with CaptureQueriesContext(connection) as klein:
        assert client.get(reverse("dashboard:landelijk")).status_code == 200
    Generator(seed=2).regios(5, 8, 4, eind=(2016, 1))
    with CaptureQueriesContext(connection) as groot:
        assert client.get(reverse("dashboard:landelijk")).status_code == 200
    # At most 12, and the session's write (its end moves on with every request): 3 statements.
    assert len(groot) == len(klein) <= 15


# Synthetic data --------------------------------------------------------------------------------


def test_genereer_testdata_builds_regions_and_adds_quarters(plan):
    from django.core.management import call_command

    from agenda.models import Plan
    from rapportage.constants import PeriodeStatus

    uit = io.StringIO()
    referentie = Plan.objects.values_list("pk", flat=True)
    referentie = list(referentie)
    call_command("genereer_testdata", regios=2, themas=5, kwartalen=3, stdout=uit)
    nieuw = Plan.objects.exclude(pk__in=referentie)
    assert nieuw.count() == 2
    for ander in nieuw:
        assert ander.onderdelen.filter(niveau__slug="themas").count() == 5
        assert ander.rapportageperiodes.count() == 3
        assert ander.rapportageperiodes.filter(status=PeriodeStatus.OPEN).count() == 1
        assert ThemaRapportage.objects.filter(periode__plan=ander).count() == 15
        assert ander.overlegsecties.exists() and ander.regio.personen.exists()
    # Orange and red always carry an explanation (the database insists too).
    assert not ThemaRapportage.objects.filter(tijd_smiley="rood", tijd_tekst="").exists()
    # Every generated record has its first history record, as one made in the admin has.
    for model, records in [
        (Plan, nieuw),
        (Onderdeel, Onderdeel.objects.filter(plan__in=nieuw)),
        (ThemaRapportage, ThemaRapportage.objects.filter(periode__plan__in=nieuw)),
    ]:
        historie = model.history.filter(id__in=records.values("pk"), history_type="+")
        assert historie.count() == records.count() > 0
        assert {h.history_change_reason for h in historie} == {"genereer_testdata"}

    call_command("genereer_testdata", plan=plan.slug, kwartalen=2, stdout=uit)
    codes = [p.code for p in plan.rapportageperiodes.order_by("jaar", "kwartaal")]
    assert codes == ["2015-Q2", "2015-Q3", "2015-Q4"]
    q3 = plan.rapportageperiodes.get(kwartaal=3)
    assert q3.status == "vastgesteld" and q3.rapportages.count() == 34
    assert q3.rapportages.first().weergave["titel"]
    assert "kwartalen toegevoegd" in uit.getvalue()


def test_pdf_export_shows_the_screens_counts(client, rollen, plan):
    """The dashboard PDF carries the same counts per colour as the page, and its themes."""
    import subprocess

    client.force_login(rollen["manager"])
    zoek = "?domein=wmo"
    scherm = client.get(f"/dashboard/{plan.slug}/{zoek}")
    antwoord = client.get(f"/dashboard/{plan.slug}/export.pdf{zoek}")
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    tekst = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=antwoord.content, capture_output=True, check=True
    ).stdout.decode()
    telling = scherm.context["dashboard"].tellingen[0]
    regel = next(r for r in tekst.splitlines() if r.strip().startswith(telling.periode.code))
    assert regel.split()[1:] == [str(waarde) for waarde in telling.rij()]
    for rij in scherm.context["dashboard"].rijen:
        assert rij.onderdeel.titel.split()[0] in tekst


def test_pdf_export_respects_scope(client, rollen, plan):
    client.force_login(rollen["buitenstaander"])
    assert client.get(f"/dashboard/{plan.slug}/export.pdf").status_code == 404


def test_filter_fields_are_not_marked_optional_but_form_fields_are(client, plan, manager, rollen):
    """Every filter is optional: marking each "(niet verplicht)" only adds noise there."""
    dashboard = client.get(_url(plan))
    assert '<label class="utrecht-form-label" for="id_domein">' in dashboard.text
    assert "(niet verplicht)" not in dashboard.text
    client.force_login(rollen["manager"])
    openen = client.get(reverse("rapportage:periode_openen", args=[plan.slug]))
    assert "(niet verplicht)" in openen.text  # e.g. the period's title


def test_pdf_of_an_open_quarter_says_it_is_a_draft(client, rollen, plan, open_periode):
    """The title page shows the quarter's own status, not the adopted plan's."""
    import subprocess

    client.force_login(rollen["manager"])
    antwoord = client.get(f"/dashboard/{plan.slug}/export.pdf")
    tekst = subprocess.run(
        ["pdftotext", "-l", "1", "-", "-"], input=antwoord.content, capture_output=True, check=True
    ).stdout.decode()
    assert open_periode.naam in tekst
    assert "Open: concept, nog niet vastgesteld" in tekst
    assert "nog niet vastgesteld" in tekst.split("Vastgesteld op")[1]
