"""Session files written from the browser: a safe name, the round trip that keeps comments,
validation before writing, never over a newer version, and the agenda edits as data."""

import pytest

from pipeline.errors import UserError
from pipeline.sitzung.writing import (Stale, moved, retitled, session_file_name,
                                      session_text, validated, with_item, without,
                                      write_session)

HEAD = {"gremium": "Bau- und Umweltausschuss", "datum": "05.03.2026", "uhrzeit": "16:00",
        "ort": "Saal 1", "einladungsdatum": "20.02.2026"}
TEXT = """\
# Sitzung des Bauausschusses
gremium: Bau- und Umweltausschuss
datum: 05.03.2026
uhrzeit: "16:00"
ort: Saal 1  # bis März
einladungsdatum: 20.02.2026
oeffentlicher_teil:
  - titel: Eröffnung
  # die Vorlagen
  - vorlage: drafts/a.yaml
  - titel: Anfragen
"""


def test_file_names_are_safe_and_readable():
    from datetime import date

    assert session_file_name("Bau- und Umweltausschuss", date(2026, 3, 5)) == \
        "bau-und-umweltausschuss-2026-03-05.yaml"
    assert session_file_name("../Rat/..", date(2026, 3, 5)) == "rat-2026-03-05.yaml"
    assert session_file_name("Ausschuss für Schule und Sport (Süd)", date(2026, 1, 2)) == \
        "ausschuss-fuer-schule-und-sport-sued-2026-01-02.yaml"


def test_a_new_file_is_never_put_over_an_existing_one(tmp_path):
    path = tmp_path / "sitzungen" / "x.yaml"
    _, text, stand = write_session(path, HEAD, None)
    assert path.read_text(encoding="utf-8") == text and 'uhrzeit: "16:00"' in text
    with pytest.raises(FileExistsError):
        write_session(path, {**HEAD, "ort": "anderswo"}, None)
    assert path.read_text(encoding="utf-8") == text and len(stand) == 64


def test_an_edit_keeps_comments_and_is_refused_on_an_older_version(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(TEXT, encoding="utf-8")
    from pipeline.sitzung.writing import current

    _, data, stand = current(path)
    data["oeffentlicher_teil"].insert(2, {"vorlage": "drafts/b.yaml"})
    _, after, new = write_session(path, data, stand)
    assert after == TEXT.replace("  - titel: Anfragen\n",
                                 "  - vorlage: drafts/b.yaml\n  - titel: Anfragen\n")
    with pytest.raises(Stale):
        write_session(path, {**data, "ort": "Saal 2"}, stand)
    assert path.read_text(encoding="utf-8") == after
    write_session(path, {**data, "ort": "Saal 2"}, new)
    assert "ort: Saal 2  # bis März\n" in path.read_text(encoding="utf-8")


def test_what_would_be_no_valid_session_is_refused_by_field(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        validated(path, {**HEAD, "datum": "30.02.2026", "ort": ""})
    fields = {p.field: p.message for p in caught.value.problems}
    assert "dieses Datum gibt es nicht" in fields["datum"] and "ort" in fields
    with pytest.raises(UserError):
        write_session(path, {**HEAD, "oeffentlicher_teil": [{"unterpunkte": []}]},
                      __import__("hashlib").sha256(TEXT.encode()).hexdigest())
    assert path.read_text(encoding="utf-8") == TEXT
    assert not [p for p in tmp_path.iterdir() if p.name != "s.yaml"]  # no temporary left


def test_agenda_edits_as_data():
    data = {"oeffentlicher_teil": [{"titel": "Eröffnung"}, {"vorlage": "a"},
                                   {"titel": "Anfragen"}]}
    with_item(data, "oeffentlicher_teil", {"vorlage": "b"})  # after the last Vorlage
    with_item(data, "nichtoeffentlicher_teil", {"vorlage": "c"})  # a new part
    with_item(data, "oeffentlicher_teil", {"titel": "Verschiedenes"})  # at the end
    assert [next(iter(t.values())) for t in data["oeffentlicher_teil"]] == [
        "Eröffnung", "a", "b", "Anfragen", "Verschiedenes"]
    moved(data, "oeffentlicher_teil", 0, "oeffentlicher_teil", 2)
    assert [next(iter(t.values())) for t in data["oeffentlicher_teil"]][:3] == [
        "a", "b", "Eröffnung"]
    moved(data, "oeffentlicher_teil", 4, "nichtoeffentlicher_teil", 99)
    assert data["nichtoeffentlicher_teil"] == [{"vorlage": "c"}, {"titel": "Verschiedenes"}]
    retitled(data, "nichtoeffentlicher_teil", 1, "Personalsache", "Personal")
    assert data["nichtoeffentlicher_teil"][1] == {"titel": "Personalsache",
                                                  "oeffentlicher_titel": "Personal"}
    with pytest.raises(UserError):
        retitled(data, "nichtoeffentlicher_teil", 0, "x", "")  # a Vorlage's title is its own
    without(data, "oeffentlicher_teil", 0)
    with pytest.raises(UserError, match="gibt es nicht"):
        without(data, "oeffentlicher_teil", 9)
    with pytest.raises(UserError):
        moved(data, "dritter_teil", 0, "oeffentlicher_teil", 0)


def test_the_public_part_stays_before_the_closed_one():
    text = session_text("", {**HEAD, "nichtoeffentlicher_teil": [{"titel": "A"}]})
    text = session_text(text, {**HEAD, "nichtoeffentlicher_teil": [{"titel": "A"}],
                               "oeffentlicher_teil": [{"titel": "B"}]})
    assert text.index("oeffentlicher_teil:") < text.index("nichtoeffentlicher_teil:")


def test_an_agenda_names_a_draft_by_path_and_a_final_by_its_number(project):
    from pipeline.records import Register
    from pipeline.sitzung import agenda_ref, gremien, resolve_reference
    from pipeline.haus import load_house_style

    draft = project.drafts_dir / "a.yaml"
    draft.write_text("betreff: A\n", encoding="utf-8")
    session = project.root / "sitzungen" / "s.yaml"
    with Register(project.register_path) as reg:
        assert agenda_ref(draft, project, reg) == "drafts/a.yaml"
        assert resolve_reference("drafts/a.yaml", session, project, reg) == draft
        number = reg.assign("drafts/a.yaml", "X", lambda n: f"X-{n}", "standard")
        assert agenda_ref(draft, project, reg) == number == "X-1"
        assert resolve_reference(number, session, project, reg).resolve() == draft.resolve()
    style = load_house_style("bielefeld", project.template_dirs)
    assert "Integrationsrat" in gremien(project, style)
