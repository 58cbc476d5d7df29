"""Dutch for texts Django 6.1 added without a Dutch translation (locale/nl)."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

CATALOGI = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES"


def _po_vertalingen(po: Path) -> dict[str, str]:
    """msgid -> msgstr (or the first plural form) from the .po file."""

    def tekst(regels):
        stukken = re.findall(r'"((?:[^"\\]|\\.)*)"', regels)
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), "".join(stukken))

    inhoud = po.read_text(encoding="utf-8")
    vertalingen = {}
    for blok in inhoud.split("\n\n"):
        gevonden = re.search(
            r'msgid ((?:".*"\n?)+)(?:msgid_plural (?:".*"\n?)+)?msgstr(?:\[0\])? ((?:".*"\n?)+)',
            blok,
        )
        if gevonden and tekst(gevonden[1]):
            vertalingen[tekst(gevonden[1])] = tekst(gevonden[2])
    return vertalingen


@pytest.mark.parametrize("domein", ["django", "djangojs"])
def test_compiled_catalogue_matches_the_po_file(domein):
    po = CATALOGI / f"{domein}.po"
    with po.with_suffix(".mo").open("rb") as bestand:
        mo = gettext.GNUTranslations(bestand)
    vertalingen = _po_vertalingen(po)
    assert len(vertalingen) >= 10
    for msgid, msgstr in vertalingen.items():
        assert mo.gettext(msgid) == msgstr, f"{domein}.mo is niet bijgewerkt voor {msgid!r}"


def test_the_admins_date_widgets_speak_dutch(admin_client):
    catalogus = admin_client.get("/admin/jsi18n/").text
    assert "Let op: voer tijden in volgens de tijdzone" in catalogus
    assert "Vandaag (%(date)s)" in catalogus


def test_django_61_texts_appear_in_dutch():
    with translation.override("nl"):
        assert translation.gettext("- Select an option -") == "- Maak een keuze -"
        assert translation.gettext("Logout") == "Uitloggen"
        # Django's own Dutch still applies to everything else.
        assert translation.gettext("This field is required.") == "Dit veld is verplicht."
