"""Filling the house style's Word template with docxtpl.

Templates render in a sandboxed Jinja environment with autoescaping: text from a draft is
data, never template code, so `{{ 7*7 }}` in a Begründung prints as itself and `&`, `<`, `>`
stay intact. Body sections are built as Word content (see sections.py) and placed with
`{{p inhalt }}` or one by one with `{{p abschnitte.begruendung }}`.
"""

from __future__ import annotations

from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import UserError
from .files import atomic_save
from .haus import SECTIONS, HouseStyle
from .model import Draft
from .richtext import Footnotes, Numbering, Writer, document_styles
from .sections import Sections


BLOCK_NAMES = SECTIONS


class Block:
    """Word content built only when the template actually places it."""

    def __init__(self, tpl: DocxTemplate, build):
        self._tpl = tpl
        self._build = build
        self._xml: str | None = None

    def __html__(self) -> str:
        if self._xml is None:
            subdoc = self._tpl.new_subdoc()
            self._build(subdoc)
            self._xml = str(subdoc)
        return self._xml

    __str__ = __html__


def jinja_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, keep_trailing_newline=False)


def render_docx(draft: Draft, style: HouseStyle, context: dict, out: Path) -> None:
    """Writes the filled Word file to `out` (atomically)."""
    tpl = DocxTemplate(style.template)
    document = tpl.get_docx()
    styles = document_styles(document)
    numbering = Numbering(document.part)
    footnotes = Footnotes()
    sections = Sections(draft, style, context)

    def writer(container) -> Writer:
        return Writer(container, numbering, footnotes, styles)

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
    values["inhalt"] = Block(tpl, build_all)
    values["abschnitte"] = {name: Block(tpl, build_one(name)) for name in BLOCK_NAMES}
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
    atomic_save(lambda path: tpl.save(path), out)
