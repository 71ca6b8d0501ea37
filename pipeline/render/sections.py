"""The body sections of a Vorlage, written as Word content in the house style's order.

Each section (Beschlussvorschlag, Finanzielle Auswirkungen, Begründung, ...) is a function
that writes headings, paragraphs, lists and tables through a `wordml.Writer`, using only
the template's styles. The house style decides which sections appear, in which order, and
with which labels; the Word template decides how they look.
"""

from __future__ import annotations

from itertools import groupby

from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..haus import SECTIONS, HouseStyle
from ..schema import Draft, Punkt
from . import richtext
from .declared import section_lines
from .finance import Finance
from .values import Formats
from .wordml import Writer


def has_content(draft: Draft, name: str) -> bool:
    """Whether the draft holds something for a built-in body section."""
    d = draft
    return {
        "zusammenfassung": bool(d.zusammenfassung),
        "beschlussvorschlag": d.beschlussvorschlag is not None,
        "finanzen": d.finanzen is not None,
        "fruehere_behandlung": bool(d.fruehere_behandlung),
        "begruendung": bool(d.begruendung),
        "anlagen": bool(d.anlagen),
        "zeichnung": bool(d.zeichnung),
        "mitzeichnung": bool(d.mitzeichnung),
    }[name]


class Sections:
    def __init__(self, draft: Draft, style: HouseStyle, context: dict, public: bool = False):
        self.draft = draft
        self.style = style
        self.labels = style.labels_for(draft.vorlagenart)
        self.ctx = context
        self.fmt = Formats(style)
        self.finance = Finance(draft, style, self.fmt)
        self.public = public
        self._lines: dict[str, list] = {}

    def lines(self, name: str) -> list:
        """The declared fields a section prints (has() asks first, write() prints them)."""
        if name not in self._lines:
            self._lines[name] = section_lines(self.draft, self.style, name, self.fmt,
                                              self.labels, self.public)
        return self._lines[name]

    def write(self, name: str, w: Writer) -> None:
        """A section: its heading and content, then the declared fields it prints."""
        lines = self.lines(name)
        if name in SECTIONS and self._builtin_has(name):
            getattr(self, f"_{name}")(w)
        else:  # a declared section, or one printed although empty
            w.heading(self.labels.get(name, name))
            text = self.ctx["felder"].get(name)
            if text:
                richtext.markdown(w, text)
        for label, value, source in lines:
            if source:  # a Markdown field: its label, then its paragraphs
                w.paragraph(label, bold=True)
                richtext.markdown(w, source)
            else:
                w.paragraph(f"{label} {value}")

    def has(self, name: str) -> bool:
        """Whether a section is printed: it has content, declared fields with values, or
        the house style prints it even when empty."""
        section = self.style.section(name)
        if section is not None and section.leer_zeigen:
            return True
        if self.lines(name):
            return True
        if name not in SECTIONS:
            return bool(self.ctx["felder"].get(name))
        return self._builtin_has(name)

    def _builtin_has(self, name: str) -> bool:
        if name == "anlagen":  # a public copy lists only the public ones
            return bool(self.ctx["anlagen"])
        if name == "zeichnung":
            return bool(self.draft.zeichnung or self.style.config.unterzeichner)
        if name in ("produktgruppen", "auswirkungen"):  # rows of the finance form
            return bool(self.finance.in_section(name))
        return has_content(self.draft, name)

    # --- sections --------------------------------------------------------------------
    def _zusammenfassung(self, w: Writer):
        w.heading(self.labels["zusammenfassung"])
        richtext.markdown(w, self.draft.zusammenfassung)

    def _beschlussvorschlag(self, w: Writer):
        vorschlag = self.draft.beschlussvorschlag
        w.heading(self.labels["beschlussvorschlag"])
        art = self.style.art(self.draft.vorlagenart)
        formel = vorschlag.einleitung or (art.beschlussformel if art else None) \
            or self.style.config.beschlussformel
        if formel:
            richtext.paragraph(w, formel)
        if vorschlag.text:
            richtext.markdown(w, vorschlag.text)
        self._quote(w, vorschlag.zitat)
        self._points(w, vorschlag.punkte, 0)
        if vorschlag.empfehlungen:  # a), b), c): the letters are Word's numbering
            num_id = w.lists.new_list("letters")
            for part in vorschlag.empfehlungen:
                lead, text = (part.einleitung, part.text) if part.einleitung \
                    else (part.text, None)
                richtext.paragraph(w, lead or "", list_item=(num_id, 0))
                for block in (text or "").split("\n\n"):
                    if block.strip():
                        richtext.paragraph(w, block.strip(), style="List Continue")
                self._quote(w, part.zitat)
                self._points(w, part.punkte, 1)

    @staticmethod
    def _quote(w: Writer, zitat: str | None):
        """A quoted Beschluss: Markdown in the template's Quote style."""
        if zitat:
            richtext.markdown(w, "\n".join(f"> {line}" for line in zitat.splitlines()))

    def _points(self, w: Writer, points: list[Punkt], level: int, kind: str = "ordered"):
        """Numbered Beschluss points; their Unterpunkte, at any depth, as bullets. Only a
        numbered point carries the finance form's lines for points (`finanzen: ja`)."""
        if not points:
            return
        num_id = w.lists.new_list(kind)
        for punkt in points:
            richtext.paragraph(w, punkt.text, list_item=(num_id, level))
            self._points(w, punkt.unterpunkte, level + 1, "bullet")
            if kind == "ordered" and punkt.finanzen:
                self.finance.write_under_point(w, self._table)

    def _finanzen(self, w: Writer):
        self.finance.write_section(w, self.labels["finanzen"], self.style.config.section_keys,
                                   self._table)

    def _produktgruppen(self, w: Writer):
        w.heading(self.labels["produktgruppen"])
        self.finance.write_section_rows(w, "produktgruppen")

    def _auswirkungen(self, w: Writer):
        w.heading(self.labels["auswirkungen"])
        self.finance.write_section_rows(w, "auswirkungen")

    def _fruehere_behandlung(self, w: Writer):
        w.heading(self.labels["fruehere_behandlung"])
        for drucksache, entries in groupby(self.draft.fruehere_behandlung,
                                           key=lambda e: e.drucksache):
            if drucksache:
                w.paragraph(f"{self.labels['drucksache']} {drucksache}")
            for e in entries:
                parts = [e.gremium, self.fmt.datum(e.datum)]
                if e.top:
                    parts.append(f"{self.labels['top']} {e.top}")
                w.paragraph(", ".join(parts))

    def _begruendung(self, w: Writer):
        w.heading(self.labels["begruendung"])
        richtext.markdown(w, self.draft.begruendung)

    def _anlagen(self, w: Writer):
        w.heading(self.labels["anlagen"])
        for anlage in self.ctx["anlagen"]:
            note = f" ({anlage['hinweis']})" if anlage["hinweis"] else ""
            w.paragraph(f"{self.labels['anlage']} {anlage['nr']}: {anlage['titel']}{note}")

    def _zeichnung(self, w: Writer):
        z = self.ctx["zeichnung"]
        w.heading(self.labels["zeichnung"])
        if z["ort_datum"]:
            w.paragraph(z["ort_datum"])
        if z["ansprechpartner"]:
            contact = z["ansprechpartner"]
            w.paragraph(f"{contact['rolle']}:", bold=True)
            w.paragraph(contact["name"])
        if self.draft.zeichnung and (self.draft.zeichnung.beteiligte_fachbereiche
                                     or z["ansprechpartner"]):
            w.paragraph(f"{self.labels['beteiligte_fachbereiche']}:", bold=True)
            for unit in z["beteiligte_fachbereiche"]:
                w.paragraph(unit)
        signers = z["unterzeichner"]
        if signers:
            # Role on top, room to sign, name below: one column per signatory.
            cells = [[s["rolle"] for s in signers], ["" for _ in signers],
                     [s["name"] for s in signers]]
            self._table(w, cells, style="Vorlage Unterschriften")

    def _mitzeichnung(self, w: Writer):
        w.heading(self.labels["mitzeichnung"])
        rows = [("Stelle", "Status", "Name", "Datum")]
        rows += [(m.stelle, m.status, m.name or "", self.fmt.datum(m.datum))
                 for m in self.draft.mitzeichnung]
        self._table(w, rows, header=True)
        # Refusals, Hinweise and Stellungnahmen are printed with their words.
        for m in self.draft.mitzeichnung:
            if getattr(m, "hinweis", None):
                w.paragraph(f"{m.stelle} ({m.status}): {m.hinweis}", space_before=4)

    @staticmethod
    def _table(w: Writer, rows, style: str = "Vorlage Tabelle", header: bool = False,
               right: tuple = ()):
        table = w.new_table(len(rows), len(rows[0]), style, "Vorlage Tabelle", "Table Grid")
        for r, (row, table_row) in enumerate(zip(rows, table.rows, strict=True)):
            for c, (value, cell) in enumerate(zip(row, table_row.cells, strict=True)):
                para = cell.paragraphs[0]
                w.text(para, value, bold=header and r == 0)
                if c in right and r >= (1 if header else 0):
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return table
