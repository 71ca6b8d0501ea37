"""A new draft with every field present and a German comment per field: `vorlage new` and
the browser's new-draft form.

Generated from the schema (schema.describe_fields), so it never lacks a field the model has.
Required values are placeholders in «…»; `vorlage check` reports each placeholder that is
still there, so the scaffold fails until it is filled in and passes once it is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..files import atomic_create
from ..haus import (KIND_NAMES, SECTIONS, HouseStyle, KnownGremium, Vorlagenart, draft_model,
                    load_house_style)
from ..project import Project
from ..schema import describe_fields

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


# Body sections a scaffold offers only where the house style prints them.
OPTIONAL_SECTIONS = ("zusammenfassung", "fruehere_behandlung", "begruendung", "zeichnung")


def _emit(model, indent: int, lines: list[str], prefilled: dict, first_prefix: str = "",
          skip: frozenset = frozenset()):
    pad = " " * indent
    for i, f in enumerate(describe_fields(model)):
        if indent == 0 and (f.name == "felder" or f.name in skip):
            continue  # the style's own fields (declared_lines), or a section it does not print
        info = model.model_fields[f.name]
        if info.exclude:
            continue  # a computed row of the finance form: never typed
        at_least = any(getattr(m, "min_length", None) for m in info.metadata)
        lead = first_prefix if (i == 0 and first_prefix) else pad
        comment = f"  # {f.description}" if f.description else ""
        if f.model is not None and f.is_list:
            items = prefilled.get(f.name)
            if f.required or items:
                lines.append(f"{lead}{f.name}:{comment}")
                for item in items or [{}]:
                    _emit(f.model, indent + 4, lines, item, first_prefix=pad + "  - ")
            else:  # `[]` would be refused where the form wants at least one entry
                keys = ", ".join(d.name for d in describe_fields(f.model))
                lines.append(f"{lead}{'# ' if at_least else ''}{f.name}: []{comment}")
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


def scaffold(style: HouseStyle, art: Vorlagenart, schema_path: str | None = None,
             gremien: Sequence[KnownGremium] = ()) -> str:
    """The scaffold's text; `gremien` are the style's Gremien of the project's list."""
    rules = [r.stelle for r in style.config.mitzeichnung if r.wenn == "immer"]
    finance_rules = [r.stelle for r in style.config.mitzeichnung if r.wenn == "finanzen"]
    field_rules = [f"{r.stelle} (wenn {r.wenn.feld}: {r.wenn.ist})"
                   for r in style.config.mitzeichnung if not isinstance(r.wenn, str)]
    prefilled = {
        "hausstil": style.key,
        "vorlagenart": art.name,
        "finanzen": {"auswirkungen": "«ja oder nein»"},
        "zeichnung": {"ort": style.config.ort or "",
                      "unterzeichner": [{"rolle": p.rolle or "", "name": p.name or ""}
                                        for p in style.config.unterzeichner]},
        "mitzeichnung": [{"stelle": s, "status": "offen"} for s in rules],
        # One step to fill in: a final needs a body, though a draft may leave it open.
        "beratungsfolge": [{}],
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
    if field_rules:
        lines.append(f"# Außerdem zeichnen mit: {', '.join(field_rules)}")
    if gremien:
        lines.append(f"# Gremien für die Beratungsfolge: {', '.join(g.label for g in gremien)}")
    if "gremium" in style.pattern.needed_values():
        known = ", ".join(g.name for g in style.config.gremien if g.kuerzel)
        lines.append(f"# Das erste Gremium braucht ein Kürzel im Hausstil; bekannt: {known}")
    if not art.beschluss:
        lines.append(f"# Eine {art.name} braucht keinen Beschlussvorschlag.")
    body: list[str] = []
    unprinted = frozenset(s for s in OPTIONAL_SECTIONS if s not in style.config.section_keys)
    _emit(draft_model(style), 0, body, prefilled, skip=unprinted)
    return "\n".join(lines + body + declared_lines(style)) + "\n"


def declared_lines(style: HouseStyle) -> list[str]:
    """The house style's own fields and sections under `felder:`, each with its help: a
    required one as a placeholder, the others empty, choices with their keys."""
    texts = {f.schluessel: f.text or any(o.text for o in f.optionen) for f in style.config.felder}
    entries = [(f.schluessel, f.beschriftung, f.hilfe, f.pflicht and f.standard is None,
                KIND_NAMES[f.typ], [o.schluessel for o in f.optionen], f.typ)
               for f in style.config.felder]
    entries += [(a.schluessel, a.beschriftung, a.hilfe, a.pflicht, "Abschnitt (Markdown)", [],
                 "markdown")
                for a in style.config.abschnitte if a.schluessel not in SECTIONS]
    if not entries:
        return []
    out = [f"felder:  # eigene Felder des Hausstils {style.config.name}"]
    for key, label, hilfe, required, kind, options, typ in entries:
        label = " ".join(label.split())  # a comment is one line: a line break would end it
        about = " ".join((f"{label.rstrip(':')}: {hilfe}" if hilfe else label.rstrip(":"))
                         .split())
        choice = f"; eine von: {', '.join(options)}" if typ == "auswahl" else (
            f"; Liste aus: {', '.join(options)}" if typ == "ankreuzen" else "")
        if texts.get(key):
            choice += "; mit Text: {wahl: …, text: …}"
        value = ""
        if required:
            value = " " + _placeholder(" oder ".join(options) if typ == "auswahl"
                                       else "ja oder nein" if typ == "janein"
                                       else "TT.MM.JJJJ" if typ == "datum" else label.rstrip(":"))
            if typ == "ankreuzen":
                value = " [" + json.dumps(f"«{' oder '.join(options)}»", ensure_ascii=False) + "]"
        out.append(f"  {key}:{value}  # {about} ({kind}{choice})")
    return out


@dataclass(frozen=True)
class NewDraft:
    path: Path
    style: HouseStyle
    art: Vorlagenart


def new_draft(project: Project, target: Path, hausstil: str | None = None,
              vorlagenart: str | None = None) -> NewDraft:
    """Writes a scaffold to `target` for the house style (default: the project's) and
    Vorlagenart (default: the style's first). Never overwrites a file."""
    style = load_house_style(hausstil or project.config.hausstil, project.template_dirs)
    art = style.art(vorlagenart) if vorlagenart else style.config.vorlagenarten[0]
    if art is None:
        names = ", ".join(a.name for a in style.config.vorlagenarten)
        raise UserError(f"Vorlagenart „{vorlagenart}“ gibt es im Hausstil {style.key} nicht; "
                        f"vorhanden: {names}")
    target = Path(target)
    schema_file = project.root / "schema" / f"{style.key}.schema.json"
    text = scaffold(style, art, os.path.relpath(schema_file, target.resolve().parent),
                    project.gremien.for_style(style))
    try:
        atomic_create(lambda p: Path(p).write_text(text, encoding="utf-8"), target)
    except FileExistsError:
        raise UserError(f"{target} gibt es schon; nichts überschrieben") from None
    return NewDraft(target, style, art)
