"""Every route names what it does to what, and the server asks `allowed` before the view runs.

`@rule(action, item)` on a view records the action and a function from the view's arguments
(and the request) to the `Item` it touches. The guard refuses any endpoint without a rule, so
a route added later without one answers 404 and fails the test that walks the URL map. An
item the user may not read answers 404 (its existence stays hidden); one they may read but not
change answers 403.

The items are described here from what the project holds: a draft's Amt, the Stellen asked to
sign it and the Ämter named as beteiligt from its YAML (even a draft that does not validate
keeps its Amt, so its authors can mend it), and, once final, what the archive recorded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from flask import abort, current_app, g

from ..accounts import Item, allowed
from ..errors import UserError
from ..project import Project
from ..records import Archive, Record, Register
from ..schema import load_yaml

GENERAL = Item("allgemein")
ACCOUNTS = Item("konten")
PUBLIC = "öffentlich"  # the action of pages anyone may reach (sign-in, style sheets)


def rule(action: str, item: Callable[..., Item] | None = None):
    """Declares what a view does (`lesen`, `bearbeiten`, …) and to which item."""
    def wrap(view):
        @functools.wraps(view)
        def checked(**kwargs):
            if action != PUBLIC:
                require(action, item(**kwargs) if item else GENERAL)
            return view(**kwargs)
        checked.vorlage_rule = action
        return checked
    return wrap


def workspace():
    """The app's Workspace (the project, its LibreOffice worker, the accounts database)."""
    return current_app.extensions["vorlage"]


def require(action: str, item: Item) -> None:
    user = g.get("user")
    if allowed(user, action, item):
        return
    abort(403 if action != "lesen" and allowed(user, "lesen", item) else 404)


def may(action: str, item: Item) -> bool:
    return allowed(g.get("user"), action, item)


@dataclass(frozen=True)
class DraftState:
    """A draft as the rules see it, with its number and archive record once it has them."""
    item: Item
    number: str | None
    record: Record | None
    data: dict


def _keys(project: Project, values) -> frozenset[str]:
    keys = (project.amt_key(v) for v in values if isinstance(v, str | int))
    return frozenset(k for k in keys if k)


def draft_state(project: Project, path: Path, register: Register | None) -> DraftState:
    try:
        data = load_yaml(path).data if path.stat().st_size else {}
    except (UserError, OSError):
        data = {}
    data = data if isinstance(data, dict) else {}
    amt = None
    for field in ("amt_kennziffer", "amt"):
        if isinstance(data.get(field), str | int):
            amt = amt or project.amt_key(str(data[field]))
    signs = data.get("mitzeichnung") if isinstance(data.get("mitzeichnung"), list) else []
    sign = data.get("zeichnung") if isinstance(data.get("zeichnung"), dict) else {}
    heard = sign.get("beteiligte_fachbereiche")
    item = Item("vorlage", amt=amt,
                stellen=_keys(project, [m.get("stelle") for m in signs if isinstance(m, dict)]),
                beteiligt=_keys(project, heard if isinstance(heard, list) else []),
                oeffentlich=data.get("oeffentlich", True) not in (False, "nein", "Nein"))
    number = record = None
    if register is not None:
        number = register.number_of(project.draft_key(path))
        record = Archive(register, project.archive_dir, project.root).record(number) \
            if number else None
    if record is not None:
        public = item.oeffentlich if record.oeffentlich is None else bool(record.oeffentlich)
        item = replace(item, final=True, oeffentlich=public)
    return DraftState(item, number, record, data)


def group_item(state: DraftState) -> Item:
    """What only the Vorlage's group may have, even of a public final: its YAML (titles and
    files of closed Anlagen), previews and checks built from it, the Anlagen as files.
    Everyone else reads a public Vorlage in its publication copy."""
    return replace(state.item, oeffentlich=False)


def full_pdf_item(state: DraftState) -> Item:
    """The final PDF with every Anlage: public only when no Anlage is closed."""
    record, item = state.record, state.item
    if record is None or not item.oeffentlich:
        return item
    if record.kopie_datei is not None:
        return replace(item, oeffentlich=record.kopie_datei == record.datei)
    anlagen = state.data.get("anlagen") if isinstance(state.data.get("anlagen"), list) else []
    closed = any(isinstance(a, dict) and a.get("oeffentlich") in (False, "nein")
                 for a in anlagen)
    return replace(item, oeffentlich=not closed)


def session_file_item(name: str, public_files: tuple[str, ...]) -> Item:
    return Item("sitzungsdatei", oeffentlich=name in public_files)
