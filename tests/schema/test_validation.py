"""Schema errors: file:line:col, the field path and what was expected, in one line each."""

import pytest

from helpers import MINIMAL
from pipeline.errors import UserError


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


BESCHLUSS = "beschlussvorschlag: Der Rat beschließt die Beschaffung."


def test_a_list_item_with_a_colon_is_text_to_be_quoted(problems):
    found = problems(MINIMAL.replace(BESCHLUSS, "beschlussvorschlag:\n  punkte:\n"
                                     "    - Sachstand: siehe Anlage\n"
                                     "    - Der Rat beschließt:\n"))
    assert found == [
        "d.yaml:13:7: beschlussvorschlag.punkte[1]: „Sachstand:“ ist kein Feld; Text mit "
        'Doppelpunkt in Anführungszeichen setzen, z. B. - "Sachstand: siehe Anlage"',
        "d.yaml:14:7: beschlussvorschlag.punkte[2]: „Der Rat beschließt:“ ist kein Feld; Text "
        'mit Doppelpunkt in Anführungszeichen setzen, z. B. - "Der Rat beschließt:"']


@pytest.mark.parametrize("old, new, line, example", [
    (BESCHLUSS, "beschlussvorschlag:\n  Der Rat beschließt: die Beschaffung", 12,
     'beschlussvorschlag: "Der Rat beschließt: die Beschaffung"'),
    ("betreff: Beschaffung von Testgeräten", "betreff:\n  Stand: 31.10.2015", 5,
     'betreff: "Stand: 31.10.2015"'),
    (BESCHLUSS, BESCHLUSS + "\nzeichnung:\n  beteiligte_fachbereiche:\n    - Amt 20: Kämmerei",
     14, '- "Amt 20: Kämmerei"'),
    (BESCHLUSS, "beschlussvorschlag:\n  punkte:\n    - hier: die Vergabe", 13,
     '- "hier: die Vergabe"'),
])
def test_text_with_a_colon_at_any_depth(problems, old, new, line, example):
    found = problems(MINIMAL.replace(old, new))
    assert len(found) == 1 and found[0].startswith(f"d.yaml:{line}:")
    assert found[0].endswith(f"Text mit Doppelpunkt in Anführungszeichen setzen, z. B. {example}")


def test_a_misspelt_field_or_a_mapping_where_no_text_goes_keeps_its_messages(problems):
    found = problems(MINIMAL.replace(BESCHLUSS, "beschlussvorschlag:\n  punkte:\n"
                                     "    - txt: Die Beschaffung."))
    assert any("punkte[1].txt: unbekanntes Feld; meinten Sie „text“?" in p for p in found)
    found = problems(MINIMAL.replace("  - gremium: Rat\n", "  - Rat: 15.03.2024\n"))
    assert not any("Doppelpunkt" in p for p in found)
    assert any("beratungsfolge[2].gremium: Pflichtfeld fehlt" in p for p in found)


def test_a_declared_text_field_with_a_colon(tmp_path, monkeypatch):
    from helpers import STYLES
    from pipeline.haus import draft_model, load_house_style
    from pipeline.schema import load_yaml, validate

    model = draft_model(load_house_style("leipzig", [STYLES]))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.yaml").write_text(MINIMAL + "felder:\n  einreicher:\n"
                                     "    Dezernat: Umwelt\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        validate(load_yaml(tmp_path / "d.yaml"), model)
    assert ('d.yaml:16:5: felder.einreicher: „Dezernat:“ ist kein Feld; Text mit Doppelpunkt '
            'in Anführungszeichen setzen, z. B. einreicher: "Dezernat: Umwelt"'
            in [str(p) for p in info.value.problems])
