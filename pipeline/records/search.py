"""Full-text search over the Vorlagen: an SQLite FTS5 index in a file of its own
(`output/suche.sqlite`), derived from the drafts and rebuilt from them whenever it is stale or
missing, so losing it loses nothing.

Two FTS5 indexes over one table of rows: words (`unicode61`, diacritics removed: "Café"
finds "Cafe", "Gebäude" finds "Gebaude") and substrings (`trigram`: "Schule" finds
"Grundschule"). German spellings without umlauts meet their umlauts through the query: each
term is also searched with ä→ae, ß→ss and with ae→ä, ss→ß, so "Gebaeude" finds "Gebäude" and
"Gebäude" finds a text that wrote "Gebaeude", whatever the document wrote; the text is stored
once, as written, so FTS5's snippet() shows it as written.

The index knows nothing of accounts. Each row carries an opaque access key (the caller's
description of who may read it); a search is given the keys the reader may see and filters in
SQL before counting, ranking and cutting snippets, so no part of a hidden row leaves the
database. Refreshing reads the drafts outside the write transaction and writes in one
`BEGIN IMMEDIATE` transaction; readers are never blocked (WAL).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .sqlite import is_busy, retry_while_busy, write_transaction

SCHEMA = 1  # PRAGMA user_version; another value: the index is dropped and rebuilt
WAIT_SECONDS = 30
MAX_TERMS, MAX_TERM = 12, 100
START, END = "\x02", "\x03"  # snippet() marks; control characters never kept in a document
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TERMS = re.compile(r'"([^"]*)"?|([^\s"]+)')
COLUMNS = ("nummer", "betreff", "amt", "text")
WEIGHTS = "10.0, 5.0, 2.0, 1.0"  # bm25: a hit in the number or Betreff outranks the text

_TABLES = f"""
CREATE TABLE vorlagen (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER, groesse INTEGER, sha256 TEXT, kontext TEXT NOT NULL DEFAULT '',
    zugang TEXT NOT NULL, {', '.join(f'{c} TEXT' for c in COLUMNS)});
CREATE INDEX vorlagen_zugang ON vorlagen (zugang);
CREATE TABLE stand (schluessel TEXT PRIMARY KEY, wert TEXT NOT NULL);
"""
_FTS = {"wort": "unicode61 remove_diacritics 2", "teil": "trigram"}


def _fts_schema() -> str:
    cols, old = ", ".join(COLUMNS), ", ".join(f"old.{c}" for c in COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    out = []
    for table, tokenizer in _FTS.items():
        out.append(f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, content='vorlagen', "
                   f"content_rowid='id', tokenize='{tokenizer}');")
        # External content: the triggers keep each index in step with the table.
        remove = f"INSERT INTO {table} ({table}, rowid, {cols}) VALUES ('delete', old.id, {old});"
        add = f"INSERT INTO {table} (rowid, {cols}) VALUES (new.id, {new});"
        out.append(f"CREATE TRIGGER {table}_ai AFTER INSERT ON vorlagen BEGIN {add} END;")
        out.append(f"CREATE TRIGGER {table}_ad AFTER DELETE ON vorlagen BEGIN {remove} END;")
        out.append(f"CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON vorlagen "
                   f"BEGIN {remove} {add} END;")
    return "\n".join(out)


@dataclass(frozen=True)
class Document:
    """What the index holds of one Vorlage; `zugang` is the caller's access key."""
    nummer: str
    betreff: str
    amt: str
    text: str
    zugang: str


Segments = tuple[tuple[str, bool], ...]  # (text, marked as a hit)


@dataclass(frozen=True)
class Hit:
    name: str
    nummer: str
    amt: str
    betreff: Segments
    snippet: Segments


@dataclass(frozen=True)
class Result:
    count: int
    hits: list[Hit]
    terms: list[str]


def search_terms(query: str) -> list[str]:
    """The terms of a query: words and "quoted phrases" (an unclosed quote runs to the
    end); what holds no letter or digit is dropped, so no input is FTS5 syntax."""
    out = []
    for phrase, word in _TERMS.findall(_CONTROL.sub(" ", query)):
        term = " ".join((phrase or word).split())[:MAX_TERM]
        if any(ch.isalnum() for ch in term):
            out.append(term)
    return out[:MAX_TERMS]


def spellings(term: str) -> list[str]:
    """A term as written and in the other German spellings: ä→ae, ß→ss and back."""
    low = term.lower()
    plain = (low.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"))
    umlaut = plain.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")
    return list(dict.fromkeys([low, plain, umlaut, umlaut.replace("ss", "ß"),
                               plain.replace("ss", "ß")]))


def _phrases(term: str, trigram: bool) -> str | None:
    """An FTS5 expression for one term: its spellings as quoted strings, ORed, as words also
    as the start of a word (Gebäude finds Gebäudes); None when no spelling can match (the
    trigram index needs three characters)."""
    found = [s for s in spellings(term) if not trigram or len(s) >= 3]
    if not found:
        return None
    tail = "" if trigram else " *"
    return "(" + " OR ".join('"' + s.replace('"', '""') + '"' + tail for s in found) + ")"


def _segments(marked: str) -> Segments:
    out, hit = [], False
    for part in re.split(f"([{START}{END}])", marked):
        if part in (START, END):
            hit = part == START
        elif part:
            out.append((part, hit))
    return tuple(out)


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text or "")


class SearchIndex:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Der Ordner für den Suchindex {self.path} lässt sich nicht "
                            f"anlegen ({exc.strerror})") from exc
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        """Connects in WAL mode at the current schema, retrying while another process holds
        the file (see retry_while_busy). The index is derived data: a file of another
        schema, or one that is no database, is rebuilt from scratch."""
        for removed in (False, True):
            try:
                return retry_while_busy(self._connect, WAIT_SECONDS)
            except sqlite3.DatabaseError as exc:
                if is_busy(exc):
                    raise UserError(f"Der Suchindex {self.path} ist seit {WAIT_SECONDS} s "
                                    "gesperrt") from exc
                if not removed and getattr(exc, "sqlite_errorcode", 0) in (
                        sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
                    self._remove_files()
                    continue
                raise UserError(f"Der Suchindex {self.path} lässt sich nicht öffnen "
                                f"({exc}); er kann gelöscht werden, er wird neu "
                                "aufgebaut") from exc

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=WAIT_SECONDS, isolation_level=None,
                             check_same_thread=False)
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                with write_transaction(db):
                    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                        self._create(db)
        except BaseException:
            db.close()
            raise
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        kinds = db.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN "
                           "('table', 'trigger') AND name NOT LIKE 'sqlite_%' "
                           "AND sql IS NOT NULL").fetchall()
        # Triggers, then the FTS tables (which take their shadow tables with them).
        for kind, name, _ in sorted(kinds, key=lambda k: (k[0] != "trigger",
                                                          "VIRTUAL" not in k[2])):
            db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        for statement in (_TABLES + _fts_schema()).split(";\n"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA}")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- keeping the index in step with the drafts -------------------------------------
    def refresh(self, sources: Mapping[str, str | Path],
                read: Callable[[str, str | Path], Document],
                context: Mapping[str, str] | None = None, generation: str = "") -> int:
        """Brings the index in line with `sources` (name -> draft file): a file whose size
        and time, then whose content hash, are unchanged is not read again; a file gone is
        removed. `context` (name -> text) and `generation` stand for what a row depends on
        besides its file (its number in the register, the house styles): when they change,
        the row (or with `generation`, every row) is read again. Returns how many rows
        changed."""
        context = context or {}
        known = {row[0]: row[1:] for row in self.db.execute(
            "SELECT name, mtime_ns, groesse, sha256, kontext FROM vorlagen")}
        stored = self.db.execute("SELECT wert FROM stand WHERE schluessel = 'generation'"
                                 ).fetchone()
        same = stored is not None and stored[0] == generation
        writes, touched, present = [], [], set()
        for name, path in sources.items():
            try:
                info = os.stat(path)
            except OSError:
                continue  # gone since it was listed: removed below
            present.add(name)
            row, kontext = known.get(name), context.get(name, "")
            stat = (info.st_mtime_ns, info.st_size)
            if same and row and row[:2] == stat and row[3] == kontext:
                continue
            try:
                with open(path, "rb") as file:
                    digest = hashlib.sha256(file.read()).hexdigest()
            except OSError:
                present.discard(name)
                continue
            if same and row and row[2] == digest and row[3] == kontext:
                touched.append((*stat, name))
                continue
            # The time and size were taken before the file was read: an edit in between
            # leaves them older than the file, so the next refresh reads it again.
            writes.append((name, *stat, digest, kontext, read(name, path)))
        gone = [(name,) for name in known if name not in present]
        if not (writes or touched or gone) and same:
            return 0
        with write_transaction(self.db, self._lock) as db:
            db.executemany("DELETE FROM vorlagen WHERE name = ?", gone)
            db.executemany("UPDATE vorlagen SET mtime_ns = ?, groesse = ? WHERE name = ?",
                           touched)
            for name, mtime, size, digest, kontext, doc in writes:
                self._put(db, name, (mtime, size, digest, kontext), doc)
            db.execute("INSERT INTO stand VALUES ('generation', ?) ON CONFLICT (schluessel) "
                       "DO UPDATE SET wert = excluded.wert", (generation,))
        return len(writes) + len(touched) + len(gone)

    def put(self, docs: Mapping[str, Document]) -> None:
        """Enters rows without a file (the benchmark); a later `refresh` removes them."""
        with write_transaction(self.db, self._lock) as db:
            for name, doc in docs.items():
                self._put(db, name, (None, None, None, ""), doc)

    @staticmethod
    def _put(db: sqlite3.Connection, name: str, stamp: tuple, doc: Document) -> None:
        values = (*stamp, doc.zugang, *(_clean(getattr(doc, c)) for c in COLUMNS))
        db.execute(
            f"INSERT INTO vorlagen (name, mtime_ns, groesse, sha256, kontext, zugang, "
            f"{', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"ON CONFLICT (name) DO UPDATE SET mtime_ns = excluded.mtime_ns, groesse = "
            f"excluded.groesse, sha256 = excluded.sha256, kontext = excluded.kontext, "
            f"zugang = excluded.zugang, "
            + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS), (name, *values))

    # --- searching ---------------------------------------------------------------------
    def access_keys(self) -> list[str]:
        """The distinct access keys of the rows: a reader's rule is asked once per key."""
        return [k for (k,) in self.db.execute("SELECT DISTINCT zugang FROM vorlagen")]

    def search(self, query: str, visible: Callable[[str], bool] | None = None,
               limit: int = 20, offset: int = 0) -> Result:
        """The rows matching every term of `query` (as a word or the start of one, or as a
        part of a word of at least three characters) among those whose access key
        `visible` accepts (None: all); best first: all terms as words by bm25, then the
        rest by Betreff. `limit` hits from `offset` come with snippets."""
        wanted = search_terms(query)
        if not wanted:
            return Result(0, [], [])
        keys = self.access_keys()
        allowed = json.dumps(keys if visible is None else [k for k in keys if visible(k)])
        words = [_phrases(t, False) for t in wanted]
        parts = [_phrases(t, True) for t in wanted]
        all_words = " AND ".join(words)
        # Each part is materialised once and joined by rowid (left to itself, SQLite would
        # ask the FTS tables again for every row); every FTS scan is held to the readable
        # rows, so bm25 is computed, and a row counted, only for those.
        ctes = ["readable(id) AS MATERIALIZED (SELECT id FROM vorlagen WHERE zugang IN "
                "(SELECT value FROM json_each(?)))"]
        params: list = [allowed]
        for n, (word, part) in enumerate(zip(words, parts, strict=True)):
            select = "SELECT rowid FROM wort WHERE wort MATCH ? AND +rowid IN readable"
            params.append(word)
            if part:
                select += " UNION SELECT rowid FROM teil WHERE teil MATCH ? AND +rowid IN " \
                          "readable"
                params.append(part)
            ctes.append(f"term{n}(id) AS MATERIALIZED ({select})")
        # Inner joins only, so that SQLite indexes each materialised part; a LEFT JOIN
        # would scan it per row.
        ctes.append(f"ranked(id, r) AS MATERIALIZED (SELECT id, min(r) FROM (SELECT rowid AS "
                    f"id, bm25(wort, {WEIGHTS}) AS r FROM wort WHERE wort MATCH ? AND +rowid "
                    f"IN readable UNION ALL SELECT id, NULL FROM term0) GROUP BY id)")
        params.append(all_words)
        joins = " ".join(f"JOIN term{n} ON term{n}.id = v.id" for n in range(1, len(words)))
        sql = (f"WITH {', '.join(ctes)} SELECT v.id, v.name, v.nummer, v.amt FROM ranked "
               f"JOIN vorlagen v ON v.id = ranked.id {joins} "
               f"ORDER BY ranked.r IS NULL, ranked.r, v.betreff, v.name")
        try:
            rows = self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:  # never an FTS5 message to the reader
            raise UserError(f"Die Suche ließ sich nicht ausführen ({exc})") from exc
        page = rows[offset:offset + limit]
        marks = self._marks([row[0] for row in page], all_words, words, parts)
        hits = [Hit(name, nummer or "", amt or "", *marks[rowid])
                for rowid, name, nummer, amt in page]
        return Result(len(rows), hits, wanted)

    def _marks(self, ids: list[int], all_words: str, words: list[str],
               parts: list[str | None]) -> dict[int, tuple[Segments, Segments]]:
        """The Betreff with its hits marked and a snippet of the text for each row, from
        the first expression that matches it: all terms as words, as parts, any term. One
        query per expression for all rows (a query per row would walk the index each
        time)."""
        whole_parts = " AND ".join(parts) if all(parts) else None
        tries = [("wort", all_words), ("teil", whole_parts), ("wort", " OR ".join(words)),
                 ("teil", " OR ".join(p for p in parts if p) or None)]
        out: dict[int, tuple[Segments, Segments]] = {}
        for table, expression in tries:
            todo = [i for i in ids if i not in out]
            if not todo or not expression:
                continue
            size = 16 if table == "wort" else 64  # trigram "tokens" are characters
            for rowid, betreff, snippet in self.db.execute(
                    f"SELECT rowid, highlight({table}, 1, ?, ?), snippet({table}, 3, ?, ?, "
                    f"'…', {size}) FROM {table} WHERE {table} MATCH ? AND +rowid IN "
                    f"(SELECT value FROM json_each(?))",
                    (START, END, START, END, expression, json.dumps(todo))):
                out[rowid] = (_segments(betreff or ""), _segments(snippet or ""))
        for rowid in ids:
            if rowid not in out:
                betreff, text = self.db.execute("SELECT betreff, text FROM vorlagen WHERE "
                                                "id = ?", (rowid,)).fetchone()
                out[rowid] = (((betreff or "", False),), (((text or "")[:160], False),))
        return out

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM vorlagen").fetchone()[0]
