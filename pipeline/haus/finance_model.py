"""The model a finance form's values are validated with, built from its declaration: rows
become typed fields (amounts stay Decimal), groups become nested models or lists of them,
and a computed row is a field that refuses every value, so typing it is an error at its
line rather than an unknown key."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, create_model, model_validator

from ..schema import Base, Betrag, Datum, Jahr, JaNein, Text, Zahl
from .finance_form import Finanzformular, Zeile

_ACCOUNT = re.compile(r"[0-9A-Z][0-9A-Za-z .\-/]*")


def _account(value):
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(
        value, bool) else None
    if text is None or not _ACCOUNT.fullmatch(text) or not re.search(r"\d", text):
        raise ValueError(f"keine Kontierung: '{value}' (erwartet eine Nummer aus Ziffern, "
                         "Punkten oder Strichen, z. B. 11.01.27 oder 5431.0100)")
    return text


Konto = Annotated[str, BeforeValidator(_account)]
KIND_TYPES = {"betrag": Betrag, "zahl": Zahl, "text": Text, "markdown": Text, "konto": Konto,
              "janein": JaNein, "ankreuzen": JaNein, "jahr": Jahr, "datum": Datum}


def _refused(row: Zeile):
    def refuse(value):
        raise ValueError(f"„{row.beschriftung}“ wird berechnet und nicht eingegeben; bitte die "
                         "Zeile entfernen")
    return refuse


def _short(key: str):
    """A bare value where a list of entries is meant: one entry with `key`."""
    def widen(value):
        items = value if isinstance(value, list) else [value]
        return [item if isinstance(item, dict) else {key: item} for item in items]
    return widen


def _describe(row: Zeile) -> str:
    return (row.hilfe or row.beschriftung).rstrip(":")


def _field(row: Zeile, names: set[str]):
    extra: dict[str, Any] = {"x-beschriftung": row.beschriftung.rstrip(":")}
    info: dict[str, Any] = {"description": _describe(row), "json_schema_extra": extra}
    if row.computed or row.typ == "jahre":
        extra.update({"readOnly": True, "x-berechnet": row.formel or "Jahresübersicht"})
        return (Annotated[None, BeforeValidator(_refused(row))], Field(None, exclude=True, **info))
    if row.typ == "gruppe":
        kind: Any = group_model(row, names)
        if row.wiederholt:
            kind = list[kind]
            if row.kurzform:
                kind = Annotated[kind, BeforeValidator(_short(row.kurzform))]
                extra["x-kurzform"] = row.kurzform
            info["min_length"] = row.mindestens or None
    else:
        kind = list[Text] if row.liste else KIND_TYPES[row.typ]
    if row.pflicht and row.standard is None:
        return kind, Field(**info)
    if row.standard is not None:
        return kind, Field(row.standard, validate_default=True, **info)
    if row.wiederholt or row.liste:
        return kind, Field(default_factory=list, **info)
    return kind | None, Field(None, **info)


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_"))


def group_model(group: Zeile, names: set[str]) -> type[Base]:
    """A group's model, named by its key (the reference and the JSON Schema show it)."""
    name = _camel(group.schluessel)
    while name in names:
        name += "Eintrag"
    names.add(name)
    fields = {row.schluessel: _field(row, names) for row in group.felder}
    return create_model(name, __base__=Base, __doc__=_describe(group), **fields)


class FormValues(Base):
    """Base of every finance form's model: knows its declaration and its ja/nein row."""

    FORM: ClassVar[Finanzformular]

    @property
    def hat_auswirkungen(self) -> bool:
        return bool(getattr(self, self.FORM.auswirkungen))

    @model_validator(mode="before")
    @classmethod
    def _keine(cls, data):
        """`finanzen: keine` (or nein) is the ja/nein row answered „nein“."""
        if (isinstance(data, str) and data.strip().lower() in ("keine", "nein")) or \
                data is False:
            return {cls.FORM.auswirkungen: False}
        return data


def form_model(form: Finanzformular) -> type[FormValues]:
    names = {"Finanzen"}
    fields = {row.schluessel: _field(row, names) for row in form.felder}
    # "Finanzen" exactly: the JSON Schema offers `keine` beside it (schema.json_schema)
    model = create_model("Finanzen", __base__=FormValues,
                         __doc__="Finanzielle Auswirkungen: `keine` oder die Angaben unten.",
                         **fields)
    model.FORM = form
    return model


_MODELS: dict[int, tuple[Finanzformular, type[FormValues]]] = {}


def form_values(form: Finanzformular, value) -> FormValues:
    """A draft's `finanzen` as the form's model: validated already by the draft's model,
    or read here (a draft made without a house style, as the templates check's example)."""
    if isinstance(value, FormValues) and type(value).FORM is form:
        return value  # validated by the draft's model
    held = _MODELS.get(id(form))
    if held is None or held[0] is not form:
        held = _MODELS[id(form)] = (form, form_model(form))
    return value if isinstance(value, held[1]) else held[1].model_validate(
        value.model_dump(exclude_unset=True) if isinstance(value, FormValues) else value)
