"""Filling a house style's Word template with docxtpl.

Templates render in a sandboxed Jinja environment with autoescaping: text from a draft is
data, never template code, so `{{ 7*7 }}` in a Begründung prints as itself and `&`, `<`, `>`
stay intact. Generated content (the body sections, the agenda table) is built as Word content
in `Block`s and placed where the template puts their marker, e.g. `{{p inhalt }}`.
"""

from __future__ import annotations

import secrets
import threading
import zipfile
from pathlib import Path

from docx.document import _Body
from docx.oxml import parse_xml
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import UserError
from ..files import file_hash
from .wordml import Footnotes, Lists, Writer, document_styles

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Memo:
    """A small thread-safe cache that empties itself when full: both caches below see a
    handful of distinct keys (one per template part), so an LRU order would buy nothing."""

    def __init__(self, limit: int):
        self.limit = limit
        self.values: dict = {}
        self.lock = threading.Lock()

    def get(self, key, make):
        with self.lock:
            value = self.values.get(key)
            if value is None:
                if len(self.values) >= self.limit:
                    self.values.clear()
                value = self.values[key] = make()
            return value


class _Template(DocxTemplate):
    """docxtpl's template with its clean-up of the template XML (regular expressions over the
    whole document, identical for every Vorlage of a house style) done once per source."""

    _patched = _Memo(256)

    def patch_xml(self, src_xml: str) -> str:
        return self._patched.get(src_xml, lambda: super(_Template, self).patch_xml(src_xml))


class _StoredZip:
    """Package writer for the intermediate DOCX: stored, not deflated. LibreOffice reads it
    once, a moment later; compressing it cost more than writing a few more kilobytes."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED)

    def write(self, pack_uri, blob: bytes) -> None:
        self.zip.writestr(pack_uri.membername, blob)

    def close(self) -> None:
        self.zip.close()


def _save_stored(document, path: Path) -> None:
    # The same steps as python-docx's OpcPackage.save, with the writer above.
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    writer = _StoredZip(path)
    try:
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    finally:
        writer.close()


class Block:
    """Word content placed by the template, built only if the template places it.

    docxtpl sees just a marker paragraph. After rendering, the marker is swapped for the
    content, built as lxml elements in a detached <w:body> that shares the template's
    document part (so styles and numbering resolve against the template). The long body of
    a Vorlage thus never goes through docxtpl's string and regex passes, which cost more
    than everything else in rendering.
    """

    def __init__(self, name: str, build):
        # Random per block, so no text of a draft can be taken for the marker and replaced.
        self.marker = f"\u2060vorlage-block-{name}-{secrets.token_hex(8)}\u2060"
        self._build = build

    def __html__(self) -> str:
        return f'<w:p><w:r><w:t>{self.marker}</w:t></w:r></w:p>'

    __str__ = __html__

    def place(self, document) -> None:
        """Replaces each marker paragraph in the rendered document with the content."""
        for text in list(document.element.body.iter(_W + "t")):
            if text.text != self.marker:
                continue
            paragraph = text.getparent().getparent()
            body = parse_xml(f'<w:body {nsdecls("w")}/>')
            self._build(_Body(body, document))
            content = list(body)
            if paragraph.getparent().tag == _W + "tc" and (not content or
                                                          content[-1].tag != _W + "p"):
                content.append(parse_xml(f'<w:p {nsdecls("w")}/>'))  # a cell ends in a paragraph
            for element in content:
                paragraph.addprevious(element)
            paragraph.getparent().remove(paragraph)


class _Sandbox(SandboxedEnvironment):
    """Compiles each distinct template source once: docxtpl hands over the same XML of a
    template for every Vorlage, and compiling it was a large part of rendering time."""

    _compiled = _Memo(64)

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return self._compiled.get(source, lambda: super(_Sandbox, self).from_string(source))


def jinja_env() -> SandboxedEnvironment:
    return _Sandbox(autoescape=True, keep_trailing_newline=False)


_STYLE_IDS = _Memo(64)


def _style_ids(template: Path, document) -> dict[str, str]:
    """The template's style ids by name, read once per content of the template file
    (python-docx translates every style name on each walk over the styles)."""
    return _STYLE_IDS.get(file_hash(template), lambda: document_styles(document))


class Filling:
    """A Word template being filled: docxtpl for the variables, Blocks for generated content
    that uses the template's styles, numbering and footnotes."""

    def __init__(self, template: Path):
        self.template = template
        self.tpl = _Template(template)
        document = self.tpl.get_docx()
        self.styles = _style_ids(template, document)
        self.lists = Lists(document.part)
        self.footnotes = Footnotes()
        section = document.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin
        self.blocks: dict[str, Block] = {}

    def writer(self, container) -> Writer:
        return Writer(container, self.lists, self.footnotes, self.styles, self.width)

    def block(self, name: str, build) -> Block:
        """Content for `{{p name }}`; `build` receives a Writer."""
        self.blocks[name] = Block(name, lambda container: build(self.writer(container)))
        return self.blocks[name]

    def image(self, path: Path, height_mm: float) -> InlineImage:
        return InlineImage(self.tpl, str(path), height=Mm(height_mm))

    def save(self, values: dict, properties: dict, out: Path, finish=None) -> None:
        """Fills and writes the template; `finish(document)` may change the filled
        document before it is written."""
        try:
            self.tpl.render(values, jinja_env=jinja_env(), autoescape=True)
        except TemplateError as exc:
            raise UserError(f"{self.template}: Vorlage lässt sich nicht füllen: {exc}") from None
        document = self.tpl.docx  # docxtpl swapped in the rendered body
        for block in self.blocks.values():
            block.place(document)
        self.footnotes.write(document.part)
        if finish is not None:
            finish(document)
        # Set after rendering: docxtpl renders core properties as templates too, and a
        # Betreff must never be evaluated as template code.
        props = document.core_properties
        props.comments, props.last_modified_by, props.language = "", "", "de-DE"
        for key, value in properties.items():
            # Word's core properties hold at most 255 characters (python-docx refuses more);
            # a long Betreff is cut here only: the PDF's title is written in full later.
            setattr(props, key, value[:255] if isinstance(value, str) else value)
        _save_stored(document, out)
