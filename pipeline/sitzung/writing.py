"""Writing session files from the browser, as the same YAML the CLI reads.

A new file is named after its Gremium and date and is never put over an existing one. An
existing file is round-tripped (authoring.updated: comments, key order and quoting kept) and
only written when it is still the version the edit was made on (`stand`, a hash of its
bytes): a save made on an older version is refused, so nobody's edit is lost unseen. What
is written is first read back and validated as a SessionFile, then put in place atomically.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import threading
from datetime import date
from pathlib import Path

from ..authoring import round_trip_yaml, same_data, updated
from ..errors import UserError
from ..files import atomic_create, atomic_save
from ..project import Project
from ..records import Register
from ..schema import load_yaml, validate
from .model import SessionFile
from .oparl import slug

HEADER = ("hausstil", "gremium", "datum", "uhrzeit", "ort", "einladungsdatum")
PARTS = ("oeffentlicher_teil", "nichtoeffentlicher_teil")
_locks: dict[Path, threading.Lock] = {}  # per file: compare and write as one step
_locks_lock = threading.Lock()


class Stale(Exception):
    """The file changed after the edit was started (by another person, or outside)."""


def gremien(project: Project, style) -> list[str]:
    """The Gremien a session may be of: the managed list (gremien.yaml with the house
    style's own), in one place."""
    return [g.name for g in project.gremien.for_style(style)] if style is not None else []


def session_file_name(gremium: str, datum: date) -> str:
    """`rat-der-stadt-bielefeld-2020-09-03.yaml`: readable, and safe as a file name."""
    return f"{slug(gremium)[:120]}-{datum.isoformat()}.yaml"


def version(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def agenda_ref(path: Path, project: Project, register: Register | None) -> str:
    """How an agenda names a Vorlage: by its number once it is final, else by its draft's
    path inside the project (as `vorlage sitzung` resolves both)."""
    key = project.draft_key(path)
    number = register.number_of(key) if register is not None else None
    return number or key


def session_text(original: str, data: dict) -> str:
    """`original` (empty for a new file) with `data` written into it. A time stays quoted:
    other YAML readers would take 15:00 for a number of minutes."""
    text = _in_order(updated(original, data))
    return _TIMES.sub(r'\1"\2"', text)


# Times as values of their own line, also in a list entry (`- ab: 17:30`).
_TIMES = re.compile(r"(?m)^([ \t]*(?:- )?(?:uhrzeit|beginn|ende|ab|bis): )(\d{1,2}:\d{2})[ \t]*$")


def _in_order(text: str) -> str:
    """The agenda last, the public part before the closed one, also when a part or a key of
    the Kopf (an `ende:` after the session) was added later: the round trip appends a new
    key at the end."""
    yaml = round_trip_yaml()
    document = yaml.load(text)
    keys = list(document) if isinstance(document, dict) else []
    wanted = [k for k in keys if k not in PARTS] + [k for k in PARTS if k in keys]
    if keys == wanted:
        return text
    for key in wanted:
        document.move_to_end(key)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def _lock(path: Path) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(path.resolve(), threading.Lock())


def _checked(path: Path, text: str, data: dict) -> SessionFile:
    """The session `text` would be, read back as the CLI reads it; UserError with the
    mistakes by field when it is no valid session file."""
    temp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.yaml")
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_text(text, encoding="utf-8")
    try:
        loaded = load_yaml(temp, "Sitzungsdatei")
        session = validate(loaded, SessionFile)
    finally:
        temp.unlink(missing_ok=True)
    if not same_data(loaded.data, data):  # the writer would not say what was asked
        raise UserError("Die Sitzungsdatei konnte nicht sicher geschrieben werden; sie ist "
                        "unverändert.")
    return session


def checked_session(path: Path, data: dict, original: str, project: Project):
    """The session `data` would be, loaded as `vorlage sitzung` loads it (agenda, attendance
    and votes checked), without writing it; UserError when it is no valid session file."""
    from .session import load_session

    text = session_text(original, data)
    temp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.yaml")
    temp.write_text(text, encoding="utf-8")
    try:
        return load_session(temp, project)
    finally:
        temp.unlink(missing_ok=True)


def validated(path: Path, data: dict, original: str = "") -> SessionFile:
    """`data` as the session file at `path` would read, without writing it; UserError with
    the mistakes by field."""
    return _checked(path, session_text(original, data), data)


def current(path: Path) -> tuple[str, dict, str]:
    """(text, data, stand) of an existing session file; UserError when it is unreadable."""
    loaded = load_yaml(path, "Sitzungsdatei")
    raw = path.read_bytes()
    data = loaded.data if isinstance(loaded.data, dict) else {}
    return raw.decode("utf-8"), data, version(raw)


def write_session(path: Path, data: dict, stand: str | None) -> tuple[str, str, str]:
    """Writes `data` as the session file at `path`: a new file when `stand` is None (never
    over an existing one: FileExistsError), else onto the version `stand` (Stale when the
    file is another by now). Returns (text before, text after, new stand)."""
    with _lock(path):
        if stand is None:
            original = ""
        else:
            original, _, now = current(path)
            if now != stand:
                raise Stale(now)
        text = session_text(original, data)
        _checked(path, text, data)
        raw = text.encode("utf-8")
        if stand is None:
            atomic_create(lambda p: Path(p).write_bytes(raw), path, durable=True)
        elif text != original:
            atomic_save(lambda p: Path(p).write_bytes(raw), path, durable=True)
        return original, text, version(raw)


# --- the agenda as data: top-level items of either part, by position --------------------

def _part(data: dict, teil: str) -> list:
    if teil not in PARTS:
        raise UserError(f"unbekannter Teil der Tagesordnung: {teil}")
    items = data.get(teil)
    if not isinstance(items, list):
        items = data[teil] = []
    return items


def _at(items: list, nr: int) -> None:
    if not 0 <= nr < len(items):
        raise UserError("Diesen Tagesordnungspunkt gibt es nicht (mehr); bitte die Seite neu "
                        "laden")


def with_item(data: dict, teil: str, item: dict) -> dict:
    """`item` added to a part: after its last Vorlage when it is one (the closing items such
    as „Anfragen“ stay last), else at the end."""
    items = _part(data, teil)
    where = len(items)
    if "vorlage" in item:
        last = [i for i, t in enumerate(items) if isinstance(t, dict) and t.get("vorlage")]
        where = last[-1] + 1 if last else len(items)
    items.insert(where, item)
    return data


def moved(data: dict, teil: str, nr: int, ziel: str, ziel_nr: int) -> dict:
    """The item at `nr` of `teil` moved to position `ziel_nr` of part `ziel` (counted in
    that part without the item; beyond the end means last)."""
    items = _part(data, teil)
    _at(items, nr)
    item = items.pop(nr)
    target = _part(data, ziel)
    target.insert(max(0, min(ziel_nr, len(target))), item)
    return data


def without(data: dict, teil: str, nr: int) -> dict:
    items = _part(data, teil)
    _at(items, nr)
    del items[nr]
    return data


def retitled(data: dict, teil: str, nr: int, titel: str, oeffentlicher_titel: str) -> dict:
    """A plain item's title (and, in the closed part, its public title) changed."""
    items = _part(data, teil)
    _at(items, nr)
    item = items[nr]
    if not isinstance(item, dict) or item.get("vorlage"):
        raise UserError("Nur Punkte ohne Vorlage haben einen eigenen Titel")
    item["titel"] = titel
    if oeffentlicher_titel and teil == "nichtoeffentlicher_teil":
        item["oeffentlicher_titel"] = oeffentlicher_titel
    else:
        item.pop("oeffentlicher_titel", None)
    return data
