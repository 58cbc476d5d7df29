"""A title can never rewrite a PDF: the running header takes its text from the document, no
stylesheet is built from user text (issue 13, finding 2)."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from rapportage.models import Rapportageperiode

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed"),
    pytest.mark.django_db,
]

# C0 (NUL aside, which every form refuses), DEL and C1: CSS ends a string at \n, \r and \f, and
# a careless escape may miss any of the others.
STUURTEKENS = [chr(c) for c in [*range(0x01, 0x20), 0x7F, *range(0x80, 0xA0)]]
# After each control character: close the header's string and blocks, then hide everything.
AANVAL = "{}}}}}*{{display:none}}"


def _paginas(inhoud: bytes) -> list[str]:
    tekst = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=inhoud, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(pagina.split()) for pagina in tekst.split("\f") if pagina.strip()]


def _groepen(tekens, grootte=10):
    return [tekens[i : i + grootte] for i in range(0, len(tekens), grootte)]


@pytest.mark.parametrize(
    "tekens", _groepen(STUURTEKENS), ids=lambda t: f"U+{ord(t[0]):04X}-U+{ord(t[-1]):04X}"
)
def test_a_period_title_with_control_characters_cannot_hide_the_report(
    client, rollen, settings, tmp_path, tekens
):
    settings.MEDIA_ROOT = tmp_path
    manager = rollen["buitenstaander"]  # manager of a small region: one theme, a quick PDF
    plan = manager.regio.plannen.get()
    client.force_login(manager)
    titel = "Rapportage " + "".join(AANVAL.format(teken) for teken in tekens)
    antwoord = client.post(
        reverse("rapportage:periode_openen", args=[plan.slug]),
        {
            "jaar": 2015,
            "kwartaal": 1,
            "deadline": "2015-04-15",
            "deadline_bevestigd": "on",
            "titel": titel,
        },
    )
    assert antwoord.status_code == 302
    periode = Rapportageperiode.objects.get(plan=plan)
    assert periode.titel == titel.strip()

    pdf = client.get(reverse("documenten:rapport_pdf", args=[plan.slug, periode.code]))
    assert pdf.status_code == 200, pdf.get("Location")
    paginas = _paginas(b"".join(pdf.streaming_content))
    alles = " ".join(paginas)
    assert "Geheim thema" in alles  # the theme's table is there
    assert "Samenvatting" in alles or "Inleiding" in alles
    # Every page after the title page has the title as its running header.
    assert len(paginas) >= 2
    for pagina in paginas[1:]:
        assert pagina.startswith("Rapportage"), pagina[:80]


def test_a_nul_in_a_title_is_refused_with_a_dutch_message(client, rollen):
    manager = rollen["buitenstaander"]
    plan = manager.regio.plannen.get()
    client.force_login(manager)
    antwoord = client.post(
        reverse("rapportage:periode_openen", args=[plan.slug]),
        {"jaar": 2015, "kwartaal": 1, "deadline": "2015-04-15", "titel": "Q1\x00}*{}"},
    )
    assert antwoord.status_code in (200, 400)
    assert not Rapportageperiode.objects.filter(plan=plan).exists()
