"""Writing form edits back into a YAML draft without disturbing anything else.

The browser form sends the whole draft as data. Only what differs from the file is written:
ruamel.yaml keeps the author's comments, key order, quoting, block scalars and layout, and
an unchanged value keeps its exact spelling (`ja` stays `ja`, `true` stays `true`), so a diff
shows only the edited field.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString,
                                      LiteralScalarString, SingleQuotedScalarString)

from ..schema import check_nesting

STRING_STYLES = (LiteralScalarString, FoldedScalarString, DoubleQuotedScalarString,
                 SingleQuotedScalarString)
TRUE, FALSE = {"ja", "true", "yes", "wahr"}, {"nein", "false", "no", "falsch"}


def round_trip_yaml() -> YAML:
    yaml = YAML()
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
        for i, value in enumerate(new):
            if i < len(node):
                node[i] = _apply(node[i], value)
            else:
                node.append(_apply(None, value))
        del node[len(new):]
        return node
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


def updated(original: str, data: dict) -> str:
    """`original` with `data` applied; unchanged parts stay byte for byte."""
    yaml = round_trip_yaml()
    check_nesting(original, Path("Entwurf"))  # ruamel recurses per level, as libyaml does
    document = yaml.load(original) if original.strip() else CommentedMap()
    document = _apply(document, data)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
