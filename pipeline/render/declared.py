"""Declared fields and sections as the template prints them: every value already worded
(an option's label, not its key; German dates and amounts), the header rows in declaration
order, and only what may be published in a public copy."""

from __future__ import annotations

import html
import re

from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python

from ..haus import SECTIONS, Feld, HouseStyle, value_type
from ..schema import Draft
from .markdown import markdown_html

BOX = {True: "☒", False: "☐"}
NBSP = "\u00a0"  # keeps a box with its label when the line wraps


def with_colon(label: str) -> str:
    """ "Eingereicht von" -> "Eingereicht von:"; a label ending in ":" or "?" stays."""
    label = label.rstrip()
    return label if label.endswith((":", "?")) else label + ":"


def _choice(feld: Feld, chosen) -> str:
    option = feld.option(chosen.wahl)
    label = option.beschriftung if option else chosen.wahl
    if not chosen.text:
        return label
    if option and option.text:  # "Sonstiges: Antrag des Ortschaftsrats"
        return f"{label.rstrip(':')}: {chosen.text}"
    return f"{label} ({feld.text_label}: {chosen.text})"


def printed(feld: Feld, value, fmt, boxes: bool = False) -> str:
    """A declared field's value as printed; "" when it has none. `boxes`: a checkbox group
    with every option, the chosen ones ticked, as forms print it."""
    if value is None:
        value = feld.standard
        if value is None:
            return "   ".join(f"{BOX[False]}{NBSP}{o.beschriftung}" for o in feld.optionen) \
                if boxes and feld.typ == "ankreuzen" else ""
        value = TypeAdapter(value_type(feld)).validate_python(value)
    kind = feld.typ
    if kind == "auswahl":
        return _choice(feld, value)
    if kind == "ankreuzen":
        if not boxes:
            return ", ".join(_choice(feld, c) for c in value)
        chosen = {c.wahl: c for c in value}
        return "   ".join(f"{BOX[o.schluessel in chosen]}{NBSP}"
                          + (_choice(feld, chosen[o.schluessel]) if o.schluessel in chosen
                             else o.beschriftung) for o in feld.optionen)
    if kind == "janein":
        return "ja" if value else "nein"
    if kind == "datum":
        return fmt.datum(value)
    if kind == "betrag":
        return fmt.betrag(value)
    if kind == "zahl":
        return fmt.zahl(value, "#,##0.###")
    if kind == "markdown":  # one line of plain text; sections print the Markdown itself
        blocks = re.sub(r"</?(p|li|ul|ol|br|h\d|blockquote|tr|td|th)\b[^>]*>", " ",
                        markdown_html(value))
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", blocks)).split())
    return str(value)


def _printed_row(feld: Feld, value) -> bool:
    """Whether a field gets its line: it has a value (or a default), or the house style
    prints it empty."""
    return value is not None or feld.standard is not None or feld.leer_zeigen


def visible(style: HouseStyle, key: str, public: bool) -> bool:
    """Whether a declared field or section may appear in this copy. A field printed in a
    section the style does not publish is not published either, unless it says so."""
    if not public:
        return True
    feld = style.feld(key)
    if feld is not None:
        section = style.section(feld.ort)
        if feld.veroeffentlichen is None and section is not None \
                and not section.veroeffentlichen:
            return False
        return feld.published
    section = style.section(key)
    return section is None or section.veroeffentlichen


def withheld(draft: Draft, style: HouseStyle) -> bool:
    """Whether the final prints something a public copy must leave out (a value or a
    default of an unpublished field, the text of an unpublished section)."""
    return any(not visible(style, f.schluessel, True)
               and (draft.feld(f.schluessel) is not None or f.standard is not None)
               for f in style.config.felder) or any(
        draft.feld(key) and not visible(style, key, True)
        for key in style.config.declared_keys() if style.feld(key) is None)


def declared_context(draft: Draft, style: HouseStyle, fmt, labels: dict,
                     public: bool) -> dict:
    """`felder` (every declared key, printed; "" when empty or not for this copy) and
    `kopf` (the header rows to print: label and value)."""
    felder, kopf = {}, []
    for feld in style.config.felder:
        shown = visible(style, feld.schluessel, public)
        value = draft.feld(feld.schluessel) if shown else None
        felder[feld.schluessel] = printed(feld, value, fmt) if shown else ""
        if feld.ort == "kopf" and shown and _printed_row(feld, value):
            label = labels.get(feld.schluessel, feld.beschriftung)
            kopf.append({"schluessel": feld.schluessel, "beschriftung": with_colon(label),
                         "wert": printed(feld, value, fmt, boxes=True)})
    for section in style.config.abschnitte:
        if section.schluessel not in SECTIONS and section.schluessel not in felder:
            text = draft.feld(section.schluessel)
            felder[section.schluessel] = (text or "") if visible(
                style, section.schluessel, public) else ""
    return {"felder": felder, "kopf": kopf}


def section_lines(draft: Draft, style: HouseStyle, section: str, fmt, labels: dict,
                  public: bool) -> list[tuple[str, str, str | None]]:
    """(label, value, Markdown source or None) of the declared fields a section prints, in
    declaration order."""
    out = []
    for feld in style.config.felder:
        if feld.ort != section or not visible(style, feld.schluessel, public):
            continue
        value = draft.feld(feld.schluessel)
        if _printed_row(feld, value):
            source = value if feld.typ == "markdown" and value else None
            out.append((with_colon(labels.get(feld.schluessel, feld.beschriftung)),
                        printed(feld, value, fmt, boxes=True), source))
    return out


def declared_record(draft: Draft, style: HouseStyle, fmt) -> dict:
    """What the archive keeps of a final's declared fields and sections: the printed label
    and value, the value as written (to see later which fields and options finals use) and
    whether it may be published."""
    out = {}
    for key in style.config.declared_keys():
        value, feld = draft.feld(key), style.feld(key)
        if value is None and (feld is None or feld.standard is None):
            continue
        if feld is not None:
            raw = feld.standard if value is None else to_jsonable_python(value)
            label, wert = feld.beschriftung, printed(feld, value, fmt)
        else:
            raw = wert = value
            label = style.section(key).beschriftung
        out[key] = {"beschriftung": label.rstrip(":"), "wert": wert, "roh": raw,
                    "oeffentlich": visible(style, key, public=True)}
    if draft.finanzen is not None:  # the finance form as printed, for OParl and the index
        from .finance import Finance  # finance prints through this package's writers

        finance = Finance(draft, style, fmt)
        text = finance.printed_text(style.config.section_keys)
        if text:
            out["finanzen"] = {"beschriftung": style.labels["finanzen"].rstrip(":"),
                               "wert": text, "roh": to_jsonable_python(finance.values),
                               "oeffentlich": visible(style, "finanzen", public=True)}
    return out
