"""The arithmetic a finance form declares: sums and differences of amounts, and checks that
compare two of them. Parsed here, never evaluated by Python's `eval`.

    bedarf - haushaltsansatz - zusaetzliche_einnahmen
    teilergebnisplaene.mehraufwand.betrag[jahr]
    erhoehung.betrag = deckung.betrag

A name is a path of row keys. A path through a repeating group adds up every entry; `[x]`
after it keeps only the entries whose year (the group's `jahr:` row) equals the value of `x`.
Names are looked up in the entry being computed first, then outwards to the whole form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

COMPARISONS = {"=": "gleich", "!=": "ungleich", "<": "kleiner als", "<=": "höchstens",
               ">": "größer als", ">=": "mindestens"}
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:[.,]\d+)?)"
                    r"|(?P<name>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)|(?P<bracket>[\[\]])|(?P<cmp><=|>=|!=|=|<|>)|(?P<sign>[+-]))")


class FormulaError(ValueError):
    """A formula that cannot be read; the message is German and names the place."""


@dataclass(frozen=True)
class Term:
    sign: int                    # +1 or -1
    name: str | None             # a path of keys, or None for a number
    number: Decimal | None = None
    year: str | None = None      # the path in [..]: only entries of that year

    @property
    def path(self) -> list[str]:
        return self.name.split(".") if self.name else []


@dataclass(frozen=True)
class Expression:
    text: str
    terms: tuple[Term, ...]

    def names(self) -> list[str]:
        return [n for t in self.terms for n in (t.name, t.year) if n]


@dataclass(frozen=True)
class Condition:
    text: str
    left: Expression
    op: str
    right: Expression

    def holds(self, a, b) -> bool:
        if (a is None or b is None) and not isinstance(a if b is None else b, Decimal):
            return True  # a date or year not given: nothing to compare
        a = Decimal(0) if a is None else a
        b = Decimal(0) if b is None else b
        return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
                ">=": a >= b}[self.op]


def _tokens(text: str):
    pos, out = 0, []
    while pos < len(text):
        if not text[pos:].strip():
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise FormulaError(f"„{text}“: unerwartetes Zeichen „{text[pos:].strip()[0]}“ "
                               f"an Stelle {pos + 1}; erlaubt sind Schlüssel, Zahlen, + und -")
        out.append((match.lastgroup, match.group(match.lastgroup)))
        pos = match.end()
    return out


def parse_expression(text: str, tokens=None) -> Expression:
    tokens = list(_tokens(text)) if tokens is None else tokens
    terms, sign, expect_term = [], 1, True
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if expect_term and kind == "sign":
            sign = -sign if value == "-" else sign
        elif expect_term and kind in ("name", "num"):
            year = None
            if tokens[i + 1:i + 2] == [("bracket", "[")]:
                if i + 3 >= len(tokens) or tokens[i + 2][0] != "name" \
                        or tokens[i + 3] != ("bracket", "]"):
                    raise FormulaError(f"„{text}“: nach „[“ erwartet ein Schlüssel und „]“")
                year = tokens[i + 2][1]
                i += 3
            if kind == "num":
                terms.append(Term(sign, None, Decimal(value.replace(",", "."))))
            else:
                terms.append(Term(sign, value, year=year))
            sign, expect_term = 1, False
        elif not expect_term and kind == "sign":
            sign, expect_term = (-1 if value == "-" else 1), True
        else:
            raise FormulaError(f"„{text}“: „{value}“ steht an falscher Stelle")
        i += 1
    if expect_term:
        raise FormulaError(f"„{text}“: unvollständig, nach „+“ oder „-“ fehlt ein Wert"
                           if terms else f"„{text}“ ist leer")
    return Expression(text.strip(), tuple(terms))


def parse_condition(text: str) -> Condition:
    tokens = _tokens(text)
    cut = [i for i, (kind, _) in enumerate(tokens) if kind == "cmp"]
    if len(cut) != 1:
        raise FormulaError(f"„{text}“: eine Prüfung vergleicht zwei Seiten mit genau einem "
                           "von =, !=, <, <=, >, >=")
    i = cut[0]
    return Condition(text.strip(), parse_expression(text, tokens[:i]), tokens[i][1],
                     parse_expression(text, tokens[i + 1:]))


# --- evaluation over validated values -----------------------------------------------------
#
# Values are plain dicts as the model dumps them; a scope is the chain of dicts from the
# form's root to the entry being computed, each with its declaration (see finance_form).


ANY_YEAR = object()  # no [..] after a name: entries of every year


def year_of(value) -> int | None:
    if isinstance(value, date):
        return value.year
    return int(value) if value is not None else None


def evaluate(expr: Expression, scope: list[tuple], lookup) -> Decimal | date | int | None:
    """The value of an expression: None when every named value is empty. `lookup(name,
    scope, year)` gives (the non-empty values, whether any) for one name, of entries of
    `year` only unless it is ANY_YEAR."""
    total, found = Decimal(0), False
    for term in expr.terms:
        if term.name is None:
            total += term.sign * term.number
            found = True
            continue
        year = ANY_YEAR
        if term.year:
            year_values, _ = lookup(term.year, scope, ANY_YEAR)
            year = year_of(year_values[0]) if year_values else None
        values, present = lookup(term.name, scope, year)
        if not present:
            continue
        if len(expr.terms) == 1 and len(values) == 1 and not isinstance(values[0], Decimal):
            return values[0]  # a date or year, compared as it is
        found = True
        total += term.sign * sum((Decimal(v) for v in values), Decimal(0))
    return total if found else None
