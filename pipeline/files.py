"""Files written whole or not at all, and content hashes of files."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def atomic_save(save: Callable[[str], object], out: Path, durable: bool = False) -> None:
    """Writes through a temporary file in the same folder, then renames it into place.

    `durable` also flushes the file to disk before the rename (final Vorlagen, the archive):
    a power cut then leaves the old file or the complete new one. Drafts and caches skip
    the flush, which cost more than building a short Vorlage.
    """
    _write_beside(save, Path(out), durable, os.replace)


def atomic_create(save: Callable[[str], object], out: Path, durable: bool = False) -> None:
    """Like `atomic_save`, but never replaces a file: raises FileExistsError when `out`
    exists, also when another process created it a moment ago (a hard link cannot
    overwrite)."""
    def link(tmp: str, target: Path) -> None:
        os.link(tmp, target)
        os.unlink(tmp)
    _write_beside(save, Path(out), durable, link)


def _write_beside(save, out: Path, durable: bool, place) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=out.suffix + ".tmp",
                               dir=out.parent)
    os.close(fd)
    try:
        save(tmp)
        if durable:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        place(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Hashes of files already read, by path: (size, inode, mtime, ctime) -> hex digest.
_HASHED: dict[str, tuple[tuple[int, int, int, int], str]] = {}
_SETTLED_NS = 2_000_000_000
_LIMIT = 20_000


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in pieces.

    A batch hashes every draft, Anlage and house-style file on each run, most of them
    unchanged. A file is read again unless its size, inode, modification and change time are
    those it had when last hashed and it had settled then (last changed two seconds or more
    before): any later write gives it a newer change time, which no program can set back, so
    a remembered hash is always the hash of the bytes (git's index avoids "racy" entries the
    same way)."""
    key = os.fspath(path)
    stat = os.stat(key)
    signature = (stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
    known = _HASHED.get(key)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256()
    with open(key, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    hexdigest = digest.hexdigest()
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) >= _SETTLED_NS:
        if len(_HASHED) >= _LIMIT:
            _HASHED.clear()
        _HASHED[key] = (signature, hexdigest)
    return hexdigest
