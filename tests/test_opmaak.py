"""The small text markup of the plan's and the report's long texts."""

from agenda.opmaak import blokken


def test_the_legend_line_stands_alone_even_without_blank_lines():
    soorten = [b.soort for b in blokken("Doel van de rapportage.\n[smileylegenda]\nVerder.")]
    assert soorten == ["alinea", "smileylegenda", "alinea"]


def test_the_token_inside_a_sentence_is_just_text():
    assert [b.soort for b in blokken("Zie [smileylegenda] hierboven.")] == ["alinea"]


def test_blank_lines_make_paragraphs_and_dashes_a_list():
    soorten = [b.soort for b in blokken("Eerste.\nnog eerste.\n\n- een\n- twee\n\n### Kop")]
    assert soorten == ["alinea", "lijst", "kop"]
