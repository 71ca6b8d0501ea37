"""aussonderung: the hand-over of a year's records to the municipal archive in xdomea 3.0.0.
The offer (0501 Anbieteverzeichnis), the archive's appraisal read back (0502), the
hand-over package (0503 with the archived PDF/A files), the archive's confirmations
(0506, 0507), each step recorded in the register."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "records": ["Vorgang", "Document", "year_vorgaenge"],
    "messages": ["message", "message_name", "file_stem", "read_appraisal",
                 "read_confirmation"],
    "process": ["offer", "hand_over", "confirm", "remove_confirmed"],
})
