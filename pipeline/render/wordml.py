"""WordprocessingML building blocks: runs, paragraphs, lists, tables and footnotes.

Everything the tool writes into a Word file goes through a `Writer`, which uses only the
template's own styles (Heading 1-4, List Paragraph, Quote, Vorlage Tabelle, FootnoteText), so
restyling the template restyles the generated content.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt
from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def add_run(paragraph, text: str, bold: bool = False, italic: bool = False,
            strike: bool = False):
    """Appends a run to a <w:p> element; line breaks and tabs become real breaks and tabs.

    Built with lxml directly: python-docx's run.text walks the text one character at a
    time, which was the largest single cost of rendering a long Begründung.
    """
    run = etree.SubElement(paragraph, _W + "r")
    if bold or italic or strike:
        props = etree.SubElement(run, _W + "rPr")
        for flag, tag in ((bold, "b"), (italic, "i"), (strike, "strike")):
            if flag:
                etree.SubElement(props, _W + tag)
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(run, _W + "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                etree.SubElement(run, _W + "tab")
            if piece:
                node = etree.SubElement(run, _W + "t")
                node.text = piece
                node.set(_XML_SPACE, "preserve")
    return run

# List kinds -> the abstract numbering a template may define under this name (w:name).
LIST_STYLES = {
    "bullet": ("vorlage-aufzaehlung", "bullet", ["•", "–", "▪", "•", "–", "▪", "•", "–", "▪"]),
    "ordered": ("vorlage-nummerierung", "decimal", None),
    "letters": ("vorlage-buchstaben", "lowerLetter", [f"%{n})" for n in range(1, 10)]),
}


class Lists:
    """Numbering definitions for lists; each ordered list restarts at 1."""

    def __init__(self, document_part):
        self.root = document_part.numbering_part.element
        self._abstract: dict[str, str] = {}

    def _abstract_id(self, kind: str) -> str:
        if kind in self._abstract:
            return self._abstract[kind]
        name, fmt, symbols = LIST_STYLES[kind]
        for abstract in self.root.findall(qn("w:abstractNum")):
            label = abstract.find(qn("w:name"))
            if label is not None and label.get(qn("w:val")) == name:
                self._abstract[kind] = abstract.get(qn("w:abstractNumId"))
                return self._abstract[kind]
        used = {int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))}
        new_id = str(max(used, default=0) + 1)
        levels = []
        for lvl in range(9):
            indent = 425 * (lvl + 1)
            hanging = 357 if fmt == "bullet" else 425
            text = symbols[lvl] if symbols else f"%{lvl + 1}."
            levels.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="{hanging}"/></w:pPr></w:lvl>')
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
            f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>'
            + "".join(levels) + "</w:abstractNum>")
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        self._abstract[kind] = new_id
        return new_id

    def new_list(self, kind: str, start: int = 1) -> str:
        abstract_id = self._abstract_id(kind)
        used = {int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))}
        num_id = str(max(used, default=0) + 1)
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{start}"/>'
                            "</w:lvlOverride>" for i in range(9))
        self.root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                                   f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}'
                                   "</w:num>"))
        return num_id


class Footnotes:
    """Collects footnote bodies while content is built; written into the package at the end."""

    def __init__(self):
        self.bodies: list[tuple[int, list]] = []  # (id, [(text, bold, italic), ...])
        self._next = 1

    def add(self, runs: list) -> int:
        note_id = self._next
        self._next += 1
        self.bodies.append((note_id, runs))
        return note_id

    def write(self, document_part) -> None:
        if not self.bodies:
            return
        part = _footnotes_part(document_part)
        root = parse_xml(part.blob)
        existing = [int(f.get(qn("w:id"))) for f in root.findall(qn("w:footnote"))]
        offset = max(existing, default=0)
        for note_id, runs in self.bodies:
            note = parse_xml(
                f'<w:footnote {nsdecls("w")} w:id="{note_id + offset}"><w:p><w:pPr>'
                '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
                '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
            for text, bold, italic in runs:
                add_run(note[0], text, bold, italic)
            root.append(note)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
        # References were written with provisional ids; shift them to match.
        if offset:
            body = document_part.element
            for ref in body.iter(qn("w:footnoteReference")):
                ref.set(qn("w:id"), str(int(ref.get(qn("w:id"))) + offset))


def _footnotes_part(document_part) -> Part:
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:footnotes {nsdecls("w")}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            '<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


class Writer:
    """Adds content to a python-docx block container with the template's styles.

    Styles are set by their id, looked up once per document: python-docx's lookup by name
    scans every style of the template each time, which dominated rendering time.
    """

    def __init__(self, container, lists: Lists, footnotes: Footnotes,
                 styles: dict[str, str], width):
        self.container = container
        self.lists = lists
        self.footnotes = footnotes
        self.styles = styles  # style name -> style id
        self.width = width

    def style(self, *names: str) -> str | None:
        return next((n for n in names if n in self.styles), None)

    def new_paragraph(self, *style_names: str):
        para = self.container.add_paragraph()
        self.set_style(para, *style_names)
        return para

    def set_style(self, para, *style_names: str) -> None:
        name = self.style(*style_names) if style_names else None
        if name:
            para._p.get_or_add_pPr().style = self.styles[name]

    def new_table(self, rows: int, cols: int, *style_names: str):
        table = self.container.add_table(rows, cols, self.width)
        name = self.style(*style_names)
        if name:
            table._tbl.tblPr.style = self.styles[name]
        return table

    # --- plain building blocks ---------------------------------------------------------
    def paragraph(self, text: str = "", style: str | None = None, bold: bool = False,
                  list_item: tuple[str, int] | None = None, align: str | None = None,
                  space_before: float | None = None, fill: Callable | None = None):
        """A paragraph of plain `text`, or one whose runs `fill(paragraph)` adds."""
        para = self.new_paragraph(style) if style else self.new_paragraph()
        if space_before is not None:
            para.paragraph_format.space_before = Pt(space_before)
        if fill is not None:
            fill(para)
        elif text:
            self.text(para, text, bold=bold)
        if list_item:
            self.number(para, *list_item)
        if align == "right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return para

    def heading(self, text: str, level: int = 1):
        if text:
            return self.paragraph(text, style=f"Heading {level}")
        return None

    @staticmethod
    def text(para, text: str, bold: bool = False, italic: bool = False, strike: bool = False):
        """Adds a run to a python-docx paragraph (see add_run)."""
        return add_run(para._p, text, bold, italic, strike)

    def number(self, para, num_id: str, level: int):
        ppr = para._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                             f'<w:numId w:val="{num_id}"/></w:numPr>'))
        if ppr.style is None:
            self.set_style(para, "List Paragraph")
        # Keep list spacing tight, as lists in the seeds are.
        if ppr.find(qn("w:contextualSpacing")) is None:
            ppr.append(parse_xml(f'<w:contextualSpacing {nsdecls("w")}/>'))

    @staticmethod
    def footnote_reference(para, note_id: int) -> None:
        para._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'))

    @staticmethod
    def repeat_header(table) -> None:
        """The table's first row repeats at the top of every page it runs over."""
        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))

    @staticmethod
    def no_header_look(table) -> None:
        """A table style's first-row formatting stays off: this table has no header."""
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            look.set(qn("w:firstRow"), "0")
            if look.get(qn("w:val")):  # the same flag in the older bit mask (0x0020)
                look.set(qn("w:val"), f"{int(look.get(qn('w:val')), 16) & ~0x20:04X}")

    def column_widths(self, table, shares: list[float]) -> None:
        """Columns at these shares of the text width, in the grid and in every cell, and a
        fixed layout at 100 %: else LibreOffice fits the columns to their content."""
        total = Emu(self.width).twips
        widths = [round(total * share) for share in shares[:-1]]
        widths.append(total - sum(widths))
        tbl = table._tbl
        tbl.tblPr.autofit = False  # w:tblLayout fixed
        size = tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one, as "auto"
        if size is not None:
            size.set(qn("w:type"), "pct")
            size.set(qn("w:w"), "5000")  # fiftieths of a percent
        for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
            col.set(qn("w:w"), str(width))
        for row in tbl.tr_lst:
            for tc, width in zip(row.tc_lst, widths, strict=False):
                tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(width))
                tc.tcPr.tcW.set(qn("w:type"), "dxa")


def document_styles(document) -> dict[str, str]:
    """Style name -> style id, for every style of the template."""
    return {s.name: s.style_id for s in document.styles}
