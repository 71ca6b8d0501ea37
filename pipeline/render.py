"""Filling the house style's Word template with docxtpl.

Templates render in a sandboxed Jinja environment with autoescaping: text from a draft is
data, never template code, so `{{ 7*7 }}` in a Begründung prints as itself and `&`, `<`, `>`
stay intact. Body sections are built as Word content (see sections.py) and placed with
`{{p inhalt }}` or one by one with `{{p abschnitte.begruendung }}`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from docx.document import _Body
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .errors import UserError
from .haus import SECTIONS, HouseStyle
from .model import Draft
from .richtext import Footnotes, Numbering, Writer, document_styles
from .sections import Sections


BLOCK_NAMES = SECTIONS


class Block:
    """Word content built only when the template actually places it.

    The content is built in a detached <w:body> that shares the template's document part
    (so styles and numbering resolve against the template), then handed to docxtpl as XML.
    """

    def __init__(self, document, build):
        self._document = document
        self._build = build
        self._xml: str | None = None

    def __html__(self) -> str:
        if self._xml is None:
            body = parse_xml(f'<w:body {nsdecls("w")}/>')
            self._build(_Body(body, self._document))
            self._xml = "".join(etree.tostring(child, encoding="unicode") for child in body)
        return self._xml

    __str__ = __html__


class _Sandbox(SandboxedEnvironment):
    """Compiles each distinct template source once: docxtpl hands over the same XML of a
    template for every Vorlage, and compiling it was a large part of rendering time."""

    _compiled: dict[str, object] = {}
    _lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            template = self._compiled.get(source)
            if template is None:
                if len(self._compiled) > 64:
                    self._compiled.clear()
                template = self._compiled[source] = super().from_string(source)
        return template


def jinja_env() -> SandboxedEnvironment:
    return _Sandbox(autoescape=True, keep_trailing_newline=False)


def render_docx(draft: Draft, style: HouseStyle, context: dict, out: Path) -> None:
    """Writes the filled Word file to `out`, an intermediate file in the build's own
    temporary folder (the build copies it atomically when the user keeps it)."""
    tpl = DocxTemplate(style.template)
    document = tpl.get_docx()
    styles = document_styles(document)
    numbering = Numbering(document.part)
    footnotes = Footnotes()
    sections = Sections(draft, style, context)

    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin

    def writer(container) -> Writer:
        return Writer(container, numbering, footnotes, styles, width)

    def build_all(container):
        w = writer(container)
        for name in style.config.abschnitte:
            if sections.has(name):
                sections.write(name, w)

    def build_one(name):
        def build(container):
            if sections.has(name):
                sections.write(name, writer(container))
        return build

    values = dict(context)
    values["betreff"] = Listing(draft.betreff)
    values["inhalt"] = Block(document, build_all)
    values["abschnitte"] = {name: Block(document, build_one(name)) for name in BLOCK_NAMES}
    values["logo"] = (InlineImage(tpl, str(style.folder / style.config.logo), height=Mm(16))
                      if style.config.logo else "")
    try:
        tpl.render(values, jinja_env=jinja_env(), autoescape=True)
    except TemplateError as exc:
        raise UserError(f"{style.template}: Vorlage lässt sich nicht füllen: {exc}") from None
    footnotes.write(document.part)
    # Set after rendering: docxtpl renders core properties as templates too, and a Betreff
    # must never be evaluated as template code.
    props = tpl.docx.core_properties
    props.title = " ".join(draft.betreff.split())
    props.author = draft.amt
    props.subject = draft.vorlagenart
    props.keywords = context["nummer"]
    props.comments = ""
    props.last_modified_by = ""
    props.language = "de-DE"
    tpl.save(out)
