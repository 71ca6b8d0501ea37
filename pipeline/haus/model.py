"""The draft model of one house style: the built-in format, with the style's declared fields
under `felder:` and its own choice of which built-in fields are required.

Built once per version of the style (by fingerprint) and used for every draft of that style,
so a declared field is checked like a built-in one: at its line, in German, all at once.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, create_model

from ..errors import meinten_sie
from ..schema import Base, Betrag, Datum, Draft, Text, Zahl
from ..schema import model as builtin
from .declared import OPTIONAL_BUILTINS, Feld
from .finance_form import default_form
from .finance_model import form_model
from .labels import SECTIONS


class Wahl(Base):
    """A chosen option, with its own text where the option carries one."""

    wahl: Text = Field(description="Schlüssel der gewählten Möglichkeit")
    text: Text | None = Field(None, description="Text zur Wahl, z. B. Begründung")


def _as_choice(value):
    return {"wahl": value} if isinstance(value, (str, int)) and not isinstance(value, bool) \
        else value


def _known(feld: Feld):
    def check(chosen: Wahl) -> Wahl:
        option = feld.option(chosen.wahl)
        if option is None:
            keys = [o.schluessel for o in feld.optionen]
            hint = meinten_sie(chosen.wahl, keys) or "erlaubt: " + ", ".join(keys)
            raise ValueError(f"„{chosen.wahl}“ ist keine Möglichkeit von "
                             f"„{feld.beschriftung}“; {hint}")
        if chosen.text and not (option.text or feld.text):
            raise ValueError(f"„{option.beschriftung}“ hat keinen eigenen Text")
        return chosen
    return check


def _no_doubles(chosen: list[Wahl]) -> list[Wahl]:
    keys = [c.wahl for c in chosen]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise ValueError(f"doppelt angekreuzt: {', '.join(doubled)}")
    return chosen


def _ticked(feld: Feld):
    def check(chosen: list[Wahl]) -> list[Wahl]:
        if feld.pflicht and not chosen:
            raise ValueError(f"„{feld.beschriftung.rstrip(':')}“: mindestens eines ankreuzen")
        return chosen
    return check


def _a_list(value):
    return [value] if isinstance(value, (str, dict)) else value


def _ja_nein(value):
    """ja or nein, nothing else: `öffentlich` means yes only for the built-in fields named so."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("ja", "nein"):
        return value.strip().lower() == "ja"
    raise ValueError("erwartet ja oder nein")


JaNeinStreng = Annotated[bool, BeforeValidator(_ja_nein)]


def value_type(feld: Feld) -> Any:
    """The pydantic type of a declared field's value."""
    if feld.typ in ("auswahl", "ankreuzen"):
        choice = Annotated[Wahl, BeforeValidator(_as_choice), AfterValidator(_known(feld))]
        if feld.typ == "auswahl":
            return choice
        return Annotated[list[choice], BeforeValidator(_a_list), AfterValidator(_no_doubles),
                         AfterValidator(_ticked(feld))]
    return {"text": Text, "markdown": Text, "janein": JaNeinStreng, "datum": Datum, "zahl": Zahl,
            "betrag": Betrag}[feld.typ]


# The built-in fields a style may require or relax, with the type the model gives them.
BUILTIN_TYPES = {"datum": Datum, "verantwortlich": Text, "aktenzeichen": Text,
                 "amt_kennziffer": Text, "zusammenfassung": Text, "begruendung": Text}
# haus.yaml's `pflichtfelder` keys; `finanzen` has the style's own form
assert set(BUILTIN_TYPES) | {"finanzen"} == set(OPTIONAL_BUILTINS)

# The newest model per style folder: a long-running server sees haus.yaml edited often.
_MODELS: dict[Path, tuple[str, type[Draft]]] = {}


def draft_model(style) -> type[Draft]:
    """The model drafts of `style` are validated with, built once per version of it."""
    held = _MODELS.get(style.folder)
    if held is None or held[0] != style.fingerprint:
        held = _MODELS[style.folder] = (style.fingerprint, _build(style))
    return held[1]


def _finance_slot(form, required: bool):
    return _slot(form_model(form), required,
                 description=Draft.model_fields["finanzen"].description)


@functools.cache
def default_draft_model() -> type[Draft]:
    """Drafts read without a house style: the built-in format with the bundled finance form
    (the JSON Schema `entwurf.schema.json`, the templates check's example)."""
    return create_model("Entwurf", __base__=Draft, __doc__=Draft.__doc__,
                        finanzen=_finance_slot(default_form(), False))


def _slot(kind, required: bool, **info):
    """A model field: required, or optional with None for absent."""
    return (kind, Field(**info)) if required else (kind | None, Field(None, **info))


def _beratung(config, name: str) -> type[builtin.Beratung]:
    """A Beratung whose `zustaendigkeit` is one of the style's roles, the first by default."""
    roles = tuple(r.name for r in config.rollen)
    step = create_model(
        f"Beratung{name}", __base__=builtin.Beratung, __doc__=builtin.Beratung.__doc__,
        zustaendigkeit=(Literal[roles], Field(roles[0], description=(
            "Rolle des Gremiums: " + ", ".join(roles[:-1]) + (" oder " if roles[1:] else "")
            + roles[-1]))))
    step.ENTSCHEIDEND = frozenset(r.name for r in config.rollen if r.entscheidend)
    return step


def _build(style) -> type[Draft]:
    config = style.config
    fields: dict[str, Any] = {}
    for feld in config.felder:
        fields[feld.schluessel] = _slot(value_type(feld), feld.pflicht and feld.standard is None,
                                        description=feld.beschriftung.rstrip(":"),
                                        title=feld.beschriftung)
    for section in config.abschnitte:
        if section.schluessel not in SECTIONS:
            fields[section.schluessel] = _slot(
                Text, section.pflicht, title=section.beschriftung,
                description=f"Abschnitt „{section.beschriftung.rstrip(':')}“")
    name = "".join(part.capitalize() for part in style.key.replace("-", "_").split("_"))
    felder = create_model(f"Felder{name}", __base__=Base, __doc__="Eigene Felder des "
                          f"Hausstils {config.name}.", **fields)
    overrides: dict[str, Any] = {
        key: _slot(BUILTIN_TYPES[key], required, description=Draft.model_fields[key].description)
        for key, required in config.pflichtfelder.items() if key != "finanzen"}
    overrides["finanzen"] = _finance_slot(config.finance_form,
                                          config.pflichtfelder.get("finanzen", False))
    # Validated also when absent, so a required declared field is reported as felder.<key>.
    overrides["beratungsfolge"] = (list[_beratung(config, name)], Field(
        default_factory=list, description=Draft.model_fields["beratungsfolge"].description))
    overrides["felder"] = (felder, Field(default_factory=dict, validate_default=True,
                                         description=(
        f"eigene Felder des Hausstils {config.name}" if fields else
        "eigene Felder eines Hausstils; dieser hat keine")))
    return create_model(f"Entwurf{name}", __base__=Draft, __doc__=Draft.__doc__, **overrides)
