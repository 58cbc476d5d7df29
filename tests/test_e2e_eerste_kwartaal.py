"""A first real quarter on the reference region, in headless Chromium (issue "A first quarter
people can trust", Done when).

Three trekkers never report and six themes have nobody with an account to report them. The
manager opens the period (e-mails go out), trekkers fill in through the page (the copied mark
clears), one report is sent back and fixed, the manager reviews in the read view and approves,
assigns an invuller and fills one in, and adopts with "niet gerapporteerd" and one labelled copy.
The archived PDF shows both labels and cuts nothing off; every notification is in the outbox
exactly once. Screenshots of the key pages go to the test's temporary folder (run with
--basetemp to keep them)."""

import hashlib
import os
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from regio.constants import Gebruikersrol

from .factories import maak_gebruiker
from .test_toegankelijkheid import CHROMIUM, _overtredingen

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it)",
    ),
]

SLUG = "midden-limburg-2015-2016"
# Nobody with an account reports these: M. van de Ven (9), D. van Bilzen and J. Hartogensis
# (11), N. Saes (19) have none; 23, 25 and 27 name nobody.
ZONDER_ACCOUNT = {"M. van de Ven", "D. van Bilzen", "J. Hartogensis", "N. Saes"}
ZONDER_INVULLER = {"9", "11", "19", "23", "25", "27"}
# These three have an account and never report.
AFWEZIG = {"B. Wilms", "E. van Summeren", "H. Jansen"}
LANGE_URL = "https://www.voorbeeld-gemeente.nl/" + "documenten/" * 24 + "x" * 24
GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _inloggen(browser, url, gebruikersnaam, breedte=1280):
    pagina = browser.new_context(viewport={"width": breedte, "height": 900}).new_page()
    pagina.goto(f"{url}/inloggen/")
    pagina.fill("#id_username", gebruikersnaam)
    pagina.fill("#id_password", "geheim-wachtwoord")
    pagina.click("button[type=submit]")
    pagina.wait_for_load_state()
    return pagina


def _accounts(plan):
    """An account, with an e-mail address, for everyone the plan names in a role that reports,
    except those who have none in this story."""
    from regio.models import Persoon

    accounts = {}
    rapporterend = Persoon.objects.filter(
        regio=plan.regio, rollen__soort__rapporteert=True
    ).distinct()
    for nummer, persoon in enumerate(rapporterend.order_by("naam")):
        if persoon.naam in ZONDER_ACCOUNT:
            continue
        gebruiker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, f"bm{nummer}")
        gebruiker.email = f"bm{nummer}@midden-limburg.example"
        gebruiker.save()
        persoon.gebruiker = gebruiker
        persoon.save()
        accounts[persoon.naam] = gebruiker
    return accounts


def _invullen(rapport, door, **velden):
    from rapportage.models import ThemaRapportage
    from rapportage.services import themarapportage_opslaan

    rapport = ThemaRapportage.objects.get(pk=rapport.pk)
    return themarapportage_opslaan(
        rapport=rapport,
        door=door,
        gegevens={**GROEN, **velden},
        versie=rapport.versie,
        indienen=True,
    )


def _foto(pagina, map_: Path, naam: str):
    pagina.screenshot(path=str(map_ / f"{naam}.png"), full_page=True)


def _niets_afgesneden(pdf: bytes):
    """Every word of every page lies within the page (pdftotext's word boxes)."""
    import re

    boxen = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    te_breed = []
    for pagina in re.finditer(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxen, re.S
    ):
        breedte = float(pagina.group(1))
        for woord in re.finditer(r'xMax="([\d.]+)"[^>]*>([^<]*)<', pagina.group(3)):
            if float(woord.group(1)) > breedte - 20:  # inside the page, clear of its edge
                te_breed.append(woord.group(2))
    return te_breed


def test_a_first_quarter_people_can_trust(
    live_server, browser, settings, tmp_path, referentiedata_live
):
    from agenda.models import Plan
    from rapportage.models import Melding, ThemaRapportage

    settings.MEDIA_ROOT = tmp_path / "media"
    fotos = tmp_path / "schermafdrukken"
    fotos.mkdir()
    url = live_server.url
    plan = Plan.objects.get(slug=SLUG)
    accounts = _accounts(plan)
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager")
    griffie = maak_gebruiker(Gebruikersrol.GRIFFIE, plan.regio, "griffie")
    collega = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "collega")
    for gebruiker, naam in [(manager, "manager"), (griffie, "griffie"), (collega, "collega")]:
        gebruiker.email = f"{naam}@midden-limburg.example"
        gebruiker.first_name, gebruiker.last_name = naam.capitalize(), "Midden-Limburg"
        gebruiker.save()
    poell = accounts["G. Poell"]

    # The manager opens the quarter; the deadline lies in the past (a 2015 quarter), so the page
    # asks for confirmation first.
    m = _inloggen(browser, url, "manager")
    m.goto(f"{url}/plannen/{SLUG}/rapportages/nieuw/")
    m.select_option("#id_jaar", "2015")
    m.select_option("#id_kwartaal", "3")
    m.fill("#id_deadline", "2015-10-15")
    m.click("button:has-text('Periode openen')")
    expect(m.locator("text=ligt in het verleden").first).to_be_attached()
    assert m.evaluate("document.activeElement.id") == "foutmeldingen"
    m.check("#id_deadline_bevestigd")
    m.click("button:has-text('Periode openen')")
    m.wait_for_url(f"{url}/plannen/{SLUG}/rapportages/2015-Q3/voortgang/")
    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=3)
    geopend = [b for b in mail.outbox if "geopend" in b.subject]
    assert sorted(b.to[0] for b in geopend) == sorted(g.email for g in accounts.values())
    # Who is expected to report, and the six nobody reports.
    voortgang = m.locator("table.ta-voortgang").inner_text()
    assert "G. Poell (1e aanspreekpersoon, trekker)" in voortgang
    zonder = m.locator("text=Zonder invuller (6)")
    assert zonder.count() == 1
    _foto(m, fotos, "voortgang-geopend")
    assert _overtredingen(m) == ""

    # G. Poell rewrites the copy of theme 1 through the page: the mark clears.
    t = _inloggen(browser, url, poell.username)
    assert t.url == f"{url}/mijn-themas/"
    rapport1 = periode.rapportages.get(onderdeel__code="1")
    t.goto(f"{url}/themarapportages/{rapport1.pk}/")
    assert t.locator("text=Overgenomen van het vorige kwartaal.").count() == 1
    assert t.locator("aside.ta-context").inner_text().count("Vorig kwartaal: 2e kwartaal 2015") == 1
    _foto(t, fotos, "formulier")
    assert _overtredingen(t) == ""
    t.check("input[name=tijd_smiley][value=oranje]")
    t.fill("#id_tijd_tekst", f"Vertraagd door de inkoop; zie {LANGE_URL}")
    assert "Nog " in t.locator("#id_tijd_tekst_teller").inner_text()  # the live count
    t.click("button[name=indienen]")
    t.wait_for_url(f"{url}/themarapportages/{rapport1.pk}/")
    assert t.locator("text=Overgenomen van het vorige kwartaal.").count() == 0
    assert not ThemaRapportage.objects.get(pk=rapport1.pk).gekopieerd

    # The other trekkers report, except the three who never do.
    for rapport in periode.rapportages.select_related("onderdeel").exclude(pk=rapport1.pk):
        rollen = rapport.onderdeel.rollen.filter(soort__rapporteert=True, persoon__isnull=False)
        wie = [accounts[r.persoon.naam] for r in rollen if r.persoon.naam in accounts]
        wie = [g for g in wie if g.persoon.naam not in AFWEZIG]
        if wie:
            _invullen(rapport, wie[0], kosten_tekst="Binnen de begroting van 2015.")
    niet_ingediend = {
        r.onderdeel.code
        for r in periode.rapportages.select_related("onderdeel").filter(status="concept")
    }
    assert niet_ingediend >= ZONDER_INVULLER
    van_afwezigen = niet_ingediend - ZONDER_INVULLER
    assert van_afwezigen == {"2", "3", "5", "15"}

    # The manager assigns a colleague to theme 9 on the progress page, and fills in 23 herself.
    m.goto(f"{url}/plannen/{SLUG}/rapportages/2015-Q3/voortgang/")
    rapport9 = periode.rapportages.get(onderdeel__code="9")
    m.select_option(f"#invuller-{rapport9.pk}", str(collega.pk))
    m.click(f"#rapport-{rapport9.pk} button:has-text('Toewijzen')")
    expect(m.locator("text=vult thema 9 in en krijgt daarover een e-mail")).to_have_count(1)
    _invullen(rapport9, collega)
    rapport23 = periode.rapportages.get(onderdeel__code="23")
    m.click(f"#rapport-{rapport23.pk} >> text=Zelf invullen")
    expect(m.locator("text=daarom kunt u dat als transformatiemanager zelf doen")).to_have_count(1)
    m.check("input[name=kosten_smiley][value=groen]")
    with m.expect_navigation():
        m.click("button[name=indienen]")
    assert ThemaRapportage.objects.get(pk=rapport23.pk).status == "ingediend"

    # Review in the read view: theme 1 beside last quarter, sent back with a comment.
    m.goto(f"{url}/themarapportages/{rapport1.pk}/")
    assert m.locator("textarea[name=tijd_tekst]").count() == 0
    assert m.locator("text=Vorig kwartaal (2e kwartaal 2015)").count() == 1
    assert m.locator("text=smiley gewijzigd").count() >= 1
    _foto(m, fotos, "beoordelen")
    assert _overtredingen(m) == ""
    m.fill("#id_opmerking", "Noem de nieuwe datum.")
    m.click("text=Terugsturen naar de invullers")
    t.goto(f"{url}/themarapportages/{rapport1.pk}/")
    assert t.locator(".utrecht-alert--warning >> text=Noem de nieuwe datum.").count() == 1
    # The session expires while G. Poell corrects it: the text survives logging in again.
    t.fill("#id_tijd_tekst", f"Vertraagd; nieuwe datum 1 december 2015. Zie {LANGE_URL}")
    from django.contrib.sessions.models import Session

    sessie = next(c["value"] for c in t.context.cookies(url) if c["name"] == "sessionid")
    Session.objects.filter(session_key=sessie).delete()
    t.click("button[name=indienen]")
    t.wait_for_url(f"{url}/inloggen/**")
    assert t.locator("text=Uw sessie was verlopen").count() == 1
    t.fill("#id_username", poell.username)
    t.fill("#id_password", "geheim-wachtwoord")
    t.click("button[type=submit]")
    t.wait_for_url(f"{url}/themarapportages/{rapport1.pk}/")
    assert "nieuwe datum 1 december 2015" in t.input_value("#id_tijd_tekst")
    with t.expect_navigation():
        t.click("button[name=indienen]")
    assert ThemaRapportage.objects.get(pk=rapport1.pk).status == "ingediend"

    # Approve: theme 1 in its read view, the rest after reading every text they approve.
    m.goto(f"{url}/themarapportages/{rapport1.pk}/")
    m.click("button:has-text('Goedkeuren')")
    m.goto(f"{url}/plannen/{SLUG}/rapportages/2015-Q3/voortgang/")
    m.click("text=ingediende rapportages bekijken en goedkeuren")
    expect(m.locator("text=Binnen de begroting van 2015.").first).to_be_attached()
    assert m.locator("text=Binnen de begroting van 2015.").count() >= 20
    _foto(m, fotos, "alles-goedkeuren")
    m.click("button:has-text('rapportages goedkeuren')")
    assert periode.rapportages.filter(status="goedgekeurd").count() == 34 - 8
    _foto(m, fotos, "voortgang-voor-vaststellen")

    # A phone: the progress page and the plan's latest smileys without sideways scrolling.
    telefoon = _inloggen(browser, url, "manager", breedte=375)
    for pad, naam in [
        (f"/plannen/{SLUG}/rapportages/2015-Q3/voortgang/", "telefoon-voortgang"),
        (f"/plannen/{SLUG}/", "telefoon-plan"),
        (f"/themarapportages/{rapport1.pk}/", "telefoon-beoordelen"),
    ]:
        telefoon.goto(f"{url}{pad}")
        assert telefoon.evaluate("document.documentElement.scrollWidth") <= 375, pad
        _foto(telefoon, fotos, naam)
    # The review's rows are cards on a phone: nothing scrolls sideways inside the page either,
    # and the row's name is not squeezed into a column a few letters wide.
    breedtes = telefoon.evaluate(
        """[...document.querySelectorAll('.ta-vergelijking')].map(t => [
            t.parentElement.scrollWidth - t.parentElement.clientWidth,
            t.querySelector('th[scope=row]').getBoundingClientRect().width])"""
    )
    assert breedtes and all(over == 0 and kop > 250 for over, kop in breedtes), breedtes

    # Adopt: the college's date, "niet gerapporteerd" by default, theme 5 copied and labelled.
    m.goto(f"{url}/plannen/{SLUG}/rapportages/2015-Q3/vaststellen/")
    assert m.locator("text=Niet goedgekeurd: 8 van de 34 thema's").count() == 1
    rapport5 = periode.rapportages.get(onderdeel__code="5")
    m.fill("#id_vastgesteld_op", "2015-11-10")
    m.check(f"input[name=keuze_{rapport5.pk}][value=overnemen]")
    m.fill("#id_samenvatting", f"Het derde kwartaal in het kort; bron: {LANGE_URL}")
    _foto(m, fotos, "vaststellen")
    assert _overtredingen(m) == ""
    m.click("button:has-text('Vaststellen')")
    assert m.locator("h1").inner_text() == "3e kwartaal 2015"
    assert m.locator("text=vastgesteld op 10 november 2015").count() == 1
    assert m.locator(".ta-label--overgenomen").count() >= 1
    assert m.evaluate("document.documentElement.scrollWidth") <= 1280  # the long URL wraps
    _foto(m, fotos, "rapport")
    periode.refresh_from_db()
    assert periode.vastgesteld_op == date(2015, 11, 10)
    statussen = Counter(periode.rapportages.values_list("status", flat=True))
    assert statussen == {"goedgekeurd": 26, "niet_gerapporteerd": 7, "overgenomen": 1}

    # The griffie downloads the archived PDF: both labels, nothing cut off.
    g = _inloggen(browser, url, "griffie")
    assert g.url == f"{url}/plannen/{SLUG}/rapportages/"
    with g.expect_download() as download:
        g.click(f"a[href='/plannen/{SLUG}/rapportages/2015-Q3/pdf/']")
    inhoud = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(inhoud).hexdigest() == periode.archief.get().sha256
    tekst = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=inhoud, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Niet gerapporteerd (7):" in tekst
    assert "Overgenomen uit een eerder kwartaal (1): thema 5 (uit 2e kwartaal 2015)" in tekst
    assert "5. Informele zorg transformeren (overgenomen uit 2e kwartaal 2015)" in tekst
    assert "Overgenomen uit 2e kwartaal 2015. Voor 3e kwartaal 2015 is over thema 5" in tekst
    assert "Niet gerapporteerd. Over thema 2 is voor 3e kwartaal 2015" in tekst
    assert LANGE_URL in "".join(tekst.split())  # the whole address, wrapped, none of it lost
    assert _niets_afgesneden(inhoud) == []
    pagina = tmp_path / "rapport"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "6", "-", str(pagina)],
        input=inhoud,
        check=True,
    )

    # Every notification is in the outbox exactly once, and recorded as sent.
    paren = Counter((bericht.to[0], bericht.subject) for bericht in mail.outbox)
    assert [paar for paar, keer in paren.items() if keer > 1] == []
    assert Melding.objects.exclude(status="verstuurd").count() == 0
    assert Melding.objects.count() == len(mail.outbox)
    soorten = Counter(Melding.objects.values_list("soort", flat=True))
    assert soorten["periode_geopend"] == len(accounts)
    assert soorten["invuller"] == 1
    assert soorten["teruggestuurd"] == 2  # theme 1's two invullers with an account
    assert soorten["vastgesteld"] >= len(accounts) + 2
    vastgesteld = [b for b in mail.outbox if b.to == [griffie.email]]
    assert (
        len(vastgesteld) == 1 and f"/plannen/{SLUG}/rapportages/2015-Q3/pdf/" in vastgesteld[0].body
    )
    g.goto(f"{url}/berichten/")
    assert "Vastgesteld: 3e kwartaal 2015 (Midden-Limburg)" in g.content()
