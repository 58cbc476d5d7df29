"""Background PDF renders: progress never fails a render; a failed render is retried once and
then reported in plain Dutch (issue 13, finding 1)."""

import logging

import pytest
from django.urls import reverse

from documenten import documenten
from documenten.models import PdfDocument

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _met_logregels(monkeypatch, *regels):
    """WeasyPrint logging these progress lines while it renders, as a busy machine does."""
    echt = documenten.renderen
    voortgang = logging.getLogger("weasyprint.progress")

    def renderen(doc, *args, **kwargs):
        for regel in regels:
            voortgang.info(regel)
        return echt(doc, *args, **kwargs)

    monkeypatch.setattr(documenten, "renderen", renderen)


@pytest.mark.parametrize(
    "regel",
    [
        "Step 5 - Creating layout - Page 3 (up-to-date)",
        "Step 5 - Creating layout - Page",
        "Step 5 - Creating layout - Page ³",
        "Step 5 - Creating layout - Page 99999999999999999999999",
        "Step 4 - Creating formatting structure",
    ],
)
def test_an_unexpected_progress_line_never_fails_a_render(
    client, rollen, media, monkeypatch, regel
):
    _met_logregels(monkeypatch, regel)
    client.force_login(rollen["trekker"])
    antwoord = client.get(reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", 3]))
    assert antwoord.status_code == 200, antwoord.get("Location")
    assert antwoord["Content-Type"] == "application/pdf"
    assert PdfDocument.objects.get().status == PdfDocument.Status.KLAAR


def test_progress_that_cannot_be_stored_never_fails_a_render(client, rollen, media, monkeypatch):
    from django.db.models import QuerySet

    echt = QuerySet.update

    def update(self, **velden):
        if "onderdeel" in velden and velden.get("voortgang", 0) not in (2, 100):
            raise RuntimeError("database is locked")
        return echt(self, **velden)

    monkeypatch.setattr(QuerySet, "update", update)
    _met_logregels(monkeypatch, "Step 5 - Creating layout - Page 3")
    client.force_login(rollen["trekker"])
    antwoord = client.get(reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", 3]))
    assert antwoord.status_code == 200


def test_a_render_that_fails_once_is_retried(client, rollen, media, monkeypatch):
    echt = documenten.renderen
    pogingen = []

    def renderen(doc, *args, **kwargs):
        pogingen.append(1)
        if len(pogingen) == 1:
            raise OSError("tijdelijk geen geheugen")
        return echt(doc, *args, **kwargs)

    monkeypatch.setattr(documenten, "renderen", renderen)
    client.force_login(rollen["trekker"])
    antwoord = client.get(reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", 3]))
    assert antwoord.status_code == 200
    assert len(pogingen) == 2


def test_a_render_that_fails_twice_is_reported_in_plain_dutch(client, rollen, media, monkeypatch):
    def renderen(doc, *args, **kwargs):
        raise ValueError("invalid literal for int() with base 10: '(up-to-date)'")

    monkeypatch.setattr(documenten, "renderen", renderen)
    client.force_login(rollen["trekker"])
    antwoord = client.get(
        reverse("documenten:onderdeel_pdf", args=[SLUG, "themas", 3]), follow=True
    )
    tekst = antwoord.text
    assert "De PDF kon niet gemaakt worden" in tekst
    assert "twee keer" in tekst
    for technisch in ("ValueError", "invalid literal", "Traceback"):
        assert technisch not in tekst
    record = PdfDocument.objects.get()
    assert record.status == PdfDocument.Status.MISLUKT
