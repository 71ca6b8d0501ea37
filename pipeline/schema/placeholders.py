"""Placeholders in «…»: what `vorlage new` leaves for the author to fill in.

A draft that still holds one fails `check`, naming the field, so a scaffold never becomes a
Vorlage by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

PLACEHOLDER = re.compile(r"«[^»]*»")


def placeholders_in(data, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every «…» placeholder still in a loaded draft."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders_in(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from placeholders_in(value, loc + (i,))
    elif isinstance(data, str):
        match = PLACEHOLDER.search(data)
        if match:
            yield loc, match.group()
