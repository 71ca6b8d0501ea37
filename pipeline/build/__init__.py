"""build: the conductor. Numbers, one Vorlage as a list of steps, the parallel batch, the
build cache, progress and the report."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "options": ["BuildOptions"],
    "outcome": ["BatchResult", "Outcome", "Status"],
    "inputs": ["Found", "anlage_files", "archive_inputs", "find_drafts", "select_drafts"],
    "numbers": ["assign_numbers", "final_number", "missing_signoffs", "number_for"],
    "vorlage": ["build_vorlage"],
    "batch": ["Batch"],
    "cache": ["BuildCache", "ConvertedAnlagen", "build_key", "tool_version"],
    "progress": ["Display", "write_report"],
})
