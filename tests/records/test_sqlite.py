"""The shared write transaction: it commits what succeeded and rolls back what raised."""

import sqlite3
import threading

import pytest

from pipeline.records.sqlite import write_transaction


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
