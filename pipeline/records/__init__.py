"""records: what must never be lost. The number register (SQLite, with schema versions) and
the write-once archive of final Vorlagen with its own manifest, compared before every final
build; the Beschlussverfolgung's progress (decisions.py) and the account of every hand-over to
the municipal archive (handover.py). Beside them the search index (search.py), derived from
the drafts and rebuilt at will."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "register": ["Entry", "Register", "KINDS", "conflicting_claim", "own_series"],
    "archive": ["Archive", "Record", "current_user", "published_fields"],
    "manifest": ["Manifest"],
    "minutes": ["MinutesRecord", "minutes_record", "minutes_records", "store_minutes"],
    "names": ["file_name"],
    "decisions": ["Decisions", "Note", "Tracked", "STATUS"],
    "reconcile": ["check_agreement", "differences", "apply_manifest"],
    "export": ["export_year"],
    "schema": ["VERSION"],
    "workflow": ["STATES", "Records", "Signoff"],
    "audit": ["AuditEntry", "AuditTrail"],
    "sqlite": ["write_transaction"],
    "search": ["Document", "Hit", "Result", "SearchIndex", "search_terms"],
})
