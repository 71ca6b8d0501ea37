"""Schema errors: file:line:col, the field path and what was expected, in one line each."""

from helpers import MINIMAL


def test_minimal_draft_is_valid(valid):
    draft = valid(MINIMAL)
    assert draft.beratungsfolge[1].zustaendigkeit == "Entscheidung"
    assert draft.beschlussvorschlag.text == "Der Rat beschließt die Beschaffung."


def test_misspelt_key_suggests_the_right_one(problems):
    found = problems(MINIMAL.replace("betreff:", "betref:"))
    assert "d.yaml:4:1: betref: unbekanntes Feld; meinten Sie „betreff“?" in found
    assert any(p.startswith("d.yaml:1:1: betreff: Pflichtfeld fehlt") for p in found)


def test_synonym_suggestion(problems):
    found = problems(MINIMAL.replace("begruendung:", "sachverhalt:"))
    assert any("sachverhalt: unbekanntes Feld; meinten Sie „begruendung“?" in p
               for p in found)


def test_wrong_types_and_literals(problems):
    text = MINIMAL.replace("zustaendigkeit: Entscheidung", "zustaendigkeit: Beschluss")
    text = text.replace("betreff: Beschaffung von Testgeräten", "betreff: [a, b]")
    found = problems(text)
    assert any("d.yaml:4:10: betreff: erwartet Text" in p for p in found)
    assert any("beratungsfolge[2].zustaendigkeit: erwartet einen von: Vorberatung, "
               "Entscheidung, Kenntnisnahme" in p for p in found)
