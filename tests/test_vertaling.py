"""Dutch for texts Django 6.1 added without a Dutch translation (locale/nl)."""

import gettext
import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _po_vertalingen() -> dict[str, str]:
    """msgid -> msgstr (or the first plural form) from the .po file."""

    def tekst(regels):
        stukken = re.findall(r'"((?:[^"\\]|\\.)*)"', regels)
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), "".join(stukken))

    inhoud = PO.read_text(encoding="utf-8")
    vertalingen = {}
    for blok in inhoud.split("\n\n"):
        gevonden = re.search(
            r'msgid ((?:".*"\n?)+)(?:msgid_plural (?:".*"\n?)+)?msgstr(?:\[0\])? ((?:".*"\n?)+)',
            blok,
        )
        if gevonden and tekst(gevonden[1]):
            vertalingen[tekst(gevonden[1])] = tekst(gevonden[2])
    return vertalingen


def test_compiled_catalogue_matches_the_po_file():
    with PO.with_suffix(".mo").open("rb") as bestand:
        mo = gettext.GNUTranslations(bestand)
    vertalingen = _po_vertalingen()
    assert len(vertalingen) >= 10
    for msgid, msgstr in vertalingen.items():
        assert mo.gettext(msgid) == msgstr, f"django.mo is niet bijgewerkt voor {msgid!r}"


def test_django_61_texts_appear_in_dutch():
    with translation.override("nl"):
        assert translation.gettext("- Select an option -") == "- Maak een keuze -"
        assert translation.gettext("Logout") == "Uitloggen"
        # Django's own Dutch still applies to everything else.
        assert translation.gettext("This field is required.") == "Dit veld is verplicht."
