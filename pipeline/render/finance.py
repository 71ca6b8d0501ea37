"""The finance form as printed: rows as „Beschriftung: Wert“, groups as tables or as
sentences, the Jahresübersicht, all from the house style's declaration (haus.finance_form)
and the draft's values with their computed rows. The same reading gives the template
context and the text the archive and OParl carry."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from jinja2.sandbox import SandboxedEnvironment

from ..haus import (LABELS, HouseStyle, Scope, Zeile, compute, form_values, slug, year_line,
                    years)
from ..schema import Draft
from . import richtext
from .wordml import Writer

if TYPE_CHECKING:  # values builds the context with this module: no import at run time
    from .values import Formats

CHECKED, UNCHECKED = "☒", "☐"
_JINJA = SandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, autoescape=False)


class Finance:
    """One draft's finance form, read once for every place that prints it."""

    def __init__(self, draft: Draft, style: HouseStyle, fmt: Formats):
        self.style, self.fmt = style, fmt
        self.form = style.config.finance_form
        self.values = compute(self.form, form_values(self.form, draft.finanzen)) \
            if draft.finanzen is not None else None

    @property
    def given(self) -> bool:
        return self.values is not None

    @property
    def effects(self) -> bool:
        return bool(self.values and self.values.get(self.form.auswirkungen))

    def label(self, row: Zeile) -> str:
        """The row's label; a house style may relabel a row in `beschriftungen:`."""
        own = self.style.config.beschriftungen.get(row.schluessel)
        return (own if own and row.schluessel not in LABELS else row.beschriftung).rstrip(":")

    def show(self, row: Zeile, value) -> str:
        if value is None:
            return ""
        if row.liste:
            return ", ".join(str(v) for v in value)
        kind = row.typ
        if kind == "betrag" or row.computed:
            return self.fmt.betrag(value)
        if kind == "zahl":
            return self.fmt.zahl(value, row.format or "#,##0.##")
        if kind == "datum":
            return self.fmt.datum(value)
        if kind == "janein":
            return "ja" if value else "nein"
        if kind == "ankreuzen":
            return CHECKED if value else UNCHECKED
        return str(value)

    def _scope(self) -> Scope:
        return Scope([(self.form.root, self.values, ("finanzen",))])

    def formatted(self, group: Zeile, values: dict | None):
        """Values as printed, nested like the draft: what `satz:` and templates read."""
        if values is None:
            return None
        out = {}
        for row in group.felder:
            value = values.get(row.schluessel)
            if row.typ == "gruppe":
                out[row.schluessel] = ([self.formatted(row, v) for v in value or []]
                                       if row.wiederholt else self.formatted(row, value))
            elif row.typ != "jahre":
                out[row.schluessel] = self.show(row, value)
        return out

    # --- what is printed where -------------------------------------------------------

    def _shown(self, row: Zeile) -> bool:
        value = self.values.get(row.schluessel)
        if value not in (None, []):
            return True
        if row.leer_zeigen == "ohne_auswirkungen":
            return not self.effects
        return bool(row.leer_zeigen)

    def section_rows(self, section_keys) -> list[Zeile]:
        """Top-level rows the finance section prints: not those a section of their own
        prints (`abschnitt:`, when the style orders that section)."""
        if not self.given:
            return []
        return [row for row in self.form.rows("finanzen")
                if not (row.abschnitt and row.abschnitt in section_keys)
                and (row.typ == "jahre" or self._shown(row))]

    def in_section(self, key: str) -> list[Zeile]:
        """Rows printed by a built-in section of their own (Produktgruppen, Auswirkungen)."""
        if not self.given:
            return []
        return [row for row in self.form.felder if row.abschnitt == key and self._shown(row)]

    @cached_property
    def point_rows(self) -> list[Zeile]:
        """Rows printed under a Beschluss point with `finanzen: ja`, those with values."""
        if not self.given:
            return []
        return [row for row in self.form.rows("beschlusspunkt") if self._shown(row)]

    # --- writing ---------------------------------------------------------------------

    def write_section(self, w: Writer, heading: str, section_keys, table) -> None:
        w.heading(heading)
        for row in self.section_rows(section_keys):
            self.write_row(w, row, table)

    def write_row(self, w: Writer, row: Zeile, table, style: str | None = None) -> None:
        value = self.values.get(row.schluessel)
        printing = row.printing
        if row.typ == "jahre":
            self._years(w, row, table)
        elif printing == "saetze":
            self._sentences(w, row, style)
        elif row.typ == "gruppe" and printing == "tabelle":
            self._table(w, row, value, table)
        elif printing == "absatz":
            if row.typ == "markdown":
                richtext.markdown(w, value or "")
            else:
                w.paragraph(self.show(row, value))
        elif row.typ == "ankreuzen":
            w.paragraph(f"{self.show(row, value) or UNCHECKED} {self.label(row)}")
        else:
            w.paragraph(f"{self.label(row)}: {self.show(row, value)}")

    def write_section_rows(self, w: Writer, key: str) -> None:
        """A built-in section that prints rows of the form (one paragraph per entry)."""
        for row in self.in_section(key):
            value = self.values.get(row.schluessel)
            if row.typ == "markdown":
                richtext.markdown(w, value)
            for item in (value if row.liste else [] if row.typ == "markdown" else [value]):
                w.paragraph(str(item) if row.liste else self.show(row, item))

    def write_under_point(self, w: Writer, table) -> None:
        for row in self.point_rows:
            self.write_row(w, row, table, style="List Continue")

    def _table(self, w: Writer, row: Zeile, value, table) -> None:
        leaves = [r for r in row.felder if r.typ not in ("gruppe", "jahre")]
        if not row.wiederholt:
            value = value or {}
            cells = [(f"{self.show(r, value.get(r.schluessel)) or UNCHECKED} {self.label(r)}", "")
                     if r.typ == "ankreuzen" else
                     (f"{self.label(r)}:", self.show(r, value.get(r.schluessel)))
                     for r in leaves if not r.computed or value.get(r.schluessel) is not None
                     or r.leer_zeigen]
            table(w, cells, style="Vorlage Formular", right=(1,))
            return
        w.paragraph(f"{self.label(row)}:", bold=True, space_before=6)
        header = tuple(self.label(r) for r in leaves)
        body = [tuple(self.show(r, entry.get(r.schluessel)) for r in leaves)
                for entry in value or []]
        right = tuple(i for i, r in enumerate(leaves) if r.numeric)
        table(w, [header, *body], header=True, right=right)

    def _years(self, w: Writer, row: Zeile, table) -> None:
        scope = self._scope()
        found = years(row, scope)
        if not found:
            return
        header = (self.label(row), *(c.beschriftung for c in row.spalten))
        body = [(str(y), *(self.fmt.betrag(v or 0) for v in year_line(row, scope, y)))
                for y in found]
        table(w, [header, *body], header=True, right=tuple(range(1, len(header))))

    def sentences(self, row: Zeile) -> list[tuple[str, bool, int | None]]:
        """(text, bold, space before) per paragraph of a `druck: saetze` group."""
        value = self.values.get(row.schluessel)
        entries = (value or []) if row.wiederholt else ([value] if value else [])
        template = _JINJA.from_string(row.satz)
        out, heading = [], None
        for entry in entries:
            shown = self.formatted(row, entry)
            if row.ueberschrift and shown[row.ueberschrift] != heading:
                heading = shown[row.ueberschrift]
                if heading:
                    out.append((f"{heading}:", True, 8))
            lines = [line.strip() for line in template.render(**shown).splitlines()]
            lines = [line for line in lines if line]
            out += [(line, False, 6 if i == 0 else None) for i, line in enumerate(lines)]
        return out

    def _sentences(self, w: Writer, row: Zeile, style: str | None) -> None:
        for text, bold, before in self.sentences(row):
            w.paragraph(text, style=style, bold=bold, space_before=before)

    # --- as data ---------------------------------------------------------------------

    def context(self) -> dict | None:
        """`finanzen` in the Word template: the printed values by key (a group's rows also
        directly, `finanzen.bedarf`), `ja_nein`, and the Jahresübersicht."""
        if not self.given:
            return None
        shown = self.formatted(self.form.root, self.values)
        flat = dict(shown)
        for row in self.form.felder:
            if row.typ == "gruppe" and not row.wiederholt:  # empty rows print empty
                group = self.formatted(row, self.values.get(row.schluessel) or {})
                for key, value in group.items():
                    flat.setdefault(key, value)
            if row.typ == "jahre":
                scope = self._scope()
                flat[row.schluessel] = [
                    {"jahr": y, **{slug(c.beschriftung): self.fmt.betrag(v or 0) for c, v in
                                   zip(row.spalten, year_line(row, scope, y), strict=True)}}
                    for y in years(row, scope)]
        flat["auswirkungen"] = self.effects
        flat["ja_nein"] = "ja" if self.effects else "nein"
        return flat

    def printed_text(self, section_keys) -> str:
        """The form as text lines, as it is printed: for the archive record and OParl."""
        if not self.given:
            return ""
        lines = []
        for row in [*self.section_rows(section_keys), *self.point_rows]:
            value = self.values.get(row.schluessel)
            if row.typ == "jahre":
                scope = self._scope()
                for y in years(row, scope):
                    cells = zip(row.spalten, year_line(row, scope, y), strict=True)
                    lines.append(f"{self.label(row)} {y}: " + ", ".join(
                        f"{c.beschriftung} {self.fmt.betrag(v or 0)}" for c, v in cells))
            elif row.printing == "saetze":
                lines += [text for text, _, _ in self.sentences(row)]
            elif row.typ == "gruppe" and row.wiederholt:  # a table: one line per entry
                lines.append(f"{self.label(row)}:")
                lines += ["; ".join(f"{self.label(r)} {self.show(r, entry.get(r.schluessel))}"
                                    for r in row.felder if r.typ not in ("gruppe", "jahre")
                                    and entry.get(r.schluessel) not in (None, []))
                          for entry in value or []]
            elif row.typ == "gruppe":
                for entry in [value or {}]:
                    lines += [f"{self.label(r)}: {self.show(r, entry.get(r.schluessel))}"
                              for r in row.felder if r.typ not in ("gruppe", "jahre")
                              and entry.get(r.schluessel) not in (None, [])]
            else:
                lines.append(f"{self.label(row)}: {self.show(row, value)}")
        return "\n".join(lines)
