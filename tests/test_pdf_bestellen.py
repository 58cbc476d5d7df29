"""Ordering PDFs: one selection is one document however it is spelled, one account cannot fill
the render queue, and a flood of selections never evicts the plan's own documents (issue 13,
finding 9)."""

import pytest
from django.urls import reverse

from rapportage import documenten, taken
from rapportage.models import PdfDocument

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"


@pytest.fixture
def wachtrij(settings, tmp_path):
    """A worker that never runs: ordered documents stay in the queue."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _selectie(client, **parameters):
    return client.get(reverse("rapportage:selectie_pdf", args=[SLUG]), {**parameters, "maken": "1"})


@pytest.mark.parametrize(
    "spellingen",
    [
        [{"speerpunt": "1"}, {"speerpunt": "01"}, {"speerpunt": "001"}, {"speerpunt": " 1 "}],
        [{"gemeente": "Weert"}, {"gemeente": "weert"}, {"gemeente": " WEERT "}],
        [{"subregio": "MLO"}, {"subregio": "mlo"}],
        [{"trekker": "Poell"}, {"trekker": "poell"}, {"trekker": "  POELL "}],
        [
            {"speerpunt": "1", "decentralisatie": "wmo"},
            {"decentralisatie": "wmo", "speerpunt": "1", "trekker": ""},
        ],
    ],
)
def test_one_selection_spelled_many_ways_is_one_document(client, rollen, wachtrij, spellingen):
    client.force_login(rollen["trekker"])
    for parameters in spellingen:
        antwoord = _selectie(client, **parameters)
        assert antwoord.status_code == 302, parameters
    assert PdfDocument.objects.count() == 1


def test_one_account_cannot_fill_the_render_queue(client, rollen, wachtrij):
    client.force_login(rollen["trekker"])
    for nummer in (1, 2, 3):
        assert client.get(reverse("rapportage:thema_pdf", args=[SLUG, nummer])).status_code == 302
    antwoord = client.get(reverse("rapportage:thema_pdf", args=[SLUG, 4]))
    assert antwoord.status_code == 429
    assert "U heeft al 3 PDF" in antwoord.text and "in de wachtrij" in antwoord.text
    assert PdfDocument.objects.count() == 3
    # A document already made or ordered is still served or shown: no new render needed.
    assert client.get(reverse("rapportage:thema_pdf", args=[SLUG, 1])).status_code == 302
    # Colleagues are not held up by someone else's queue.
    client.force_login(rollen["collega"])
    assert client.get(reverse("rapportage:thema_pdf", args=[SLUG, 4])).status_code == 302


def test_a_flood_of_selections_does_not_evict_the_plans_documents(
    client, rollen, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(taken, "BEWAREN_PER_PLAN", 2)
    monkeypatch.setattr(documenten, "renderen", lambda doc, variant="ua": (b"%PDF-1.7 x", 1))
    client.force_login(rollen["trekker"])
    assert client.get(reverse("rapportage:plan_pdf", args=[SLUG])).status_code == 200
    for trekker in ("Poell", "Poel", "oell", "Poe", "ell"):
        assert _selectie(client, trekker=trekker).status_code == 200
    assert PdfDocument.objects.filter(soort="plan").exists()
    assert PdfDocument.objects.filter(soort="selectie").count() == 2
