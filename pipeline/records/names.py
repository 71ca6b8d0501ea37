"""File names for Vorlagennummern, one per number and never one for two.

A number of letters and digits joined by single `/`, `-` or spaces reads back from its
name: `/` becomes `-`, `-` becomes `--`, a space `_` (2020/53/037 -> 2020-53-037,
2015/0288-1 -> 2015-0288--1, BSV 3/2017 -> BSV_3-2017). Any other number (`2024/53:/001`,
umlauts, doubled separators) gets its letters and digits plus `~` and the start of its
SHA-256, a mark plain names never carry. Archived files keep the name they were given.
"""

from __future__ import annotations

import hashlib
import re

PLAIN = re.compile(r"[A-Za-z0-9]+(?:[/ -][A-Za-z0-9]+)*")
MAX_PLAIN = 120  # file systems allow 255 bytes; room for suffixes such as "-oeffentlich.pdf"


def file_name(nummer: str) -> str:
    """The number's file name without suffix; distinct numbers give distinct names."""
    if PLAIN.fullmatch(nummer) and len(nummer) <= MAX_PLAIN:
        return nummer.replace("-", "--").replace("/", "-").replace(" ", "_")
    readable = re.sub(r"[^A-Za-z0-9]+", "-", nummer).strip("-")[:60] or "vorlage"
    return f"{readable}~{hashlib.sha256(nummer.encode('utf-8')).hexdigest()[:8]}"
