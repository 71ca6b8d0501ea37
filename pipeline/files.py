"""Files written whole or not at all, and content hashes of files."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_save(save: Callable[[str], object], out: Path, durable: bool = False) -> None:
    """Writes through a temporary file in the same folder, then renames it into place.

    `durable` also flushes the file to disk before the rename (final Vorlagen, the archive):
    a power cut then leaves the old file or the complete new one. Drafts and caches skip
    the flush, which cost more than building a short Vorlage.
    """
    _write_beside(save, Path(out), durable, lambda tmp, target: os.replace(tmp, target))


def atomic_create(save: Callable[[str], object], out: Path) -> None:
    """Like `atomic_save`, but never replaces a file: raises FileExistsError when `out`
    exists, also when another process created it a moment ago (a hard link cannot
    overwrite)."""
    def link(tmp: str, target: Path) -> None:
        os.link(tmp, target)
        os.unlink(tmp)
    _write_beside(save, Path(out), False, link)


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


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, read in pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
