"""Writing form edits back into a YAML draft without disturbing anything else.

The browser form sends the whole draft as data. Only what differs from the file is written:
ruamel.yaml keeps the author's comments, key order, quoting, block scalars and layout, and
an unchanged value keeps its exact spelling (`ja` stays `ja`, `true` stays `true`), so a diff
shows only the edited field.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString,
                                      LiteralScalarString, SingleQuotedScalarString)

from ..schema import check_nesting

STRING_STYLES = (LiteralScalarString, FoldedScalarString, DoubleQuotedScalarString,
                 SingleQuotedScalarString)
TRUE, FALSE = {"ja", "true", "yes", "wahr"}, {"nein", "false", "no", "falsch"}


class _Impossible(str):
    """A date YAML cannot construct (`2024-02-30`): kept as written, for `check` to name."""


class _Constructor(RoundTripConstructor):
    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return _Impossible(self.construct_scalar(node))


class _Representer(RoundTripRepresenter):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:timestamp",
                             _Constructor.construct_yaml_timestamp)
_Representer.add_representer(  # written back plain, as a date, not quoted as text
    _Impossible, lambda self, d: self.represent_scalar("tag:yaml.org,2002:timestamp", str(d)))


def round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.Constructor, yaml.Representer = _Constructor, _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the author's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout `vorlage new` writes
    return yaml


def _text(value) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if value is None:
        return ""
    text = str(value).strip()
    lowered = text.lower()
    return "ja" if lowered in TRUE else "nein" if lowered in FALSE else text


def _empty(value) -> bool:
    """Nothing filled in: the form sends whole sections even when all their fields are empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return False


def _same(old, new) -> bool:
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return False
    return _text(old) == _text(new)


def _scalar(old, new):
    """The new value, in the old value's style where that makes sense."""
    if new is None or (isinstance(new, str) and not new.strip()):
        return None
    if isinstance(new, bool):
        return new
    text = str(new)
    if isinstance(old, bool) and text.lower() in TRUE | FALSE:
        return text.lower() in TRUE
    for style in STRING_STYLES:
        if isinstance(old, style):
            if style is LiteralScalarString and not text.endswith("\n"):
                text += "\n"
            return style(text)
    if "\n" in text.strip():
        return LiteralScalarString(text if text.endswith("\n") else text + "\n")
    if re.fullmatch(r"-?\d+", text) and not text.startswith(("0", "-0")) or text == "0":
        return int(text)
    return text


def _plain(value) -> str:
    """A value as comparable text: entries of a list are matched by it."""
    return json.dumps(_normal(value), sort_keys=True, ensure_ascii=False)


def _normal(value):
    """Plain data with every scalar as its text, empty values left out (as they are saved)."""
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return _text(value)


def same_data(a, b) -> bool:
    """Whether two drafts' data say the same (`ja` and true alike, empty fields left out)."""
    return _normal(a) == _normal(b)


def _apply_list(node: CommentedSeq, new: list):
    """Entries kept, removed or inserted in place (matched by content), so the entries around
    an added or removed one keep their bytes and comments; changed entries are edited."""
    if not new:  # an empty block list has no valid spelling: `[]` under a comment breaks
        empty = CommentedSeq()
        empty.fa.set_flow_style()
        return empty
    old = [_plain(v) for v in node]
    wanted = [_plain(v) for v in new]
    opcodes = difflib.SequenceMatcher(None, old, wanted, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(opcodes):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            node[i1 + k] = _apply(node[i1 + k], new[j1 + k])
        if i2 - i1 > paired:
            del node[i1 + paired:i2]
        for k in range(paired, j2 - j1):
            node.insert(i1 + k, _apply(None, new[j1 + k]))
    return node


def _apply(node, new):
    if node is None and _empty(new):
        return None
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            if key in node:
                node[key] = _apply(node[key], value)
            elif not _empty(value):
                node[key] = _apply(None, value)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        return _apply_list(node, new)
    if isinstance(new, dict):
        out = CommentedMap()
        for key, value in new.items():
            if not _empty(value):
                out[key] = _apply(None, value)
        return out
    if isinstance(new, list):
        out = CommentedSeq()
        for value in new:
            out.append(_apply(None, value))
        return out
    if node is not None and _same(node, new):
        return node
    return _scalar(node, new)


def _joined(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def _rewrapped(original: str, written: str) -> str:
    """`written` with the author's line breaks inside plain scalars put back. ruamel writes a
    plain scalar the author wrapped over several lines on one line, changed or not; a stretch
    of lines that differs only so (and reads as the same data) is kept as it was."""
    old, new = original.splitlines(True), written.splitlines(True)
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    candidates = [k for k, (tag, i1, i2, j1, j2) in enumerate(opcodes)
                  if tag == "replace" and _joined(old[i1:i2]) == _joined(new[j1:j2])]
    if not candidates:
        return written
    yaml = round_trip_yaml()
    wanted = yaml.load(written)

    def text(kept: set[int]) -> str:
        return "".join("".join(old[i1:i2]) if k in kept else "".join(new[j1:j2])
                       for k, (_, i1, i2, j1, j2) in enumerate(opcodes))

    def reads_the_same(kept: set[int]) -> bool:
        try:
            return yaml.load(text(kept)) == wanted
        except Exception:  # noqa: BLE001 - a stretch that does not fit is not put back
            return False

    kept = set(candidates)
    if not reads_the_same(kept):  # a line break that meant something: one stretch at a time
        kept = set()
        for k in candidates:
            if reads_the_same(kept | {k}):
                kept.add(k)
    return text(kept)


def updated(original: str, data: dict) -> str:
    """`original` with `data` applied; unchanged parts stay byte for byte, also plain values
    the author wrapped over several lines."""
    yaml = round_trip_yaml()
    check_nesting(original, Path("Entwurf"))  # ruamel recurses per level, as libyaml does
    document = yaml.load(original) if original.strip() else CommentedMap()
    document = _apply(document, data)
    out = io.StringIO()
    yaml.dump(document, out)
    return _rewrapped(original, out.getvalue())
