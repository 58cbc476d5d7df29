"""The form a policy officer fills in: what it shows beside the fields, its labels and limits,
its help, the preview, and typed text that survives an expired session."""

from html import unescape

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapportage.models import ThemaRapportage

from .factories import meer_rapportages

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
def url(rapport):
    return reverse("rapportage:bewerken", args=[rapport.pk])


def test_beside_the_fields_the_goals_activities_and_last_quarters_texts(
    client, rollen, rapport, url
):
    client.force_login(rollen["trekker"])
    tekst = unescape(client.get(url).text)
    naast = tekst.split('<aside class="ta-context"')[1].split("</aside>")[0]
    assert "Vorig kwartaal: 2e kwartaal 2015" in naast
    vorig = ThemaRapportage.objects.get(periode__kwartaal=2, onderdeel__code="1")
    assert vorig.kosten_tekst in naast
    assert "Beleidsdoelen" in naast
    assert rapport.onderdeel.beleidsdoelen.first().tekst in naast
    assert "Activiteiten en" in naast  # the plan's own label, "Activiteiten en resultaten"


def test_labels_say_when_a_text_is_required_and_the_limit_is_stated(client, rollen, url):
    client.force_login(rollen["trekker"])
    tekst = client.get(url).text
    assert "(niet verplicht)" not in tekst
    assert tekst.count("(verplicht bij oranje en rood)") == 3
    assert tekst.count("Hooguit 5.000 tekens.") == 3  # without JavaScript, a plain statement
    assert 'maxlength="5000"' in tekst
    assert 'id="id_tijd_tekst_teller"' in tekst  # where the live count goes
    assert 'src="/static/js/formulier.js" defer' in tekst
    assert "<script>" not in tekst and " style=" not in tekst  # CSP: no inline script or style


def test_the_markup_help_shows_what_it_looks_like(client, rollen, url):
    client.force_login(rollen["trekker"])
    tekst = client.get(url).text
    hulp = tekst.split('class="ta-details ta-opmaakhulp"')[1].split("</details>")[0]
    assert "De *nulmeting* is klaar." in hulp and "De <em>nulmeting</em> is klaar." in hulp
    assert "<li>de inventarisatie</li>" in hulp


def test_the_preview_shows_the_text_as_printed_and_saves_nothing(client, rollen, rapport, url):
    client.force_login(rollen["trekker"])
    antwoord = client.post(
        url,
        {
            **GROEN,
            "tijd_tekst": "Klaar:\n\n- het *plan*\n- de begroting",
            "versie": 1,
            "voorbeeld": "",
        },
    )
    assert antwoord.status_code == 200
    voorbeeld = antwoord.text.split('class="ta-voorbeeld"')[1].split("</section>")[0]
    assert "<li>het <em>plan</em></li>" in voorbeeld
    opgeslagen = ThemaRapportage.objects.get(pk=rapport.pk)
    assert opgeslagen.versie == 1 and "het *plan*" not in opgeslagen.tijd_tekst


def test_after_a_refused_save_the_focus_goes_to_the_error_summary(client, rollen, url):
    client.force_login(rollen["trekker"])
    antwoord = client.post(url, {**GROEN, "tijd_smiley": "rood", "tijd_tekst": "", "versie": 1})
    assert 'id="foutmeldingen" autofocus' in antwoord.text
    assert '<a class="utrecht-link" href="#id_tijd_tekst">' in antwoord.text


def test_a_save_after_the_session_expired_keeps_the_text_until_logged_in_again(
    client, rollen, rapport, url
):
    trekker = rollen["trekker"]
    client.post(reverse("login"), {"username": trekker.username, "password": "geheim-wachtwoord"})
    assert client.get(url).status_code == 200
    Session.objects.all().delete()  # the session expires while the trekker types
    getypt = "Een lange tekst die niet verloren mag gaan."
    antwoord = client.post(url, {**GROEN, "tijd_tekst": getypt, "versie": 1, "opslaan": ""})
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("login"))
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst != getypt
    inloggen = client.get(antwoord["Location"])
    assert "Uw sessie was verlopen" in inloggen.text
    terug = client.post(
        antwoord["Location"],
        {"username": trekker.username, "password": "geheim-wachtwoord", "next": url},
        follow=True,
    )
    assert terug.redirect_chain[-1][0] == url
    assert getypt in terug.text
    assert "Uw tekst van vóór het opnieuw inloggen staat hieronder" in terug.text
    # Restored once: not again on the next visit, and saving it works.
    assert getypt not in client.get(url).text
    assert client.post(url, {**GROEN, "tijd_tekst": getypt, "versie": 1}).status_code == 302
    assert ThemaRapportage.objects.get(pk=rapport.pk).tijd_tekst == getypt


def test_kept_text_is_only_given_back_on_the_page_it_came_from(client, rollen, open_periode, url):
    trekker = rollen["trekker"]
    client.post(url, {**GROEN, "tijd_tekst": "Elders getypt", "versie": 1})  # not logged in
    client.post(reverse("login"), {"username": trekker.username, "password": "geheim-wachtwoord"})
    ander = open_periode.rapportages.get(onderdeel__code="6")  # G. Poell reports theme 6 too
    assert "Elders getypt" not in client.get(reverse("rapportage:bewerken", args=[ander.pk])).text


def test_the_form_takes_the_same_queries_for_more_data(client, rollen, open_periode, url):
    client.force_login(rollen["trekker"])
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(url).status_code == 200
    meer_rapportages(open_periode, 6)
    with CaptureQueriesContext(connection) as veel:
        assert client.get(url).status_code == 200
    assert len(veel) == len(weinig)


def test_mijn_themas_takes_the_same_queries_for_more_items(client, rollen, open_periode):
    from agenda.models import Rol

    trekker = rollen["trekker"]
    client.force_login(trekker)
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(reverse("rapportage:mijn_themas")).status_code == 200
    meer_rapportages(open_periode, 4)
    soort = next(w for w in open_periode.plan.lijstwaarden("rol") if w.rapporteert)
    for rapport in open_periode.rapportages.filter(onderdeel__code__startswith="9"):
        Rol.objects.create(onderdeel=rapport.onderdeel, soort=soort, persoon=trekker.persoon)
    with CaptureQueriesContext(connection) as veel:
        pagina = client.get(reverse("rapportage:mijn_themas"))
    assert "Extra 3" in pagina.text
    assert len(veel) == len(weinig)
