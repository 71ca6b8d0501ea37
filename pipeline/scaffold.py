"""`vorlage new`: a new draft with every field present and a German comment per field.

Generated from the schema (docs.describe_fields), so it never lacks a field the model has.
Required values are placeholders in «…»; `vorlage check` reports each placeholder that is
still there, so the scaffold fails until it is filled in and passes once it is.
"""

from __future__ import annotations

import json
import re

from .docs import describe_fields
from .haus import HouseStyle, Vorlagenart
from .model import Draft

PLACEHOLDER = re.compile(r"«[^»]*»")
EXPANDED = {"haushalt"}  # optional sections shown with their fields, as forms usually are
SCHEMA_HINT = "# yaml-language-server: $schema={schema}"


def _placeholder(text: str) -> str:
    """Plain YAML where that is safe, so a filled-in value needs no quotes either."""
    value = f"«{text}»"
    if ": " in value or " #" in value or '"' in value:
        return json.dumps(value, ensure_ascii=False)
    return value


def _short(description: str) -> str:
    return description.split(",")[0].split(";")[0].split("(")[0].strip() or "ausfüllen"


def _scalar_value(f, prefilled):
    if prefilled.get(f.name) not in (None, ""):
        value = prefilled[f.name]
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else value
    if f.default:
        return f.default
    if f.required:
        if f.kind.startswith("Datum"):
            return _placeholder("TT.MM.JJJJ")
        return _placeholder(_short(f.description))
    return ""


def _emit(model, indent: int, lines: list[str], prefilled: dict, first_prefix: str = ""):
    pad = " " * indent
    for i, f in enumerate(describe_fields(model)):
        lead = first_prefix if (i == 0 and first_prefix) else pad
        comment = f"  # {f.description}" if f.description else ""
        if f.model is not None and f.is_list:
            items = prefilled.get(f.name)
            if f.required or items:
                lines.append(f"{lead}{f.name}:{comment}")
                for item in items or [{}]:
                    _emit(f.model, indent + 4, lines, item, first_prefix=pad + "  - ")
            else:
                keys = ", ".join(d.name for d in describe_fields(f.model))
                lines.append(f"{lead}{f.name}: []{comment}")
                lines.append(f"{pad}  # je Eintrag: {keys}")
        elif f.model is not None and (f.required or f.name in prefilled
                                      or f.name in EXPANDED):
            lines.append(f"{lead}{f.name}:{comment}")
            if prefilled.get(f.name, {}) is not None:  # None: left empty on purpose
                _emit(f.model, indent + 2, lines, prefilled.get(f.name, {}))
        elif f.model is not None:
            keys = ", ".join(d.name for d in describe_fields(f.model))
            lines.append(f"{lead}{f.name}:{comment}")
            lines.append(f"{pad}  # Felder: {keys}")
        elif f.is_list:
            values = prefilled.get(f.name, [])
            shown = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"
            lines.append(f"{lead}{f.name}: {shown}{comment}")
        else:
            value = _scalar_value(f, prefilled)
            shown = f" {value}" if value != "" else ""
            lines.append(f"{lead}{f.name}:{shown}{comment}")


def scaffold(style: HouseStyle, art: Vorlagenart, schema_path: str | None = None) -> str:
    rules = [r.stelle for r in style.config.mitzeichnung if r.wenn == "immer"]
    finance_rules = [r.stelle for r in style.config.mitzeichnung if r.wenn == "finanzen"]
    prefilled = {
        "hausstil": style.key,
        "vorlagenart": art.name,
        "finanzen": {"auswirkungen": "«ja oder nein»"},
        "zeichnung": {"ort": style.config.ort or "",
                      "unterzeichner": [{"rolle": p.rolle or "", "name": p.name or ""}
                                        for p in style.config.unterzeichner]},
        "mitzeichnung": [{"stelle": s, "status": "offen"} for s in rules],
        "beschlussvorschlag": {"text": "«Beschlusstext»"} if art.beschluss else None,
    }
    if "amt" in style.pattern.needed_values():
        prefilled["amt_kennziffer"] = "«Kennziffer des Amtes»"
    lines = []
    if schema_path:
        lines.append(SCHEMA_HINT.format(schema=schema_path))
    lines += [f"# Neuer Entwurf: {art.name}, Hausstil {style.key} ({style.config.name}).",
              "# Alles in «…» ausfüllen; nicht benötigte Angaben leer lassen oder löschen.",
              "# Prüfen mit: vorlage check <diese Datei>"]
    if finance_rules:
        lines.append(f"# Bei finanziellen Auswirkungen zeichnen mit: {', '.join(finance_rules)}")
    if "gremium" in style.pattern.needed_values():
        known = ", ".join(g.name for g in style.config.gremien if g.kuerzel)
        lines.append(f"# Das erste Gremium braucht ein Kürzel im Hausstil; bekannt: {known}")
    if not art.beschluss:
        lines.append(f"# Eine {art.name} braucht keinen Beschlussvorschlag.")
    body: list[str] = []
    _emit(Draft, 0, body, prefilled)
    return "\n".join(lines + body) + "\n"


def placeholders_in(data, loc=()):
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
