"""What a house style's declarations must agree on, checked when `haus.yaml` is loaded:
every mistake at its line, all at once, before any draft is validated with them."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from ..errors import Problem, meinten_sie
from ..schema import Draft, Loaded
from ..schema.validation import german
from .declared import PLACES, RESERVED
from .labels import LABELS, SECTIONS
from .model import value_type


def declaration_problems(config, loaded: Loaded) -> list[Problem]:
    """Every mistake in a style's declarations, each at its line in haus.yaml: keys that
    are reserved or doubled, places and rules that name no field, labels for nothing."""
    found = (_keys(config, loaded) + _places_and_defaults(config, loaded)
             + _labels(config, loaded) + _rules(config, loaded))
    return sorted(found, key=lambda p: (p.line or 0, p.column or 0))


def _keys(config, loaded: Loaded) -> list[Problem]:
    """Sections and fields: each key free (not built in, reserved or taken twice)."""
    out: list[Problem] = []
    taken = RESERVED | set(Draft.model_fields) | set(SECTIONS) | set(LABELS)
    seen: dict[str, str] = {}

    def claim(key: str, loc: tuple, what: str):
        if key in taken:
            out.append(loaded.problem(loc, f"„{key}“ ist ein Schlüssel des Formats oder der "
                                           "Word-Vorlagen; bitte einen anderen wählen"))
        elif key in seen:
            out.append(loaded.problem(loc, f"„{key}“ ist schon als {seen[key]} vergeben"))
        seen.setdefault(key, what)

    for i, section in enumerate(config.abschnitte):
        loc = ("abschnitte", i)
        if section.schluessel in SECTIONS:
            if section.schluessel in seen:
                out.append(loaded.problem(loc, f"Abschnitt „{section.schluessel}“ ist doppelt"))
            seen.setdefault(section.schluessel, "Abschnitt")
            for name in sorted(section.model_fields_set - {"schluessel", "beschriftung",
                                                           "leer_zeigen"}):
                out.append(loaded.problem((*loc, name), f"`{name}` gilt nur für eigene "
                                          "Abschnitte; ein mitgelieferter kennt `beschriftung` "
                                          "und `leer_zeigen` (Pflicht: `pflichtfelder`)"))
        elif section.beschriftung is None:
            hint = meinten_sie(section.schluessel, SECTIONS, cutoff=0.75)
            out.append(loaded.problem(loc, f"unbekannter Abschnitt „{section.schluessel}“; "
                                      + (hint + " " if hint else "") + "ein eigener Abschnitt "
                                      "braucht `beschriftung` ({schluessel: …, beschriftung: …})"))
        else:
            claim(section.schluessel, loc, "Abschnitt")
    for i, feld in enumerate(config.felder):
        claim(feld.schluessel, ("felder", i, "schluessel"), "Feld")
    return out


def _places_and_defaults(config, loaded: Loaded) -> list[Problem]:
    """Each field printed somewhere that exists, its default of its own kind."""
    out: list[Problem] = []
    places = set(PLACES) | set(config.section_keys)
    for i, feld in enumerate(config.felder):
        if feld.ort not in places:
            hint = meinten_sie(feld.ort, sorted(places))
            out.append(loaded.problem(("felder", i, "ort"), f"„{feld.ort}“ ist kein Ort; "
                                      + (hint + " " if hint else "")
                                      + "erlaubt: kopf, keiner oder ein Abschnitt aus "
                                        "`abschnitte`"))
        if feld.standard is not None:
            try:
                TypeAdapter(value_type(feld)).validate_python(feld.standard)
            except ValidationError as exc:
                out.append(loaded.problem(("felder", i, "standard"), german(exc.errors()[0])))
    return out


def _labels(config, loaded: Loaded) -> list[Problem]:
    """Labels, of the style and of each Vorlagenart, only for what can be printed."""
    out: list[Problem] = []
    labels = config.label_keys()
    for loc, given in [(("beschriftungen",), config.beschriftungen)] + [
            (("vorlagenarten", i, "beschriftungen"), art.beschriftungen)
            for i, art in enumerate(config.vorlagenarten)]:
        for key in given:
            if key not in labels:
                hint = meinten_sie(key, sorted(labels))
                out.append(loaded.problem((*loc, key), "unbekannte Beschriftung"
                                          + (f"; {hint}" if hint else ""), key=True))
    return out


def _rules(config, loaded: Loaded) -> list[Problem]:
    """Sign-off rules on declared fields: the field exists, the value is one it can have."""
    out: list[Problem] = []
    fields = {f.schluessel: f for f in config.felder}
    for i, rule in enumerate(config.mitzeichnung):
        wenn = rule.wenn
        if isinstance(wenn, str):
            continue
        feld = fields.get(wenn.feld)
        loc = ("mitzeichnung", i, "wenn")
        if feld is None:
            out.append(loaded.problem((*loc, "feld"),
                                      f"kein eigenes Feld „{wenn.feld}“ im Hausstil"))
        elif feld.typ == "janein" and str(wenn.ist).lower() not in ("ja", "nein", "true",
                                                                    "false"):
            out.append(loaded.problem((*loc, "ist"),
                                      f"„{wenn.ist}“: {feld.schluessel} ist ja oder nein"))
        elif feld.optionen and not feld.option(str(wenn.ist)):
            out.append(loaded.problem((*loc, "ist"),
                                      f"„{wenn.ist}“ ist keine Option von {feld.schluessel}: "
                                      + ", ".join(o.schluessel for o in feld.optionen)))
    return out
