"""The draft format as JSON Schema, for editors and the browser form.

Generated from the pydantic model, then widened where drafts are friendlier than JSON:
`ja`/`nein` for yes/no, German dates as text, amounts as numbers or German text, numbers where
the model keeps text (a TOP `6`), and the short forms (`beschlussvorschlag: "…"`,
`finanzen: keine`, a Beschluss point as plain text). Editors with YAML support (for example
VS Code with the YAML extension) read it from the `yaml-language-server` line that
`vorlage new` writes, and then check and complete drafts while people type.
"""

from __future__ import annotations

import copy
import json

from .model import Draft

SHORT_FORMS = {"Beschlussvorschlag": "Beschlussvorschlag als ein Absatz",
               "Punkt": "Punkt als Text", "Finanzen": "keine"}
BOOL = {"anyOf": [{"type": "boolean"},
                  {"type": "string", "enum": ["ja", "nein", "öffentlich", "nichtöffentlich"]}]}
DATE = {"type": "string", "pattern": r"^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$",
        "description": "Datum TT.MM.JJJJ"}


def _widen(node):
    if isinstance(node, list):
        return [_widen(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _widen(v) for k, v in node.items()}
    if node.get("type") == "boolean":
        return {**{k: v for k, v in node.items() if k != "type"}, **copy.deepcopy(BOOL)}
    if node.get("format") == "date":
        rest = {k: v for k, v in node.items() if k not in ("type", "format")}
        return {**copy.deepcopy(DATE), **rest}
    if node.get("type") == "string" and "enum" not in node and "const" not in node \
            and "pattern" not in node:
        return {**node, "type": ["string", "number"]}
    ref = node.get("$ref", "")
    name = ref.rsplit("/", 1)[-1]
    if name in SHORT_FORMS:
        short = {"type": "string"} if name != "Finanzen" else {"enum": ["keine"]}
        return {"anyOf": [{"$ref": ref}, short]}
    return node


def _is_decimal(node) -> bool:
    options = node.get("anyOf", []) if isinstance(node, dict) else []
    return any(o.get("type") == "number" for o in options) and \
        any(o.get("type") == "string" for o in options)


def _decimals(node):
    """pydantic describes Decimal strings with a pattern our German amounts do not match."""
    if isinstance(node, list):
        return [_decimals(n) for n in node]
    if not isinstance(node, dict):
        return node
    if _is_decimal(node):
        return {k: v for k, v in node.items() if k != "anyOf"} | {"type": ["number", "string"]}
    return {k: _decimals(v) for k, v in node.items()}


TITLES = {"oeffentlich": "Öffentlich", "zustaendigkeit": "Zuständigkeit",
          "begruendung": "Begründung / Sachverhalt", "fruehere_behandlung": "Frühere Behandlung",
          "erlaeuterung": "Erläuterung", "zusaetzliche_einnahmen": "Zusätzliche Einnahmen",
          "jaehrliche_folgekosten": "Jährliche Folgekosten", "vzae": "VZÄ", "top": "TOP",
          "teilergebnisplaene": "Teilergebnispläne", "amt_kennziffer": "Kennziffer des Amtes",
          "produkt_sachkonto": "Produkt und Sachkonto", "art_der_ausgabe": "Art der Ausgabe",
          "einmalige_belastung": "Einmalige Belastung", "beschlussvorschlag": "Beschlussvorschlag",
          "beratungsfolge": "Beratungsfolge", "mitzeichnung": "Mitzeichnung"}


def field_title(key: str) -> str:
    """A key's German title, as the form labels it: the keys are written without umlauts."""
    return TITLES.get(key, key.replace("_", " ").capitalize())


def _titles(schema: dict) -> None:
    for node in [schema, *schema.get("$defs", {}).values()]:
        for key, prop in node.get("properties", {}).items():
            # a finance form's rows are labelled by the house style
            prop["title"] = prop.pop("x-beschriftung", None) or field_title(key)


def draft_schema(model=Draft) -> dict:
    """The JSON Schema of a draft model: the built-in one, or a house style's (see
    haus.json_schema, which adds what its declared fields accept)."""
    schema = _widen(_decimals(model.model_json_schema(mode="validation")))
    for node in [schema, *schema.get("$defs", {}).values()]:
        for key, prop in node.get("properties", {}).items():
            if "x-kurzform" in prop:  # one value where a list of entries is meant
                node["properties"][key] = {
                    "anyOf": [{k: v for k, v in prop.items() if k not in (
                        "description", "title", "x-kurzform")}, {"type": ["number", "string"]}],
                    "description": prop.get("description", ""), "title": prop.get("title", "")}
    _titles(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Ratsvorlagen: Entwurf einer Vorlage"
    return schema


def schema_text(schema: dict | None = None) -> str:
    return json.dumps(schema or draft_schema(), indent=2, ensure_ascii=False) + "\n"
