"""audit.py: the hash-chained audit trail in its own SQLite file, with the head file beside it
that says how far it was written. Tampering is done the way someone with the file would do
it: with the sqlite3 module, on the real file."""

import json
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest

from helpers import run

from pipeline.errors import UserError
from pipeline.records import AuditTrail
from pipeline.records.audit import START, _digest


def filled(path: Path, count: int = 3) -> None:
    with AuditTrail(path) as audit:
        for i in range(1, count + 1):
            audit.write("anna", "speichern", "drafts/a.yaml", diff=f"Änderung {i}")


def sql(path: Path, statement: str, *args) -> None:
    with sqlite3.connect(path) as db:
        db.execute(statement, args)
    db.close()


def problems(path: Path) -> list[str]:
    with AuditTrail(path) as audit:
        return audit.verify()


def test_entries_are_appended_chained_and_read_back(tmp_path):
    path = tmp_path / "protokoll.sqlite"
    with AuditTrail(path) as audit:
        assert audit.entries() == [] and audit.verify() == []
        first = audit.write("anna", "speichern", "drafts/a.yaml", diff="+ Betreff", n=1)
        second = audit.write("bernd", "mitzeichnen", "drafts/b.yaml", stelle="20",
                             ergebnis="erteilt")
        third = audit.write("konto:admin", "anmelden", "konto:anna")
    assert (first.nr, second.nr, third.nr) == (1, 2, 3)
    assert first.vorher == START and second.vorher == first.hash
    assert third.vorher == second.hash and len({first.hash, second.hash, third.hash}) == 3
    with AuditTrail(path) as audit:  # a new connection reads what the first one wrote
        entries = audit.entries()
        assert entries == [first, second, third]
        assert entries[0].daten == {"diff": "+ Betreff", "n": 1}
        assert [e.nr for e in audit.entries("drafts/b.yaml")] == [2]
        assert audit.entries("drafts/gibt-es-nicht.yaml") == []
        assert audit.verify() == []
        # The stored hash is the one computed from the row's own content.
        row = audit.db.execute("SELECT * FROM eintraege WHERE nr = 2").fetchone()
        assert _digest(*row[:7]) == row[7] == second.hash
    assert (tmp_path / "protokoll.sqlite.kopf").read_text() == f"3 {third.hash}\n"


def test_data_is_kept_as_json_with_umlauts_and_plain_values(tmp_path):
    path = tmp_path / "p.sqlite"
    with AuditTrail(path) as audit:
        audit.write("jürgen", "zurueckgeben", "drafts/ä.yaml", grund="Frist überschritten",
                    am=date(2026, 3, 1), pfad=Path("drafts/ä.yaml"))
    with sqlite3.connect(path) as db:
        (text,) = db.execute("SELECT daten FROM eintraege").fetchone()
    db.close()
    assert "überschritten" in text  # stored readable, not as \u escapes
    assert json.loads(text) == {"am": "2026-03-01", "grund": "Frist überschritten",
                                "pfad": "drafts/ä.yaml"}
    assert problems(path) == []


def test_data_may_use_the_names_of_the_columns(tmp_path):
    # The server logs a sign-in as the signed-in user with the account tried as data.
    with AuditTrail(tmp_path / "p.sqlite") as audit:
        entry = audit.write("anna", "anmeldung_fehlgeschlagen", "konto:bernd", konto="bernd",
                            aktion="x", gegenstand="y", adresse="127.0.0.1")
        assert (entry.konto, entry.aktion, entry.gegenstand) == (
            "anna", "anmeldung_fehlgeschlagen", "konto:bernd")
        assert audit.entries()[0].daten == {"konto": "bernd", "aktion": "x", "gegenstand": "y",
                                            "adresse": "127.0.0.1"}
        assert audit.verify() == []


def test_writers_on_two_connections_and_threads_keep_one_chain(tmp_path):
    path = tmp_path / "p.sqlite"
    one, two = AuditTrail(path), AuditTrail(path)
    try:
        for i in range(5):
            (one if i % 2 else two).write("anna", "speichern", "drafts/a.yaml", i=i)
        threads = [threading.Thread(target=lambda k=k: [one.write("t", "x", "g", k=k, j=j)
                                                        for j in range(10)])
                   for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [e.nr for e in two.entries()] == list(range(1, 46))
        assert two.verify() == []
    finally:
        one.close()
        two.close()


def test_an_edited_row_is_found(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    sql(path, "UPDATE eintraege SET daten = ? WHERE nr = 2", json.dumps({"diff": "harmlos"}))
    found = problems(path)
    assert len(found) == 1, found
    assert found[0].startswith("Eintrag 2 (speichern, ") and "wurde verändert" in found[0]


def test_other_edited_columns_are_found_too(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    sql(path, "UPDATE eintraege SET konto = 'bernd' WHERE nr = 1")
    sql(path, "UPDATE eintraege SET gegenstand = 'drafts/b.yaml' WHERE nr = 3")
    found = problems(path)
    assert [p.split(" (")[0] for p in found] == ["Eintrag 1", "Eintrag 3"], found


def test_an_edit_with_a_recomputed_hash_breaks_the_link_to_the_next_entry(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    with sqlite3.connect(path) as db:
        nr, zeit, konto, aktion, gegenstand, _, vorher, _ = db.execute(
            "SELECT * FROM eintraege WHERE nr = 2").fetchone()
        daten = json.dumps({"diff": "harmlos"})
        db.execute("UPDATE eintraege SET daten = ?, hash = ? WHERE nr = 2",
                   (daten, _digest(nr, zeit, konto, aktion, gegenstand, daten, vorher)))
    db.close()
    assert problems(path) == ["Eintrag 3: Verkettung zum vorigen Eintrag gebrochen"]


def test_a_recomputed_last_entry_disagrees_with_the_head_file(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    with sqlite3.connect(path) as db:
        nr, zeit, konto, aktion, gegenstand, _, vorher, _ = db.execute(
            "SELECT * FROM eintraege WHERE nr = 3").fetchone()
        daten = json.dumps({"diff": "harmlos"})
        db.execute("UPDATE eintraege SET daten = ?, hash = ? WHERE nr = 3",
                   (daten, _digest(nr, zeit, konto, aktion, gegenstand, daten, vorher)))
    db.close()
    found = problems(path)
    assert len(found) == 1 and "Einträge am Ende entfernt oder verändert" in found[0], found


def test_a_deleted_middle_row_is_found(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path, 4)
    sql(path, "DELETE FROM eintraege WHERE nr = 2")
    assert problems(path) == ["Eintrag 2 bis 2 fehlen",
                              "Eintrag 3: Verkettung zum vorigen Eintrag gebrochen"]


def test_deleted_first_rows_are_found(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path, 4)
    sql(path, "DELETE FROM eintraege WHERE nr <= 2")
    assert problems(path) == ["Eintrag 1 bis 2 fehlen",
                              "Eintrag 3: Verkettung zum vorigen Eintrag gebrochen"]


@pytest.mark.parametrize("removed, left", [(1, 3), (2, 2), (4, 0)])
def test_rows_deleted_at_the_end_are_found_through_the_head_file(tmp_path, removed, left):
    path = tmp_path / "p.sqlite"
    filled(path, 4)
    sql(path, "DELETE FROM eintraege WHERE nr > ?", left)
    found = problems(path)
    assert found == [f"Das Protokoll endet bei Eintrag {left}, geschrieben wurde bis Eintrag "
                     "4: Einträge am Ende entfernt oder verändert"]


def test_writing_after_a_cut_keeps_the_gap_visible(tmp_path):
    # The server writes on: the next entry must not continue the shortened chain and
    # overwrite the head file, which would leave a whole-looking trail.
    path = tmp_path / "p.sqlite"
    filled(path, 4)
    sql(path, "DELETE FROM eintraege WHERE nr > 2")
    with AuditTrail(path) as audit:
        entry = audit.write("anna", "speichern", "drafts/a.yaml")
        assert entry.nr == 5
        assert audit.verify() == ["Eintrag 3 bis 4 fehlen",
                                  "Eintrag 5: Verkettung zum vorigen Eintrag gebrochen"]
        assert audit.write("anna", "speichern", "drafts/a.yaml").nr == 6  # and so on
        assert len(audit.verify()) == 2


def test_writing_after_the_last_entry_was_rewritten_breaks_the_link(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path, 2)
    with sqlite3.connect(path) as db:
        nr, zeit, konto, aktion, gegenstand, _, vorher, _ = db.execute(
            "SELECT * FROM eintraege WHERE nr = 2").fetchone()
        daten = json.dumps({"diff": "harmlos"})
        db.execute("UPDATE eintraege SET daten = ?, hash = ? WHERE nr = 2",
                   (daten, _digest(nr, zeit, konto, aktion, gegenstand, daten, vorher)))
    db.close()
    with AuditTrail(path) as audit:
        assert audit.write("anna", "speichern", "drafts/a.yaml").nr == 3
        assert audit.verify() == ["Eintrag 3: Verkettung zum vorigen Eintrag gebrochen"]


def test_a_damaged_head_file_does_not_stop_writing(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path, 2)
    (tmp_path / "p.sqlite.kopf").write_text("kaputt\n")
    with AuditTrail(path) as audit:
        assert audit.write("anna", "speichern", "drafts/a.yaml").nr == 3
        assert audit.verify() == []


def test_a_removed_head_file_is_reported(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    (tmp_path / "p.sqlite.kopf").unlink()
    assert problems(path) == ["p.sqlite.kopf fehlt: das Ende des Protokolls ist nicht belegt"]


def test_an_empty_trail_needs_no_head_file(tmp_path):
    path = tmp_path / "p.sqlite"
    assert problems(path) == []
    assert not (tmp_path / "p.sqlite.kopf").exists()


@pytest.mark.parametrize("text", ["", "kaputt\n", "drei abc\n"])
def test_a_damaged_head_file_is_a_finding_not_a_crash(tmp_path, text):
    path = tmp_path / "p.sqlite"
    filled(path)
    (tmp_path / "p.sqlite.kopf").write_text(text)
    found = problems(path)
    assert len(found) == 1 and "p.sqlite.kopf" in found[0] and "unlesbar" in found[0], found


def test_a_head_file_pointing_elsewhere_is_found(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    (tmp_path / "p.sqlite.kopf").write_text(f"3 {'0' * 64}\n")
    assert "Einträge am Ende entfernt oder verändert" in problems(path)[0]


def test_unreadable_data_is_a_message_when_reading_entries(tmp_path):
    path = tmp_path / "p.sqlite"
    filled(path)
    sql(path, "UPDATE eintraege SET daten = '{kaputt' WHERE nr = 2")
    with AuditTrail(path) as audit:
        assert any("Eintrag 2" in p and "wurde verändert" in p for p in audit.verify())
        with pytest.raises(UserError, match="Eintrag 2 des Protokolls .* unlesbar"):
            audit.entries()


def test_a_file_that_is_no_database_is_a_message(tmp_path):
    path = tmp_path / "p.sqlite"
    path.write_bytes(b"kein SQLite" * 100)
    with pytest.raises(UserError, match="Das Protokoll .* lässt sich nicht öffnen"):
        AuditTrail(path)


# --- the command ----------------------------------------------------------------------------

def test_cli_check_passes_an_intact_trail(project):
    assert project.audit_path == project.root / "protokoll.sqlite"
    filled(project.audit_path, 3)
    result = run(["audit", "pruefen"], project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Protokoll in Ordnung: 3 Einträge" in result.stdout
    assert result.stderr == ""


def test_cli_check_fails_on_an_edited_row(project):
    filled(project.audit_path, 3)
    sql(project.audit_path, "UPDATE eintraege SET daten = ? WHERE nr = 2",
        json.dumps({"diff": "nachträglich"}))
    result = run(["audit", "pruefen"], project.root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Protokoll in Ordnung" not in result.stdout
    assert "Eintrag 2 (speichern, " in result.stderr and "wurde verändert" in result.stderr
    assert "1 Befund(e)" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("damage", ["daten", "kopf"])
def test_cli_check_reports_unreadable_damage_without_a_traceback(project, damage):
    filled(project.audit_path, 2)
    if damage == "daten":
        sql(project.audit_path, "UPDATE eintraege SET daten = '{kaputt' WHERE nr = 1")
    else:
        (project.root / "protokoll.sqlite.kopf").write_text("kaputt\n")
    result = run(["audit", "pruefen"], project.root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "1 Befund(e)" in result.stderr
