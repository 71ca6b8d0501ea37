"""What the form shows: help texts for people, choices by municipality name, sections."""

import json

from pipeline.haus import bundled_styles, load_house_style
from pipeline.web.form import for_people, form_layout, style_schema


def _descriptions(node):
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield node["description"]
        for value in node.values():
            yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


def test_help_texts_speak_to_people_not_of_keys_or_commands():
    schema = style_schema(load_house_style("standard", [bundled_styles()]))
    texts = list(_descriptions(schema))
    assert texts and not [t for t in texts if "`" in t or "build" in t or "templates/" in t
                          or "YAML" in t or "vorlage " in t]
    assert "Word" in schema["properties"]["begruendung"]["description"]


def test_layout_offers_house_styles_by_municipality_and_their_lists():
    layout = form_layout([bundled_styles()], "standard", ["Schulamt"])
    names = {s["key"]: s["name"] for s in layout["hausstile"]}
    assert names["bielefeld"] == "Stadt Bielefeld" and names["kempten"].startswith("Stadt")
    bottrop = layout["stile"]["bottrop"]
    assert "Beschlussvorlage" in bottrop["arten"] and bottrop["abschnitte"]
    assert layout["aemter"] == ["Schulamt"] and "begruendung" in layout["formatiert"]
    json.dumps(layout)  # goes into the page as JSON


def test_check_messages_name_fields_by_their_titles():
    assert for_people("hier `oeffentlich: nein` setzen") == "hier „Öffentlich: nein“ setzen"
    assert for_people("`finanzen.teilergebnisplaene[2]` fehlt") == "„Teilergebnispläne“ fehlt"
    assert for_people("ohne Schlüssel") == "ohne Schlüssel"
