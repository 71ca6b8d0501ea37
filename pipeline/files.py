"""Writing output safely: a file appears complete or not at all."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from collections.abc import Callable


def atomic_save(save: Callable[[str], object], out: Path, durable: bool = False) -> None:
    """Writes through a temporary file in the same folder, then renames it into place.

    `durable` also flushes the file to disk before the rename (final Vorlagen, the archive):
    a power cut then leaves the old file or the complete new one. Drafts and caches skip
    the flush, which cost more than building a short Vorlage.
    """
    out = Path(out)
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
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_filename(text: str) -> str:
    """A Vorlagennummer as a file name: 2020/53/037 -> 2020-53-037, BSV 3/2017 -> BSV-3-2017."""
    name = re.sub(r"[\s/\\:]+", "-", text.strip())
    name = re.sub(r"[^\w.\-]", "", name).strip(".-")
    return name or "vorlage"
