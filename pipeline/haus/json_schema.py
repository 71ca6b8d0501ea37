"""The JSON Schema of one house style's drafts: the built-in format, the style's required
fields, and what each declared field accepts (its options by key, with their labels as
titles), so an editor completes `felder:` as `vorlage check` reads it."""

from __future__ import annotations

import copy

from ..schema import draft_schema
from ..schema.json_schema import DATE
from .declared import Feld
from .model import draft_model


def _choice(feld: Feld) -> dict:
    keys = {"oneOf": [{"const": o.schluessel, "title": o.beschriftung} for o in feld.optionen]}
    if not (feld.text or any(o.text for o in feld.optionen)):
        return keys
    return {"anyOf": [keys, {"type": "object", "required": ["wahl"],
                             "additionalProperties": False,
                             "properties": {"wahl": copy.deepcopy(keys),
                                            "text": {"type": "string",
                                                     "title": feld.text_label}}}]}


def field_schema(feld: Feld) -> dict:
    kind = feld.typ
    if kind == "auswahl":
        node = _choice(feld)
    elif kind == "ankreuzen":
        item = _choice(feld)
        node = {"anyOf": [{"type": "array", "items": item, "uniqueItems": True}, item]}
    elif kind == "janein":
        node = {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["ja", "nein"]}]}
    elif kind == "datum":
        node = copy.deepcopy(DATE)
    elif kind in ("zahl", "betrag"):
        node = {"type": ["number", "string"]}
    else:
        node = {"type": ["string", "number"]}
        if kind == "markdown":
            node["contentMediaType"] = "text/markdown"
    node.update({"title": feld.beschriftung, "description": feld.hilfe or feld.beschriftung,
                 "x-typ": kind})
    return node


def style_schema(style) -> dict:
    """The schema `vorlage schema` writes as schema/<hausstil>.schema.json."""
    model = draft_model(style)
    schema = draft_schema(model)
    felder = schema["$defs"][model.model_fields["felder"].annotation.__name__]
    for feld in style.config.felder:
        felder["properties"][feld.schluessel] = field_schema(feld)
    for section in style.config.abschnitte:
        prop = felder["properties"].get(section.schluessel)
        if prop is not None and section.beschriftung:
            prop.update({"title": section.beschriftung, "x-typ": "markdown",
                         "contentMediaType": "text/markdown"})
    # The style's own Vorlagenarten, so an editor offers them.
    schema["properties"]["vorlagenart"]["enum"] = [a.name for a in style.config.vorlagenarten]
    if felder.get("required"):  # check reports the missing field inside a missing felder:
        schema["required"] = [*schema.get("required", []), "felder"]
    schema["title"] = f"Ratsvorlagen: Entwurf im Hausstil {style.config.name}"
    return schema
