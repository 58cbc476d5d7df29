"""Ordering PDFs: one selection is one document however it is spelled, one account cannot fill
the render queue, and a flood of selections never evicts the plan's own documents (issue 13,
finding 9)."""

import pytest
from django.urls import reverse

from documenten import documenten, taken
from documenten.models import PdfDocument

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"


@pytest.fixture
def wachtrij(settings, tmp_path):
    """A worker that never runs: ordered documents stay in the queue."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _thema_pdf(nummer):
    return reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", nummer])


def _selectie(client, **parameters):
    return client.get(reverse("documenten:selectie_pdf", args=[SLUG]), {**parameters, "maken": "1"})


@pytest.mark.parametrize(
    "spellingen",
    [
        [{"groep": "1"}, {"groep": "01"}, {"groep": "001"}, {"groep": " 1 "}],
        [{"domein": "wmo"}, {"domein": "WMO"}, {"domein": " Wmo"}],
        [{"gemeente": "Weert"}, {"gemeente": "weert"}, {"gemeente": " WEERT "}],
        [{"subregio": "MLO"}, {"subregio": "mlo"}],
        [{"persoon": "Poell"}, {"persoon": "poell"}, {"persoon": "  POELL "}],
        [
            {"groep": "1", "domein": "wmo"},
            {"domein": "wmo", "groep": "1", "persoon": ""},
        ],
    ],
)
def test_one_selection_spelled_many_ways_is_one_document(client, rollen, wachtrij, spellingen):
    client.force_login(rollen["trekker"])
    for parameters in spellingen:
        antwoord = _selectie(client, **parameters)
        assert antwoord.status_code == 302, parameters
    assert PdfDocument.objects.count() == 1


def test_a_number_in_other_digits_is_no_group_and_orders_nothing(client, rollen, wachtrij):
    """ "²" and "١" are digits to Python but no printed number: refused in Dutch (400), and
    neither they nor a number of 5,000 digits is ever converted."""
    client.force_login(rollen["trekker"])
    for waarde in ("²", "١", "9" * 5000, "1\x00"):
        antwoord = _selectie(client, groep=waarde)
        assert antwoord.status_code == 400, waarde
    assert "Onbekend speerpunt" in _selectie(client, groep="²").text
    assert PdfDocument.objects.count() == 0


def test_one_account_cannot_fill_the_render_queue(client, rollen, wachtrij):
    client.force_login(rollen["trekker"])
    for nummer in (1, 2, 3):
        assert client.get(_thema_pdf(nummer)).status_code == 302
    antwoord = client.get(_thema_pdf(4))
    assert antwoord.status_code == 429
    assert "U heeft al 3 PDF" in antwoord.text and "in de wachtrij" in antwoord.text
    assert PdfDocument.objects.count() == 3
    # A document already made or ordered is still served or shown: no new render needed.
    assert client.get(_thema_pdf(1)).status_code == 302
    # Colleagues are not held up by someone else's queue.
    client.force_login(rollen["collega"])
    assert client.get(_thema_pdf(4)).status_code == 302


def test_a_flood_of_selections_does_not_evict_the_plans_documents(
    client, rollen, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(taken, "BEWAREN_PER_PLAN", 2)
    monkeypatch.setattr(
        documenten, "renderen", lambda doc, variant="ua", **_opties: (b"%PDF-1.7 x", 1)
    )
    client.force_login(rollen["trekker"])
    assert client.get(reverse("documenten:plan_pdf", args=[SLUG])).status_code == 200
    for naam in ("Poell", "Poel", "oell", "Poe", "ell"):
        assert _selectie(client, persoon=naam).status_code == 200
    assert PdfDocument.objects.filter(soort="plan").exists()
    assert PdfDocument.objects.filter(soort="selectie").count() == 2
