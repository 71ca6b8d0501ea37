"""The project's list of Gremien (`gremien.yaml`): each body's name as printed, its short
name, the house styles it belongs to, and the deadline the Sitzungsdienst sets for it.

The list lies outside the house-style folders, so a new Ausschuss changes no style's
fingerprint (the build cache and the archive key on it). A style's own `gremien:` in haus.yaml
still count: an entry of the same name here adds to it (short name, deadline) and is no
double. What a Vorlage prints stays in haus.yaml: the `kuerzel` of numbers and tables.
An entry may list its members per Wahlperiode: the Sitzungsdienst picks a session's
attendance from them, and the votes of a session are checked against who was there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..errors import Problem, UserError, meinten_sie
from ..files import file_hash
from ..schema import Base, Datum, JaNein, Loaded, Text, load_yaml
from ..schema.validation import validate_parts
from .style import HouseStyle


ROLES = ("Vorsitz", "stellvertretender Vorsitz", "Mitglied", "beratendes Mitglied")


class Mitglied(Base):
    """Ein Mitglied des Gremiums in einer Wahlperiode."""

    name: Text = Field(description="Name, wie in der Niederschrift gedruckt, z. B. "
                                   "„Erika Mustermann“")
    fraktion: Text | None = Field(None, description="Fraktion oder Gruppe, z. B. SPD")
    rolle: Literal[ROLES] = Field(  # type: ignore[valid-type]
        "Mitglied", description=", ".join(ROLES[:-1]) + " oder " + ROLES[-1]
                                + "; ein beratendes Mitglied stimmt nicht mit ab")
    stellvertretend: JaNein = Field(False, description="ja: stellvertretendes Mitglied, "
                                                       "stimmt nur als Vertretung mit ab")

    @model_validator(mode="before")
    @classmethod
    def _chair(cls, data):
        # `vorsitz: ja` is the short form of `rolle: Vorsitz`.
        if isinstance(data, dict) and "vorsitz" in data and "rolle" not in data:
            data = dict(data)
            data["rolle"] = "Vorsitz" if data.pop("vorsitz") in (True, "ja", "Ja") \
                else "Mitglied"
        return data

    @property
    def votes(self) -> bool:
        return self.rolle != "beratendes Mitglied"


class Wahlperiode(Base):
    """Die Mitglieder eines Gremiums für eine Wahlperiode."""

    name: Text | None = Field(None, description="Bezeichnung, z. B. 2020–2025")
    von: Datum = Field(description="erster Tag der Wahlperiode")
    bis: Datum | None = Field(None, description="letzter Tag; ohne Angabe: läuft noch")
    mitglieder: list[Mitglied] = Field(default_factory=list, description="die Mitglieder")

    @model_validator(mode="after")
    def _ordered(self):
        if self.bis is not None and self.bis < self.von:
            raise ValueError("`bis` liegt vor `von`")
        return self

    def covers(self, day: date) -> bool:
        return self.von <= day and (self.bis is None or day <= self.bis)

    @property
    def label(self) -> str:
        return self.name or (f"{self.von:%d.%m.%Y}–{self.bis:%d.%m.%Y}" if self.bis
                             else f"ab {self.von:%d.%m.%Y}")

    def member(self, name: str) -> Mitglied | None:
        key = " ".join(name.split()).casefold()
        return next((m for m in self.mitglieder if " ".join(m.name.split()).casefold() == key),
                    None)


class GremiumEintrag(Base):
    """Ein Gremium der Gremienliste (gremien.yaml)."""

    name: Text = Field(description="Name, wie gedruckt und in der Beratungsfolge geschrieben, "
                                   "z. B. „Integrationsrat“")
    kurz: Text | None = Field(None, description="Kurzname für Listen und Auswahlfelder, z. B. "
                                                "Rat, HFA")
    hausstil: Text | list[Text] | None = Field(
        None, description="Hausstil(e), zu denen das Gremium gehört, z. B. bielefeld oder "
                          "[bielefeld, bielefeld-bv]; ohne Angabe: alle Hausstile des Projekts")
    frist_tage: int | None = Field(None, ge=0, description="Tage vor der Sitzung, bis zu denen "
                                                           "eine Vorlage final sein muss; "
                                                           "ohne Angabe die des Hausstils")
    klassifikation: Text | None = Field(
        None, description="Art des Gremiums für OParl, z. B. Hauptorgan, Ausschuss, Beirat, "
                          "Bezirksvertretung; ohne Angabe aus dem Namen abgeleitet")
    wahlperioden: list[Wahlperiode] = Field(
        default_factory=list, description="Mitglieder je Wahlperiode, z. B. [{von: "
                                          "01.11.2020, bis: 31.10.2025, mitglieder: [...]}]")

    def period(self, day: date) -> Wahlperiode | None:
        """The Wahlperiode a session on `day` belongs to."""
        return next((p for p in self.wahlperioden if p.covers(day)), None)

    @property
    def styles(self) -> tuple[str, ...] | None:
        """The house styles it belongs to; None: every style."""
        if self.hausstil is None:
            return None
        return (self.hausstil,) if isinstance(self.hausstil, str) else tuple(self.hausstil)

    def belongs_to(self, style_key: str) -> bool:
        return self.styles is None or style_key in self.styles


class GremienDatei(Base):
    """Die Gremien des Projekts: gegen diese Liste prüft `vorlage check` die Gremien der
    Beratungsfolge und der Sitzungsdateien; die Formulare bieten sie zur Auswahl an."""

    gremien: list[GremiumEintrag] = Field(default_factory=list,
                                          description="die Gremien, je mit Name und Kurzname")


@dataclass(frozen=True)
class KnownGremium:
    """One Gremium as a house style's drafts may name it: from gremien.yaml, haus.yaml or
    both."""

    name: str
    kurz: str | None = None
    frist_tage: int | None = None
    kuerzel: str | None = None  # haus.yaml's, for numbers and printed tables
    listed: bool = False        # in gremien.yaml, not only in haus.yaml

    @property
    def label(self) -> str:
        """How a choice shows it: „Integrationsrat (IR)“."""
        return f"{self.name} ({self.kurz})" if self.kurz and self.kurz != self.name \
            else self.name


@dataclass(frozen=True)
class GremienList:
    """gremien.yaml as loaded (`path` None: the project has none), read together with each
    house style's own Gremien."""

    path: Path | None = None
    entries: tuple[GremiumEintrag, ...] = ()

    def manages(self, style_key: str) -> bool:
        """Whether gremien.yaml lists Gremien for this style: then the list is complete and
        a Gremium outside it is an error; a haus.yaml list alone may be incomplete."""
        return any(e.belongs_to(style_key) for e in self.entries)

    def for_style(self, style: HouseStyle) -> list[KnownGremium]:
        """gremien.yaml's entries for the style in their order, then haus.yaml's others."""
        own = {g.name: g for g in style.config.gremien}
        out = []
        for entry in self.entries:
            if entry.belongs_to(style.key):
                g = own.pop(entry.name, None)
                frist = entry.frist_tage if entry.frist_tage is not None else (
                    g.frist_tage if g else None)
                out.append(KnownGremium(entry.name, entry.kurz, frist,
                                        g.kuerzel if g else None, True))
        out += [KnownGremium(g.name, None, g.frist_tage, g.kuerzel) for g in own.values()]
        return out

    def entry(self, style: HouseStyle, name: str) -> GremiumEintrag | None:
        """gremien.yaml's entry of this Gremium for the style (members, deadline)."""
        return next((e for e in self.entries if e.name == name and e.belongs_to(style.key)),
                    None)

    def find(self, style: HouseStyle, name: str) -> KnownGremium | None:
        return next((g for g in self.for_style(style) if g.name == name), None)

    def deadline_days(self, style: HouseStyle, name: str) -> int:
        """Days before a session of this Gremium by which its Vorlagen must be final."""
        known = self.find(style, name)
        if known and known.frist_tage is not None:
            return known.frist_tage
        return style.config.frist_tage

    def unknown(self, style: HouseStyle, name: str) -> tuple[str, str] | None:
        """(message, severity) when a draft or session of this style names a Gremium the
        list does not hold; None when it does, or when there is no list for the style."""
        known = self.for_style(style)
        if not known or any(g.name == name for g in known):
            return None
        # Case-insensitive, and a short name points to its Gremium: "hfa" → the HFA's name.
        spellings = {g.name.casefold(): g.name for g in known}
        spellings |= {g.kurz.casefold(): g.name for g in known
                      if g.kurz and g.kurz.casefold() not in spellings}
        close = get_close_matches(name.casefold(), list(spellings), n=1, cutoff=0.6)
        if close:
            hint = f"meinten Sie „{spellings[close[0]]}“?"
        else:
            where = "gremien.yaml" if self.manages(style.key) else \
                f"haus.yaml des Hausstils {style.key}"
            hint = f"bekannt sind: {', '.join(g.name for g in known)} ({where})"
        severity = "error" if self.manages(style.key) else "warning"
        return f"Gremium „{name}“ ist nicht bekannt; {hint}", severity


def load_gremien(path: Path,
                 styles: Iterable[str] | Callable[[], Iterable[str]]) -> GremienList:
    """gremien.yaml, validated; `styles` are the names of the project's house styles (or
    what gives them: asked only when the file is read). Raises UserError listing every
    mistake at its line. An absent file is an empty list."""
    path = Path(path)
    if not path.is_file():
        return GremienList()
    # By content: a server sees an edit at once and reads an unchanged file once (a check
    # asks for the list once per draft).
    key, digest = path.resolve(), file_hash(path)
    held = _LOADED.get(key)
    if held is None or held[0] != digest:
        names = styles() if callable(styles) else styles
        held = _LOADED[key] = (digest, _load(key, tuple(sorted(names))))
    return held[1]


_LOADED: dict[Path, tuple[str, GremienList]] = {}


def _load(path: Path, styles: tuple[str, ...]) -> GremienList:
    loaded = load_yaml(path, "Gremienliste")
    # Like haus.yaml: the entries that validate are checked too, so one pass shows all.
    data, part, problems, _ = validate_parts(loaded, GremienDatei, {})
    if data is not None:
        problems = problems + _style_problems(data, part, styles) + _doubled(data, part) \
            + _member_problems(data, part)
    if problems or data is None:
        raise UserError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return GremienList(path, tuple(data.gremien))


def _style_problems(data: GremienDatei, loaded: Loaded, styles: tuple[str, ...]):
    out = []
    for i, entry in enumerate(data.gremien):
        for j, key in enumerate(entry.styles or ()):
            if key not in styles:
                loc = ("gremien", i, "hausstil") + ((j,) if isinstance(entry.hausstil, list)
                                                     else ())
                hint = meinten_sie(key, styles, cutoff=0.8)
                out.append(loaded.problem(loc, f"Hausstil „{key}“ gibt es nicht; "
                                               f"{hint + ' ' if hint else ''}vorhanden: "
                                               f"{', '.join(styles) or 'keine'}"))
    return out


def _doubled(data: GremienDatei, loaded: Loaded) -> list[Problem]:
    """A name or short name twice among the Gremien of one house style, at the second; an
    entry for every style meets every other entry."""
    out = []
    for field_name, what in (("name", "Name"), ("kurz", "Kurzname")):
        seen: list[tuple[str, GremiumEintrag, int]] = []
        for i, entry in enumerate(data.gremien):
            value = getattr(entry, field_name)
            if value is None:
                continue
            key = " ".join(value.split()).casefold()
            first = next((j for k, other, j in seen if k == key and _overlap(entry, other)),
                         None)
            if first is not None:
                line = loaded.where(("gremien", first, field_name))
                at = f" (wie in Zeile {line.line})" if line else ""
                out.append(loaded.problem(("gremien", i, field_name),
                                          f"{what} „{value}“ gibt es schon{at}; jedes Gremium "
                                          "steht einmal in der Liste"))
            seen.append((key, entry, i))
    return out


def _overlap(one: GremiumEintrag, other: GremiumEintrag) -> bool:
    if one.styles is None or other.styles is None:
        return True
    return bool(set(one.styles) & set(other.styles))


def _member_problems(data: GremienDatei, loaded: Loaded) -> list[Problem]:
    """Wahlperioden of one Gremium that overlap, and a member named twice in one."""
    out = []
    for i, entry in enumerate(data.gremien):
        periods = entry.wahlperioden
        for j, period in enumerate(periods):
            earlier = next((k for k, o in enumerate(periods[:j])
                            if o.covers(period.von) or period.covers(o.von)), None)
            if earlier is not None:
                out.append(loaded.problem(("gremien", i, "wahlperioden", j, "von"),
                                          f"überschneidet sich mit der Wahlperiode "
                                          f"{periods[earlier].label}"))
            names: set[str] = set()
            for k, member in enumerate(period.mitglieder):
                key = " ".join(member.name.split()).casefold()
                if key in names:
                    out.append(loaded.problem(
                        ("gremien", i, "wahlperioden", j, "mitglieder", k, "name"),
                        f"„{member.name}“ steht schon in dieser Wahlperiode"))
                names.add(key)
    return out
