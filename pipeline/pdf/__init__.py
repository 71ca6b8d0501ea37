"""pdf: LibreOffice and PDF work. The pool of LibreOffice workers, Anlagen, the submission
PDF with stamps and bookmarks, PDF/A-2b checks and normalising."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submodules=["pdfa"], submod_attrs={
    "libreoffice": ["ConversionError", "Converter", "soffice_binary"],
    "office": ["OfficeFileError", "defuse"],
    "reaper": ["reap_orphans"],
    "anlagen": ["ANLAGE_TYPES", "AnlageError", "OFFICE_TYPES", "check_anlage", "open_pdf",
                "resolve_anlage"],
    "limits": ["LimitExceeded", "Limits", "bounded", "run_bounded"],
    "assemble": ["Attachment", "Metadata", "assemble_pdf", "write_pdf"],
    "stamp": ["PAGE_NUMBER", "STAMP", "put_label"],
    "sanitise": ["active_content", "sanitise_pdf"],
})
