"""Markdown to real Word paragraphs, lists, tables and footnotes.

The Begründung and other long texts are Markdown in the draft. This walks markdown-it's
syntax tree (markdown.py) and writes each node through a `Writer` in the template's styles:
headings, numbered and bullet lists at their depth, quotes, tables with a repeating header
row (none where the Markdown's header row is empty) and the widths a `<!-- breiten: … -->`
line gives, and footnotes as real Word footnotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from markdown_it.tree import SyntaxTreeNode

from .markdown import block_tree, inline_nodes
from .wordml import Writer

Runs = list[tuple[str, bool, bool]]  # a footnote's text as (text, bold, italic) pieces


@dataclass
class _Walk:
    """What one Markdown text's walk carries along."""

    writer: Writer
    heading_base: int
    list_base: int
    notes: dict[int, Runs] | None  # footnote bodies by markdown-it's id; None: refs ignored
    note_ids: dict[int, int] = field(default_factory=dict)  # markdown-it id -> Word id
    lists: list[tuple[str, int]] = field(default_factory=list)  # (numId, level), innermost last
    quote: int = 0


def markdown(w: Writer, source: str, heading_base: int = 2, list_base: int = 0) -> None:
    """Writes a Markdown text as Word content; `#` becomes `Heading <heading_base>`."""
    tree = block_tree(source)
    walk = _Walk(w, heading_base, list_base, _footnotes(tree))
    _blocks(walk, tree.children)


def paragraph(w: Writer, text: str, **options):
    """One paragraph whose text may hold inline Markdown (bold, italic, line breaks)."""
    walk = _Walk(w, 2, 0, None)
    return w.paragraph(fill=lambda para: _inline(walk, para, inline_nodes(text)), **options)


def _blocks(walk: _Walk, nodes: list[SyntaxTreeNode], item_start: bool = False) -> None:
    """Block nodes in order; `item_start`: the first one opens a list item."""
    w = walk.writer
    for index, node in enumerate(nodes):
        kind = node.type
        if kind == "footnote_block":
            continue  # written as Word footnotes where they are referenced
        if kind == "heading":
            level = min(int(node.tag[1]) + walk.heading_base - 1, 9)
            para = w.new_paragraph(f"Heading {level}", "Heading 3")
            _inline(walk, para, node.children[0].children)
        elif kind in ("bullet_list", "ordered_list"):
            _list(walk, node)
        elif kind == "blockquote":
            walk.quote += 1
            _blocks(walk, node.children)
            walk.quote -= 1
        elif kind == "paragraph":
            _paragraph(walk, node, item_start and index == 0)
        elif kind == "table":
            _table(walk, node)
        elif kind in ("fence", "code_block"):
            para = w.new_paragraph("Quote")
            w.text(para, node.content.rstrip("\n"))
        elif node.token is None:  # another container: its content still counts
            _blocks(walk, node.children)


def _list(walk: _Walk, node: SyntaxTreeNode) -> None:
    kind = "bullet" if node.type == "bullet_list" else "ordered"
    start = int(node.attrs.get("start", 1)) if kind == "ordered" else 1
    num_id = walk.writer.lists.new_list(kind, start)
    walk.lists.append((num_id, walk.list_base + len(walk.lists)))
    for item in node.children:
        _blocks(walk, item.children, item_start=True)
    walk.lists.pop()


def _paragraph(walk: _Walk, node: SyntaxTreeNode, opens_item: bool) -> None:
    w = walk.writer
    para = w.new_paragraph("Quote") if walk.quote else w.new_paragraph()
    _inline(walk, para, node.children[0].children)
    if walk.lists:
        if opens_item:
            w.number(para, *walk.lists[-1])
        else:  # a further paragraph inside a list item: indented, no number
            w.set_style(para, "List Continue", "List Paragraph")


def _table(walk: _Walk, node: SyntaxTreeNode) -> None:
    w = walk.writer
    rows: list[list[tuple[list, str | None, bool]]] = []
    header_rows = 0
    for section in node.children:  # thead, tbody
        for row in section.children:
            header_rows += section.type == "thead"
            rows.append([(cell.children[0].children if cell.children else [],
                          "right" if "right" in str(cell.attrs.get("style", "")) else None,
                          cell.type == "th") for cell in row.children])
    cols = max(len(r) for r in rows)
    table = w.new_table(len(rows), cols, "Vorlage Tabelle", "Table Grid")
    for row, table_row in zip(rows, table.rows, strict=False):
        for (children, align, head), cell in zip(row, table_row.cells, strict=False):
            para = cell.paragraphs[0]
            _inline(walk, para, children, bold=int(head))
            if align == "right":
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if header_rows:
        w.repeat_header(table)
    else:
        w.no_header_look(table)
    if node.meta.get("breiten"):
        w.column_widths(table, node.meta["breiten"])
    # An empty paragraph after a table keeps following text from sticking to it.
    w.container.add_paragraph()


def _inline(walk: _Walk, para, nodes: list[SyntaxTreeNode], bold: int = 0, italic: int = 0,
            strike: int = 0) -> None:
    w = walk.writer
    for node in nodes:
        kind = node.type
        if kind in ("text", "code_inline", "html_inline"):
            w.text(para, node.content, bold > 0, italic > 0, strike > 0)
        elif kind == "strong":
            _inline(walk, para, node.children, bold + 1, italic, strike)
        elif kind == "em":
            _inline(walk, para, node.children, bold, italic + 1, strike)
        elif kind == "s":
            _inline(walk, para, node.children, bold, italic, strike + 1)
        elif kind == "softbreak":
            w.text(para, " ")
        elif kind == "hardbreak":
            w.text(para, "\n")
        elif kind == "footnote_ref" and walk.notes is not None:
            label = node.meta["id"]
            if label not in walk.note_ids:
                walk.note_ids[label] = w.footnotes.add(walk.notes.get(label, []))
            w.footnote_reference(para, walk.note_ids[label])
        elif node.token is None:  # a link and the like: its text counts, not its target
            _inline(walk, para, node.children, bold, italic, strike)


def _footnotes(tree: SyntaxTreeNode) -> dict[int, Runs]:
    """Footnote bodies as runs, keyed by markdown-it's footnote id; the paragraphs of one
    footnote are joined by a space (a Word footnote here is one paragraph)."""
    notes: dict[int, Runs] = {}
    for block in tree.children:
        if block.type != "footnote_block":
            continue
        for note in block.children:
            runs = notes[note.meta["id"]] = []
            for node in note.walk():
                if node.type == "inline":
                    if runs:
                        runs.append((" ", False, False))
                    _note_runs(node.children, runs, False, False)
    return notes


def _note_runs(nodes: list[SyntaxTreeNode], runs: Runs, bold: bool, italic: bool) -> None:
    for node in nodes:
        kind = node.type
        if kind in ("text", "code_inline"):
            runs.append((node.content, bold, italic))
        elif kind == "strong":
            _note_runs(node.children, runs, True, italic)
        elif kind == "em":
            _note_runs(node.children, runs, bold, True)
        elif kind == "softbreak":
            runs.append((" ", bold, italic))
        elif node.token is None:
            _note_runs(node.children, runs, bold, italic)
