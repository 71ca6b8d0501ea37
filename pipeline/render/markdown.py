"""Markdown as the tool reads it, for the PDF and for the browser's preview alike.

One parser configuration: CommonMark with tables, strikethrough and footnotes, raw HTML off
(`<b>` is text). The Word writer walks its syntax tree; the browser gets its HTML. Neither
guesses at Markdown syntax itself.

Two table options that GFM lacks, both in syntax the browser editor keeps: a header row left
empty means a table without header, and a line `<!-- breiten: 60 20 20 -->` right above a
table (a blank line between is allowed) gives its columns' relative widths.
"""

from __future__ import annotations

import re
import threading

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

_LOCAL = threading.local()
# With raw HTML off, the comment is a paragraph of its own; `breite` and no colon pass too.
WIDTHS = re.compile(r"<!--\s*breiten?\b\s*:?(.*?)-->", re.IGNORECASE)
EXAMPLE = "<!-- breiten: 60 20 20 -->"


def parser() -> MarkdownIt:
    """One parser per thread: markdown-it-py compiles its rule chains lazily and is not safe
    to share between the threads of a batch (seen as "none of the block rules matched")."""
    found = getattr(_LOCAL, "parser", None)
    if found is None:
        found = _LOCAL.parser = (MarkdownIt("commonmark", {"html": False, "typographer": False})
                                 .enable(["table", "strikethrough"]).use(footnote_plugin))
        found.core.ruler.after("block", "vorlage_tables", _tables)
        found.add_render_rule("table_open", _table_open)
    return found


def block_tree(source: str) -> SyntaxTreeNode:
    """The syntax tree of a Markdown text: paragraphs, headings, lists, tables, footnotes.
    A table's node has `meta["breiten"]` (shares of the width summing to 1, or None) and
    `meta["kopf"]` (False: the header row was empty and is gone)."""
    return SyntaxTreeNode(parser().parse(source))


def inline_nodes(source: str) -> list[SyntaxTreeNode]:
    """The inline content of a one-paragraph text (bold, italic, line breaks)."""
    tokens = parser().parseInline(source)
    return SyntaxTreeNode(tokens).children[0].children if tokens else []


def markdown_html(source: str) -> str:
    """HTML for the browser's rendered view of a Markdown field."""
    return parser().render(source)


def table_problems(source: str) -> list[tuple[int, str]]:
    """What is wrong with the table options of a Markdown text, as (line in the text, counted
    from 0, German message): widths that are no numbers or do not fit the columns, and a
    widths line that stands above no table."""
    out = []
    for token in parser().parse(source):
        if token.type == "table_open" and token.meta.get("fehler"):
            out.append((token.meta["zeile"], token.meta["fehler"]))
        elif token.type == "inline" and token.map and WIDTHS.search(token.content):
            line = next(i for i, text in enumerate(token.content.split("\n"))
                        if WIDTHS.search(text))
            out.append((token.map[0] + line, "steht über keiner Tabelle: Spaltenbreiten "
                                             "gehören in die Zeile direkt über ihrer Tabelle"))
    return out


def parse_widths(text: str, columns: int) -> tuple[list[float] | None, str | None]:
    """Widths as written (`60 20 20`, `60% 40%`, `2,5 1`) as shares summing to 1, or why not."""
    parts = text.replace(";", " ").split()
    shares = []
    for part in parts:
        try:
            shares.append(float(part.rstrip("%").replace(",", ".")))
        except ValueError:
            return None, f"Spaltenbreite „{part}“ ist keine Zahl; so geht es: {EXAMPLE}"
    if not all(0 < s < float("inf") for s in shares):  # "nan" and "inf" parse as floats
        return None, "Spaltenbreiten müssen Zahlen größer als 0 sein"
    if len(shares) != columns:
        return None, (f"{_count(len(shares), 'Spaltenbreite')} angegeben, die Tabelle hat "
                      f"aber {_count(columns, 'Spalte')}")
    if all(p.endswith("%") for p in parts) and abs(sum(shares) - 100) > 0.5:
        return None, f"die Spaltenbreiten ergeben {sum(shares):g} % statt 100 %"
    return [s / sum(shares) for s in shares], None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}n"


def _tables(state: StateCore) -> None:
    """Reads the two table options into the table's token and removes their syntax."""
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        table = tokens[i]
        if table.type != "table_open":
            i += 1
            continue
        end = next(j for j in range(i, len(tokens)) if tokens[j].type == "thead_close")
        head = tokens[i + 1:end + 1]
        columns = sum(t.type == "th_open" for t in head)
        table.meta["kopf"] = any(t.content.strip() for t in head if t.type == "inline")
        table.meta["breiten"] = None
        if not table.meta["kopf"] and tokens[end + 1].type == "tbody_open":  # else: no rows
            del tokens[i + 1:end + 1]
        if i >= 3 and tokens[i - 3].type == "paragraph_open" \
                and tokens[i - 3].level == table.level:
            i -= _widths_line(tokens, i, columns)
        i += 1


def _widths_line(tokens: list[Token], i: int, columns: int) -> int:
    """Takes the widths from the last line of the paragraph right above the table at `i`
    (as in CommonMark, a comment line ends the paragraph before it); the tokens removed."""
    inline = tokens[i - 2]
    *before, last = inline.content.split("\n")
    found = WIDTHS.fullmatch(last.strip())
    if not found:
        return 0
    tokens[i].meta["breiten"], tokens[i].meta["fehler"] = parse_widths(found.group(1), columns)
    tokens[i].meta["zeile"] = inline.map[0] + len(before)
    if before:
        inline.content = "\n".join(before)
        return 0
    del tokens[i - 3:i]
    return 3


def _table_open(self, tokens, idx, options, env) -> str:
    """`<table>` with a `<colgroup>` for given widths (attributes, which the app's
    Content-Security-Policy allows where it drops style attributes)."""
    shares = tokens[idx].meta.get("breiten")
    if not shares:
        return "<table>\n"
    cols = "".join(f'<col width="{share * 100:.1f}%">' for share in shares)
    return f'<table width="100%">\n<colgroup>{cols}</colgroup>\n'


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TEXT_NODES = ("text", "code_inline", "code_block", "fence")


def plain_text(markdown) -> str:
    """A Markdown field as plain text (table widths lines and markup left out)."""
    if not isinstance(markdown, str) or not markdown.strip():
        return ""
    out, todo = [], [block_tree(_COMMENT.sub(" ", markdown))]
    while todo:
        node = todo.pop()
        if node.type in _TEXT_NODES:
            out.append(node.content)
        elif node.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif node.type in ("paragraph", "heading", "th", "td"):
            out.append("\n")
        todo.extend(reversed(node.children))
    text = re.sub(r"[ \t]+", " ", "".join(out))
    return re.sub(r" ?\n[\s]*", "\n", text).strip()


def texts_of(value) -> list[str]:
    """Every text in a nested section as plain text (a Beschlussvorschlag with points and
    Empfehlungen)."""
    if isinstance(value, str):
        return [plain_text(value)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in texts_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in texts_of(v)]
    return []
