"""User documentation generated from the schema, so it can never drift from the code.

`format_reference()` is the README's draft format section (kept current by `make docs` and
checked by a test); `describe_fields()` feeds the `vorlage new` scaffold comments.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .model import Draft


@dataclass(frozen=True)
class FieldDoc:
    name: str
    kind: str
    required: bool
    default: str
    description: str
    model: type[BaseModel] | None
    is_list: bool


def _unwrap(annotation):
    """(inner type, is_list, optional) of an annotation like `list[Punkt] | None`."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    if origin is list:
        inner, _, _ = _unwrap(typing.get_args(annotation)[0])
        return inner, True, optional
    return annotation, False, optional


def _kind(annotation, metadata) -> str:
    names = {getattr(getattr(m, "func", None), "__name__", "") for m in metadata}
    if typing.get_origin(annotation) is typing.Literal:
        return "einer von: " + ", ".join(typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"Abschnitt {annotation.__name__}"
    if annotation is date:
        return "Datum (TT.MM.JJJJ)"
    if annotation is Decimal:
        return "Betrag in Euro" if "_parse_amount" in names else "Zahl"
    if annotation is bool:
        return "ja/nein"
    if annotation is int:
        return "ganze Zahl"
    return "Text"


def describe_fields(model: type[BaseModel]) -> list[FieldDoc]:
    out = []
    for name, info in model.model_fields.items():
        inner, is_list, _ = _unwrap(info.annotation)
        metadata = list(info.metadata)
        if typing.get_origin(info.annotation) in (typing.Union, types.UnionType):
            for arg in typing.get_args(info.annotation):
                if typing.get_origin(arg) is typing.Annotated:
                    metadata += list(getattr(arg, "__metadata__", ()))
        kind = _kind(inner, metadata)
        if is_list:
            kind = f"Liste: {kind}"
        required = info.is_required()
        default = ""
        if not required and info.default is not PydanticUndefined and info.default not in (
                None, [], {}):
            default = {True: "ja", False: "nein"}.get(info.default, str(info.default))
        sub = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        out.append(FieldDoc(name, kind, required, default, info.description or "", sub, is_list))
    return out


def format_reference(model: type[BaseModel] = Draft) -> str:
    """Markdown tables: the top level first, then each section once."""
    lines: list[str] = []
    seen: set[type] = set()
    queue: list[type[BaseModel]] = [model]
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        title = "Oberste Ebene" if current is model else current.__name__
        doc = (current.__doc__ or "").strip().splitlines()[0] if current.__doc__ else ""
        lines += [f"#### {title}", ""]
        if doc and current is not model:
            lines += [doc, ""]
        lines += ["| Schlüssel | Art | Pflicht | Bedeutung |", "|---|---|---|---|"]
        for f in describe_fields(current):
            need = "ja" if f.required else (f"nein (Standard: {f.default})" if f.default
                                            else "nein")
            lines.append(f"| `{f.name}` | {f.kind} | {need} | {f.description} |")
            if f.model is not None:
                queue.append(f.model)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
