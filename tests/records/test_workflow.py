"""workflow.py: a Vorlage's state and its sign-offs in the register database (migration 3);
a reset keeps the row and says why. Real register files in tmp_path."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.records import STATES, Records, Register, Signoff
from pipeline.records.schema import MIGRATIONS, VERSION

LEGACY = Path(__file__).parent / "legacy"
KEY = "drafts/a.yaml"


def sign(db, key=KEY, art="mitzeichnung", stelle="20", ergebnis="erteilt", kommentar=None,
         konto="kaemmerer", fuer=None, scope="a" * 64):
    Records.add(db, key, art, stelle, ergebnis, kommentar, konto, konto.title(), fuer, scope)


def test_a_draft_without_a_row_is_an_entwurf(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        records = Records(reg)
        assert records.state(KEY) == ("entwurf", None)
        assert records.signoffs(KEY) == [] and records.signoffs(KEY, current=False) == []


def test_set_state_inserts_then_updates_one_row(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        records = Records(reg)
        with reg.transaction() as db:
            Records.set_state(db, KEY, "in_mitzeichnung")
        assert records.state(KEY) == ("in_mitzeichnung", None)
        with reg.transaction() as db:
            Records.set_state(db, KEY, "zurueckgegeben", "Anlage fehlt")
        assert records.state(KEY) == ("zurueckgegeben", "Anlage fehlt")
        with reg.transaction() as db:
            Records.set_state(db, KEY, "entwurf")  # the comment goes with the state
        assert records.state(KEY) == ("entwurf", None)
        assert records.state("drafts/b.yaml") == ("entwurf", None)  # others untouched
        rows = reg.db.execute("SELECT entwurf, zustand, geaendert FROM vorgaenge").fetchall()
        assert len(rows) == 1 and rows[0][:2] == (KEY, "entwurf")
        assert rows[0][2][:4].isdigit() and "T" in rows[0][2]
    with Register(tmp_path / "r.sqlite") as reg:  # kept on disk
        assert Records(reg).state(KEY) == ("entwurf", None)


def test_only_known_states_are_written(tmp_path):
    assert "final" in STATES and STATES[0] == "entwurf"
    with Register(tmp_path / "r.sqlite") as reg:
        with pytest.raises(AssertionError):
            with reg.transaction() as db:
                Records.set_state(db, KEY, "erledigt")
        assert Records(reg).state(KEY) == ("entwurf", None)


def test_a_failed_transaction_writes_nothing(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        with pytest.raises(RuntimeError):
            with reg.transaction() as db:
                Records.set_state(db, KEY, "in_mitzeichnung")
                sign(db)
                raise RuntimeError("abgebrochen")
        records = Records(reg)
        assert records.state(KEY) == ("entwurf", None) and records.signoffs(KEY) == []


def test_signoffs_come_back_in_order_with_every_field(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        with reg.transaction() as db:
            sign(db, stelle="20", scope="1" * 64)
            sign(db, key="drafts/b.yaml", stelle="30")
            sign(db, art="beteiligung", stelle="10", ergebnis="stellungnahme",
                 kommentar="Keine Bedenken.", konto="vertreterin", fuer="gleichstellung")
            sign(db, art="freigabe", stelle="amtsleitung", ergebnis="freigegeben",
                 konto="leiterin")
        found = Records(reg).signoffs(KEY)
    assert [(s.art, s.stelle) for s in found] == [
        ("mitzeichnung", "20"), ("beteiligung", "10"), ("freigabe", "amtsleitung")]
    first, heard = found[0], found[1]
    assert isinstance(first, Signoff) and first.entwurf == KEY
    assert (first.ergebnis, first.kommentar, first.konto, first.anzeigename, first.fuer) == (
        "erteilt", None, "kaemmerer", "Kaemmerer", None)
    assert first.umfang_sha256 == "1" * 64 and first.zurueckgesetzt is None
    assert first.zeit[:4].isdigit() and first.zeit.endswith("+00:00")
    assert (heard.kommentar, heard.fuer, heard.konto) == ("Keine Bedenken.", "gleichstellung",
                                                          "vertreterin")
    assert found[0].id < found[1].id < found[2].id


def test_reset_signoffs_leave_the_current_list_but_stay_in_the_history(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        records = Records(reg)
        with reg.transaction() as db:
            sign(db, stelle="20")
            sign(db, stelle="30")
            sign(db, stelle="40")
        ids = [s.id for s in records.signoffs(KEY)]
        with reg.transaction() as db:
            Records.reset(db, [ids[0], ids[2]], "Finanzen geändert")
        assert [s.stelle for s in records.signoffs(KEY)] == ["30"]
        history = records.signoffs(KEY, current=False)
        assert [(s.stelle, s.zurueckgesetzt) for s in history] == [
            ("20", "Finanzen geändert"), ("30", None), ("40", "Finanzen geändert")]
        with reg.transaction() as db:  # a new answer of the Stelle counts again
            sign(db, stelle="20", ergebnis="verweigert", kommentar="Deckung fehlt")
        assert [(s.stelle, s.ergebnis) for s in records.signoffs(KEY)] == [
            ("30", "erteilt"), ("20", "verweigert")]
        assert len(records.signoffs(KEY, current=False)) == 4


def test_the_kind_of_signoff_is_checked_by_the_database(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        with pytest.raises(sqlite3.IntegrityError):
            with reg.transaction() as db:
                sign(db, art="unterschrift")
        assert Records(reg).signoffs(KEY, current=False) == []


def test_a_read_only_register_reads_the_records(tmp_path):
    path = tmp_path / "r.sqlite"
    with Register(path) as reg:
        with reg.transaction() as db:
            Records.set_state(db, KEY, "in_freigabe")
            sign(db)
    reader = Register.read_only(path)
    try:
        records = Records(reader)
        assert records.state(KEY) == ("in_freigabe", None)
        assert [s.stelle for s in records.signoffs(KEY)] == ["20"]
    finally:
        reader.close()


# --- migration 3 ------------------------------------------------------------------------------

def columns(db, table):
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def version_2_register(path: Path) -> None:
    """A register as the version before the workflow left it, with one number and a final."""
    db = sqlite3.connect(path)
    for version, statements in MIGRATIONS:
        if version <= 2:
            for statement in statements:
                db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
               "vergeben) VALUES ('2025/0001', '2025/#', 1, 'drafts/a.yaml', 'standard', "
               "'register', '2025-01-01T00:00:00+00:00')")
    db.commit()
    db.close()


def test_a_version_2_register_is_migrated_to_3_on_open(tmp_path):
    assert VERSION >= 3
    path = tmp_path / "r.sqlite"
    version_2_register(path)
    with sqlite3.connect(path) as db:
        assert "freigabe" not in columns(db, "archiv")
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'vorgaenge'").fetchone()
    db.close()
    assert Register.read_only(path) is None  # too old to read; the next open migrates it
    with Register(path) as reg:
        assert reg.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert reg.number_of("drafts/a.yaml") == "2025/0001"  # what was there stays
        assert "freigabe" in columns(reg.db, "archiv")
        assert columns(reg.db, "zeichnungen") == list(Signoff.__annotations__)
        records = Records(reg)
        assert records.state(KEY) == ("entwurf", None)
        with reg.transaction() as db:
            Records.set_state(db, KEY, "in_mitzeichnung")
            sign(db)
        assert records.state(KEY)[0] == "in_mitzeichnung" and len(records.signoffs(KEY)) == 1
    with Register(path) as reg:  # opening again migrates nothing twice
        assert reg.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert len(Records(reg).signoffs(KEY)) == 1


def test_the_legacy_register_from_before_versions_gets_the_workflow_tables(tmp_path):
    path = tmp_path / "register.sqlite"
    shutil.copy(LEGACY / "output" / "register.sqlite", path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        before = db.execute("SELECT nummer, entwurf FROM nummern ORDER BY nummer").fetchall()
    db.close()
    assert len(before) == 3
    with Register(path) as reg:
        assert reg.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert sorted((e.nummer, e.entwurf) for e in reg.entries()) == before
        key = before[0][1]
        records = Records(reg)
        assert records.state(key) == ("entwurf", None)
        with reg.transaction() as db:
            Records.set_state(db, key, "final")
        assert records.state(key) == ("final", None)
        assert reg.db.execute("SELECT COUNT(*) FROM archiv WHERE freigabe IS NULL"
                              ).fetchone()[0] == 3


def test_a_register_newer_than_this_version_is_refused(tmp_path):
    from pipeline.errors import UserError

    path = tmp_path / "r.sqlite"
    with Register(path):
        pass
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
    db.close()
    with pytest.raises(UserError, match="neueren Version"):
        Register(path)
