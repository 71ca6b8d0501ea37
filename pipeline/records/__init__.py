"""records: what must never be lost. The number register and the write-once archive of
final Vorlagen, both in SQLite beside the files."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "register": ["Entry", "Register"],
    "archive": ["Archive", "Record", "current_user"],
    "names": ["file_name"],
})
