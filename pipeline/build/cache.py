"""The build cache: a PDF is rebuilt only when something it depends on has changed.

The key of a Vorlage is a hash over everything its PDF depends on: the draft file, each
Anlage file, the house style's files, the tool's own code, the number it carries and the
build options. The cache lives beside the output (`<out>/.cache/builds.json`) and is written
after every finished PDF, so an interrupted batch keeps what it finished.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from functools import lru_cache
from pathlib import Path

from ..files import atomic_save, file_hash

PACKAGE = Path(__file__).resolve().parent.parent  # pipeline/
# Package data that shapes a PDF besides the code: the bundled house styles. (The browser's
# files do not; a style's own files are also in its fingerprint.)
OUTPUT_DATA = ("haus/styles",)


def tool_files(package: Path = PACKAGE) -> list[Path]:
    """Every module of the package and the package data that affects output."""
    files = list(package.rglob("*.py"))
    for folder in OUTPUT_DATA:
        files += [p for p in (package / folder).rglob("*") if p.is_file()]
    return sorted(p for p in files if "__pycache__" not in p.parts)


@lru_cache(maxsize=4)
def tool_version(package: Path = PACKAGE) -> str:
    """Hash of the tool's own code and data: a new version of the tool rebuilds everything."""
    digest = hashlib.sha256()
    for path in tool_files(package):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_key(draft: Path, anlagen: list[Path], style_fingerprint: str, nummer: str,
              options: dict) -> str:
    digest = hashlib.sha256()
    for part in (tool_version(), file_hash(draft), style_fingerprint, nummer,
                 json.dumps(options, sort_keys=True), *(file_hash(a) for a in anlagen)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class BuildCache:
    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / ".cache" / "builds.json"
        self._lock = threading.Lock()
        self._dirty, self._written = False, 0.0
        try:
            self.entries: dict = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def fresh(self, draft_key: str, key: str) -> Path | None:
        """The output of an earlier identical build, if it is still there unchanged."""
        entry = self.entries.get(draft_key)
        if not entry or entry.get("key") != key:
            return None
        output = Path(entry["output"])
        try:
            stat = output.stat()
        except OSError:
            return None
        if stat.st_size != entry.get("size") or stat.st_mtime_ns != entry.get("mtime_ns"):
            return None
        return output

    def record(self, draft_key: str, key: str, output: Path, nummer: str) -> None:
        stat = output.stat()
        with self._lock:
            self.entries[draft_key] = {"key": key, "output": str(output), "nummer": nummer,
                                       "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
            self._dirty = True
            if time.monotonic() - self._written > 1.0:  # at most once a second, and at the end
                self._write()

    def flush(self) -> None:
        with self._lock:
            if self._dirty:
                self._write()

    def _write(self) -> None:
        data = json.dumps(self.entries, indent=1, ensure_ascii=False)
        atomic_save(lambda p: Path(p).write_text(data, encoding="utf-8"), self.path)
        self._dirty, self._written = False, time.monotonic()

    def entry(self, draft_key: str) -> dict | None:
        return self.entries.get(draft_key)


class ConvertedAnlagen:
    """Anlagen converted once per content and kept as PDF: office Anlagen by LibreOffice,
    scans by OCRmyPDF, every PDF sanitised (modes "rein", "rein-oeffentlich").

    An Anlage used by several Vorlagen, or unchanged since the last build, is not converted
    again. Files live in `<out>/.cache/anlagen/<sha256>-<mode>.pdf`; concurrent requests for
    the same Anlage wait for the first conversion instead of repeating it.
    """

    def __init__(self, out_dir: Path):
        self.folder = Path(out_dir) / ".cache" / "anlagen"
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def pdf_for(self, source: Path, mode: str, convert) -> Path:
        digest = file_hash(source)
        target = self.folder / f"{digest}-{mode}.pdf"
        with self._guard:
            lock = self._locks.setdefault(target.name, threading.Lock())
        with lock:
            if not target.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self.folder / f".{target.name}.{threading.get_ident()}.tmp.pdf"
                try:
                    convert(source, tmp)
                    tmp.replace(target)
                finally:
                    tmp.unlink(missing_ok=True)
        return target

    def sanitised(self, source: Path, public: bool) -> tuple[Path, list[str]]:
        """The PDF without active content (pdf.sanitise), and what was removed from it; a
        public copy's also without metadata. A file this cache made so is that already.
        What was removed is kept beside it, so every build using the file can say so."""
        from ..pdf import sanitise_pdf

        mode = "rein-oeffentlich" if public else "rein"
        if source.parent == self.folder and source.name.endswith(f"-{mode}.pdf"):
            return source, []
        note = self.folder / f"{file_hash(source)}-{mode}.json"

        def sanitise(src: Path, dst: Path) -> None:
            removed = sanitise_pdf(src, dst, public)
            if removed:  # written before the PDF is in place, so it is there when that is
                atomic_save(lambda p: Path(p).write_text(json.dumps(removed, ensure_ascii=False),
                                                         encoding="utf-8"), note)

        target = self.pdf_for(source, mode, sanitise)
        return target, json.loads(note.read_text(encoding="utf-8")) if note.exists() else []
