"""Render progress from WeasyPrint's log, whatever the log line looks like."""

import logging

import pytest

from documenten.models import PdfDocument
from documenten.taken import _Voortgang

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "bericht",
    [
        "Step 5 - Creating layout - Page 12",
        # On repagination WeasyPrint adds a note; this used to end the render with a
        # ValueError (seen on a slow machine, where the half-second throttle lets it through).
        "Step 5 - Creating layout - Page 2 (up-to-date)",
    ],
)
def test_a_page_line_moves_the_progress_on(plan, bericht):
    record = PdfDocument.objects.create(plan=plan, soort="plan", sleutel="x" * 64)
    handler = _Voortgang(record, verwacht=24)
    handler.emit(logging.makeLogRecord({"msg": bericht, "levelno": logging.INFO}))
    record.refresh_from_db()
    pagina = bericht.split("Page ")[1].split()[0]
    assert record.onderdeel == f"Opmaak: pagina {pagina} van ongeveer 24"
