"""Markdown to real Word paragraphs, lists, tables and footnotes.

The Begründung and other long texts are Markdown in the draft. They become Word content that
uses the template's own styles (Heading 2/3, List Paragraph, Quote, Vorlage Tabelle,
FootnoteText), so restyling the template restyles them. markdown-it-py parses; nothing here
guesses at Markdown syntax itself. Raw HTML is not interpreted: `<b>` prints as `<b>`.
"""

from __future__ import annotations

import threading

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_LOCAL = threading.local()


def markdown_parser() -> MarkdownIt:
    """One parser per thread: markdown-it-py compiles its rule chains lazily and is not safe
    to share between the threads of a batch (seen as "none of the block rules matched")."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = (MarkdownIt("commonmark", {"html": False, "typographer": False})
                                  .enable(["table", "strikethrough"]).use(footnote_plugin))
    return parser


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
}


class Numbering:
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

    def __init__(self, container, numbering: Numbering, footnotes: Footnotes,
                 styles: dict[str, str], width):
        self.container = container
        self.numbering = numbering
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
    def paragraph(self, text: str = "", style: str | None = None, markdown: bool = False,
                  bold: bool = False, list_item: tuple[str, int] | None = None,
                  align: str | None = None, space_before: float | None = None):
        para = self.new_paragraph(style) if style else self.new_paragraph()
        if space_before is not None:
            para.paragraph_format.space_before = Pt(space_before)
        if markdown:
            self.inline(para, markdown_parser().parseInline(text)[0].children or [])
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

    # --- Markdown ----------------------------------------------------------------------
    def markdown(self, source: str, heading_base: int = 2, list_base: int = 0):
        tokens = markdown_parser().parse(source)
        self._blocks(tokens, heading_base, list_base)

    def _blocks(self, tokens, heading_base: int, list_base: int):
        footnote_ids: dict[int, int] = {}
        notes = _collect_footnotes(tokens)
        lists: list[tuple[str, int]] = []  # stack of (numId, level)
        quote = 0
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "footnote_block_open":
                while tokens[i].type != "footnote_block_close":
                    i += 1
            elif kind == "heading_open":
                level = min(int(tok.tag[1]) + heading_base - 1, 9)
                para = self.new_paragraph(f"Heading {level}", "Heading 3")
                self.inline(para, tokens[i + 1].children, notes, footnote_ids)
                i += 2
            elif kind in ("bullet_list_open", "ordered_list_open"):
                list_kind = "bullet" if kind == "bullet_list_open" else "ordered"
                start = int(tok.attrs.get("start", 1)) if list_kind == "ordered" else 1
                num_id = self.numbering.new_list(list_kind, start)
                lists.append((num_id, list_base + len(lists)))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                in_item = lists and tokens[i - 1].type == "list_item_open"
                para = self.new_paragraph("Quote") if quote else self.new_paragraph()
                self.inline(para, inline.children, notes, footnote_ids)
                if lists:
                    if in_item:
                        self.number(para, *lists[-1])
                    else:  # a second paragraph inside a list item: indent, no number
                        self.set_style(para, "List Continue", "List Paragraph")
                i += 2
            elif kind == "table_open":
                i = self._table(tokens, i, notes, footnote_ids)
            elif kind in ("fence", "code_block"):
                para = self.new_paragraph("Quote")
                self.text(para, tok.content.rstrip("\n"))
            i += 1

    def _table(self, tokens, i, notes, footnote_ids) -> int:
        rows: list[list] = []
        header_rows = 0
        in_head = False
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif tok.type in ("th_open", "td_open"):
                align = "right" if "right" in str(tok.attrs.get("style", "")) else None
                rows[-1].append((tokens[i + 1].children or [], align, tok.type == "th_open"))
            i += 1
        cols = max(len(r) for r in rows)
        table = self.new_table(len(rows), cols, "Vorlage Tabelle", "Table Grid")
        for row, table_row in zip(rows, table.rows, strict=False):
            for (children, align, head), cell in zip(row, table_row.cells, strict=False):
                para = cell.paragraphs[0]
                self.inline(para, children, notes, footnote_ids, bold=head)
                if align == "right":
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if header_rows:
            trpr = table.rows[0]._tr.get_or_add_trPr()
            trpr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        # An empty paragraph after a table keeps following text from sticking to it.
        self.container.add_paragraph()
        return i

    def inline(self, para, children, notes=None, footnote_ids=None, bold=False):
        bold_depth, italic_depth, strike = int(bold), 0, 0
        for tok in children or []:
            kind = tok.type
            if kind == "text" or kind == "code_inline" or kind == "html_inline":
                self.text(para, tok.content, bold_depth > 0, italic_depth > 0, strike > 0)
            elif kind == "strong_open":
                bold_depth += 1
            elif kind == "strong_close":
                bold_depth -= 1
            elif kind == "em_open":
                italic_depth += 1
            elif kind == "em_close":
                italic_depth -= 1
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike -= 1
            elif kind == "softbreak":
                self.text(para, " ")
            elif kind == "hardbreak":
                self.text(para, "\n")
            elif kind == "footnote_ref" and notes is not None:
                label = tok.meta["id"]
                if label not in footnote_ids:
                    footnote_ids[label] = self.footnotes.add(notes.get(label, []))
                self._footnote_reference(para, footnote_ids[label])

    @staticmethod
    def _footnote_reference(para, note_id: int):
        para._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'))


def _collect_footnotes(tokens) -> dict[int, list]:
    """Footnote bodies as runs (text, bold, italic), keyed by markdown-it's footnote id."""
    notes: dict[int, list] = {}
    current = None
    for tok in tokens:
        if tok.type == "footnote_open":
            current = tok.meta["id"]
            notes[current] = []
        elif tok.type == "footnote_close":
            current = None
        elif current is not None and tok.type == "inline":
            if notes[current]:
                notes[current].append((" ", False, False))
            bold = italic = False
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    notes[current].append((child.content, bold, italic))
                elif child.type == "strong_open":
                    bold = True
                elif child.type == "strong_close":
                    bold = False
                elif child.type == "em_open":
                    italic = True
                elif child.type == "em_close":
                    italic = False
                elif child.type == "softbreak":
                    notes[current].append((" ", bold, italic))
    return notes


def document_styles(document) -> dict[str, str]:
    """Style name -> style id, for every style of the template."""
    return {s.name: s.style_id for s in document.styles}
