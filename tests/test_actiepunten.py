"""A quarter of an actieplan that reports per actiepunt (shape opgave-deelopgave-actiepunt),
through the pages: every text in the plan's own words, the same cycle as the reference plans."""

import re
import subprocess
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from agenda.models import Indicator, Meting, Onderdeel, Plan, Planvorm, Rol
from rapportage.models import ThemaRapportage
from regio.constants import Gebruikersrol
from regio.models import Deelname, Gemeente, Persoon, Regio

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

WOORD = re.compile(r"[A-Za-zÀ-ÿ']+")


@pytest.fixture
def actieplan():
    vorm = Planvorm.objects.get(slug="opgave-deelopgave-actiepunt")
    regio = Regio.objects.create(naam="Regio Actieplan", slug="regio-actieplan")
    Deelname.objects.create(regio=regio, gemeente=Gemeente.objects.get(naam="Roermond"))
    plan = Plan.objects.create(
        regio=regio,
        planvorm=vorm,
        slug="actieplan-2016",
        titel="Actieplan werk en inkomen 2016-2017",
        jaar_van=2016,
        jaar_tot_en_met=2017,
    )
    niveaus = {n.diepte: n for n in vorm.niveaus.all()}
    opgave = Onderdeel.objects.create(
        plan=plan, niveau=niveaus[1], code="1", volgorde=1, titel="Iedereen doet mee"
    )
    deelopgave = Onderdeel.objects.create(
        plan=plan, niveau=niveaus[2], ouder=opgave, code="1.1", volgorde=1, titel="Werk"
    )
    punten = [
        Onderdeel.objects.create(
            plan=plan,
            niveau=niveaus[3],
            ouder=deelopgave,
            code=f"1.1.{n}",
            volgorde=n,
            tekst=tekst,
            deadline_tekst=deadline,
        )
        for n, tekst, deadline in [
            (1, "Werkgevers benaderen voor *beschut werk*", "31-12-2016"),
            (2, "Een gezamenlijke werkgeversdienst opzetten", "Doorlopend"),
            (3, "Evalueren met de cliëntenraad", "derde kwartaal 2016"),
        ]
    ]
    rollen = {w.code: w for w in plan.lijstwaarden("rol")}
    trekker = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, regio, "trekker-ap")
    Persoon.objects.create(regio=regio, naam="A. Aarts", gebruiker=trekker)
    Rol.objects.create(onderdeel=punten[0], soort=rollen["trekker"], persoon=trekker.persoon)
    Rol.objects.create(
        onderdeel=punten[1],
        soort=rollen["wie"],
        tekst="initiatief ligt bij de centrumgemeente",
    )
    Indicator.objects.create(onderdeel=punten[0], naam="Plaatsingen beschut werk")
    return plan, punten, trekker


def _vreemde_woorden(plan) -> set[str]:
    """The level and list names of the other shapes that this plan's shape does not have."""

    def woorden(vorm):
        namen = []
        for niveau in vorm.niveaus.all():
            namen += [niveau.naam, niveau.meervoud]
        for lijst in vorm.keuzelijsten.all():
            namen += [lijst.naam, lijst.meervoud]
        return {n.lower() for n in namen if n}

    vreemd = set()
    for vorm in Planvorm.objects.exclude(pk=plan.planvorm_id):
        vreemd |= woorden(vorm)
    return vreemd - woorden(plan.planvorm)


def _woorden(html: str) -> set[str]:
    """The words of a page without its footer (the application's own name, "Transformatie-
    agenda sociaal domein", is no plan's vocabulary)."""
    html = re.sub(r"<footer.*?</footer>", "", html, flags=re.S)
    return {w.lower().strip("'") for w in WOORD.findall(unescape(strip_tags(html)))}


def test_a_quarter_per_actiepunt_in_the_plans_words(client, actieplan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan, punten, trekker = actieplan
    manager = maak_gebruiker(Gebruikersrol.TRANSFORMATIEMANAGER, plan.regio, "manager-ap")
    collega = maak_gebruiker(Gebruikersrol.BELEIDSMEDEWERKER, plan.regio, "collega-ap")
    vreemd = _vreemde_woorden(plan)
    assert {"thema", "speerpunt", "taak", "cluster"} <= vreemd
    paginas = {}

    client.force_login(manager)
    openen = reverse("rapportage:periode_openen", args=[plan.slug])
    paginas["openen"] = client.get(openen).text
    antwoord = client.post(
        openen,
        {"jaar": 2016, "kwartaal": 1, "deadline": "2016-04-15", "deadline_bevestigd": "on"},
    )
    assert antwoord.status_code == 302
    periode = plan.rapportageperiodes.get()
    assert periode.rapportages.count() == 3  # one per actiepunt
    voortgang = reverse("rapportage:voortgang", args=[plan.slug, periode.code])
    paginas["voortgang"] = client.get(voortgang).text
    assert "Zonder invuller (2): actiepunt 1.1.2, actiepunt 1.1.3." in unescape(
        strip_tags(paginas["voortgang"])
    )
    # The manager asks a colleague to fill in the actiepunt the centrumgemeente leads.
    rapport2 = periode.rapportages.get(onderdeel=punten[1])
    antwoord = client.post(
        reverse("rapportage:invuller_kiezen", args=[plan.slug, "actiepunten", "1.1.2"]),
        {"invuller": collega.pk},
        follow=True,
    )
    assert "vult actiepunt 1.1.2 in" in unescape(antwoord.text)

    # The trekker fills in actiepunt 1.1.1 with a measurement, and submits.
    rapport1 = periode.rapportages.get(onderdeel=punten[0])
    indicator = Indicator.objects.get(onderdeel=punten[0])
    client.force_login(trekker)
    paginas["mijn"] = client.get(reverse("rapportage:mijn_themas")).text
    assert "Mijn actiepunten" in paginas["mijn"]
    formulier = reverse("rapportage:bewerken", args=[rapport1.pk])
    paginas["formulier"] = client.get(formulier).text
    antwoord = client.post(
        formulier,
        {
            "versie": 1,
            "tijd_smiley": "groen",
            "tijd_tekst": "Twaalf werkgevers benaderd.",
            "kosten_smiley": "groen",
            "kosten_tekst": "Binnen het projectbudget.",
            "bijzonderheden_smiley": "groen",
            "bijzonderheden_tekst": "Geen.",
            f"meting-{indicator.pk}_1_r": "4",
            "indienen": "",
        },
    )
    assert antwoord.status_code == 302
    assert Meting.objects.get(indicator=indicator, jaar=2016, periode=1).waarde == Decimal("4")
    client.force_login(collega)
    antwoord = client.post(
        reverse("rapportage:bewerken", args=[rapport2.pk]),
        {
            "versie": ThemaRapportage.objects.get(pk=rapport2.pk).versie,
            "tijd_smiley": "oranje",
            "tijd_tekst": "Wacht op de centrumgemeente.",
            "kosten_smiley": "groen",
            "kosten_tekst": "Geen kosten.",
            "bijzonderheden_smiley": "groen",
            "bijzonderheden_tekst": "Geen.",
            "indienen": "",
        },
    )
    assert antwoord.status_code == 302

    # The manager reviews, approves both after reading them, and adopts with 1.1.3 not reported.
    client.force_login(manager)
    paginas["beoordelen"] = client.get(formulier).text
    assert "Plaatsingen beschut werk" in paginas["beoordelen"]
    alles = reverse("rapportage:alles_goedkeuren", args=[plan.slug, periode.code])
    paginas["alles goedkeuren"] = client.get(alles).text
    versies = {f"versie-{r.pk}": r.versie for r in periode.rapportages.filter(status="ingediend")}
    client.post(alles, versies)
    vaststellen = reverse("rapportage:vaststellen", args=[plan.slug, periode.code])
    paginas["vaststellen"] = client.get(vaststellen).text
    assert "Niet goedgekeurd: 1 van de 3 actiepunten" in unescape(paginas["vaststellen"])
    rapport3 = periode.rapportages.get(onderdeel=punten[2])
    antwoord = client.post(
        vaststellen,
        {
            "vastgesteld_op": "2016-05-10",
            "inleiding": "[smileylegenda]",
            "samenvatting": "Het eerste kwartaal.",
            f"keuze_{rapport3.pk}": "niet_gerapporteerd",
        },
        follow=True,
    )
    paginas["rapport"] = antwoord.text
    tekst = unescape(strip_tags(antwoord.text))
    assert "Niet gerapporteerd (1): actiepunt 1.1.3." in " ".join(tekst.split())
    assert "Wie?" in tekst and "initiatief ligt bij de centrumgemeente" in tekst
    archief = periode.archief.get()
    pdf = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=archief.bestand.read(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Niet gerapporteerd. Over actiepunt 1.1.3" in " ".join(pdf.split())
    paginas["pdf"] = pdf

    fouten = {naam: sorted(_woorden(html) & vreemd) for naam, html in paginas.items()}
    assert {naam: woorden for naam, woorden in fouten.items() if woorden} == {}
