"""A theme's history page: who changed what and when, readable for people."""

import pytest
from django.urls import reverse

from regio.models import Organisatie

pytestmark = pytest.mark.django_db


def test_history_page_shows_readable_changes(client, plan, rollen, open_periode):
    from rapportage.services import themarapportage_opslaan

    thema = plan.themas.get(nummer=1)
    rapport = open_periode.rapportages.get(thema=thema)
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
    partner = (
        Organisatie.objects.filter(regio=plan.regio)
        .exclude(pk__in=thema.partner_organisaties.values("pk"))
        .first()
    )
    thema.partner_organisaties.add(partner)

    client.force_login(rollen["manager"])
    tekst = client.get(reverse("agenda:thema_geschiedenis", args=[plan.slug, 1])).text
    assert "Rapportage 3e kwartaal 2015 gewijzigd" in tekst
    assert "Vertraging door de zomer." in tekst
    assert partner.naam in tekst  # the linked organisation by name, not a link-table row
    assert "{&#x27;thema&#x27;" not in tekst and "{'thema'" not in tekst
