"""Schema errors: file:line:col, the field path and what was expected, in one line each."""

import pytest

from helpers import MINIMAL
from pipeline.errors import UserError
from pipeline.schema import Draft, load_yaml, validate


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems show paths relative to the working folder


def _problems(tmp_path, text):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        validate(load_yaml(path), Draft)
    return [str(p) for p in info.value.problems]


def _valid(tmp_path, text) -> Draft:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return validate(load_yaml(path), Draft)


def test_minimal_draft_is_valid(tmp_path):
    draft = _valid(tmp_path, MINIMAL)
    assert draft.beratungsfolge[1].zustaendigkeit == "Entscheidung"
    assert draft.beschlussvorschlag.text == "Der Rat beschließt die Beschaffung."


def test_misspelt_key_suggests_the_right_one(tmp_path):
    problems = _problems(tmp_path, MINIMAL.replace("betreff:", "betref:"))
    assert "d.yaml:4:1: betref: unbekanntes Feld; meinten Sie „betreff“?" in problems
    assert any(p.startswith("d.yaml:1:1: betreff: Pflichtfeld fehlt") for p in problems)


def test_synonym_suggestion(tmp_path):
    problems = _problems(tmp_path, MINIMAL.replace("begruendung:", "sachverhalt:"))
    assert any("sachverhalt: unbekanntes Feld; meinten Sie „begruendung“?" in p
               for p in problems)


def test_wrong_types_and_literals(tmp_path):
    text = MINIMAL.replace("zustaendigkeit: Entscheidung", "zustaendigkeit: Beschluss")
    text = text.replace("betreff: Beschaffung von Testgeräten", "betreff: [a, b]")
    problems = _problems(tmp_path, text)
    assert any("d.yaml:4:10: betreff: erwartet Text" in p for p in problems)
    assert any("beratungsfolge[2].zustaendigkeit: erwartet einen von: Vorberatung, "
               "Entscheidung, Kenntnisnahme" in p for p in problems)
