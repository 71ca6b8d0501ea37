"""authoring: writing drafts. A new draft from the schema, a follow-up (Ergänzung, Änderung)
of a final Vorlage, form edits written back into YAML without disturbing the rest, and
concurrent edits of one draft merged field by field."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "new": ["NewDraft", "new_draft", "scaffold"],
    "amend": ["ARTS", "amend_draft"],
    "roundtrip": ["round_trip_yaml", "same_data", "updated"],
    "merge": ["Change", "DELETED", "changes", "field_name", "overlapping", "patched"],
})
