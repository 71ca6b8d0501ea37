"""Schema validation of loaded YAML, with pydantic's errors turned into positioned problems.

Used for drafts, house styles and session files alike, so all three report mistakes the same
way: `file:line:col: field.path: what was expected`, in German, all at once.
"""

from __future__ import annotations

from typing import TypeVar, get_args

from pydantic import BaseModel, ValidationError

from ..errors import Problem, UserError, meinten_sie
from .load import Loaded
from .model import SYNONYMS

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "Pflichtfeld fehlt",
    "string_type": "erwartet Text",
    "bool_type": "erwartet ja oder nein",
    "bool_parsing": "erwartet ja oder nein",
    "int_type": "erwartet eine ganze Zahl",
    "int_parsing": "erwartet eine ganze Zahl",
    "int_from_float": "erwartet eine ganze Zahl",
    "decimal_type": "erwartet eine Zahl",
    "decimal_parsing": "erwartet eine Zahl",
    "list_type": "erwartet eine Liste (Einträge mit „- “ beginnen)",
    "dict_type": "erwartet einen Abschnitt mit Feldern (schluessel: wert)",
    "model_type": "erwartet einen Abschnitt mit Feldern (schluessel: wert)",
    "model_attributes_type": "erwartet einen Abschnitt mit Feldern (schluessel: wert)",
    "string_too_short": "darf nicht leer sein",
    "finite_number": "erwartet eine endliche Zahl",
}


def validate(loaded: Loaded, model: type[M]) -> M:
    """Validates `loaded.data` against `model`; raises UserError listing every mistake."""
    if not isinstance(loaded.data, dict):
        raise UserError(loaded.problem((), "erwartet Felder der Form „schluessel: wert“ "
                                           "auf oberster Ebene"))
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems = [_problem(loaded, model, err) for err in exc.errors(include_url=False)]
        raise UserError(_dedupe(problems)) from None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.line, p.column, p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


def german(err: dict) -> str:
    """The message of one pydantic error without its position, in German."""
    if err["type"] == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    return _MESSAGES.get(err["type"], err["msg"])


def _problem(loaded: Loaded, model: type[BaseModel], err: dict) -> Problem:
    loc = tuple(part for part in err["loc"] if not _is_internal(part))
    kind = err["type"]
    if kind == "extra_forbidden":
        message = "unbekanntes Feld" + _suggestion(model, loc)
        return loaded.problem(loc, message, key=True)
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
    elif kind == "literal_error":
        expected = str(err["ctx"]["expected"]).replace("'", "").replace(" or ", " oder ")
        message = f"erwartet einen von: {expected}"
    elif err.get("input", "") is None and kind.endswith("_type"):
        message = "hat keinen Wert; bitte ausfüllen oder die Zeile löschen"
    elif kind == "too_short":
        message = f"braucht mindestens {err['ctx'].get('min_length', 1)} Eintrag/Einträge"
    elif kind == "missing":
        message = _MESSAGES[kind]
        description = _field_description(model, loc)
        if description:
            message += f" ({description})"
    else:
        message = _MESSAGES.get(kind, err["msg"])
    if kind not in ("missing", "too_short", "value_error") and "input" in err and \
            isinstance(err["input"], (str, int, float)):
        shown = str(err["input"])
        message += f", gefunden: '{shown[:40]}{'…' if len(shown) > 40 else ''}'"
    return loaded.problem(loc, message)


def _is_internal(part) -> bool:
    # pydantic adds names of validator functions or union members to some locations.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the last element of `loc`."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
        if current is None:
            return None
    return current


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_description(model, loc) -> str:
    holder = _model_at(model, loc)
    if holder is None or not loc or not isinstance(loc[-1], str):
        return ""
    field = holder.model_fields.get(loc[-1])
    return (field.description or "") if field else ""


def _suggestion(model: type[BaseModel], loc: tuple) -> str:
    holder = _model_at(model, loc)
    if holder is None or not loc:
        return ""
    key = str(loc[-1])
    fields = list(holder.model_fields)
    candidate = SYNONYMS.get(key.lower())
    if candidate in fields:
        return f"; meinten Sie „{candidate}“?"
    hint = meinten_sie(key.lower(), fields)
    return f"; {hint}" if hint else "; erlaubt sind: " + ", ".join(fields)
