"""Changes of one save, and their overlap with another's."""

from pipeline.authoring import DELETED, changes, overlapping, patched

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
