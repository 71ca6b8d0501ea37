"""What one save changed, and how it lands on a draft someone else may have saved meanwhile.

The form sends the data it was opened on (the basis) and the data it has now. Only the
difference is written, so a field nobody touched keeps its exact bytes, and two people who
changed different fields of one draft both keep their work. Changes inside one list entry
(a Beratungsfolge row, a Beschluss point) count as one change for that purpose: merging two
edits of one row field by field could pair one person's Gremium with the other's date.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

DELETED = object()  # the value of a change that removes a field


@dataclass(frozen=True)
class Change:
    path: tuple
    value: Any  # the new value, or DELETED

    @property
    def field(self) -> str:
        return field_name(self.path)


def field_name(path: tuple) -> str:
    """`beratungsfolge[2].gremium`, as the check names fields (lists counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def changes(old, new, path: tuple = ()) -> list[Change]:
    """The changes that turn `old` into `new`: per field in mappings, per entry in lists of
    the same length, the whole list when entries were added, removed or moved."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in list(old) + [k for k in new if k not in old]:
            if key not in new:
                out.append(Change(path + (key,), DELETED))
            elif key not in old:
                out.append(Change(path + (key,), new[key]))
            else:
                out.extend(changes(old[key], new[key], path + (key,)))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        pairs = enumerate(zip(old, new, strict=True))
        return [c for i, (a, b) in pairs for c in changes(a, b, path + (i,))]
    return [] if old == new else [Change(path, new)]


def _unit(path: tuple) -> tuple:
    """The path up to its first list entry: what counts as one change for merging."""
    for i, part in enumerate(path):
        if isinstance(part, int):
            return path[:i + 1]
    return path


def overlapping(mine: list[Change], theirs: list[Change]) -> list[Change]:
    """My changes that touch what the other save changed (the same field, a field inside a
    changed section or list, or another field of the same list entry)."""
    def clash(a: tuple, b: tuple) -> bool:
        shorter = min(len(a), len(b))
        return a[:shorter] == b[:shorter] or _unit(a) == _unit(b)
    return [c for c in mine if any(clash(c.path, t.path) for t in theirs)]


def patched(data: dict, todo: list[Change]) -> dict:
    """`data` with the changes applied (a copy; missing sections are created)."""
    out = copy.deepcopy(data)
    for change in todo:
        *parents, last = change.path
        node = out
        for i, part in enumerate(parents):
            following = change.path[i + 1]
            blank = [] if isinstance(following, int) else {}
            if isinstance(node, dict):
                if not isinstance(node.get(part), (dict, list)):
                    node[part] = blank
                node = node[part]
            else:
                while len(node) <= part:
                    node.append(copy.deepcopy(blank))
                if not isinstance(node[part], (dict, list)):
                    node[part] = blank
                node = node[part]
        if isinstance(node, dict):
            if change.value is DELETED:
                node.pop(last, None)
            else:
                node[last] = copy.deepcopy(change.value)
        elif change.value is DELETED:
            if last < len(node):
                del node[last]
        else:
            while len(node) <= last:
                node.append(None)
            node[last] = copy.deepcopy(change.value)
    return out
