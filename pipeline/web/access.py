"""Every route names what it does to what, and the server asks `allowed` before the view runs.

`@rule(action, item)` on a view records the action and a function from the view's arguments
(and the request) to the `Item` it touches. The guard refuses any endpoint without a rule, so
a route added later without one answers 404 and fails the test that walks the URL map. An
item the user may not read answers 404 (its existence stays hidden); one they may read but not
change answers 403.

The items are described by workflow.items from what the project holds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from flask import abort, current_app, g

from ..accounts import Item, allowed

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
    user = g.get("viewer")
    if allowed(user, action, item):
        return
    abort(403 if action != "lesen" and allowed(user, "lesen", item) else 404)


def may(action: str, item: Item) -> bool:
    return allowed(g.get("viewer"), action, item)


def session_file_item(name: str, public_files: tuple[str, ...]) -> Item:
    return Item("sitzungsdatei", oeffentlich=name in public_files)
