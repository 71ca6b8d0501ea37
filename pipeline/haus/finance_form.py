"""A finance form ("Finanzielle Auswirkungen") as a house style declares it under `finanzen:`
in haus.yaml: rows of a kind, groups that repeat, rows computed by declared sums and
differences, and checks. Every form, the bundled one included, is read by this one engine.

The declaration is checked when the house style is read: every name in a formula must be a
row of the form, an amount where arithmetic is done; so a draft never meets a broken form.
"""

from __future__ import annotations

import copy
import functools
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, field_validator, model_validator

from ..schema import Base, JaNein, Text
from .declared import _key
from .formulas import (ANY_YEAR, COMPARISONS, Condition, Expression, FormulaError, evaluate,
                       parse_condition, parse_expression, year_of)

ROW_KINDS = ("betrag", "zahl", "text", "markdown", "konto", "janein", "ankreuzen", "jahr",
             "datum", "gruppe", "jahre")
NUMERIC = ("betrag", "zahl")
ACCOUNTS = ("kostenstelle", "produkt", "sachkonto", "kostentraeger", "investitionsnummer",
            "haushaltsstelle")
PLACES = ("finanzen", "beschlusspunkt", "keiner")
DEFAULT_FORM = Path(__file__).with_name("finanzformular.yaml")
BUNDLED = Path(__file__).with_name("styles")


class Pruefung(Base):
    """Eine Prüfung: zwei Seiten, verglichen; sie gilt je Eintrag der Gruppe, in der sie steht."""

    bedingung: Text = Field(description="z. B. „erhoehung.betrag = deckung.betrag“ oder "
                                        "„rest >= 0“; Vergleiche: =, !=, <, <=, >, >=")
    meldung: Text | None = Field(None, description="Meldung, wenn die Bedingung nicht gilt; "
                                                   "{links}, {rechts} und {schluessel} werden "
                                                   "eingesetzt")
    ort: Text | None = Field(None, description="Schlüssel, an dessen Zeile die Meldung steht; "
                                               "ohne Angabe der erste Name links")
    art: Literal["fehler", "warnung"] = Field("fehler", description="fehler oder warnung")

    @property
    def condition(self) -> Condition:
        return parse_condition(self.bedingung)


class Spalte(Base):
    beschriftung: Text = Field(description="Spaltenkopf, z. B. Mehraufwand")
    formel: Text = Field(description="Summe je Jahr, z. B. „plaene.betrag[jahr]“")


class Zeile(Base):
    """Eine Zeile des Formulars, eine Gruppe von Zeilen oder eine Jahresübersicht."""

    schluessel: Text = Field(description="Schlüssel im Entwurf unter `finanzen:`")
    beschriftung: Text = Field(description="gedruckte Beschriftung")
    typ: Literal[ROW_KINDS] = Field(  # type: ignore[valid-type]
        "text", description="betrag, zahl, text, markdown, konto, janein, ankreuzen, jahr, "
                            "datum, gruppe oder jahre")
    pflicht: JaNein = Field(False, description="ja = muss im Entwurf stehen")
    standard: object = Field(None, description="Wert ohne Angabe im Entwurf")
    liste: JaNein = Field(False, description="bei text: mehrere Einträge")
    formel: Text | None = Field(None, description="berechnete Zeile: Summen und Differenzen, "
                                                  "z. B. „bedarf - haushaltsansatz“; nie im "
                                                  "Entwurf")
    untergrenze: Decimal | None = Field(None, description="berechnet nie kleiner als das, "
                                                          "z. B. 0")
    konto: Literal[ACCOUNTS] | None = Field(  # type: ignore[valid-type]
        None, description="bei konto: kostenstelle, produkt, sachkonto, …")
    format: Text | None = Field(None, description="bei zahl: Babel-Muster, z. B. #,##0.0#")
    hilfe: Text | None = Field(None, description="Hilfe im Formular")
    leer_zeigen: JaNein | Literal["ohne_auswirkungen"] = Field(
        False, description="ja = auch leer gedruckt; ohne_auswirkungen = leer gedruckt, wenn "
                           "die Vorlage keine finanziellen Auswirkungen hat")
    druck: Literal["zeile", "absatz", "tabelle", "saetze"] | None = Field(
        None, description="zeile (Beschriftung: Wert), absatz (nur der Text), tabelle, "
                          "saetze (nach `satz`)")
    ort: Literal[PLACES] = Field(  # type: ignore[valid-type]
        "finanzen", description="finanzen (im Abschnitt), beschlusspunkt (unter einem Punkt "
                                "mit `finanzen: ja`) oder keiner")
    abschnitt: Text | None = Field(None, description="mitgelieferter Abschnitt, der die Zeile "
                                                     "druckt, wenn der Hausstil ihn ordnet")
    felder: list[Zeile] = Field(default_factory=list, description="bei gruppe: ihre Zeilen")
    wiederholt: JaNein = Field(False, description="bei gruppe: beliebig viele Einträge")
    mindestens: int = Field(0, ge=0, description="bei wiederholt: so viele Einträge mindestens")
    kurzform: Text | None = Field(None, description="bei wiederholt: ein einzelner Wert steht "
                                                    "für einen Eintrag mit diesem Schlüssel")
    jahr: Text | None = Field(None, description="bei wiederholt: die Zeile mit dem Jahr des "
                                                "Eintrags (jahr oder datum), für [..] in "
                                                "Formeln")
    satz: Text | None = Field(None, description="bei saetze: Text je Eintrag mit "
                                                "{{ schluessel }}; jede Zeile ein Absatz")
    ueberschrift: Text | None = Field(None, description="bei saetze: Zeile, deren Wert fett "
                                                        "darüber steht, wenn er wechselt")
    pruefungen: list[Pruefung] = Field(default_factory=list,
                                       description="Prüfungen je Eintrag dieser Gruppe")
    spalten: list[Spalte] = Field(default_factory=list,
                                  description="bei jahre: die Spalten")

    _check_key = field_validator("schluessel")(_key)

    @property
    def computed(self) -> bool:
        return self.formel is not None

    @property
    def numeric(self) -> bool:
        return self.typ in NUMERIC or self.computed

    @property
    def printing(self) -> str:
        if self.druck:
            return self.druck
        return "tabelle" if self.typ in ("gruppe", "jahre") else (
            "absatz" if self.typ == "markdown" else "zeile")

    def row(self, key: str) -> Zeile | None:
        return next((r for r in self.felder if r.schluessel == key), None)

    @model_validator(mode="after")
    def _consistent(self):
        group = self.typ == "gruppe"
        if self.felder and not group:
            raise ValueError("`felder` nur bei typ: gruppe")
        if group and not self.felder:
            raise ValueError("eine Gruppe braucht `felder`")
        if (self.wiederholt or self.kurzform or self.jahr) and not group:
            raise ValueError("`wiederholt`, `kurzform` und `jahr` nur bei typ: gruppe")
        if self.typ == "jahre" and not self.spalten:
            raise ValueError("eine Jahresübersicht braucht `spalten`")
        if self.formel is not None and self.typ not in NUMERIC:
            raise ValueError("eine berechnete Zeile ist ein betrag oder eine zahl")
        if self.printing == "saetze" and not self.satz:
            raise ValueError("druck: saetze braucht `satz`")
        keys = [r.schluessel for r in self.felder]
        doubled = sorted({k for k in keys if keys.count(k) > 1})
        if doubled:
            raise ValueError(f"Schlüssel doppelt: {', '.join(doubled)}")
        for key in (self.kurzform, self.jahr, self.ueberschrift):
            if key and self.row(key) is None:
                raise ValueError(f"„{key}“ ist keine Zeile dieser Gruppe")
        if self.jahr and self.row(self.jahr).typ not in ("jahr", "datum"):
            raise ValueError(f"`jahr: {self.jahr}` muss eine Zeile vom typ jahr oder datum sein")
        return self


Zeile.model_rebuild()


class Finanzformular(Base):
    """Der Block „Finanzielle Auswirkungen“ eines Hausstils."""

    auswirkungen: Text = Field(
        "auswirkungen", description="Schlüssel der ja/nein-Zeile „finanzielle Auswirkungen“, "
                                    "nach der sich z. B. die Mitzeichnung der Kämmerei richtet")
    felder: list[Zeile] = Field(min_length=1, description="Zeilen und Gruppen, in der "
                                                          "Reihenfolge des Drucks")
    pruefungen: list[Pruefung] = Field(default_factory=list, description="Prüfungen über das "
                                                                         "ganze Formular")

    def keys(self) -> list[str]:
        """Every row key of the form, nested ones included."""
        return [row.schluessel for scope in groups(self.root) for row in scope[-1].felder]

    def rows(self, where: str) -> list[Zeile]:
        """The top-level rows printed at a place: finanzen, beschlusspunkt."""
        return [row for row in self.felder if row.ort == where]

    @model_validator(mode="before")
    @classmethod
    def _taken(cls, data):
        """`{aus: bielefeld}` takes a bundled style's whole form, and an entry `{aus:
        bielefeld, schluessel: teilergebnisplaene}` one of its rows."""
        if not isinstance(data, dict):
            return data
        if "aus" in data:
            own = {k: v for k, v in data.items() if k != "aus"}
            return {**bundled_form(data["aus"]), **own}
        if isinstance(data.get("felder"), list):
            data = {**data, "felder": [_taken_row(row) for row in data["felder"]]}
        return data

    @functools.cached_property
    def root(self) -> Zeile:
        return Zeile(schluessel="finanzen", beschriftung="Finanzen", typ="gruppe",
                     felder=self.felder, pruefungen=self.pruefungen)

    @model_validator(mode="after")
    def _formulas(self):
        row = self.root.row(self.auswirkungen)
        if row is None or row.typ not in ("janein", "ankreuzen"):
            raise ValueError(f"`auswirkungen: {self.auswirkungen}` muss eine ja/nein-Zeile "
                                 "des Formulars nennen")
        for scope in groups(self.root):
            group = scope[-1]
            for row in group.felder:
                if row.formel:
                    _numeric(parse_formula(row.formel), scope, f"formel von {row.schluessel}")
                if row.typ == "jahre":
                    years = [*scope, _year_scope(row)]
                    for column in row.spalten:
                        _numeric(parse_formula(column.formel), years,
                                 f"Spalte {column.beschriftung}")
            for check in group.pruefungen:
                try:
                    condition = check.condition
                except FormulaError as exc:
                    raise ValueError(str(exc)) from None
                for side in (condition.left, condition.right):
                    _known(side, scope, check.bedingung)
                if check.ort:
                    resolve(check.ort, scope)
        return self


def bundled_form(style: str) -> dict:
    """A bundled house style's finance form as written in its haus.yaml."""
    form = _bundled_forms().get(str(style))
    if form is None:
        raise ValueError(f"`aus: {style}`: kein mitgeliefertes Finanzformular; es gibt "
                         f"{', '.join(sorted(_bundled_forms()))}")
    return copy.deepcopy(form)  # the caller's merge must not reach the cached original


@functools.cache
def _bundled_forms() -> dict[str, dict]:
    """The bundled styles' own forms, read once per process: the default form takes its rows
    from them, and every `vorlage` run loads the default form."""
    out = {}
    for path in sorted(BUNDLED.glob("*/haus.yaml")):
        form = (_read_yaml(path) or {}).get("finanzen")
        if isinstance(form, dict) and "aus" not in form:
            out[path.parent.name] = form
    return out


def _read_yaml(path: Path):
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _taken_row(row):
    if not (isinstance(row, dict) and "aus" in row):
        return row
    key = row.get("schluessel")
    found = next((r for r in bundled_form(row["aus"]).get("felder", [])
                  if isinstance(r, dict) and r.get("schluessel") == key), None)
    if found is None:
        raise ValueError(f"das Finanzformular von {row['aus']} hat keine Zeile „{key}“")
    return {**found, **{k: v for k, v in row.items() if k != "aus"}}


def parse_formula(text: str) -> Expression:
    try:
        return parse_expression(text)
    except FormulaError as exc:
        raise ValueError(str(exc)) from None


def groups(group: Zeile, scope: tuple = ()):
    """Every group of the form with its enclosing groups, outermost first."""
    scope = (*scope, group)
    yield scope
    for row in group.felder:
        if row.typ == "gruppe":
            yield from groups(row, scope)


def _year_scope(row: Zeile) -> Zeile:
    return Zeile(schluessel=row.schluessel, beschriftung=row.beschriftung, typ="gruppe",
                 felder=[Zeile(schluessel="jahr", beschriftung="Haushaltsjahr", typ="jahr")])


def resolve(name: str, scope) -> tuple[int, list[Zeile]]:
    """Where a name points: the index of the scope it starts in, and the rows on its path."""
    keys = name.split(".")
    for depth in range(len(scope) - 1, -1, -1):
        chain, group = [], scope[depth]
        for key in keys:
            row = group.row(key) if group.typ == "gruppe" else None
            if row is None:
                break
            chain.append(row)
            group = row
        else:
            return depth, chain
    raise ValueError(f"„{name}“ ist keine Zeile des Formulars")


def _known(expr: Expression, scope, where: str):
    for term in expr.terms:
        if term.name:
            _, chain = resolve(term.name, scope)
            if chain[-1].typ in ("gruppe", "jahre"):
                raise ValueError(f"{where}: „{term.name}“ ist eine Gruppe, keine Zeile")
        if term.year:
            _filtered(term, scope)
            resolve(term.year, scope)


def _numeric(expr: Expression, scope, where: str):
    _known(expr, scope, where)
    for term in expr.terms:
        if term.name and not resolve(term.name, scope)[1][-1].numeric:
            raise ValueError(f"{where}: „{term.name}“ ist kein Betrag und keine Zahl")


def _filtered(term, scope) -> Zeile:
    """The repeating group whose entries `[..]` filters: the innermost one with `jahr:`."""
    _, chain = resolve(term.name, scope)
    dated = [row for row in chain if row.wiederholt and row.jahr]
    if not dated:
        raise ValueError(f"„{term.name}[{term.year}]“: keine wiederholte Gruppe auf dem Weg "
                         "nennt ihr Jahr (`jahr:`)")
    return dated[-1]


@functools.cache
def default_form() -> Finanzformular:
    """The bundled form, for house styles that declare none."""
    return Finanzformular.model_validate(_read_yaml(DEFAULT_FORM))


_SAMPLES = {"betrag": "1000", "zahl": "1", "text": "Beispiel", "markdown": "Ein **Beispiel**.",
            "konto": "11.01", "janein": True, "ankreuzen": True, "jahr": 2024,
            "datum": "01.02.2024"}


def sample_values(group: Zeile) -> dict:
    """A value in every row a draft types, as a draft writes it: for `templates check`."""
    out = {}
    for row in group.felder:
        if row.computed or row.typ == "jahre":
            continue
        if row.typ == "gruppe":
            out[row.schluessel] = [sample_values(row)] if row.wiederholt else sample_values(row)
        else:
            out[row.schluessel] = [_SAMPLES[row.typ]] if row.liste else _SAMPLES[row.typ]
    return out


# --- computing ----------------------------------------------------------------------------


class Scope(list):
    """The chain from the form to one entry: (group, values, place in the draft) each."""

    @property
    def groups(self):
        return [group for group, _, _ in self]


def lookup(name: str, scope: Scope, year=ANY_YEAR):
    """The non-empty values a name stands for in `scope`, of entries of `year` only."""
    depth, chain = resolve(name, scope.groups)
    filtered = None
    if year is not ANY_YEAR:
        filtered = [row for row in chain if row.wiederholt and row.jahr][-1]
    current = [scope[depth][1]]
    for row in chain:
        nxt = []
        for values in current:
            value = values.get(row.schluessel) if isinstance(values, dict) else None
            if value is None:
                continue
            if row.wiederholt:
                entries = value
                if row is filtered:
                    entries = [e for e in entries if year_of(e.get(row.jahr)) == year]
                nxt.extend(entries)
            elif row.liste:
                nxt.extend(value)
            else:
                nxt.append(value)
        current = nxt
    return current, bool(current)


def place(name: str, scope: Scope) -> tuple:
    """Where a name stands in the draft, for a message: down to the first repeating list."""
    depth, chain = resolve(name, scope.groups)
    path, values = scope[depth][2], scope[depth][1]
    for row in chain:
        path = (*path, row.schluessel)
        values = values.get(row.schluessel) if isinstance(values, dict) else None
        if row.wiederholt or values is None:
            break
    return path


def years(row: Zeile, scope: Scope) -> list[int]:
    """The years a Jahresübersicht has a line for: of every entry its columns add up."""
    found: set[int] = set()
    inner = [*scope.groups, _year_scope(row)]
    for column in row.spalten:
        for term in parse_expression(column.formel).terms:
            if not term.year:
                continue
            group = _filtered(term, inner)
            prefix = term.name.split(".")
            prefix = prefix[:prefix.index(group.schluessel) + 1]
            entries, _ = lookup(".".join(prefix), scope)
            found |= {year_of(e.get(group.jahr)) for e in entries if e.get(group.jahr)}
    return sorted(found)


def year_line(row: Zeile, scope: Scope, year: int) -> list:
    inner = Scope([*scope, (_year_scope(row), {"jahr": year}, scope[-1][2])])
    return [evaluate(parse_expression(c.formel), inner, lookup) for c in row.spalten]


def plain(value):
    """A validated model as plain dicts and lists, keeping dates and Decimals (a dump
    would turn them into text)."""
    if isinstance(value, BaseModel):
        return {key: plain(getattr(value, key)) for key in type(value).model_fields}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def compute(form: Finanzformular, values) -> dict:
    """Plain values with the computed rows filled in, in the order declared."""
    values = plain(values) if isinstance(values, BaseModel) else copy.deepcopy(values)
    _fill(form.root, Scope([(form.root, values, ("finanzen",))]))
    return values


def _fill(group: Zeile, scope: Scope):
    values = scope[-1][1]
    for row in group.felder:
        if row.computed:
            value = evaluate(parse_expression(row.formel), scope, lookup)
            if value is not None and row.untergrenze is not None:
                value = max(value, row.untergrenze)
            values[row.schluessel] = value
        elif row.typ == "gruppe" and values.get(row.schluessel) is not None:
            entries = values[row.schluessel] if row.wiederholt else [values[row.schluessel]]
            for i, entry in enumerate(entries):
                where = (*scope[-1][2], row.schluessel) + ((i,) if row.wiederholt else ())
                _fill(row, Scope([*scope, (row, entry, where)]))


def scopes(form: Finanzformular, values: dict):
    """Every entry of every group with its scope, the form itself first."""
    todo = [Scope([(form.root, values, ("finanzen",))])]
    while todo:
        scope = todo.pop(0)
        yield scope
        group, current, where = scope[-1]
        for row in group.felder:
            if row.typ != "gruppe" or current.get(row.schluessel) is None:
                continue
            entries = current[row.schluessel] if row.wiederholt else [current[row.schluessel]]
            for i, entry in enumerate(entries):
                todo.append(Scope([*scope, (row, entry, (*where, row.schluessel)
                                            + ((i,) if row.wiederholt else ()))]))


class Failure:
    """A declared check that does not hold, with what a message needs."""

    def __init__(self, check: Pruefung, scope: Scope, left, right):
        self.check, self.scope, self.left, self.right = check, scope, left, right
        condition = check.condition
        name = check.ort or next((n for n in condition.left.names()), None) or next(
            iter(condition.right.names()), None)
        self.path = place(name, scope) if name else scope[-1][2]

    def message(self, show) -> str:
        """The German message; `show(value)` formats amounts, dates and years."""
        condition = self.check.condition
        links, rechts = show(self.left), show(self.right)
        if self.check.meldung:
            def fill(match):
                key = match.group(1)
                if key in ("links", "rechts"):
                    return links if key == "links" else rechts
                found, _ = lookup(key, self.scope)
                return show(found[0]) if found else ""
            return re.sub(r"\{([a-z][a-z0-9_.]*)\}", fill, self.check.meldung)
        return (f"{condition.left.text} ist {links}, muss {COMPARISONS[condition.op]} "
                f"{condition.right.text} ({rechts}) sein")


def failures(form: Finanzformular, values: dict) -> list[Failure]:
    """Every declared check that does not hold, on values with their computed rows."""
    out = []
    for scope in scopes(form, values):
        for check in scope[-1][0].pruefungen:
            condition = check.condition
            left = evaluate(condition.left, scope, lookup)
            right = evaluate(condition.right, scope, lookup)
            if not condition.holds(left, right):
                out.append(Failure(check, scope, left, right))
    return out
