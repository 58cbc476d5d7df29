"""Security headers on every page (issue 13, defence 11): a Content-Security-Policy with a
nonce and without 'unsafe-inline', Permissions-Policy, `Cache-Control: private, no-store` on
everything a logged-in account gets; HSTS and the redirect to HTTPS in production."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from regio.constants import Gebruikersrol

from .factories import maak_gebruiker

pytestmark = pytest.mark.django_db

SLUG = "midden-limburg-2015-2016"
PAGINAS = [
    "/",
    f"/plannen/{SLUG}/",
    f"/plannen/{SLUG}/themas/1/",
    f"/plannen/{SLUG}/themas/1/geschiedenis/",
    f"/plannen/{SLUG}/speerpunten/1/",
    f"/plannen/{SLUG}/activiteiten/1.1/",
    f"/plannen/{SLUG}/begroting/",
    f"/plannen/{SLUG}/toetsing/regioplan-beschermd-wonen/",
    f"/plannen/{SLUG}/toetsing/regioplan-beschermd-wonen/pdf/",
    f"/plannen/{SLUG}/overlegstructuur/",
    f"/plannen/{SLUG}/rapportages/",
    f"/plannen/{SLUG}/rapportages/2015-Q2/",
    f"/plannen/{SLUG}/rapportages/2015-Q3/voortgang/",
    f"/plannen/{SLUG}/rapportages/2015-Q2/pdf/",
    f"/plannen/{SLUG}/themas/3/pdf/",
    f"/plannen/{SLUG}/selectie/pdf/",
    "/mijn-themas/",
    "/dashboard/landelijk/",
    f"/dashboard/{SLUG}/",
    f"/dashboard/{SLUG}/export.csv",
    f"/dashboard/{SLUG}/export.xlsx",
    f"/dashboard/{SLUG}/export.pdf",
    f"/dashboard/{SLUG}/personen/",
    f"/dashboard/{SLUG}/overleggen/",
    "/bestaat-niet/",
]


@pytest.fixture
def manager(rollen, open_periode, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("documenten.documenten.rapport_pdf_bytes", lambda p: b"%PDF-1.7 test")
    monkeypatch.setattr("dashboard.exports.als_pdf", lambda *a: b"%PDF-1.7 test")
    client = Client()
    client.force_login(rollen["manager"])
    return client


def _csp(antwoord) -> str:
    return antwoord.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize("pad", PAGINAS)
def test_every_logged_in_page_and_download_has_the_headers(manager, pad):
    antwoord = manager.get(pad, follow=True)
    assert antwoord.status_code in (200, 404), pad
    assert antwoord["Cache-Control"] == "private, no-store"
    csp = _csp(antwoord)
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    if antwoord["Content-Type"].startswith("text/html"):
        assert re.search(r"script-src 'self' 'nonce-[\w+/=-]+'", csp), csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in antwoord["Permissions-Policy"]
    assert "geolocation=()" in antwoord["Permissions-Policy"]


def test_admin_pages_have_the_headers(client):
    client.force_login(maak_gebruiker(Gebruikersrol.BEHEERDER, None, "beheerder"))
    for pad in ["/admin/", "/admin/rapportage/themarapportage/", "/admin/regio/gebruiker/add/"]:
        antwoord = client.get(pad)
        assert antwoord.status_code == 200
        assert antwoord["Cache-Control"] == "private, no-store"
        assert "unsafe-inline" not in _csp(antwoord) and "nonce-" in _csp(antwoord)


def test_the_login_page_has_csp_too(client):
    antwoord = client.get(reverse("login"))
    assert "default-src 'self'" in _csp(antwoord)
    assert "Permissions-Policy" in antwoord.headers


def test_no_template_has_an_inline_script_or_style():
    """Nothing needs 'unsafe-inline': no <script> without src, no <style>, no style="" or
    on...="" attribute in the project's templates (a nonce would be the way, if ever)."""
    from pathlib import Path

    from django.conf import settings

    fout = []
    for pad in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if pad.parts[-2] == "pdf" and pad.name != "voortgang.html" and "selectie" not in pad.name:
            continue  # PDF documents are laid out by WeasyPrint, never shown in a browser
        tekst = pad.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", tekst) and "csp_nonce" not in tekst:
            fout.append(f"{pad.name}: inline <script>")
        if re.search(r"<style\b", tekst) and "csp_nonce" not in tekst:
            fout.append(f"{pad.name}: <style>")
        if re.search(r"\sstyle=\"", tekst) or re.search(r"\son[a-z]+=\"", tekst):
            fout.append(f"{pad.name}: style or event attribute")
    assert fout == []


def test_https_is_enforced_in_production(settings):
    from .test_settings import _laad

    resultaat = _laad(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "agenda.example.nl"},
        "SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS",
    )
    assert resultaat.stdout.split() == ["True", "31536000", "True"], resultaat.stderr[-500:]


def test_hsts_header_on_https(manager, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    antwoord = manager.get(f"/plannen/{SLUG}/", secure=True)
    assert antwoord["Strict-Transport-Security"].startswith("max-age=31536000")
