"""The shared write transaction: it commits what succeeded and rolls back what raised; the
open retried while another connection holds the file."""

import sqlite3
import threading
import time

import pytest

from pipeline.records.sqlite import is_busy, retry_while_busy, write_transaction


def connect(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    return db


def test_a_transaction_commits_and_an_exception_rolls_back(tmp_path):
    db = connect(tmp_path / "t.sqlite")
    with write_transaction(db) as same:
        same.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(RuntimeError), write_transaction(db, threading.Lock()):
        db.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("halb geschrieben")
    other = connect(tmp_path / "t.sqlite")  # what another process sees
    assert other.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert not db.in_transaction


def test_the_write_lock_is_taken_at_begin(tmp_path):
    db, other = connect(tmp_path / "t.sqlite"), connect(tmp_path / "t.sqlite")
    other.execute("PRAGMA busy_timeout = 0")
    with write_transaction(db):
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")


def held(path):
    """Another connection holding the whole file (rollback journal: no reader gets in)."""
    connect(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def reader(path, attempts):
    def attempt():
        attempts.append(1)
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            return db.execute("SELECT count(*) FROM t").fetchone()[0]
        finally:
            db.close()
    return attempt


def test_an_open_is_retried_until_the_other_process_lets_go(tmp_path):
    path, attempts = tmp_path / "t.sqlite", []
    holder = held(path)
    threading.Timer(0.3, holder.execute, ["ROLLBACK"]).start()
    assert retry_while_busy(reader(path, attempts), seconds=10) == 0
    assert len(attempts) > 1


def test_a_lock_that_stays_ends_in_the_busy_error_for_the_caller_to_word(tmp_path):
    path, attempts = tmp_path / "t.sqlite", []
    holder = held(path)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked") as info:
        retry_while_busy(reader(path, attempts), seconds=0.3)
    assert is_busy(info.value) and 0.3 <= time.monotonic() - started < 5
    holder.execute("ROLLBACK")


def test_any_other_error_is_raised_at_once(tmp_path):
    path, attempts = tmp_path / "t.sqlite", []
    path.write_text("Notizen, keine Datenbank\n")
    with pytest.raises(sqlite3.DatabaseError) as info:
        retry_while_busy(reader(path, attempts), seconds=10)
    assert not is_busy(info.value) and attempts == [1]
