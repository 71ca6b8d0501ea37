"""Changes of one save, their overlap with another's, and long texts written back over the
lines of the original."""

from pipeline.authoring import DELETED, changes, merged_text, overlapping, patched

BASE = {"betreff": "Tafeln", "amt": "Schulamt",
        "beratungsfolge": [{"gremium": "Schulausschuss", "sitzung": "05.03.2024"},
                           {"gremium": "Rat", "sitzung": "21.03.2024"}],
        "finanzen": {"haushalt": {"bedarf": "1000"}}}


def test_changes_name_the_fields_and_a_reshaped_list_as_a_whole():
    new = {**BASE, "betreff": "Digitale Tafeln", "beratungsfolge": BASE["beratungsfolge"][:1]}
    del new["amt"]
    found = {c.field: c.value for c in changes(BASE, new)}
    assert found == {"betreff": "Digitale Tafeln", "amt": DELETED,
                     "beratungsfolge": BASE["beratungsfolge"][:1]}
    edited = {**BASE, "beratungsfolge": [BASE["beratungsfolge"][0],
                                         {"gremium": "Rat", "sitzung": "28.03.2024"}]}
    assert [c.field for c in changes(BASE, edited)] == ["beratungsfolge[2].sitzung"]
    assert changes(BASE, BASE) == []


def test_different_fields_do_not_overlap_but_one_list_entry_does():
    mine = changes(BASE, {**BASE, "betreff": "Neu"})
    theirs = changes(BASE, {**BASE, "amt": "Bauamt"})
    assert overlapping(mine, theirs) == []
    row = [dict(r) for r in BASE["beratungsfolge"]]
    row[0]["gremium"] = "Bildungsausschuss"
    other = [dict(r) for r in BASE["beratungsfolge"]]
    other[0]["sitzung"] = "06.03.2024"
    clash = overlapping(changes(BASE, {**BASE, "beratungsfolge": row}),
                        changes(BASE, {**BASE, "beratungsfolge": other}))
    assert [c.field for c in clash] == ["beratungsfolge[1].gremium"]
    # A field inside a section the other removed overlaps too.
    gone = {k: v for k, v in BASE.items() if k != "finanzen"}
    deeper = {**BASE, "finanzen": {"haushalt": {"bedarf": "2000"}}}
    assert overlapping(changes(BASE, deeper), changes(BASE, gone))


def test_patched_applies_changes_on_a_copy_and_builds_missing_sections():
    result = patched(BASE, changes(BASE, {**BASE, "zeichnung": {"ort": "Ulm"}}))
    assert result["zeichnung"] == {"ort": "Ulm"} and "zeichnung" not in BASE
    todo = changes({"a": {"b": "1"}}, {"a": {"b": "1", "c": {"d": "2"}}})
    assert patched({}, todo) == {"a": {"c": {"d": "2"}}}


ORIGINAL = """Erster Absatz mit *Betonung*.

* Punkt eins
* Punkt zwei

Dritter Absatz, ein Wort ändert sich.
"""
# The editor's own spelling: other list markers and emphasis, same content.
LOADED = ORIGINAL.replace("* Punkt", "- Punkt").replace("*Betonung*", "_Betonung_")


def test_an_edit_in_the_editor_lands_on_the_original_lines():
    edited = LOADED.replace("ein Wort ändert", "ein Wort wechselt")
    merged = merged_text(ORIGINAL, LOADED, edited)
    assert merged == ORIGINAL.replace("ein Wort ändert", "ein Wort wechselt")
    # An edit inside a block the editor respelled takes the editor's spelling of the block
    # (mixed list markers would split the list); the rest keeps the original's.
    edited = LOADED.replace("- Punkt zwei", "- Punkt zwei und drei")
    merged = merged_text(ORIGINAL, LOADED, edited)
    assert "- Punkt eins\n- Punkt zwei und drei\n" in merged
    assert merged.startswith("Erster Absatz mit *Betonung*.\n")
    assert merged_text(ORIGINAL, ORIGINAL, "ganz neu\n") == "ganz neu\n"
