"""Placeholders in «…» are found wherever they stand, with the path to them."""

from pipeline.schema import placeholders_in


def test_every_placeholder_with_its_path():
    data = {"betreff": "«Betreff»", "amt": "Schulamt",
            "beratungsfolge": [{"gremium": "Rat", "sitzung": "«TT.MM.JJJJ»"}],
            "finanzen": {"auswirkungen": "«ja oder nein»", "haushalt": {"bedarf": 5}}}
    assert list(placeholders_in(data)) == [
        (("betreff",), "«Betreff»"), (("beratungsfolge", 0, "sitzung"), "«TT.MM.JJJJ»"),
        (("finanzen", "auswirkungen"), "«ja oder nein»")]
    assert list(placeholders_in({"betreff": "Guillemets «wie» hier"})) == [
        (("betreff",), "«wie»")]
    assert list(placeholders_in({"betreff": "fertig"})) == []
