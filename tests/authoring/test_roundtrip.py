"""Form edits written back into YAML: only what changed, everything else byte for byte."""

from pipeline.authoring import updated

DRAFT = """\
# Entwurf des Schulamts
vorlagenart: Beschlussvorlage   # wie im Hausstil
amt: Schulamt
oeffentlich: ja
betreff: 'Tafeln für die Grundschule'
beratungsfolge:
  - gremium: Schulausschuss
    sitzung: 05.03.2024
begruendung: |
  Erster Absatz.

  Zweiter Absatz.
"""


def test_an_unchanged_form_changes_nothing():
    data = {"vorlagenart": "Beschlussvorlage", "amt": "Schulamt", "oeffentlich": True,
            "betreff": "Tafeln für die Grundschule",
            "beratungsfolge": [{"gremium": "Schulausschuss", "sitzung": "05.03.2024"}],
            "begruendung": "Erster Absatz.\n\nZweiter Absatz.\n"}
    assert updated(DRAFT, data) == DRAFT


def test_one_edit_is_one_line_and_keeps_quoting_and_comments():
    data = {"vorlagenart": "Beschlussvorlage", "amt": "Schulamt", "oeffentlich": "ja",
            "betreff": "Digitale Tafeln für die Grundschule",
            "beratungsfolge": [{"gremium": "Schulausschuss", "sitzung": "05.03.2024"}],
            "begruendung": "Erster Absatz.\n\nZweiter Absatz.\n"}
    new = updated(DRAFT, data)
    changed = [(a, b) for a, b in zip(DRAFT.splitlines(), new.splitlines(), strict=True)
               if a != b]
    assert changed == [("betreff: 'Tafeln für die Grundschule'",
                        "betreff: 'Digitale Tafeln für die Grundschule'")]


def test_rows_added_and_removed_and_empty_sections_left_out():
    data = {"vorlagenart": "Beschlussvorlage", "amt": "Schulamt", "oeffentlich": True,
            "betreff": "Tafeln für die Grundschule",
            "beratungsfolge": [{"gremium": "Schulausschuss", "sitzung": "05.03.2024"},
                               {"gremium": "Rat", "sitzung": "21.03.2024",
                                "zustaendigkeit": "Entscheidung"}],
            "finanzen": {"haushalt": {"bedarf": "", "haushaltsansatz": None}},
            "begruendung": "Erster Absatz.\n\nZweiter Absatz.\n\nDritter.\n"}
    new = updated(DRAFT, data)
    assert "  - gremium: Rat\n    sitzung: 21.03.2024\n    zustaendigkeit: Entscheidung\n" in new
    assert "finanzen" not in new  # the form sends empty sections; they are not written
    assert "  Dritter.\n" in new and new.startswith("# Entwurf des Schulamts\n")
    smaller = updated(new, {**data, "beratungsfolge": data["beratungsfolge"][:1]})
    assert "gremium: Rat" not in smaller


def test_a_new_draft_from_nothing():
    text = updated("", {"betreff": "Neu", "datum": "01.02.2024", "punkte": [1, 2],
                        "mehrzeilig": "a\nb"})
    assert text == "betreff: Neu\ndatum: 01.02.2024\npunkte:\n  - 1\n  - 2\nmehrzeilig: |\n" \
                   "  a\n  b\n"


def test_values_wrapped_over_lines_keep_their_breaks_when_something_else_changes():
    wrapped = DRAFT.replace("betreff: 'Tafeln für die Grundschule'\n",
                            "betreff: Tafeln für die Grundschule am Markt und die\n"
                            "  Hauptschule in der Neustadt\n") + \
        "zusammenfassung: Kurz und\n  bündig.\n"
    data = {"vorlagenart": "Beschlussvorlage", "amt": "Schulamt (neu)", "oeffentlich": True,
            "betreff": "Tafeln für die Grundschule am Markt und die Hauptschule in der Neustadt",
            "beratungsfolge": [{"gremium": "Schulausschuss", "sitzung": "05.03.2024"}],
            "begruendung": "Erster Absatz.\n\nZweiter Absatz.\n",
            "zusammenfassung": "Kurz und bündig."}
    new = updated(wrapped, data)
    assert new == wrapped.replace("amt: Schulamt\n", "amt: Schulamt (neu)\n")
    # an edited wrapped value is written anew; the other one keeps its breaks
    data["zusammenfassung"] = "Kurz."
    new = updated(wrapped, data)
    assert "zusammenfassung: Kurz.\n" in new
    assert "betreff: Tafeln für die Grundschule am Markt und die\n  Hauptschule" in new
