"""Markdown as the tool reads it, for the PDF and for the browser's preview alike.

One parser configuration: CommonMark with tables, strikethrough and footnotes, raw HTML off
(`<b>` is text). The Word writer walks its syntax tree; the browser gets its HTML. Neither
guesses at Markdown syntax itself.
"""

from __future__ import annotations

import threading

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

_LOCAL = threading.local()


def parser() -> MarkdownIt:
    """One parser per thread: markdown-it-py compiles its rule chains lazily and is not safe
    to share between the threads of a batch (seen as "none of the block rules matched")."""
    found = getattr(_LOCAL, "parser", None)
    if found is None:
        found = _LOCAL.parser = (MarkdownIt("commonmark", {"html": False, "typographer": False})
                                 .enable(["table", "strikethrough"]).use(footnote_plugin))
    return found


def block_tree(source: str) -> SyntaxTreeNode:
    """The syntax tree of a Markdown text: paragraphs, headings, lists, tables, footnotes."""
    return SyntaxTreeNode(parser().parse(source))


def inline_nodes(source: str) -> list[SyntaxTreeNode]:
    """The inline content of a one-paragraph text (bold, italic, line breaks)."""
    tokens = parser().parseInline(source)
    return SyntaxTreeNode(tokens).children[0].children if tokens else []


def markdown_html(source: str) -> str:
    """HTML for the browser's rendered view of a Markdown field."""
    return parser().render(source)
