"""What every request pays before and around its view (issue 14, point 5; bench/middleware.py):
a cached PDF download reads five rows and writes nothing, and the content version it asks for
every time is compiled once per process yet still changes with every change."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from agenda.models import Beleidsdoel, Onderdeel
from documenten import documenten, pdf
from documenten.models import PdfDocument

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"
SCHRIJVEN = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT", "RELEASE")


@pytest.fixture
def snel_renderen(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        documenten, "renderen", lambda doc, variant="ua", **_opties: (b"%PDF-1.7 x", 1)
    )


def _downloaden(client):
    antwoord = client.get(reverse("documenten:plan_pdf", args=[SLUG]))
    assert antwoord.status_code == 200
    # Read to the end, the test client closes the file (and sends request_finished) itself.
    assert b"".join(antwoord.streaming_content) == b"%PDF-1.7 x"


def test_a_cached_pdf_download_reads_five_rows_and_writes_nothing(client, rollen, snel_renderen):
    """Session, account, plan, content version, the stored document: no transaction, no write
    (bestel used to open one and try to queue the finished document again; on SQLite that takes
    the write lock, so downloads waited for saves)."""
    client.force_login(rollen["trekker"])
    _downloaden(client)  # rendered (at once, in the tests) and stored
    with CaptureQueriesContext(connection) as queries:
        _downloaden(client)
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == 5, statements
    assert not [s for s in statements if s.lstrip().upper().startswith(SCHRIJVEN)], statements
    assert PdfDocument.objects.get().status == PdfDocument.Status.KLAAR


def test_after_a_change_the_download_is_a_new_document(client, rollen, plan, snel_renderen):
    client.force_login(rollen["trekker"])
    _downloaden(client)
    onderdeel = Onderdeel.objects.filter(plan=plan).first()
    onderdeel.titel = f"{onderdeel.titel} (gewijzigd)"
    onderdeel.save()
    _downloaden(client)
    assert PdfDocument.objects.count() == 2


@pytest.mark.parametrize("met_rapportages", [False, True])
def test_the_compiled_content_version_query_answers_as_the_orm_does(plan, met_rapportages):
    bronnen = documenten._bronnen(plan, met_rapportages=met_rapportages)
    gecompileerd = documenten._standen(bronnen, plan, met_rapportages)
    assert gecompileerd == documenten._standen(bronnen)
    assert any(aantal for _naam, _datum, aantal in gecompileerd)
    assert all(datum is None or datum.tzinfo for _naam, datum, _aantal in gecompileerd)


def test_the_compiled_content_version_still_changes_with_every_change(plan):
    voor = documenten.inhoudsversie(plan)
    assert documenten.inhoudsversie(plan) == voor
    onderdeel = Onderdeel.objects.filter(plan=plan).first()
    onderdeel.titel = f"{onderdeel.titel} (gewijzigd)"
    onderdeel.save()
    na = documenten.inhoudsversie(plan)
    assert na != voor
    # A deletion leaves a history row as well.
    Beleidsdoel.objects.filter(onderdeel__plan=plan).first().delete()
    assert documenten.inhoudsversie(plan) not in (voor, na)


def test_the_layout_version_follows_a_changed_template(settings, tmp_path):
    """The layout version is kept while its files are unchanged; an edited one counts at once."""
    (tmp_path / "templates" / "pdf").mkdir(parents=True)
    (tmp_path / "static" / "pdf").mkdir(parents=True)
    sjabloon = tmp_path / "templates" / "pdf" / "plan.html"
    sjabloon.write_text("<h1>{{ plan }}</h1>")
    (tmp_path / "static" / "pdf" / "print.css").write_text("h1 { color: black }")
    settings.BASE_DIR = tmp_path
    eerst = pdf.opmaakversie()
    assert pdf.opmaakversie() == eerst
    sjabloon.write_text("<h2>{{ plan }}</h2>")  # same size
    tijd = sjabloon.stat().st_mtime_ns + 1_000_000
    os.utime(sjabloon, ns=(tijd, tijd))
    assert pdf.opmaakversie() != eerst


def test_a_verified_account_reads_its_device_on_every_request(
    client, rollen, settings, snel_renderen
):
    """One query more for an account with the second step done, on purpose: an authenticator
    app a beheerder unlinks stops counting at the account's next request."""
    settings.TWEE_FACTOR_VERPLICHT = True
    manager = rollen["manager"]
    apparaat = TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    client.force_login(manager)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    sessie.save()
    _downloaden(client)
    with CaptureQueriesContext(connection) as queries:
        _downloaden(client)
    assert len(queries) == 6, [q["sql"] for q in queries.captured_queries]
    apparaat.delete()
    antwoord = client.get(reverse("documenten:plan_pdf", args=[SLUG]))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith("/inloggen/tweede-stap/")
