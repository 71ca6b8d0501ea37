"""Reading YAML files while keeping where every value stood.

The draft model only sees plain data; the positions map lets every later error name the
file, line and column. Scalars stay text (except booleans and null) so the model decides
what a value means: `13.2` as a TOP stays `13.2`, `27500.50` as an amount becomes an exact
Decimal, and dates are never guessed by YAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problem, UserError, display_path
from .yaml_help import explain

MAX_BYTES = 1024 * 1024  # a long Vorlage is ~60 KB of YAML; anything past 1 MB is a mistake
# A draft nests six levels deep; libyaml's composer recurses per level and crashes the
# interpreter (a segmentation fault, not an exception) some ten thousand levels down.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Pos:
    line: int
    column: int


@dataclass
class Loaded:
    """A YAML file's data plus the position of every value and key in it."""

    path: Path
    data: Any
    values: dict[tuple, Pos] = field(default_factory=dict)
    keys: dict[tuple, Pos] = field(default_factory=dict)
    # For a part of a file (schema.validation.validate_parts): where a location of the
    # part stands in the whole, so that problems name the entry as the file numbers it.
    original: Callable[[tuple], tuple] | None = None

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def where(self, loc: tuple, key: bool = False) -> Pos | None:
        """Position of a value (or its key); falls back to the nearest enclosing value."""
        loc = tuple(loc)
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return self.values.get(())

    def problem(self, loc: tuple, message: str, severity: str = "error",
                key: bool = False) -> Problem:
        pos = self.where(loc, key=key)
        shown = self.original(tuple(loc)) if self.original else loc
        return Problem(self.shown, pos.line if pos else None, pos.column if pos else None,
                       format_loc(shown), message, severity)


def format_loc(loc: tuple) -> str:
    """('beratungsfolge', 1, 'sitzung') -> 'beratungsfolge[2].sitzung' (1-based for people)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# libyaml (C) composes the node tree about twenty times faster than PyYAML's pure Python
# scanner; aliases are not expanded while composing, and _build refuses them.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader that keeps scalars as text (see the resolvers below)."""


class _AliasRefused(Exception):
    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


# Only booleans and null are resolved implicitly; numbers and dates stay text.
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

def _fail(path: Path, message: str, line: int | None = None, column: int | None = None):
    raise UserError(Problem(display_path(path), line, column, "", message))


def read_text(path: Path, what: str = "Datei") -> str:
    """Reads a UTF-8 text file with clear errors for the usual mishaps."""
    path = Path(path)
    if path.is_dir():
        _fail(path, "ist ein Ordner, keine Datei")
    if not path.exists():
        _fail(path, f"{what} nicht gefunden")
    size = path.stat().st_size
    if size > MAX_BYTES:
        _fail(path, f"{what} ist zu groß ({size / 1024 / 1024:.1f} MB); erlaubt ist höchstens "
                    f"{MAX_BYTES // 1024 // 1024} MB")
    raw = path.read_bytes()
    if not raw.strip():
        _fail(path, f"{what} ist leer", 1, 1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(path, "ist UTF-16 kodiert; bitte als UTF-8 speichern", 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark, as Windows editors write it, is harmless
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        _fail(path, "enthält Binärdaten (Nullbytes); keine Textdatei", line, 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        _fail(path, f"ungültiges UTF-8 (Byte 0x{raw[exc.start]:02X}); die Datei ist vermutlich "
                    "Latin-1/Windows-1252 kodiert, bitte als UTF-8 speichern", line, column)


def load_yaml(path: Path, what: str = "Datei") -> Loaded:
    """Loads one YAML file (a single document) with positions; raises UserError on mistakes."""
    path = Path(path)
    text = read_text(path, what)
    bad = re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        _fail(path, f"enthält ein Steuerzeichen (U+{ord(bad.group()):04X})", line, column)
    loader = _Loader(text)
    try:
        check_nesting(text, path)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        _fail(path, *explain(exc, text))
    except yaml.YAMLError as exc:  # e.g. a second document after "---"
        _fail(path, f"YAML-Syntaxfehler: {exc}")
    finally:
        loader.dispose()
    if node is None:
        _fail(path, f"{what} ist leer", 1, 1)
    loaded = Loaded(path, None)
    problems: list[Problem] = []
    try:
        loaded.data = _build(node, (), loaded, problems, loader, set())
    except _AliasRefused as exc:
        _fail(path, "Anker und Aliase (& und *) werden nicht unterstützt; Werte bitte ausschreiben",
              exc.line, exc.column)
    if problems:
        raise UserError(problems)
    return loaded


def check_nesting(text: str, path: Path) -> None:
    """Refuses nesting deeper than MAX_DEPTH before anything recursive sees it. libyaml's
    event parser keeps its own stack, so this pass cannot overflow."""
    depth = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                _fail(path, f"zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen); ein "
                            "Entwurf braucht nur wenige", mark.line + 1, mark.column + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _build(node, loc: tuple, loaded: Loaded, problems: list[Problem], loader,
           seen: set[int], where: Pos | None = None) -> Any:
    if id(node) in seen:  # the same node twice: an alias (*name) of an anchor (&name)
        pos = where or Pos(node.start_mark.line + 1, node.start_mark.column + 1)
        raise _AliasRefused(pos.line, pos.column)
    seen.add(id(node))
    loaded.values[loc] = Pos(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        if node.tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
            return loader.construct_object(node)
        if node.tag != "tag:yaml.org,2002:str":
            problems.append(loaded.problem(loc, f"YAML-Tag {node.tag} wird nicht unterstützt"))
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(item, loc + (i,), loaded, problems, loader, seen,
                       loaded.values[loc]) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_pos = Pos(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(loaded.shown, key_pos.line, key_pos.column,
                                        format_loc(loc), "Schlüssel muss ein einfaches Wort sein"))
                continue
            key = str(key_node.value)
            if key in out:
                first = loaded.keys[loc + (key,)]
                problems.append(Problem(loaded.shown, key_pos.line, key_pos.column,
                                        format_loc(loc + (key,)),
                                        f"Schlüssel doppelt (zuerst in Zeile {first.line})"))
                continue
            loaded.keys[loc + (key,)] = key_pos
            out[key] = _build(value_node, loc + (key,), loaded, problems, loader, seen, key_pos)
        return out
    problems.append(loaded.problem(loc, "unerwarteter YAML-Knoten"))
    return None
