"""Numbering patterns: how a municipality writes its Vorlagennummern.

A pattern is text with placeholders, e.g. `{jahr}/{amt}/{lfd:03}` (Kempten, 2020/53/037),
`{lfd}/{wahlperiode}` (Bielefeld, 9921/2014-2020), `{gremium} {lfd}/{jahr}` (BSV 3/2017),
`{jahr}/{lfd:04}` (Bottrop, 2019/0850) or `VO/{lfd:03}/{jahr}` (a fixed prefix).
The sequence `lfd` runs per series: everything else the pattern prints (year, office, body,
election period) makes up the series, so a pattern with `{jahr}` restarts every year and one
with `{wahlperiode}` every election period. `zaehler` can set the scope explicitly when the
restarting part is not printed. Follow-up versions use `folge`, e.g. `{nummer}-{version}`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cached_property
from datetime import date

FIELDS = {
    "jahr": r"\d{4}",
    "jahr2": r"\d{2}",
    "amt": r"[^\s/]+?",
    "gremium": r"[^\s/]+?",
    "wahlperiode": r"\d{4}-\d{4}",
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
class Pattern:
    text: str
    scope: str = "auto"
    follow_up: str = "{nummer}-{version}"

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

    def parse(self, number: str) -> tuple[dict, int] | None:
        """Reads a number back into its fields and sequence, or None when it does not fit."""
        regex = "".join(
            re.escape(p) if isinstance(p, str) else f"(?P<{p.name}>{FIELDS[p.name]})"
            for p in self.parts)
        match = re.fullmatch(regex, number.strip())
        if not match:
            return None
        values = match.groupdict()
        return values, int(values.pop("lfd"))

    def follow_up_number(self, base: str, version: int) -> str:
        return self.follow_up.format(nummer=base, version=version)

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
                  wahlperioden: list[Wahlperiode]) -> dict:
    """The values a pattern may print, for a Vorlage dated `datum`."""
    values = {"jahr": f"{datum.year:04d}", "jahr2": f"{datum.year % 100:02d}"}
    if amt:
        values["amt"] = amt
    if gremium:
        values["gremium"] = gremium
    for period in wahlperioden:
        if period.von <= datum <= period.bis:
            values["wahlperiode"] = period.name
    return values
