"""The file the raad gets: the adopted report archived as tagged PDF/A-3a that also declares
PDF/UA-1, with its creation and adoption dates in Info and XMP, passing the PDF/UA checkers;
and rendering that gives the same bytes for the same content."""

from io import BytesIO

import pikepdf
import pytest
from django.urls import reverse

from documenten import documenten, pdf, pdf_parallel
from rapportage.models import GearchiveerdRapport

from .factories import onderdeel
from .pdfkeuring import boven_de_grens, keuren

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"


@pytest.fixture(scope="module")
def archief(django_db_setup, django_db_blocker) -> bytes:
    """The adopted July 2015 report as the adoption archives it, rendered once for the module."""
    from agenda.models import Plan

    with django_db_blocker.unblock():
        periode = Plan.objects.get(slug=SLUG).rapportageperiodes.get(jaar=2015, kwartaal=2)
        return documenten.rapport_pdf_bytes(periode)


def test_the_archive_declares_pdfa_3a_and_pdfua_1(archief):
    document = pikepdf.open(BytesIO(archief))
    metadata = document.open_metadata()
    assert metadata.get("pdfaid:part") == "3" and metadata.get("pdfaid:conformance") == "A"
    assert metadata.get("pdfuaid:part") == "1"
    # PDF/A allows the PDF/UA property only with its schema described in the file.
    xmp = document.Root.Metadata.read_bytes().decode()
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/<" in xmp
    assert xmp.count("<rdf:RDF") == 1
    # What PDF/UA-1 asks of the file as a whole: tagged, titled, in Dutch.
    assert document.Root.MarkInfo.Marked is True
    assert document.Root.ViewerPreferences.DisplayDocTitle is True
    assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "nl"
    assert len(document.Root.OutputIntents) == 1
    assert document.check_pdf_syntax() == []


def test_the_archive_carries_its_creation_and_adoption_dates(periode, archief):
    document = pikepdf.open(BytesIO(archief))
    info, metadata = document.docinfo, document.open_metadata()
    # Created when the report was last changed: its adoption (the history of its rows).
    aangemaakt = documenten.rapportdatum(periode)
    assert aangemaakt is not None
    assert str(info["/CreationDate"]).startswith(f"D:{aangemaakt:%Y%m%d%H%M%S}")
    assert metadata.get("xmp:CreateDate") == pdf._w3c(aangemaakt)
    assert metadata.get("xmp:ModifyDate") == pdf._w3c(aangemaakt)
    vastgesteld = periode.vastgesteld_op.isoformat()
    assert str(info["/Vaststellingsdatum"]) == vastgesteld
    assert metadata.get(f"{{{pdf.TA_NAMESPACE}}}Vaststellingsdatum") == vastgesteld


def test_the_archive_passes_the_pdfua_checkers(archief):
    uitslag = keuren(archief)
    assert uitslag["fouten"] == []
    assert boven_de_grens("rapport-2015-Q2-archief", uitslag["waarschuwingen"]) == {}


def test_a_theme_passes_the_pdfua_checkers(plan):
    inhoud = documenten.pdf_bytes(documenten.onderdeel_document(plan, onderdeel(plan, 25)))
    uitslag = keuren(inhoud)
    assert uitslag["fouten"] == []
    assert boven_de_grens("thema-25", uitslag["waarschuwingen"]) == {}


def test_the_archived_file_is_what_a_re_render_gives(client, rollen, periode, settings, tmp_path):
    """The first download of the adopted report archives it; a later render of the same content
    gives the same bytes, so a re-render can be compared with the archive."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(rollen["griffie"])
    antwoord = client.get(reverse("documenten:rapport_pdf", args=[SLUG, periode.code]))
    gedownload = b"".join(antwoord.streaming_content)
    archief = GearchiveerdRapport.objects.get(periode=periode)
    assert archief.bestand.read() == gedownload
    assert documenten.rapport_pdf_bytes(periode) == gedownload


def test_the_same_content_gives_the_same_bytes_in_each_variant(plan, periode):
    doc = documenten.onderdeel_document(plan, onderdeel(plan, 25))
    for variant in pdf.VARIANTEN:
        eerste, tweede = documenten.pdf_bytes(doc, variant), documenten.pdf_bytes(doc, variant)
        assert eerste == tweede, variant
    # A change to what the document shows is a new creation date, and so other bytes.
    ervoor = documenten.inhoudsdatum(plan, met_rapportages=True)
    thema = onderdeel(plan, 25)
    thema.titel += " (herzien)"
    thema.save()
    assert documenten.inhoudsdatum(plan, met_rapportages=True) > ervoor
    nieuw = documenten.onderdeel_document(plan, onderdeel(plan, 25))
    assert nieuw.aangemaakt > ervoor
    assert documenten.pdf_bytes(nieuw) != documenten.pdf_bytes(doc)


def test_joined_parts_get_the_same_bytes_and_identifier_each_time():
    """A plan rendered in parallel parts is joined by pikepdf: its file identifier comes from the
    content (qpdf's deterministic ID), not from chance."""
    delen = [
        pdf.html_naar_pdf(
            f'<html lang="nl"><body><h1>Deel {i}</h1><p>Tekst</p></body></html>',
            metagegevens=pdf.Metagegevens(titel="Plan", auteur="Regio"),
        )
        for i in (1, 2)
    ]
    eerste, tweede = pdf_parallel.samenvoegen(delen), pdf_parallel.samenvoegen(delen)
    assert eerste == tweede
    assert (
        pikepdf.open(BytesIO(eerste)).trailer.ID[0] == pikepdf.open(BytesIO(tweede)).trailer.ID[0]
    )


def test_what_a_document_shows_is_dated_and_versioned_in_one_query(plan, periode):
    """A cached download asks for the content version every time: one query for every table,
    giving per table what a query of its own gives."""
    from django.db import connection
    from django.db.models import Count, Max
    from django.test.utils import CaptureQueriesContext

    bronnen = documenten._bronnen(plan, met_rapportages=True)
    los = []
    for model, filter_q in bronnen:
        waarden = model.history.filter(filter_q).aggregate(
            m=Max("history_date"), n=Count("history_id")
        )
        los.append((model.__name__, waarden["m"], waarden["n"]))
    with CaptureQueriesContext(connection) as queries:
        samen = documenten._standen(bronnen)
    assert len(queries) == 1
    assert samen == los and any(aantal for _naam, _datum, aantal in samen)
