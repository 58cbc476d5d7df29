"""Adopting a quarter as it really happens: not everything approved, the college's date.

Each item not approved is adopted as "niet gerapporteerd" (a neutral marker, no smiley), or,
by the manager's choice, with last quarter's status "overgenomen uit <kwartaal>"; both always
labelled on the page and in the archived PDF."""

import subprocess
from datetime import date, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage.models import ThemaRapportage
from rapportage.services import (
    CyclusFout,
    rapportageperiode_heropenen,
    rapportageperiode_vaststellen,
    themarapportage_goedkeuren,
    themarapportage_opslaan,
)

pytestmark = pytest.mark.django_db

GROEN = {
    "tijd_smiley": "groen",
    "tijd_tekst": "Op koers.",
    "kosten_smiley": "groen",
    "kosten_tekst": "Binnen budget.",
    "bijzonderheden_smiley": "groen",
    "bijzonderheden_tekst": "Geen",
}


def _goedkeuren(periode, manager, codes):
    for rapport in periode.rapportages.filter(onderdeel__code__in=codes):
        themarapportage_opslaan(
            rapport=rapport, door=manager, gegevens=GROEN, versie=rapport.versie, indienen=True
        )
        themarapportage_goedkeuren(rapport=rapport, door=manager)


def _rapport(periode, code):
    return ThemaRapportage.objects.select_related("overgenomen_uit").get(
        periode=periode, onderdeel__code=code
    )


def test_adoption_with_items_not_approved(open_periode, rollen):
    manager = rollen["manager"]
    _goedkeuren(open_periode, manager, [str(n) for n in range(3, 35)])
    concept = _rapport(open_periode, "2")
    themarapportage_opslaan(
        rapport=concept,
        door=rollen["trekker"],
        gegevens={**GROEN, "tijd_tekst": "Niet goedgekeurde concepttekst"},
        versie=concept.versie,
    )
    rapportageperiode_vaststellen(
        periode=open_periode,
        door=manager,
        inleiding="",
        samenvatting="",
        vastgesteld_op=date(2015, 11, 10),
        overnemen={_rapport(open_periode, "1").pk},
    )
    overgenomen = _rapport(open_periode, "1")
    vorig = ThemaRapportage.objects.get(periode__kwartaal=2, onderdeel__code="1")
    assert overgenomen.status == "overgenomen"
    assert overgenomen.overgenomen_uit == vorig.periode
    assert (overgenomen.tijd_smiley, overgenomen.tijd_tekst) == (
        vorig.tijd_smiley,
        vorig.tijd_tekst,
    )
    niet = _rapport(open_periode, "2")
    assert niet.status == "niet_gerapporteerd"
    # The unapproved text never reaches the report; its history keeps it.
    assert (niet.tijd_smiley, niet.tijd_tekst) == ("", "")
    assert niet.history.filter(tijd_tekst="Niet goedgekeurde concepttekst").exists()
    assert open_periode.rapportages.filter(status="goedgekeurd", vergrendeld=True).count() == 32
    open_periode.refresh_from_db()
    assert open_periode.vastgesteld_op == date(2015, 11, 10)

    # Reopening undoes the decision: the invullers get back what they had.
    rapportageperiode_heropenen(periode=open_periode, door=manager, reden="Alsnog rapporteren")
    terug = _rapport(open_periode, "2")
    assert (terug.status, terug.tijd_tekst) == ("concept", "Niet goedgekeurde concepttekst")
    terug = _rapport(open_periode, "1")
    assert terug.status == "concept" and terug.overgenomen_uit is None and terug.gekopieerd


def test_a_copy_needs_something_to_copy(open_periode, rollen, plan):
    from rapportage.services import rapportageperiode_openen

    manager = rollen["manager"]
    rapportageperiode_vaststellen(periode=open_periode, door=manager, inleiding="", samenvatting="")
    vierde = rapportageperiode_openen(
        plan=plan, jaar=2015, kwartaal=4, deadline=date(2016, 1, 15), door=manager
    )
    # Q3 adopted theme 1 as "niet gerapporteerd": there is no status to carry over.
    with pytest.raises(CyclusFout, match="geen stand van het vorige kwartaal"):
        rapportageperiode_vaststellen(
            periode=vierde,
            door=manager,
            inleiding="",
            samenvatting="",
            overnemen={_rapport(vierde, "1").pk},
        )


@pytest.mark.parametrize(
    "datum, melding",
    [
        (timezone.localdate() + timedelta(days=1), "ligt in de toekomst"),
        (date(2015, 6, 30), "vóór het begin van het 3e kwartaal 2015"),
    ],
)
def test_an_implausible_adoption_date_is_refused(open_periode, rollen, datum, melding):
    with pytest.raises(CyclusFout, match=melding):
        rapportageperiode_vaststellen(
            periode=open_periode,
            door=rollen["manager"],
            inleiding="",
            samenvatting="",
            vastgesteld_op=datum,
        )
    open_periode.refresh_from_db()
    assert open_periode.status == "open"


def test_the_adoption_page_asks_per_item_and_for_the_date(
    client, rollen, open_periode, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manager = rollen["manager"]
    _goedkeuren(open_periode, manager, [str(n) for n in range(4, 35)])
    client.force_login(manager)
    url = reverse("rapportage:vaststellen", args=[open_periode.plan.slug, open_periode.code])
    pagina = client.get(url)
    assert "Niet goedgekeurd: 3 van de 34 thema's" in unescape(pagina.text)
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in pagina.text  # today by default
    assert "Overgenomen uit 2e kwartaal 2015, zo vermeld" in pagina.text
    een, twee, drie = (_rapport(open_periode, code) for code in ("1", "2", "3"))
    gegevens = {
        "vastgesteld_op": "2015-11-10",
        "inleiding": "[smileylegenda]",
        "samenvatting": "Het derde kwartaal.",
        f"keuze_{een.pk}": "overnemen",
        f"keuze_{twee.pk}": "niet_gerapporteerd",
        f"keuze_{drie.pk}": "niet_gerapporteerd",
    }
    # A date that cannot be: refused in Dutch, nothing adopted.
    antwoord = client.post(url, {**gegevens, "vastgesteld_op": "2099-01-01"})
    assert antwoord.status_code == 200 and "ligt in de toekomst" in antwoord.text
    antwoord = client.post(url, gegevens, follow=True)
    assert "is vastgesteld en gearchiveerd" in antwoord.text
    tekst = unescape(antwoord.text)
    assert "vastgesteld op 10 november 2015" in tekst
    assert "Niet gerapporteerd</strong> (2): thema 2, thema 3." in tekst
    assert (
        "Overgenomen uit een eerder kwartaal</strong> (1): thema 1 (uit 2e kwartaal 2015)" in tekst
    )
    assert "<strong>Overgenomen uit 2e kwartaal 2015.</strong>" in tekst
    assert tekst.count("Niet gerapporteerd.</strong> Over thema") == 2
    # The neutral marker is no smiley: no face is drawn for those items' rows.
    sectie = tekst.split('id="themas-2"')[1].split("</section>")[0]
    assert "smiley--" not in sectie and "ta-statusicoon--niet_gerapporteerd" in sectie


def _pdftekst(inhoud: bytes) -> str:
    uitvoer = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(uitvoer.split())


def test_the_archived_pdf_labels_both(open_periode, rollen, settings, tmp_path):
    from documenten import documenten

    settings.MEDIA_ROOT = tmp_path
    manager = rollen["manager"]
    _goedkeuren(open_periode, manager, [str(n) for n in range(3, 35)])
    periode = rapportageperiode_vaststellen(
        periode=open_periode,
        door=manager,
        inleiding="[smileylegenda]",
        samenvatting="",
        vastgesteld_op=date(2015, 11, 10),
        overnemen={_rapport(open_periode, "1").pk},
        pdf_maken=documenten.rapport_pdf_bytes,
    )
    tekst = _pdftekst(periode.archief.get().bestand.read())
    assert "Vastgesteld op 10 november 2015" in tekst
    assert "Niet gerapporteerd (1): thema 2." in tekst
    assert "Overgenomen uit een eerder kwartaal (1): thema 1 (uit 2e kwartaal 2015)" in tekst
    assert "1. 1Gezin1Plan (overgenomen uit 2e kwartaal 2015)" in tekst  # the contents
    assert "2. Organiseren van cliëntondersteuning (niet gerapporteerd)" in tekst
    assert "Overgenomen uit 2e kwartaal 2015. Voor 3e kwartaal 2015 is over thema 1" in tekst
    assert "Niet gerapporteerd. Over thema 2 is voor 3e kwartaal 2015 geen rapportage" in tekst


def test_the_reference_report_shows_its_real_adoption_date(client, rollen, periode):
    client.force_login(rollen["griffie"])
    tekst = client.get(reverse("rapportage:rapport", args=[periode.plan.slug, periode.code])).text
    assert "vastgesteld op 6 oktober 2015" in tekst
    lijst = client.get(reverse("rapportage:overzicht", args=[periode.plan.slug])).text
    assert "Vastgesteld op 6 oktober 2015" in lijst
