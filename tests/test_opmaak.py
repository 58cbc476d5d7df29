"""The small text markup of the plan's and the report's long texts."""

import pytest

from agenda.constants import Lijstniveau
from agenda.opmaak import als_lijstitem, blokken, lijstblokken, uit_lijstitem


def test_the_legend_line_stands_alone_even_without_blank_lines():
    soorten = [b.soort for b in blokken("Doel van de rapportage.\n[smileylegenda]\nVerder.")]
    assert soorten == ["alinea", "smileylegenda", "alinea"]


def test_the_token_inside_a_sentence_is_just_text():
    assert [b.soort for b in blokken("Zie [smileylegenda] hierboven.")] == ["alinea"]


def test_blank_lines_make_paragraphs_and_dashes_a_list():
    soorten = [b.soort for b in blokken("Eerste.\nnog eerste.\n\n- een\n- twee\n\n### Kop")]
    assert soorten == ["alinea", "lijst", "kop"]


def test_a_list_keeps_its_paragraphs_bullets_and_sub_bullets():
    items = [
        {"alinea": "Voor de Jeugdhulp:"},
        "Kwaliteitskader uitwerken:",
        {"subpunt": "Toetsen"},
        {"subpunt": "Implementeren"},
        "Toegang uitwerken",
        {"alinea": "Door:"},
        "*Netwerk opzetten*",
    ]
    blokken_ = lijstblokken(items)
    assert [b.soort for b in blokken_] == ["alinea", "lijst", "alinea", "lijst"]
    eerste_lijst = blokken_[1].punten
    assert [p.tekst for p in eerste_lijst] == ["Kwaliteitskader uitwerken:", "Toegang uitwerken"]
    assert [p.tekst for p in eerste_lijst[0].subpunten] == ["Toetsen", "Implementeren"]
    assert eerste_lijst[1].subpunten == []


def test_a_lone_bullet_is_a_paragraph_and_a_sub_bullet_needs_a_bullet_above_it():
    assert [b.soort for b in lijstblokken(["Eén doel"])] == ["alinea"]
    blokken_ = lijstblokken([{"alinea": "Wmo:"}, {"subpunt": "Eerste"}, "Tweede"])
    assert [p.tekst for p in blokken_[1].punten] == ["Eerste", "Tweede"]


def test_list_items_travel_between_records_and_frozen_reports():
    for niveau in (Lijstniveau.ALINEA, Lijstniveau.PUNT, Lijstniveau.SUBPUNT):
        assert uit_lijstitem(als_lijstitem(niveau, "tekst")) == (niveau, "tekst")
    assert als_lijstitem(Lijstniveau.PUNT, "tekst") == "tekst"
    with pytest.raises(ValueError):
        uit_lijstitem({"kop": "Wmo:"})
