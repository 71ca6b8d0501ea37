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

# Word 97 (.doc) and Excel 97 (.xls) are not accepted: their links cannot be removed before
# conversion, and LibreOffice still reaches out for some of them (HEAD requests, 7.4).
ANLAGE_TYPES = {".pdf", ".docx", ".odt", ".xlsx", ".ods", ".jpg", ".jpeg", ".png"}
OFFICE_TYPES = {".docx", ".odt", ".xlsx", ".ods"}
SPREADSHEET_TYPES = {".xlsx", ".ods"}
IMAGE_TYPES = {".jpg", ".jpeg", ".png"}
TYPE_NAMES = {".pdf": "PDF", ".docx": "DOCX", ".odt": "ODT", ".xlsx": "XLSX", ".ods": "ODS",
              ".jpg": "JPG", ".png": "PNG"}
ALLOWED_TEXT = "erlaubt: PDF, DOCX, ODT, XLSX, ODS, JPG, PNG"

# OpenDocument names its kind in the package's first entry, `mimetype`.
_ODF = {"application/vnd.oasis.opendocument.text": ".odt",
        "application/vnd.oasis.opendocument.spreadsheet": ".ods"}
# Office Open XML: the main part's content type says Word or Excel (also for macro files,
# whose types differ and so are not accepted).
_OOXML = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
          ".docx",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ".xlsx"}


class AnlageError(Exception):
    """An Anlage that cannot be appended (corrupt, encrypted, empty)."""


def content_type(path: Path) -> str | None:
    """The Anlage type the file's bytes are (".pdf", ".docx", …, ".jpg"), whatever its name
    says; None for anything else (a program, a macro workbook, an old binary format)."""
    with open(path, "rb") as f:
        head = f.read(1024)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith(b"PK\x03\x04"):
        return _package_type(path)
    if head.startswith(FOREIGN):  # a program or archive may carry "%PDF-" early on as well
        return None
    if b"%PDF-" in head:  # the header may follow some junk within the first 1024 bytes
        return ".pdf"
    return None


# Signatures of what must not pass as a PDF with junk before its header: Windows and Linux
# programs, scripts, OLE2 (Word/Excel 97, MSI), archives, Mach-O.
FOREIGN = (b"MZ", b"\x7fELF", b"#!", b"\xd0\xcf\x11\xe0", b"PK", b"Rar!", b"7z\xbc\xaf",
           b"\x1f\x8b", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")


def _package_type(path: Path) -> str | None:
    """An OpenDocument package by its `mimetype` entry, an Office Open XML one by the
    content type of its main part; a package that claims both kinds is neither."""
    import re
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                info = z.getinfo("mimetype")
                if info.file_size > 200:
                    return None
                return _ODF.get(z.read(info).decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                info = z.getinfo("[Content_Types].xml")
                if info.file_size > 1 << 20:
                    return None
                types = z.read(info).decode("utf-8", "replace")
                kinds = {_OOXML[found] for found in re.findall(r'ContentType="([^"]+)"', types)
                         if found in _OOXML}
                return kinds.pop() if len(kinds) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError,
            NotImplementedError, RuntimeError, EOFError, zlib.error):
        return None
    return None


def same_type(suffix: str, kind: str | None) -> bool:
    """Whether a file named with `suffix` holds what it says (.jpeg and .jpg are one)."""
    return kind is not None and (suffix.lower() == kind or {suffix.lower(), kind} == {
        ".jpg", ".jpeg"})


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
                      f"{ALLOWED_TEXT}")
    if real.stat().st_size == 0:
        return None, f"{datei} ist leer (0 Byte)"
    kind = content_type(real)
    if not same_type(real.suffix, kind):
        # The bytes decide: a program renamed to .pdf must not reach a converter.
        said = TYPE_NAMES.get(real.suffix.lower(), real.suffix.lstrip(".").upper())
        found = (f"dem Inhalt nach eine {TYPE_NAMES[kind]}-Datei" if kind else
                 "dem Inhalt nach keine der erlaubten Dateiarten")
        return None, f"{datei} heißt .{said.lower()}, ist aber {found} ({ALLOWED_TEXT})"
    return real, ""


def open_pdf(path: Path, label: str) -> PdfReader:
    """Opens a PDF Anlage, refusing what would break the submission."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise AnlageError(encrypted(label))
        count = len(reader.pages)
    except AnlageError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise AnlageError(unreadable(label)) from None
    if count == 0:
        raise AnlageError(f"{label} hat keine Seiten")
    return reader


def encrypted(label: str) -> str:
    return (f"{label} ist verschlüsselt oder kennwortgeschützt; bitte eine ungeschützte "
            "Fassung beifügen")


def unreadable(label: str) -> str:
    return f"{label} ist keine lesbare PDF-Datei (beschädigt oder unvollständig)"


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
        if path.suffix.lower() in OFFICE_TYPES:  # spreadsheets too: any zip is counted
            check_office_unpacked(path, limits)
            return ""
        if path.suffix.lower() in IMAGE_TYPES:
            from .images import ImageError, check_image  # Pillow: only pictures pay for it

            try:
                check_image(path, limits)
            except ImageError as exc:
                return str(exc)
            return ""
        check_pages(len(open_pdf(path, path.name).pages), limits)
        check_pdf_streams(path, limits)
    except (AnlageError, LimitExceeded) as exc:
        return str(exc)
    except Exception:  # pikepdf refuses what pypdf repaired: unusable all the same
        if path.suffix.lower() in IMAGE_TYPES:
            return f"{path.name} ist kein lesbares Bild (beschädigt)"
        return f"{path.name} ist keine lesbare PDF-Datei (beschädigt oder unvollständig)"
    return ""
