"""The accounts database on a real SQLite file: accounts, passwords, sessions, lockout."""

from __future__ import annotations

import sqlite3
import stat
import time

import pytest

from pipeline.accounts.roles import Role
from pipeline.accounts.store import ATTEMPTS, MIN_PASSWORD, WINDOW, Accounts
from pipeline.errors import UserError

PW = "richtig-geheim-1"
SB = (Role("sachbearbeitung", "53"),)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "daten" / "konten.sqlite"  # the folder does not exist yet


@pytest.fixture
def accounts(db_path):
    with Accounts(db_path) as acc:
        yield acc


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- accounts -------------------------------------------------------------------------------

def test_add_list_and_verify(accounts):
    made = accounts.add("anna", SB, PW, "Anna Berg")
    assert (made.name, made.anzeigename, made.rollen, made.aktiv, made.quelle) == (
        "anna", "Anna Berg", SB, True, "lokal")
    accounts.add("bert", (Role("admin"), Role("sitzungsdienst")), PW)
    assert [(u.name, u.anzeigename) for u in accounts.users()] == [("anna", "Anna Berg"),
                                                                   ("bert", "bert")]
    assert accounts.user("bert").rollen == (Role("admin"), Role("sitzungsdienst"))
    assert accounts.verify("anna", PW) == made
    assert accounts.verify("anna", PW + "x") is None
    assert accounts.verify("anna", "") is None
    assert accounts.verify("Anna", PW) is None  # names are exact
    assert accounts.verify("niemand", PW) is None
    assert accounts.user("niemand") is None


def test_password_is_stored_as_argon2_hash(accounts, db_path):
    accounts.add("anna", SB, PW)
    (stored,) = accounts.db.execute("SELECT passwort FROM konten").fetchone()
    assert stored.startswith("$argon2id$") and PW not in stored


def test_deactivated_account_cannot_sign_in_until_activated(accounts):
    accounts.add("anna", SB, PW)
    accounts.set_active("anna", False)
    assert accounts.verify("anna", PW) is None
    assert accounts.user("anna").aktiv is False  # still there, never deleted
    accounts.set_active("anna", True)
    assert accounts.verify("anna", PW).aktiv


def test_directory_account_without_password_cannot_verify(accounts):
    accounts.add("dora", SB, None, quelle="verzeichnis")
    assert accounts.user("dora").quelle == "verzeichnis"
    for guess in ("", PW, "kein-konto-"):
        assert accounts.verify("dora", guess) is None
    with pytest.raises(UserError, match="Verzeichnis"):
        accounts.set_password("dora", PW)


@pytest.mark.parametrize("password", ["", "x" * (MIN_PASSWORD - 1), "mit\0nullbyte-drin"])
def test_bad_password_is_refused_and_no_account_made(accounts, password):
    with pytest.raises(UserError, match="Passwort"):
        accounts.add("anna", SB, password)
    assert accounts.users() == []


def test_password_of_exactly_the_minimum_length_is_taken(accounts):
    accounts.add("anna", SB, "x" * MIN_PASSWORD)
    assert accounts.verify("anna", "x" * MIN_PASSWORD)


@pytest.mark.parametrize("name", ["", "an na", "a:b", "a/b", "a\\b", "x" * 101])
def test_bad_account_name_is_refused(accounts, name):
    with pytest.raises(UserError, match="Kontoname"):
        accounts.add(name, SB, PW)
    assert accounts.users() == []


def test_duplicate_account_is_refused_and_nothing_changes(accounts):
    accounts.add("anna", SB, PW, "Anna Berg")
    before = accounts.db.execute("SELECT * FROM konten").fetchall()
    with pytest.raises(UserError, match="gibt es schon"):
        accounts.add("anna", (Role("admin"),), "anderes-passwort", "Jemand")
    assert accounts.db.execute("SELECT * FROM konten").fetchall() == before
    assert accounts.user("anna").rollen == SB
    assert accounts.verify("anna", PW) and not accounts.verify("anna", "anderes-passwort")


def test_set_roles_replaces_them(accounts):
    accounts.add("anna", SB, PW)
    accounts.set_roles("anna", (Role("dezernat", "20"), Role("dezernat", "53")), "Anna B.")
    found = accounts.user("anna")
    assert found.rollen == (Role("dezernat", "20"), Role("dezernat", "53"))
    assert found.anzeigename == "Anna B."


def test_changing_an_unknown_account_is_a_clear_error(accounts):
    for change in (lambda: accounts.set_password("niemand", PW),
                   lambda: accounts.set_active("niemand", False),
                   lambda: accounts.set_roles("niemand", SB)):
        with pytest.raises(UserError, match="Das Konto niemand gibt es nicht"):
            change()
    assert accounts.users() == []


def test_set_password_changes_it_and_ends_only_that_users_sessions(accounts):
    accounts.add("anna", SB, PW)
    accounts.add("bert", SB, PW)
    anna1, _ = accounts.start_session("anna")
    anna2, _ = accounts.start_session("anna")
    bert, _ = accounts.start_session("bert")
    accounts.set_password("anna", "neues-passwort-2")
    assert accounts.session(anna1, idle=60) is None
    assert accounts.session(anna2, idle=60) is None
    assert accounts.session(bert, idle=60)[0].name == "bert"
    assert accounts.verify("anna", PW) is None
    assert accounts.verify("anna", "neues-passwort-2").name == "anna"


def test_short_new_password_is_refused_and_the_old_one_stays(accounts):
    accounts.add("anna", SB, PW)
    key, _ = accounts.start_session("anna")
    with pytest.raises(UserError, match="zu kurz"):
        accounts.set_password("anna", "kurz")
    assert accounts.verify("anna", PW)
    assert accounts.session(key, idle=60) is not None


def test_deactivating_ends_sessions(accounts):
    accounts.add("anna", SB, PW)
    key, _ = accounts.start_session("anna")
    accounts.set_active("anna", False)
    assert accounts.session(key, idle=60) is None
    accounts.set_active("anna", True)
    assert accounts.session(key, idle=60) is None  # activating does not bring it back


# --- web sessions ---------------------------------------------------------------------------

def test_session_gives_user_and_csrf_token_until_it_ends(accounts):
    accounts.add("anna", SB, PW)
    key, csrf = accounts.start_session("anna")
    other, other_csrf = accounts.start_session("anna")
    assert key != other and csrf != other_csrf and key != csrf
    user, token = accounts.session(key, idle=60)
    assert user.name == "anna" and token == csrf
    assert accounts.session("erfunden", idle=60) is None
    accounts.end_session(key)
    assert accounts.session(key, idle=60) is None
    assert accounts.session(other, idle=60)[1] == other_csrf


def test_idle_session_expires(accounts):
    accounts.add("anna", SB, PW)
    key, _ = accounts.start_session("anna")
    time.sleep(0.05)
    assert accounts.session(key, idle=0.01) is None
    assert accounts.session(key, idle=3600) is None  # it is gone, not just refused once


def test_use_keeps_a_session_alive(accounts):
    accounts.add("anna", SB, PW)
    key, _ = accounts.start_session("anna")
    ago = time.time() - 100
    accounts.db.execute("UPDATE sitzungen SET angelegt = ?, zuletzt = ?", (ago, ago))
    assert accounts.session(key, idle=120) is not None  # 100 s idle: alive, and refreshed
    (zuletzt,) = accounts.db.execute("SELECT zuletzt FROM sitzungen").fetchone()
    assert zuletzt > time.time() - 5
    accounts.db.execute("UPDATE sitzungen SET zuletzt = ?", (time.time() - 121,))
    assert accounts.session(key, idle=120) is None


def test_session_cookie_is_not_stored_in_plain_text(db_path):
    import hashlib

    with Accounts(db_path) as acc:
        acc.add("anna", SB, PW)
        key, csrf = acc.start_session("anna")
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    stored = b"".join(p.read_bytes() for p in files)
    assert hashlib.sha256(key.encode()).hexdigest().encode() in stored  # the row is there
    assert key.encode() not in stored
    assert csrf.encode() in stored  # the CSRF token is no secret of the database's
    assert PW.encode() not in stored


# --- the file -------------------------------------------------------------------------------

def test_database_files_are_private(db_path):
    with Accounts(db_path) as acc:
        acc.add("anna", SB, PW)
        acc.start_session("anna")
        # While open, the hashes may still sit in the write-ahead log beside the file.
        files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
        assert db_path.with_name(db_path.name + "-wal") in files
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert mode(db_path) == 0o600


def test_reopening_keeps_everything(db_path):
    with Accounts(db_path) as acc:
        acc.add("anna", SB, PW)
        key, _ = acc.start_session("anna")
    with Accounts(db_path) as acc:
        assert acc.verify("anna", PW).rollen == SB
        assert acc.session(key, idle=60)[0].name == "anna"


def test_newer_database_is_refused(db_path):
    Accounts(db_path).close()
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(UserError, match="neueren Version"):
        Accounts(db_path)


def test_unopenable_database_is_a_clear_error(tmp_path):
    (tmp_path / "konten.sqlite").write_bytes(b"keine Datenbank, nur Text " * 100)
    with pytest.raises(UserError, match="lässt sich nicht öffnen"):
        Accounts(tmp_path / "konten.sqlite")


# --- failed sign-ins ------------------------------------------------------------------------

def fail(acc, name, address, times=1):
    for _ in range(times):
        acc.failed(name, address)


def test_four_failures_do_not_lock_the_fifth_does(accounts):
    assert ATTEMPTS == 5 and WINDOW == 900
    fail(accounts, "anna", "10.0.0.1", 4)
    assert accounts.locked_for("anna", "10.0.0.1") == 0
    fail(accounts, "anna", "10.0.0.1")
    assert 895 < accounts.locked_for("anna", "10.0.0.1") <= 900


def test_a_locked_account_is_locked_from_every_address(accounts):
    fail(accounts, "anna", "10.0.0.1", 5)
    assert 895 < accounts.locked_for("anna", "10.0.0.2") <= 900
    assert 895 < accounts.locked_for("ANNA", "10.0.0.3") <= 900  # names lock case-blind


def test_a_locked_address_is_locked_for_every_account(accounts):
    for name in ("anna", "bert", "carl", "dora", "emil"):  # one try each, five in all
        fail(accounts, name, "10.0.0.9")
    assert 895 < accounts.locked_for("fritz", "10.0.0.9") <= 900
    assert accounts.locked_for("fritz", "10.0.0.8") == 0  # neither fritz nor that address
    assert accounts.locked_for("anna", "10.0.0.8") == 0  # anna failed once only


def test_failures_spread_over_accounts_and_addresses_lock_nothing(accounts):
    for i in range(4):
        fail(accounts, "anna", f"10.0.1.{i}")
        fail(accounts, f"konto{i}", "10.0.2.1")
    assert accounts.locked_for("anna", "10.0.3.1") == 0
    assert accounts.locked_for("jemand", "10.0.2.1") == 0


def test_old_failures_do_not_count(accounts):
    fail(accounts, "anna", "10.0.0.1", 4)
    accounts.db.execute("UPDATE fehlversuche SET zeit = zeit - ?", (WINDOW + 1,))
    fail(accounts, "anna", "10.0.0.1")
    assert accounts.locked_for("anna", "10.0.0.1") == 0


def test_a_lock_ends_after_its_time(accounts):
    fail(accounts, "anna", "10.0.0.1", 5)
    accounts.db.execute("UPDATE sperren SET bis = ?", (time.time() - 1,))
    assert accounts.locked_for("anna", "10.0.0.1") == 0


def test_two_workers_count_and_see_the_same_failures(db_path):
    with Accounts(db_path) as one, Accounts(db_path) as two:
        fail(one, "anna", "10.0.0.1", 2)
        fail(two, "anna", "10.0.0.1", 2)
        assert one.locked_for("anna", "10.0.0.1") == 0
        assert two.locked_for("anna", "10.0.0.1") == 0
        fail(one, "anna", "10.0.0.1")
        assert 895 < two.locked_for("anna", "10.0.0.5") <= 900
        assert 895 < two.locked_for("bert", "10.0.0.1") <= 900
        assert 895 < one.locked_for("anna", "10.0.0.1") <= 900


def test_database_in_an_impossible_place_is_a_clear_error(tmp_path):
    (tmp_path / "datei").write_text("kein Ordner", encoding="utf-8")
    with pytest.raises(UserError, match="lässt sich nicht öffnen"):
        Accounts(tmp_path / "datei" / "konten.sqlite")
