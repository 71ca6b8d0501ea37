"""sitzung: sessions and what comes of them. Session files and their agendas, copies of
Vorlagen for packets and publication, the Tagesordnung and Sitzungsmappen, deadlines, OParl;
after the session the Niederschrift and the Beschlussverfolgung."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "model": ["SessionFile"],
    "references": ["find_by_number", "resolve_reference", "session_drafts"],
    "session": ["Candidate", "Session", "Top", "candidates", "deadline", "load_session",
                "step_for", "vertagt"],
    "publication": ["build_copies"],
    "packet": ["PUBLIC_FILES", "SessionOutput", "build_session"],
    "deadlines": ["OPEN_DATE", "PUT_OFF", "TopStatus", "session_status"],
    "writing": ["Stale", "agenda_ref", "gremien", "session_file_name", "session_text",
                "validated", "write_session"],
    "oparl": ["Export", "export_oparl"],
    "minutes": ["MINUTES_FILES", "build_extracts", "build_minutes", "current_minutes",
                "finalise_minutes",
                "minutes_of",
                "minutes_pdf", "resolution_text"],
    "results": ["beratungsstand", "session_results"],
    "decisions": ["Decision", "all_decisions", "as_csv", "decision_item", "record_progress",
                  "select"],
})
