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


def test_layout_carries_each_style_s_declared_fields_as_the_form_draws_them():
    layout = form_layout([bundled_styles()], "standard", [])
    felder = {f["schluessel"]: f for f in layout["stile"]["leipzig"]["felder"]}
    assert list(felder)[:3] == ["einreicher", "anlass", "klimawirkung"]  # haus.yaml's order
    klima = felder["klimawirkung"]
    assert (klima["typ"], klima["text"], klima["text_beschriftung"]) == (
        "auswahl", True, "Begründung")
    assert [(o["schluessel"], o["beschriftung"]) for o in klima["optionen"]] == [
        ("positiv", "positiv"), ("negativ", "negativ"), ("keine", "keine wesentliche")]
    anlass = felder["anlass"]
    assert anlass["typ"] == "ankreuzen" and anlass["pflicht"] is True and anlass["hilfe"]
    assert [o["schluessel"] for o in anlass["optionen"] if o["text"]] == ["sonstiges"]
    # A declared section is a Markdown field under its own key, labelled by its heading.
    section = felder["abwaegung"]
    assert (section["typ"], section["ort"], section["beschriftung"]) == (
        "markdown", "abschnitt", "Beschreibung des Abwägungsprozesses")
    assert {"zusammenfassung", "begruendung"}.isdisjoint(felder)  # built-in sections stay
    for entry in felder.values():
        assert set(entry) >= {"schluessel", "beschriftung", "typ", "pflicht", "ort", "hilfe",
                              "text", "text_beschriftung", "optionen"}
    assert layout["stile"]["standard"]["felder"] == []


def test_layout_offers_the_project_s_gremien_with_their_short_names():
    from helpers import REPO
    from pipeline.haus import load_gremien

    styles = [p.parent.name for p in bundled_styles().glob("*/haus.yaml")]
    layout = form_layout([bundled_styles()], "standard", [],
                         load_gremien(REPO / "gremien.yaml", styles))
    bielefeld = layout["stile"]["bielefeld"]["gremien"]
    assert bielefeld[:2] == [["Rat der Stadt Bielefeld", "Rat der Stadt Bielefeld (Rat)"],
                             ["Integrationsrat", "Integrationsrat (IR)"]]
    assert ["Rat der Stadt", "Rat der Stadt (Rat)"] in layout["stile"]["bottrop"]["gremien"]
    assert layout["stile"]["standard"]["gremien"] == []
    # Without gremien.yaml the style's own, by name
    alone = form_layout([bundled_styles()], "standard", [])["stile"]["kempten"]["gremien"]
    assert alone == [["Stadtrat", "Stadtrat"], ["Ausschuss für soziale Fragen",
                                                "Ausschuss für soziale Fragen"],
                     ["Personalausschuss", "Personalausschuss"]]
