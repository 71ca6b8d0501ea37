"""What the drafting form shows: the house style's schema with help texts for people (the
schema's own descriptions speak of YAML and the command line), the choices of house style,
Vorlagenart, Amt and Gremium, and which sections a house style prints."""

from __future__ import annotations

import re

from ..haus import SECTIONS, GremienList, HouseStyle, default_draft_model, list_house_styles
from ..haus import style_schema as declared_schema
from ..schema import draft_schema, field_title

# Help under a field, by the schema definition and key that own it. Written for the person
# at the form: no YAML keys, no commands, no file names.
HELP = {
    ("", "hausstil"): "Die Kommune, deren Layout die Vorlage bekommt.",
    ("", "vorlagenart"): "Welche Art von Vorlage; die Liste kommt aus dem Hausstil.",
    ("", "oeffentlich"): "„nein“ für eine Vorlage, die nur nichtöffentlich beraten wird.",
    ("", "amt"): "Das federführende Amt, wie es auf der Vorlage steht.",
    ("", "vorlagennummer"): "Nur ausfüllen, wenn die Nummer schon vergeben ist; sonst vergibt "
                            "der Sitzungsdienst sie beim Abschluss.",
    ("", "bezug"): "Bei Ergänzungs- und Änderungsvorlagen: die Nummer der ursprünglichen "
                   "Vorlage.",
    ("", "zusammenfassung"): "Kurz das Wichtigste; ab drei Seiten Begründung Pflicht.",
    ("", "beschlussvorschlag"): "Ein Beschlusstext oder ein Einleitungssatz mit "
                                "nummerierten Beschlusspunkten.",
    ("", "finanzen"): "„keine“ oder die finanziellen Auswirkungen.",
    ("", "begruendung"): "Der Sachverhalt. Überschriften, Listen, Fettdruck, Tabellen und "
                         "Fußnoten über die Werkzeugleiste; aus Word eingefügter Text behält "
                         "seine Listen und Tabellen.",
    ("", "anlagen"): "Die Anlagen in der Reihenfolge, in der sie beigefügt werden.",
    ("Anlage", "datei"): "Die Datei der Anlage (PDF, Word, OpenDocument, Excel oder ein "
                         "Foto als JPG oder PNG): oben in das Feld ziehen oder auswählen, oder "
                         "der Pfad einer Datei im Ordner des Entwurfs. Leer lassen, wenn die "
                         "Anlage nur genannt wird, etwa ein Plan, der in der Sitzung ausliegt.",
    ("Anlage", "nr"): "Nur, wenn die Anlage eine eigene Nummer trägt, z. B. 3.1; sonst wird "
                      "gezählt.",
    ("Anlage", "hinweis"): "Steht in Klammern hinter dem Titel; ohne Datei sonst „liegt in "
                           "der Sitzung aus“.",
    ("Anlage", "oeffentlich"): "„nein“: die Anlage wird nicht veröffentlicht.",
    ("Beschlussvorschlag", "einleitung"): "Der Satz vor dem Beschluss; leer lassen, wenn "
                                          "der Hausstil ihn vorgibt.",
    ("Beschlussvorschlag", "text"): "Der Beschluss als ein Absatz.",
    ("Beschlussvorschlag", "zitat"): "Der Wortlaut eines früheren Beschlusses, der zitiert "
                                     "wird; er wird eingerückt gedruckt.",
    ("Beschlussvorschlag", "empfehlungen"): "Was jedes Gremium empfiehlt oder beschließt, "
                                            "gedruckt als a), b), c).",
    ("Empfehlung", "einleitung"): "Wer was tut, z. B. „Der Ausschuss für Soziales "
                                  "empfiehlt:“.",
    ("Empfehlung", "zitat"): "Der Wortlaut eines zitierten Beschlusses.",
    ("Punkt", "text"): "Der Wortlaut des Beschlusspunktes.",
    ("Punkt", "finanzen"): "„ja“: unter diesem Punkt stehen Mehraufwand und Deckung aus den "
                           "Teilergebnisplänen.",
    ("Mitzeichnung", "status"): "Mit dem Weg der Vorlage im Server zählen nur die "
                                "Mitzeichnungen, die dort gegeben wurden.",
    ("Zeichnung", "ansprechpartner"): "Ansprechpartnerin oder Ansprechpartner für Rückfragen.",
}

# Sections a person rarely fills in: folded away unless they hold something.
ADVANCED = ("amt_kennziffer", "vorlagennummer", "aktenzeichen", "bezug", "fruehere_behandlung",
            "zeichnung", "mitzeichnung")
# Long texts get a text area; the Begründung the Word-like editor.
LONG = ("betreff", "zusammenfassung", "einleitung", "text", "erlaeuterung", "hinweis", "zitat")
RICH = ("begruendung",)


def _with_help(schema: dict) -> dict:
    for owner, node in [("", schema), *schema.get("$defs", {}).items()]:
        for key, prop in node.get("properties", {}).items():
            if (owner, key) in HELP:
                prop["description"] = HELP[(owner, key)]
    todo = [schema]
    while todo:  # what is left speaks of keys: „Titel“ instead of `key`
        node = todo.pop()
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                node["description"] = for_people(node["description"])
            todo.extend(v for k, v in node.items() if k != "description")
        elif isinstance(node, list):
            todo.extend(node)
    return schema


def style_schema(style: HouseStyle | None) -> dict:
    """The draft schema the form follows for a house style: the built-in format with the
    style's required fields and its declared fields under `felder`."""
    return _with_help(declared_schema(style) if style else draft_schema(default_draft_model()))


def _declared(style: HouseStyle) -> list[dict]:
    """The style's own fields and sections as the form draws them under „felder“: kind,
    label, help, options with their labels, in the order haus.yaml gives."""
    out = [{"schluessel": f.schluessel, "beschriftung": f.beschriftung.rstrip(":"),
            "typ": f.typ, "pflicht": f.pflicht and f.standard is None, "ort": f.ort,
            "hilfe": f.hilfe or "", "text": f.text, "text_beschriftung": f.text_label,
            "standard": f.standard,
            "optionen": [{"schluessel": o.schluessel, "beschriftung": o.beschriftung,
                          "text": o.text} for o in f.optionen]}
           for f in style.config.felder]
    out += [{"schluessel": a.schluessel, "beschriftung": a.beschriftung.rstrip(":"),
             "typ": "markdown", "pflicht": a.pflicht, "ort": "abschnitt", "hilfe": a.hilfe or "",
             "text": False, "text_beschriftung": "", "optionen": []}
            for a in style.config.abschnitte if a.schluessel not in SECTIONS]
    return out


def _style_entry(style: HouseStyle, gremien: GremienList) -> dict:
    config = style.config
    return {"name": config.name,
            "arten": [a.name for a in config.vorlagenarten],
            "ohne_beschluss": [a.name for a in config.vorlagenarten if not a.beschluss],
            "abschnitte": config.section_keys,
            # [value, label]: the name goes into the draft, „Name (kurz)“ is shown
            "gremien": [[g.name, g.label] for g in gremien.for_style(style)],
            "felder": _declared(style)}


def form_layout(template_dirs, default_style: str, aemter: list[str],
                gremien: GremienList | None = None) -> dict:
    """The choices and the shape of the form, for every house style (the form switches
    between them without asking the server); `gremien` is the project's list, read with
    each style's own."""
    gremien = gremien or GremienList()
    styles = {listed.key: _style_entry(listed.style, gremien)
              for listed in list_house_styles(template_dirs) if listed.style}
    return {"hausstile": [{"key": k, "name": v["name"]} for k, v in styles.items()],
            "standard": default_style, "stile": styles, "aemter": aemter,
            "abschnitte_alle": list(SECTIONS), "erweitert": list(ADVANCED), "lang": list(LONG),
            "formatiert": list(RICH)}


_KEY = re.compile(r"`([a-z_][a-z0-9_.\[\]]*)(: [^`]*)?`")


def for_people(message: str) -> str:
    """A check message as the form shows it: `finanzen.teilergebnisplaene` becomes
    „Teilergebnispläne“, `oeffentlich: nein` becomes „Öffentlich: nein“."""
    def title(match: re.Match) -> str:
        key = re.sub(r"\[\d+\]", "", match.group(1)).split(".")[-1]
        return f"„{field_title(key)}{match.group(2) or ''}“"
    return _KEY.sub(title, message)
