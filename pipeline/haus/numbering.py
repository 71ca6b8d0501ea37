"""Numbering patterns: how a municipality writes its Vorlagennummern.

A pattern is text with placeholders, e.g. `{jahr}/{amt}/{lfd:03}` (Kempten, 2020/53/037),
`{lfd}/{wahlperiode}` (Bielefeld, 9921/2014-2020), `{gremium} {lfd}/{jahr}` (BSV 3/2017),
`{jahr}/{lfd:04}` (Bottrop, 2019/0850), `VO/{lfd:03}/{jahr}` (a fixed prefix) or
`{jahr}/{art}/{lfd}` (the Vorlagenart's code, 2021/BV/2114).
The sequence `lfd` runs per series: everything else the pattern prints (year, office, body,
election period) makes up the series, so a pattern with `{jahr}` restarts every year and one
with `{wahlperiode}` every election period. `zaehler` can set the scope explicitly when the
restarting part is not printed. Follow-up versions use `folge`, e.g. `{nummer}-{version}`.

A Wahlperiode or a Vorlagenart's code is read back only as one of the names the house style
declares (`V`, `VII`, `04-09`, `2014-2020`), so every number the tool issues can be typed
back, and `1/VII` never reads as period `I` of something else.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

FIELDS = {
    "jahr": r"\d{4}",
    "jahr2": r"\d{2}",
    "amt": r"[^\s/]+?",
    "gremium": r"[^\s/]+?",
    "wahlperiode": r"[^\s/]+?",  # without declared names; see Pattern.wahlperioden
    "art": r"[^\s/]+?",
    "lfd": r"\d+",
}
SCOPES = ("auto", "jahr", "wahlperiode", "fortlaufend")


class PatternError(ValueError):
    pass


@dataclass(frozen=True)
class Placeholder:
    name: str
    width: int  # zero-padding width of lfd, 0 for none


@dataclass(frozen=True)
class Reading:
    """A typed number as the pattern reads it; `herkunft` as the register records it."""

    herkunft: str  # entwurf (fits the pattern), entwurf_folge or frueher (fits nothing)
    nummer: str
    values: dict = field(default_factory=dict)  # what the pattern printed (entwurf)
    lfd: int = 0
    basis: str | None = None  # entwurf_folge: the base number and the version
    version: int = 0


@dataclass(frozen=True)
class Pattern:
    text: str
    scope: str = "auto"
    follow_up: str = "{nummer}-{version}"
    # The names `{wahlperiode}` and `{art}` stand for (haus.yaml `wahlperioden`, the
    # Vorlagenarten' `kuerzel`): a number is read back only with one of them.
    wahlperioden: tuple[str, ...] = ()
    arten: tuple[str, ...] = ()

    def __post_init__(self):
        _ = self.parts  # validates the pattern when it is created
        if self.scope not in SCOPES:
            raise PatternError(f"unbekannter Zähler „{self.scope}“; erlaubt: {', '.join(SCOPES)}")
        follow = [f for _, f, _, _ in string.Formatter().parse(self.follow_up) if f]
        if set(follow) != {"nummer", "version"}:
            raise PatternError("Folgenummer braucht genau {nummer} und {version}, z. B. "
                               "„{nummer}-{version}“")

    @cached_property
    def parts(self) -> list:
        """The pattern as literal text and placeholders, parsed (and checked) once."""
        parts: list = []
        try:
            parsed = list(string.Formatter().parse(self.text))
        except ValueError as exc:
            raise PatternError(f"Nummernschema „{self.text}“ ist fehlerhaft: geschweifte "
                               f"Klammern prüfen ({exc})") from None
        for literal, name, spec, conversion in parsed:
            if literal:
                parts.append(literal)
            if name is None:
                continue
            if name not in FIELDS:
                raise PatternError(f"unbekannter Platzhalter {{{name}}} im Nummernschema; "
                                   f"erlaubt: {', '.join('{' + f + '}' for f in FIELDS)}")
            if conversion:
                raise PatternError(f"Platzhalter {{{name}}}: „!{conversion}“ ist nicht erlaubt")
            width = 0
            if spec:
                if name != "lfd" or not re.fullmatch(r"0?\d", spec):
                    raise PatternError(f"Platzhalter {{{name}:{spec}}}: nur {{lfd}} kann eine "
                                       "Stellenzahl haben, z. B. {lfd:03}")
                width = int(spec)
            parts.append(Placeholder(name, width))
        names = [p.name for p in parts if isinstance(p, Placeholder)]
        if names.count("lfd") != 1:
            raise PatternError("Nummernschema braucht genau einen Platzhalter {lfd} für die "
                               "laufende Nummer")
        if len(set(names)) != len(names):
            raise PatternError("Nummernschema enthält einen Platzhalter doppelt")
        return parts

    @cached_property
    def names(self) -> set[str]:
        return {p.name for p in self.parts if isinstance(p, Placeholder)}

    def format(self, values: dict, lfd: int | str) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part.name == "lfd":
                out.append(lfd if isinstance(lfd, str) else f"{lfd:0{part.width}d}"
                           if part.width else str(lfd))
            else:
                out.append(str(values[part.name]))
        return "".join(out)

    def placeholder_number(self, values: dict) -> str:
        """A provisional number for drafts: the sequence shown as X."""
        width = next(p.width for p in self.parts
                     if isinstance(p, Placeholder) and p.name == "lfd") or 3
        return self.format(values, "X" * width)

    def series(self, values: dict) -> str:
        """The series a number belongs to; its sequence counts within it."""
        key = self.format(values, "#")
        scope = self.scope
        if scope == "jahr" and "jahr" not in self.names and "jahr2" not in self.names:
            key = f"{values['jahr']}|{key}"
        elif scope == "wahlperiode" and "wahlperiode" not in self.names:
            key = f"{values['wahlperiode']}|{key}"
        return key

    def _field(self, name: str) -> str:
        names = {"wahlperiode": self.wahlperioden, "art": self.arten}.get(name)
        if not names:
            return FIELDS[name]
        return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))

    @cached_property
    def _regex(self) -> re.Pattern:
        return re.compile("".join(
            re.escape(p) if isinstance(p, str) else f"(?P<{p.name}>{self._field(p.name)})"
            for p in self.parts))

    def parse(self, number: str) -> tuple[dict, int] | None:
        """Reads a number back into its fields and sequence, or None when it does not fit."""
        match = self._regex.fullmatch(number.strip())
        if not match:
            return None
        values = match.groupdict()
        return values, int(values.pop("lfd"))

    def follow_up_number(self, base: str, version: int) -> str:
        return self.follow_up.format(nummer=base, version=version)

    def parse_follow_up(self, number: str) -> tuple[str, int] | None:
        """(base, version) of a follow-up number as `folge` writes it (2015/0288-1), or
        None. The base is the longest that fits, so `2015/0288-1-2` is version 2 of
        `2015/0288-1`; whether the base is a Vorlage is for the caller to ask."""
        regex = "".join(
            re.escape(literal) + {"nummer": "(?P<nummer>.+)", "version": r"(?P<version>\d+)",
                                  None: ""}[name]
            for literal, name, _, _ in string.Formatter().parse(self.follow_up))
        match = re.fullmatch(regex, number.strip())
        if not match or int(match["version"]) < 1:
            return None
        return match["nummer"], int(match["version"])

    def read(self, number: str, bezug: str | None = None) -> Reading:
        """What a typed number is: one of this pattern, a follow-up (`folge` applied to a
        number of the pattern, or to the draft's `bezug`), or a number from before the tool
        that fits neither. A follow-up's base must fit or be named, so that `VO-2011-42`
        of an old scheme is not read as version 42 of `VO-2011`."""
        parsed = self.parse(number)
        if parsed is not None:
            return Reading("entwurf", number.strip(), parsed[0], parsed[1])
        follow = self.parse_follow_up(number)
        if follow is not None and (follow[0] == bezug or self.parse(follow[0]) is not None):
            return Reading("entwurf_folge", number.strip(), basis=follow[0], version=follow[1])
        return Reading("frueher", number.strip())

    def needed_values(self) -> set[str]:
        needed = self.names - {"lfd"}
        if self.scope == "jahr":
            needed.add("jahr")
        if self.scope == "wahlperiode":
            needed.add("wahlperiode")
        return needed


@dataclass(frozen=True)
class Wahlperiode:
    name: str
    von: date
    bis: date


def number_values(*, datum: date, amt: str | None, gremium: str | None,
                  wahlperioden: list[Wahlperiode], art: str | None = None) -> dict:
    """The values a pattern may print, for a Vorlage dated `datum`."""
    values = {"jahr": f"{datum.year:04d}", "jahr2": f"{datum.year % 100:02d}"}
    if amt:
        values["amt"] = amt
    if gremium:
        values["gremium"] = gremium
    if art:
        values["art"] = art
    for period in wahlperioden:
        if period.von <= datum <= period.bis:
            values["wahlperiode"] = period.name
    return values


WORDING_FIELDS = ("version", "bezug")


def checked_wording(text: str | None) -> str | None:
    """A follow-up line's wording (`bezug_text`): only {version} and {bezug} as placeholders
    (pydantic reports the ValueError at the key's line)."""
    if text is None:
        return None
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValueError(f"„{text}“: geschweifte Klammern prüfen") from None
    unknown = [n for n in names if n not in WORDING_FIELDS]
    if unknown:
        raise ValueError(f"unbekannter Platzhalter {{{unknown[0]}}}; erlaubt: {{version}} "
                         "(die wievielte Folgevorlage) und {bezug} (Nummer der Vorlage)")
    return text


def follow_up_line(text: str, base: str, version: int) -> str:
    """The printed follow-up line; before the number is given, {version} prints X, as the
    provisional number does (2015/0288-X)."""
    return text.format(bezug=base, version=version or "X")
