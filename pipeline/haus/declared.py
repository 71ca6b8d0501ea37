"""What a house style declares beyond the built-in format: its own fields (`felder:`) and
sections (map entries of `abschnitte:`), written in `haus.yaml`.

A declared field has a key, a printed label, a kind, and a place where it is printed (the
header, a section, or nowhere). Drafts carry the values under one map, `felder:`, and so do
templates (`{{ felder.klimarelevanz }}`), so a declared key can never meet a built-in one.
A declared section is a Markdown text under its own heading in the body; its text is
`felder.<key>` in the draft.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..schema import Base, JaNein, Text

# Kinds of declared fields, by the word haus.yaml uses.
KINDS = ("text", "markdown", "auswahl", "janein", "ankreuzen", "datum", "zahl", "betrag")
KIND_NAMES = {"text": "Text", "markdown": "Text mit Markdown", "auswahl": "Auswahl",
              "janein": "ja/nein", "ankreuzen": "Ankreuzfelder", "datum": "Datum",
              "zahl": "Zahl", "betrag": "Betrag in Euro"}

# Built-in fields a house style may make required or optional (`pflichtfelder:`). `amt`,
# `betreff` and the Beratungsfolge stay required: the server decides access by the Amt.
OPTIONAL_BUILTINS = ("datum", "verantwortlich", "aktenzeichen", "amt_kennziffer",
                     "zusammenfassung", "begruendung", "finanzen")

# Keys no declaration may take: built-in draft keys and section names are checked against
# the model where they are defined (see `reserved_keys`); these are the words of the
# workflow, the register and the template context (tests/haus/test_declared.py keeps the
# context list complete).
RESERVED = {"status", "ergebnis", "freigabe", "mitzeichnung", "nummer", "felder", "kopf",
            "inhalt", "abschnitte", "datum", "logo", "l", "gemeinde", "ort", "hausstil",
            "vorlagenart", "vorlagenart_titel", "oeffentlich", "oeffentlichkeit", "final",
            "entwurf", "nummer_vorlaeufig", "version", "basis", "bezug_text", "betreff",
            "betreff_zeilen", "beratungsfolge", "erste_beratung", "entscheidung", "anlagen",
            "zeichnung", "finanzen", "amt", "amt_kennziffer", "verantwortlich",
            "aktenzeichen", "loop", "range", "dict", "namespace"}

KEY = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
VALUE_KEY = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")  # an option's key is a value, not a name
PLACES = ("kopf", "keiner")


def _key(value: str) -> str:
    if not KEY.fullmatch(value):
        raise ValueError(f"„{value}“ ist kein Schlüssel: nur Kleinbuchstaben a–z, Ziffern und "
                         "Unterstriche, ohne Umlaute, z. B. raeumlicher_bezug")
    return value


class Option(Base):
    """Eine Auswahlmöglichkeit: gespeichert wird der Schlüssel, gedruckt die Beschriftung."""

    schluessel: Text = Field(description="gespeicherter Wert, z. B. positiv")
    beschriftung: Text = Field(description="gedruckter Text, z. B. „positive Auswirkungen“")
    text: JaNein = Field(False, description="ja = mit einem eigenen Text, z. B. „Sonstiges: …“")

    @field_validator("schluessel")
    @classmethod
    def _value_key(cls, value: str) -> str:
        if not VALUE_KEY.fullmatch(value):
            raise ValueError(f"„{value}“ ist kein Schlüssel einer Option: nur Kleinbuchstaben "
                             "a–z, Ziffern und Unterstriche, ohne Umlaute; sonst die Option als "
                             "{schluessel: …, beschriftung: …} schreiben")
        return value

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data):
        if isinstance(data, str):  # `- Rechtliche Vorschrift` alone: key from the label
            return {"schluessel": slug(data), "beschriftung": data}
        return data


class Feld(Base):
    """Ein eigenes Feld des Hausstils; im Entwurf unter `felder:` mit seinem Schlüssel."""

    schluessel: Text = Field(description="Schlüssel im Entwurf und in der Word-Vorlage "
                                         "(`felder.<schluessel>`), z. B. klimarelevanz")
    beschriftung: Text = Field(description="gedruckte Beschriftung, z. B. Klimarelevanz")
    typ: Literal[KINDS] = Field(  # type: ignore[valid-type]
        "text", description="text, markdown, auswahl, janein, ankreuzen, datum, zahl oder "
                            "betrag")
    pflicht: JaNein = Field(False, description="ja = muss im Entwurf stehen")
    standard: object = Field(None, description="Wert, wenn der Entwurf keinen nennt (nur "
                                               "gedruckt, nie in den Entwurf geschrieben)")
    ort: Text = Field("kopf", description="wo gedruckt: kopf (Kopfangaben), der Schlüssel "
                                          "eines Abschnitts, oder keiner")
    veroeffentlichen: JaNein | None = Field(
        None, description="nein = nie in öffentlichen Ausgaben (OParl, öffentliche Kopie, "
                          "Archiv-Index); ohne Angabe ja, wenn gedruckt")
    leer_zeigen: JaNein = Field(False, description="ja = auch ohne Wert gedruckt (leer)")
    optionen: list[Option] = Field(default_factory=list,
                                   description="bei auswahl und ankreuzen: die Möglichkeiten")
    text: JaNein = Field(False, description="bei auswahl und ankreuzen: jede Möglichkeit mit "
                                            "einem Text, z. B. einer Begründung")
    text_beschriftung: Text | None = Field(None, description="Beschriftung dieses Textes, "
                                                             "z. B. Begründung")
    hilfe: Text | None = Field(None, description="Hilfe im Formular und in `vorlage new`")

    _check_key = field_validator("schluessel")(_key)

    @property
    def text_label(self) -> str:
        """The label of a choice's own text: "Klimawirkung: positiv (Begründung: …)"."""
        return self.text_beschriftung or "Begründung"

    @property
    def published(self) -> bool:
        if self.veroeffentlichen is not None:
            return self.veroeffentlichen
        return self.ort != "keiner"

    def option(self, key: str) -> Option | None:
        return next((o for o in self.optionen if o.schluessel == key), None)

    @model_validator(mode="after")
    def _options(self):
        if self.typ in ("auswahl", "ankreuzen"):
            if not self.optionen:
                raise ValueError(f"`{self.typ}` braucht `optionen`")
            keys = [o.schluessel for o in self.optionen]
            doubled = sorted({k for k in keys if keys.count(k) > 1})
            if doubled:
                raise ValueError(f"Option doppelt: {', '.join(doubled)}")
        elif self.optionen or self.text:
            raise ValueError("`optionen` und `text` nur bei auswahl und ankreuzen")
        return self


class Abschnitt(Base):
    """Ein Abschnitt in `abschnitte:` als Eintrag mit Angaben: ein eigener Abschnitt (mit
    `beschriftung`) oder ein mitgelieferter mit abweichenden Angaben."""

    schluessel: Text = Field(description="Schlüssel, z. B. rechtsgrundlage; der Text steht im "
                                         "Entwurf unter `felder.<schluessel>`")
    beschriftung: Text | None = Field(None, description="Überschrift; Pflicht bei eigenen "
                                                        "Abschnitten")
    leer_zeigen: JaNein = Field(False, description="ja = Überschrift auch ohne Inhalt "
                                                   "gedruckt")
    pflicht: JaNein = Field(False, description="ja = der Entwurf muss den Text enthalten")
    veroeffentlichen: JaNein = Field(True, description="nein = nie in öffentlichen Ausgaben")
    hilfe: Text | None = Field(None, description="Hilfe im Formular und in `vorlage new`")

    _check_key = field_validator("schluessel")(_key)

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, data):
        return {"schluessel": data} if isinstance(data, str) else data


def slug(label: str) -> str:
    """A key from a label: „Rechtliche Vorschrift“ -> rechtliche_vorschrift."""
    text = label.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return "_".join(re.findall(r"[a-z0-9]+", text)) or "option"


def sample_value(feld: Feld):
    """A value of the field's kind, as a draft would write it: for `vorlage new`'s example
    and for `templates check`, so every declared name is known with a value."""
    first = feld.optionen[0].schluessel if feld.optionen else None
    return {"text": "Beispiel", "markdown": "Ein **Beispiel**.", "auswahl": first,
            "janein": True, "ankreuzen": [first], "datum": "01.02.2024", "zahl": "1",
            "betrag": "1000"}[feld.typ]
