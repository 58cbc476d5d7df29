"""An item's history page: who changed what and when, readable for people."""

import pytest
from django.urls import reverse

from .factories import onderdeel

pytestmark = pytest.mark.django_db


def test_history_page_shows_readable_changes(client, plan, rollen, open_periode):
    from rapportage.services import themarapportage_opslaan

    thema = onderdeel(plan, 1)
    rapport = open_periode.rapportages.get(onderdeel=thema)
    themarapportage_opslaan(
        rapport=rapport,
        door=rollen["trekker"],
        gegevens={
            "tijd_smiley": "oranje",
            "tijd_tekst": "Vertraging door de zomer.",
            "kosten_smiley": rapport.kosten_smiley,
            "kosten_tekst": rapport.kosten_tekst,
            "bijzonderheden_smiley": rapport.bijzonderheden_smiley,
            "bijzonderheden_tekst": rapport.bijzonderheden_tekst,
        },
        versie=rapport.versie,
    )
    thema.domeinen.remove(thema.domeinen.get(code="wmo"))
    thema.teksten = {**thema.teksten, "planning": "Eind 2016"}
    thema.save()

    client.force_login(rollen["manager"])
    tekst = client.get(reverse("rapportage:geschiedenis", args=[plan.slug, "themas", 1])).text
    assert "Rapportage 3e kwartaal 2015 gewijzigd" in tekst
    assert "Vertraging door de zomer." in tekst
    # The domains by name, not as link-table rows; a text row by the plan's own label.
    assert "Jeugdhulp, Participatie" in tekst
    assert "{&#x27;onderdeel&#x27;" not in tekst and "{'onderdeel'" not in tekst
    assert '<th scope="row">Planning</th>' in tekst and "Eind 2016" in tekst
