"""workflow: the way of a Vorlage through the administration (`workflow: ja`). What each
sign-off covers and when a change resets it (scope.py); the states, who may move a Vorlage
from one to the next, the printed Mitzeichnung block from the records (engine.py); drafts as
the permission rules see them (items.py)."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "scope": ["PART_NAMES", "changed_parts", "scope_hash"],
    "engine": ["ACTIONS", "RESULTS", "Refused", "STATE_NAMES", "Step", "Vorgang", "Workflow",
               "printed_signoffs"],
    "items": ["DraftState", "draft_state", "full_pdf_item", "group_item"],
    "history": ["ACCOUNT", "export_audit", "visible_entries"],
})
