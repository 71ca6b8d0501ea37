"""The accounts database (SQLite): accounts and their roles, web sessions, failed sign-ins.

One file of the project, shared by every worker of the server and by `vorlage user`. Accounts
are never deleted (the audit trail refers to them), only deactivated. Passwords are stored as
argon2id hashes; a web session is known only by the SHA-256 of its cookie, so a copy of the
database signs nobody in. Failed sign-ins are counted per account and per client address, so
that several workers see the same count.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import UserError
from ..records import write_transaction
from .roles import Role, User

MIN_PASSWORD, MAX_PASSWORD = 10, 1000  # the sign-in form takes up to 1000
ATTEMPTS, WINDOW = 5, 15 * 60  # failed sign-ins within WINDOW seconds, then locked as long
_HASHER = PasswordHasher()
# Verified when the account does not exist, so an unknown name takes as long as a known one.
_DUMMY = _HASHER.hash("kein-konto-" + secrets.token_hex(8))

SCHEMA = [
    """CREATE TABLE konten (
        name TEXT PRIMARY KEY, anzeigename TEXT NOT NULL, passwort TEXT,
        quelle TEXT NOT NULL CHECK (quelle IN ('lokal', 'verzeichnis')),
        aktiv INTEGER NOT NULL DEFAULT 1, angelegt TEXT NOT NULL, geaendert TEXT NOT NULL)""",
    """CREATE TABLE rollen (
        konto TEXT NOT NULL REFERENCES konten(name), rolle TEXT NOT NULL,
        amt TEXT NOT NULL DEFAULT '', PRIMARY KEY (konto, rolle, amt))""",
    """CREATE TABLE sitzungen (
        schluessel TEXT PRIMARY KEY, konto TEXT NOT NULL REFERENCES konten(name),
        csrf TEXT NOT NULL, angelegt REAL NOT NULL, zuletzt REAL NOT NULL)""",
    "CREATE TABLE fehlversuche (art TEXT NOT NULL, wert TEXT NOT NULL, zeit REAL NOT NULL)",
    "CREATE INDEX fehlversuche_wert ON fehlversuche (art, wert, zeit)",
    """CREATE TABLE sperren (art TEXT NOT NULL, wert TEXT NOT NULL, bis REAL NOT NULL,
        PRIMARY KEY (art, wert))""",
]
# Later versions append to MIGRATIONS; a shipped one is never edited.
MIGRATIONS = {
    # Vertretung: `vertreter` acts for `konto` from `von` to `bis` (ISO dates, inclusive).
    2: ["""CREATE TABLE vertretungen (
            konto TEXT NOT NULL REFERENCES konten(name),
            vertreter TEXT NOT NULL REFERENCES konten(name),
            von TEXT NOT NULL, bis TEXT NOT NULL)"""],
}
VERSION = 2


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD} Zeichen")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"Das Passwort ist zu lang: höchstens {MAX_PASSWORD} Zeichen")
    if "\0" in password:
        raise UserError("Das Passwort enthält ein Nullbyte")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _stamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


class Accounts:
    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Private from the start: SQLite gives the -wal and -shm files (which hold new
            # hashes until a checkpoint) the mode of the database file.
            if not self.path.exists():
                self.path.touch(mode=0o600)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                      check_same_thread=False)
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            if self._version() != VERSION:
                self._create()
        except (sqlite3.Error, OSError) as exc:
            raise UserError(f"Die Kontendatenbank {self.path} lässt sich nicht öffnen "
                            f"({exc}); in vorlage.yaml steht unter „konten“, welche Datei "
                            "gemeint ist") from exc

    def _version(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise UserError(f"Die Kontendatenbank {self.path} stammt von einer neueren "
                            "Version von Ratsvorlagen; bitte das Programm aktualisieren")
        return version

    def _create(self) -> None:
        with self.transaction() as db:
            version = self._version()  # another process may have been first
            if version == 0:
                for statement in SCHEMA:
                    db.execute(statement)
                version = 1
            for number in range(version + 1, VERSION + 1):
                for statement in MIGRATIONS[number]:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {VERSION}")
        self.path.chmod(0o600)  # hashes and session digests are nobody else's business

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def transaction(self):
        return write_transaction(self.db)

    # --- accounts ----------------------------------------------------------------------
    def user(self, name: str) -> User | None:
        row = self.db.execute("SELECT name, anzeigename, aktiv, quelle FROM konten "
                              "WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        roles = self.db.execute("SELECT rolle, amt FROM rollen WHERE konto = ? ORDER BY "
                                "rolle, amt", (name,)).fetchall()
        return User(row[0], row[1], tuple(Role(r, a) for r, a in roles), bool(row[2]), row[3])

    def users(self) -> list[User]:
        names = [r[0] for r in self.db.execute("SELECT name FROM konten ORDER BY name")]
        return [self.user(name) for name in names]

    def add(self, name: str, roles: tuple[Role, ...], password: str | None,
            anzeigename: str = "", quelle: str = "lokal") -> User:
        if not name or len(name) > 100 or any(c.isspace() or c in ":/\\\0" for c in name):
            raise UserError(f"Kontoname „{name}“ ungültig: ohne Leerzeichen, „:“ und „/“, "
                            "höchstens 100 Zeichen")
        hashed = None
        if password is not None:
            check_password_rules(password)
            hashed = _HASHER.hash(password)
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM konten WHERE name = ?", (name,)).fetchone():
                raise UserError(f"Das Konto {name} gibt es schon (Konten werden nie gelöscht; "
                                "`vorlage user rollen` ändert die Rollen)")
            db.execute("INSERT INTO konten VALUES (?, ?, ?, ?, 1, ?, ?)",
                       (name, anzeigename or name, hashed, quelle, _stamp(), _stamp()))
            self._write_roles(db, name, roles)
        return self.user(name)

    def _write_roles(self, db, name: str, roles: tuple[Role, ...]) -> None:
        db.execute("DELETE FROM rollen WHERE konto = ?", (name,))
        db.executemany("INSERT INTO rollen VALUES (?, ?, ?)",
                       [(name, r.rolle, r.amt) for r in roles])

    def _existing(self, name: str) -> User:
        found = self.user(name)
        if found is None:
            raise UserError(f"Das Konto {name} gibt es nicht (`vorlage user list`)")
        return found

    def _keep_an_admin(self, db, name: str) -> None:
        """Refuses (inside the write) to leave no active admin: only the CLI could mend it."""
        left = db.execute("SELECT COUNT(*) FROM konten JOIN rollen ON konto = name WHERE "
                          "rolle = 'admin' AND aktiv = 1").fetchone()[0]
        was = db.execute("SELECT 1 FROM konten JOIN rollen ON konto = name WHERE name = ? "
                         "AND rolle = 'admin' AND aktiv = 1", (name,)).fetchone()
        if was and left <= 1:
            raise UserError(f"{name} ist das letzte aktive Konto mit der Rolle admin; erst ein "
                            "anderes anlegen")

    def set_roles(self, name: str, roles: tuple[Role, ...], anzeigename: str | None = None):
        self._existing(name)
        with self.transaction() as db:
            if not any(r.rolle == "admin" for r in roles):
                self._keep_an_admin(db, name)
            self._write_roles(db, name, roles)
            if anzeigename:
                db.execute("UPDATE konten SET anzeigename = ? WHERE name = ?",
                           (anzeigename, name))
            db.execute("UPDATE konten SET geaendert = ? WHERE name = ?", (_stamp(), name))

    def check_local(self, name: str) -> None:
        """Refuses, before a password is asked for, an account that has none to set."""
        if self._existing(name).quelle != "lokal":
            raise UserError(f"Das Konto {name} meldet sich über das Verzeichnis an; das "
                            "Passwort ändert sich dort")

    def set_password(self, name: str, password: str) -> None:
        self.check_local(name)
        check_password_rules(password)
        with self.transaction() as db:
            db.execute("UPDATE konten SET passwort = ?, geaendert = ? WHERE name = ?",
                       (_HASHER.hash(password), _stamp(), name))
            db.execute("DELETE FROM sitzungen WHERE konto = ?", (name,))

    def set_active(self, name: str, active: bool) -> None:
        self._existing(name)
        with self.transaction() as db:
            if not active:
                self._keep_an_admin(db, name)
            db.execute("UPDATE konten SET aktiv = ?, geaendert = ? WHERE name = ?",
                       (int(active), _stamp(), name))
            db.execute("DELETE FROM sitzungen WHERE konto = ?", (name,))

    def verify(self, name: str, password: str) -> User | None:
        """The active local account whose password this is; None otherwise, after the
        same work either way."""
        row = self.db.execute("SELECT passwort FROM konten WHERE name = ? AND aktiv = 1 "
                              "AND quelle = 'lokal'", (name,)).fetchone()
        stored = row[0] if row and row[0] else _DUMMY
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if stored is _DUMMY:
            return None
        if _HASHER.check_needs_rehash(stored):
            with self.transaction() as db:
                db.execute("UPDATE konten SET passwort = ? WHERE name = ?",
                           (_HASHER.hash(password), name))
        return self.user(name)

    # --- Vertretung --------------------------------------------------------------------
    def set_deputy(self, name: str, deputy: str, von: str, bis: str) -> None:
        """`deputy` acts for `name` from `von` to `bis` (ISO dates); replaces earlier ones."""
        self._existing(name)
        if self.user(deputy) is None or deputy == name:
            raise UserError(f"Vertretung: das Konto {deputy} gibt es nicht oder ist das eigene")
        if bis < von:
            raise UserError("Vertretung: das Ende liegt vor dem Beginn")
        with self.transaction() as db:
            db.execute("DELETE FROM vertretungen WHERE konto = ?", (name,))
            db.execute("INSERT INTO vertretungen VALUES (?, ?, ?, ?)", (name, deputy, von, bis))

    def deputy_of(self, name: str) -> tuple[str, str, str] | None:
        row = self.db.execute("SELECT vertreter, von, bis FROM vertretungen WHERE konto = ?",
                              (name,)).fetchone()
        return tuple(row) if row else None

    def represented_by(self, deputy: str, day: str) -> list[User]:
        """The active accounts `deputy` stands in for on `day` (ISO date)."""
        rows = self.db.execute("SELECT konto FROM vertretungen WHERE vertreter = ? AND von <= ? "
                               "AND bis >= ?", (deputy, day, day)).fetchall()
        return [u for u in (self.user(r[0]) for r in rows) if u is not None and u.aktiv]

    # --- web sessions ------------------------------------------------------------------
    def start_session(self, name: str) -> tuple[str, str]:
        """A new session: (cookie value, CSRF token)."""
        key, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), time.time()
        with self.transaction() as db:
            db.execute("INSERT INTO sitzungen VALUES (?, ?, ?, ?, ?)",
                       (_digest(key), name, csrf, now, now))
        return key, csrf

    def session(self, key: str, idle: float) -> tuple[User, str] | None:
        """(user, CSRF token) of a live session, which this request keeps alive; None for
        an unknown, expired or deactivated one."""
        now = time.time()
        row = self.db.execute("SELECT konto, csrf, zuletzt FROM sitzungen WHERE schluessel = ?",
                              (_digest(key),)).fetchone()
        if row is None:
            return None
        user = self.user(row[0])
        if now - row[2] > idle or user is None or not user.aktiv:
            self.end_session(key)
            return None
        if now - row[2] > 10:  # one write per ten seconds is enough to measure idleness
            self.db.execute("UPDATE sitzungen SET zuletzt = ? WHERE schluessel = ?",
                            (now, _digest(key)))
        return user, row[1]

    def end_session(self, key: str) -> None:
        self.db.execute("DELETE FROM sitzungen WHERE schluessel = ?", (_digest(key),))

    # --- failed sign-ins ---------------------------------------------------------------
    def locked_for(self, name: str, address: str) -> float:
        """Seconds until the account or the address may try again (0: now)."""
        now = time.time()
        rows = self.db.execute("SELECT MAX(bis) FROM sperren WHERE bis > ? AND ((art = "
                               "'konto' AND wert = ?) OR (art = 'adresse' AND wert = ?))",
                               (now, name.lower(), address)).fetchone()
        return max(0.0, (rows[0] or 0) - now)

    def failed(self, name: str, address: str) -> None:
        """Counts a failed sign-in; the ATTEMPTS-th within WINDOW locks for WINDOW."""
        now = time.time()
        with self.transaction() as db:
            db.execute("DELETE FROM fehlversuche WHERE zeit < ?", (now - WINDOW,))
            for art, wert in (("konto", name.lower()), ("adresse", address)):
                db.execute("INSERT INTO fehlversuche VALUES (?, ?, ?)", (art, wert, now))
                count = db.execute("SELECT COUNT(*) FROM fehlversuche WHERE art = ? AND "
                                   "wert = ? AND zeit >= ?", (art, wert, now - WINDOW))
                if count.fetchone()[0] >= ATTEMPTS:
                    db.execute("INSERT OR REPLACE INTO sperren VALUES (?, ?, ?)",
                               (art, wert, now + WINDOW))
                    db.execute("DELETE FROM fehlversuche WHERE art = ? AND wert = ?",
                               (art, wert))
