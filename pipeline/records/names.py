"""File names for Vorlagennummern: 2020/53/037 -> 2020-53-037, BSV 3/2017 -> BSV-3-2017."""

from __future__ import annotations

import re


def file_name(nummer: str) -> str:
    """The number with separators turned into hyphens and nothing a file system minds."""
    name = re.sub(r"[\s/\\:]+", "-", nummer.strip())
    name = re.sub(r"[^\w.\-]", "", name).strip(".-")
    return name or "vorlage"
