"""yaml_help.py: the parser's messages in German, at the line where the mistake was made."""

import pytest
import yaml

from pipeline.schema.yaml_help import COLON_ADVICE, explain, quoted


def _explained(text: str) -> tuple[str, int, int]:
    with pytest.raises(yaml.MarkedYAMLError) as info:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return explain(info.value, text)


@pytest.mark.parametrize("text, line, column, example", [
    ("betreff: Stand: 31.10.2015\n", 1, 10, 'betreff: "Stand: 31.10.2015"'),
    ("amt: A\nbetreff: Betreff: Neubau\n", 2, 10, 'betreff: "Betreff: Neubau"'),
    ("punkte:\n  - Neubau, hier: Vergabe: Los 2\n", 2, 5, '- "Neubau, hier: Vergabe: Los 2"'),
    ('betreff: Neubau "Nord": Vergabe\n', 1, 10, "betreff: 'Neubau \"Nord\": Vergabe'"),
    ("betreff: Neubau:\n", 1, 10, 'betreff: "Neubau:"'),
])
def test_text_with_a_colon_gets_the_quoted_form_at_its_line(text, line, column, example):
    message, at_line, at_column = _explained(text)
    assert (at_line, at_column) == (line, column)
    assert message == f"{COLON_ADVICE}, z. B. {example}"
    written = yaml.safe_load(example)  # the advice, written as shown, is text
    assert all(isinstance(v, str) for v in (written.values() if isinstance(written, dict)
                                             else written))


def test_a_colon_in_the_second_line_of_a_text_names_where_it_starts():
    message, line, _ = _explained("amt: A\nbetreff: Neubau der\n  Schule: Vergabe\n")
    assert line == 3 and message.startswith(COLON_ADVICE) and "Zeile 2" in message


@pytest.mark.parametrize("text", ["betreff Neubau\namt: A\n", "amt: A\nbetreff Neubau\n",
                                  "beratungsfolge:\n  - gremium Rat\n    sitzung: x\n"])
def test_a_missing_colon_is_reported_at_its_own_line(text):
    message, line, _ = _explained(text)
    assert "fehlt der Doppelpunkt" in message
    assert line == next(i for i, row in enumerate(text.split("\n"), 1)
                        if "Neubau" in row or "gremium" in row)


@pytest.mark.parametrize("text, line, words", [
    ('amt: A\nbetreff: "Neubau\nx: 1\n', 2, "Anführungszeichen wird nicht geschlossen"),
    ("betreff: [a, b\namt: x\n", 1, "eckige Klammer"),
    ("x: {a: 1\namt: x\n", 1, "geschweifte Klammer"),
    ('betreff: "Neubau" der Schule\n', 1, "'\"Neubau\" der Schule'"),
    ("betreff: 'Bürgermeister's Idee'\n", 1, "\"Bürgermeister's Idee\""),
    ("betreff: [Entwurf] Neubau\n", 1, 'betreff: "[Entwurf] Neubau"'),
    ("betreff: @home\n", 1, "„@“ darf in YAML nicht am Anfang"),
    ("betreff: *wichtig* ist es\n", 1, "Verweis"),
    ("betreff: > Zitat\n", 1, "Textblock"),
    ('betreff: "C:\\Daten"\n', 1, "einfache Anführungszeichen"),
    ("betreff: - Neubau\n", 1, "hinter einem Schlüssel"),
    ("a: 1\n---\nb: 2\n", 2, "zweites Dokument"),
    ("a:\n  b: 1\n c: 2\n", 3, "Einrückung passt nicht"),
    ("punkte:\n  - a\n  b: 1\n", 3, "Listeneintrag"),
    ("a:\n\tb: 1\n", 2, "Tabulatorzeichen"),
    ("betreff: !wichtig\n", 1, "Text, der mit ! beginnt"),
])
def test_each_parser_message_gets_a_german_explanation(text, line, words):
    message, at_line, _ = _explained(text)
    assert words in message and at_line == line
    assert not any(english in message for english in ("mapping", "found", "expected"))


def test_quoted_picks_the_quotes_the_text_allows():
    assert quoted("Stand: 1") == '"Stand: 1"'
    assert quoted('Neubau "Nord": x') == "'Neubau \"Nord\": x'"
    assert quoted("a \"b\" 'c': d") == '"a \\"b\\" \'c\': d"'
