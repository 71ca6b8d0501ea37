"""Schema validation of loaded YAML, with pydantic's errors turned into positioned problems.

Used for drafts, house styles and session files alike, so all three report mistakes the same
way: `file:line:col: field.path: what was expected`, in German, all at once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypeVar, get_args

from pydantic import BaseModel, ValidationError

from ..errors import Problem, UserError, meinten_sie
from .load import Loaded
from .model import SYNONYMS
from .yaml_help import colon_advice

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
        problems, errors = texts_with_colon(loaded, model, exc.errors(include_url=False))
        problems += [_problem(loaded, model, err) for err in errors]
        raise UserError(_dedupe(problems)) from None


def validate_parts(loaded: Loaded, model: type[M],
                   standins: dict) -> tuple[M | None, Loaded, list[Problem], set[str]]:
    """Like `validate`, but on failure also the model of the parts that did validate, for
    checks that should report together with the schema's problems (a house style's
    declarations): the data without each top-level key or top-level list entry that has an
    error, a required key replaced by its stand-in. Returns that model (None when even this
    does not validate), a Loaded whose positions fit it, the problems, and the keys left out
    or stood in for."""
    try:
        return validate(loaded, model), loaded, [], set()
    except UserError as exc:
        problems = exc.problems
    part, dropped = loaded, set()
    for _ in range(3):  # an entry left out can leave a list too short; then the list goes
        try:
            return model.model_validate(part.data), part, problems, dropped
        except ValidationError as exc:
            locs = [_clean(err["loc"]) for err in exc.errors(include_url=False)]
        if any(not loc for loc in locs):
            break
        part, gone = _without(part, locs, model, standins)
        dropped |= gone
    return None, loaded, problems, dropped


def _without(loaded: Loaded, locs: list[tuple], model: type[BaseModel],
             standins: dict) -> tuple[Loaded, set[str]]:
    """`loaded` without the top-level keys and top-level list entries at `locs`, with the
    positions of the entries after a removed one moved up."""
    keys = {loc[0] for loc in locs if len(loc) < 2 or not isinstance(loc[1], int)}
    entries: dict[str, set[int]] = {}
    for loc in locs:
        if loc[0] not in keys:
            entries.setdefault(loc[0], set()).add(loc[1])
    data = dict(loaded.data)
    for key in keys:
        data.pop(key, None)
        field = model.model_fields.get(key)
        if field is not None and field.is_required() and key in standins:
            data[key] = standins[key]
    for key, gone in entries.items():
        data[key] = [item for i, item in enumerate(data[key]) if i not in gone]

    def moved(loc: tuple) -> tuple | None:
        if not loc or loc[0] in keys:
            return None if loc else loc
        gone = entries.get(loc[0])
        if not gone or len(loc) < 2:
            return loc
        if loc[1] in gone:
            return None
        return (loc[0], loc[1] - sum(1 for i in gone if i < loc[1]), *loc[2:])

    kept = {key: [i for i in range(len(loaded.data[key])) if i not in gone]
            for key, gone in entries.items()}

    def original(loc: tuple) -> tuple:
        if len(loc) >= 2 and loc[0] in kept and isinstance(loc[1], int) and \
                loc[1] < len(kept[loc[0]]):
            loc = (loc[0], kept[loc[0]][loc[1]], *loc[2:])
        return loaded.original(loc) if loaded.original else loc

    out = Loaded(loaded.path, data, original=original)
    for table, target in ((loaded.values, out.values), (loaded.keys, out.keys)):
        for loc, pos in table.items():
            new = moved(loc)
            if new is not None:
                target[new] = pos
    return out, keys


def texts_with_colon(loaded: Loaded, model: type[BaseModel],
                     errors: list[dict]) -> tuple[list[Problem], list[dict]]:
    """Where text was expected and a one-key mapping came (`- Sachstand: siehe Anlage`,
    `- Der Rat beschließt:`): one problem saying it is text with a colon, instead of the
    "erwartet Text", "Pflichtfeld fehlt" and "unbekanntes Feld" pydantic reports for it. The
    errors that remain are returned."""
    suspects = set()
    for err in errors:
        loc = _clean(err["loc"])
        if err["type"] == "string_type" and isinstance(err.get("input"), dict):
            suspects.add(loc)
        elif err["type"] == "extra_forbidden" and loc and _takes_text(_model_of(model,
                                                                                  loc[:-1])):
            suspects.add(loc[:-1])
    problems, found = [], set()
    for loc in sorted(suspects, key=str):
        item = value_at(loaded.data, loc)
        if not (isinstance(item, dict) and len(item) == 1):
            continue
        (key, value), = item.items()
        key_pos, value_pos = loaded.keys.get(loc + (key,)), loaded.values.get(loc + (key,))
        if not (value is None or isinstance(value, str)) or (
                value is not None and key_pos and value_pos and key_pos.line != value_pos.line):
            continue
        if _mistyped_field(model, loc, key):
            continue
        prefix = "- " if loc and isinstance(loc[-1], int) else f"{loc[-1]}: " if loc else ""
        text = f"{key}:" + (f" {value}" if value else "")
        problems.append(loaded.problem(loc, f"„{key}:“ ist kein Feld; "
                                            + colon_advice(prefix, text)))
        found.add(loc)
    rest = [err for err in errors
            if not any(_clean(err["loc"])[:len(at)] == at for at in found)]
    return problems, rest


def _mistyped_field(model: type[BaseModel], loc: tuple, key: str) -> bool:
    """A key written as the formats write theirs (`txt:`) and close to a field there: a
    misspelt field, which "unbekanntes Feld; meinten Sie …" explains better."""
    holder = _model_of(model, loc)
    if holder is None or not re.fullmatch(r"[a-z_][a-z0-9_]*", key):
        return False
    return SYNONYMS.get(key) in holder.model_fields or bool(meinten_sie(key,
                                                                          holder.model_fields))


def _clean(loc) -> tuple:
    return tuple(part for part in loc if not _is_internal(part))


def value_at(data, loc: tuple):
    """The value at `loc` in plain YAML data (dicts and lists); None where there is none."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _model_of(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that validates the value at `loc`."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _inner_model(field.annotation) if field else None
        if current is None:
            return None
    return current


@lru_cache(maxsize=256)
def _takes_text(model: type[BaseModel] | None) -> bool:
    """Whether a model also accepts plain text (a Punkt, a Beschlussvorschlag)."""
    if model is None:
        return False
    try:
        model.model_validate("Text")
    except ValidationError:
        return False
    return True


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
