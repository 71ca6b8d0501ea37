"""pdf: LibreOffice and PDF work. The pool of LibreOffice workers, Anlagen, the submission
PDF with stamps and bookmarks, PDF/A-2b checks and normalising."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submodules=["pdfa"], submod_attrs={
    "libreoffice": ["ConversionError", "Converter", "soffice_binary"],
    "office": ["OfficeFileError", "defuse"],
    "reaper": ["reap_orphans"],
    "images": ["ImageError", "check_image", "image_to_pdf"],
    "anlagen": ["ALLOWED_TEXT", "ANLAGE_TYPES", "AnlageError", "IMAGE_TYPES", "OFFICE_TYPES",
                "SPREADSHEET_TYPES", "TYPE_NAMES", "check_anlage", "content_type", "open_pdf",
                "resolve_anlage", "same_type"],
    "limits": ["LimitExceeded", "Limits", "bounded", "run_bounded"],
    "assemble": ["Attachment", "Metadata", "assemble_pdf", "page_count", "write_pdf"],
    "stamp": ["PAGE_NUMBER", "STAMP", "put_label", "stamp_page"],
    "sanitise": ["active_content", "sanitise_pdf"],
})
