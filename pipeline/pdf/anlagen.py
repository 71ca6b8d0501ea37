"""Anlagen: finding their files safely and making sure each is a usable PDF.

`check` uses this module for every draft, so pypdf is imported only when a PDF is opened.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .limits import (Limits, LimitExceeded, check_office_unpacked, check_pages, check_pdf_streams,
                     check_size)

if TYPE_CHECKING:
    from pypdf import PdfReader

DEFAULT_LIMITS = Limits()

# pypdf logs what it repairs in broken files; the user gets one clear line from us instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Word 97 (.doc) is not accepted: its links cannot be removed before conversion, and
# LibreOffice still reaches out for some of them (HEAD requests, measured with 7.4).
ANLAGE_TYPES = {".pdf", ".docx", ".odt"}
OFFICE_TYPES = {".docx", ".odt"}


class AnlageError(Exception):
    """An Anlage that cannot be appended (corrupt, encrypted, empty)."""


def resolve_anlage(datei: str, draft_dir: Path, drafts_root: Path) -> tuple[Path | None, str]:
    """The Anlage's file, or None and the reason it may not be used.

    Paths are relative to the draft and must stay inside the drafts folder, also after
    following symlinks, so a draft cannot pull arbitrary files of the machine into a PDF.
    """
    raw = Path(datei)
    if raw.is_absolute():
        return None, "absolute Pfade sind nicht erlaubt; Pfad relativ zum Entwurf angeben"
    real = Path(os.path.realpath(draft_dir / raw))
    if not real.is_relative_to(Path(os.path.realpath(drafts_root))):
        return None, f"liegt außerhalb des Entwurfsordners ({drafts_root.name}/)"
    if not real.exists():
        return None, f"Datei {datei} nicht gefunden"
    if not real.is_file():
        return None, f"{datei} ist keine Datei"
    if real.suffix.lower() not in ANLAGE_TYPES:
        return None, (f"Dateityp {real.suffix or '(ohne Endung)'} nicht unterstützt; "
                      "erlaubt: PDF, DOCX, ODT")
    if real.stat().st_size == 0:
        return None, f"{datei} ist leer (0 Byte)"
    return real, ""


def open_pdf(path: Path, label: str) -> PdfReader:
    """Opens a PDF Anlage, refusing what would break the submission."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise AnlageError(f"{label} ist verschlüsselt oder kennwortgeschützt; bitte eine "
                              "ungeschützte Fassung beifügen")
        count = len(reader.pages)
    except AnlageError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise AnlageError(f"{label} ist keine lesbare PDF-Datei (beschädigt oder "
                          "unvollständig)") from None
    if count == 0:
        raise AnlageError(f"{label} hat keine Seiten")
    return reader


def check_anlage(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Empty string when the Anlage is usable within the limits, else the reason. Checked
    once per content: a batch checks every draft's Anlagen on every run."""
    from ..files import file_hash

    key = (file_hash(path), limits)
    if key not in _CHECKED:
        if len(_CHECKED) > 10_000:
            _CHECKED.clear()
        _CHECKED[key] = _check(path, limits)
    return _CHECKED[key]


_CHECKED: dict[tuple[str, Limits], str] = {}


def _check(path: Path, limits: Limits) -> str:
    try:
        check_size(path, limits)
        if path.suffix.lower() in OFFICE_TYPES:
            check_office_unpacked(path, limits)
            return ""
        check_pages(len(open_pdf(path, path.name).pages), limits)
        check_pdf_streams(path, limits)
    except (AnlageError, LimitExceeded) as exc:
        return str(exc)
    except Exception:  # pikepdf refuses what pypdf repaired: unusable all the same
        return f"{path.name} ist keine lesbare PDF-Datei (beschädigt oder unvollständig)"
    return ""
