"""The archive's own account of what it holds: `archiv/manifest.jsonl`.

One JSON line per final Vorlage, appended (and flushed to disk) when its files are written,
before the register row is committed: number, series position, files with hash and size,
whether it is public, its publication copy, the archived draft it was built from and who
finalised it; and one per approved Niederschrift (`art: niederschrift`, records/minutes.py).
So the archive can say what it holds without the register, and a register restored from an
older backup is noticed before it gives a number out again.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from ..errors import UserError

NAME = "manifest.jsonl"
VORLAGE, NIEDERSCHRIFT = "vorlage", "niederschrift"  # the kinds of entry (`art`)


# What was read of each manifest, shared by every Manifest of the same file (a batch opens
# the archive once per Vorlage): its signature and its entries.
_READ: dict[str, tuple[tuple, list[dict]]] = {}
_LOCK = threading.Lock()


class Manifest:
    def __init__(self, folder: Path):
        self.path = Path(folder) / NAME
        self._key = os.path.abspath(self.path)
        self._lock = _LOCK

    @property
    def _cache(self) -> tuple[tuple, list[dict]] | None:
        return _READ.get(self._key)

    @_cache.setter
    def _cache(self, value: tuple[tuple, list[dict]] | None) -> None:
        if value is None:
            _READ.pop(self._key, None)
        else:
            _READ[self._key] = value

    def exists(self) -> bool:
        return self.path.is_file()

    def entries(self) -> list[dict]:
        """Every entry, oldest first. A torn last line (a crash while appending, before
        the register committed) is ignored; damage further up is an error."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return []
        signature = _signature(stat)
        with self._lock:
            if self._cache and self._cache[0] == signature:
                return self._cache[1]
            lines = self.path.read_bytes().split(b"\n")
            entries = []
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    if number == len(lines):
                        continue
                    raise UserError(f"{self.path}:{number}: Zeile des Archiv-Manifests "
                                    "beschädigt; das Archiv muss geprüft werden") from None
            self._cache = (signature, entries)
            return entries

    def vorlagen(self) -> list[dict]:
        """The entries of final Vorlagen (a line without `art` is one: written before the
        archive had a second kind)."""
        return [e for e in self.entries() if e.get("art", VORLAGE) == VORLAGE]

    def niederschriften(self) -> dict[str, dict]:
        """The entries of archived Niederschriften, by session."""
        return {e["sitzung"]: e for e in self.entries() if e.get("art") == NIEDERSCHRIFT}

    def by_number(self) -> dict[str, dict]:
        return {e["nummer"]: e for e in self.vorlagen()}

    def append(self, entry: dict) -> None:
        """Adds one entry durably. A torn last line left by a crash is cut off first, so
        the new entry starts on a line of its own."""
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
            known = None  # the entries read before, when the file is still what they were
            try:
                stat = os.fstat(fd)
                size = stat.st_size
                if self._cache and self._cache[0] == _signature(stat):
                    known = self._cache[1]
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    known = None
                    data = os.pread(fd, size, 0)
                    os.ftruncate(fd, data.rfind(b"\n") + 1)
                os.write(fd, line)
                os.fsync(fd)
                after = os.fstat(fd)
            finally:
                os.close(fd)
            # A batch of finals appends one entry each: the list read grows by this one
            # instead of the whole manifest being read again for the next.
            self._cache = (_signature(after), [*known, json.loads(line)]) \
                if known is not None else None

    def highest(self) -> dict[str, tuple[int, int, str]]:
        """Per series the highest position archived: (lfd, version, number)."""
        out: dict[str, tuple[int, int, str]] = {}
        for e in self.vorlagen():
            position = (e["lfd"], e["version"], e["nummer"])
            if position > out.get(e["serie"], (0, 0, "")):
                out[e["serie"]] = position
        return out


def _signature(stat: os.stat_result) -> tuple[int, int, int]:
    """What tells a changed manifest file from the one read before."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ino
