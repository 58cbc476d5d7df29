"""Everyone starts at their own work after logging in; the plan stays one click away."""

import pytest
from django.urls import reverse

from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db


def _inloggen(client, gebruiker):
    antwoord = client.post(
        reverse("login"),
        {"username": gebruiker.username, "password": "geheim-wachtwoord"},
        follow=True,
    )
    assert antwoord.status_code == 200
    return antwoord


def test_a_beleidsmedewerker_lands_on_their_reports(client, rollen, open_periode):
    pagina = _inloggen(client, rollen["trekker"])
    assert pagina.redirect_chain[-1][0] == reverse("rapportage:mijn_themas")
    assert "Deadline: <strong>15 oktober 2015</strong>" in pagina.text
    assert "1Gezin1Plan" in pagina.text
    assert f'href="{reverse("rapportage:plan", args=[open_periode.plan.slug])}"' in pagina.text


def test_a_manager_lands_on_the_open_quarters_progress(client, rollen, open_periode):
    pagina = _inloggen(client, rollen["manager"])
    voortgang = reverse("rapportage:voortgang", args=[open_periode.plan.slug, open_periode.code])
    assert pagina.redirect_chain[-1][0] == voortgang
    for woord in ("ingediend, te beoordelen", "goedgekeurd", "teruggestuurd", "te laat"):
        assert woord in pagina.text
    assert "deadline 15 oktober 2015" in pagina.text


def test_a_manager_without_an_open_quarter_lands_on_the_reports(client, rollen, plan):
    pagina = _inloggen(client, rollen["manager"])
    assert pagina.redirect_chain[-1][0] == reverse("rapportage:overzicht", args=[plan.slug])
    assert "Nieuwe periode openen" in pagina.text


def test_the_griffie_lands_on_the_adopted_documents_newest_first(client, rollen, plan):
    from datetime import date

    from rapportage.models import Rapportageperiode

    Rapportageperiode.objects.create(
        plan=plan, jaar=2015, kwartaal=3, status="vastgesteld", vastgesteld_op=date(2016, 1, 12)
    )
    pagina = _inloggen(client, rollen["griffie"])
    assert pagina.redirect_chain[-1][0] == reverse("rapportage:overzicht", args=[plan.slug])
    assert "Vastgestelde documenten" in pagina.text
    tekst = pagina.text
    assert tekst.index("3e kwartaal 2015") < tekst.index("2e kwartaal 2015")
    assert reverse("documenten:plan_pdf", args=[plan.slug]) in tekst
    assert reverse("documenten:rapport_pdf", args=[plan.slug, "2015-Q2"]) in tekst


def test_the_checksum_is_for_griffie_and_beheerder_in_a_details_section(
    client, rollen, periode, settings, tmp_path
):
    from rapportage.services import rapport_archiveren

    settings.MEDIA_ROOT = tmp_path
    archief = rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 archief", door=None)
    url = reverse("rapportage:rapport", args=[periode.plan.slug, periode.code])
    client.force_login(rollen["griffie"])
    tekst = client.get(url).text
    assert archief.sha256 in tekst.split("<details")[1]
    client.force_login(rollen["manager"])
    assert archief.sha256 not in client.get(url).text
    client.force_login(rollen["trekker"])
    assert archief.sha256 not in client.get(url).text


def test_the_reports_list_reads_the_archive_only_for_who_is_shown_the_checksum(
    client, rollen, periode, settings, tmp_path, django_assert_num_queries
):
    from rapportage.services import rapport_archiveren

    settings.MEDIA_ROOT = tmp_path
    eerste = rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 archief", door=None)
    archief = rapport_archiveren(periode=periode, pdf=b"%PDF-1.7 opnieuw vastgesteld", door=None)
    url = reverse("rapportage:overzicht", args=[periode.plan.slug])
    client.force_login(rollen["griffie"])
    client.get(url)
    # The same four, and the newest version per period in one more.
    with django_assert_num_queries(5):
        tekst = client.get(url).text
    details = tekst.split("<details")
    assert len(details) == 2, "one checksum: the adopted quarter's newest version"
    assert f'Versie 2, SHA-256 <code class="ta-hash">{archief.sha256}</code>' in details[1]
    assert eerste.sha256 not in tekst
    client.force_login(rollen["manager"])
    client.get(url)
    # Sign-in (session, account), the plan with the account's region, the periods.
    with django_assert_num_queries(4):
        assert archief.sha256 not in client.get(url).text


def test_anyone_else_lands_on_the_plan(client, plan):
    beheerder = maak_gebruiker(Gebruikersrol.BEHEERDER, plan.regio, "beheer")
    pagina = _inloggen(client, beheerder)
    assert pagina.redirect_chain[-1][0] == reverse("rapportage:plan", args=[plan.slug])
