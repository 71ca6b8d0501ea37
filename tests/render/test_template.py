"""Filling a Word template: a sandbox for values, blocks for generated content."""

import shutil

import pytest
from docx import Document

from helpers import STYLES
from pipeline.errors import UserError
from pipeline.render import Filling, jinja_env
from pipeline.render.template import _style_ids


def template_with(tmp_path, *paragraphs: str):
    path = tmp_path / "t.docx"
    doc = Document()  # python-docx's plain template: no header or footer variables
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(path)
    return path


def test_values_are_data_never_template_code(tmp_path):
    template = template_with(tmp_path, "Betreff: {{ betreff }}")
    out = tmp_path / "out.docx"
    Filling(template).save({"betreff": "{{ 7*7 }} <b> & {% if %}"}, {}, out)
    assert Document(str(out)).paragraphs[0].text == "Betreff: {{ 7*7 }} <b> & {% if %}"


def test_the_sandbox_refuses_reaching_into_python(tmp_path):
    env = jinja_env()
    with pytest.raises(Exception, match="unsafe|not safely callable|access"):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()


def test_a_block_replaces_its_marker_paragraph(tmp_path):
    template = template_with(tmp_path, "Vorher", "{{p inhalt }}", "Nachher")
    filling = Filling(template)
    out = tmp_path / "out.docx"
    block = filling.block("inhalt", lambda w: (w.paragraph("eins"), w.paragraph("zwei")))
    filling.save({"inhalt": block}, {"title": "Titel", "author": "Amt"}, out)
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs] == ["Vorher", "eins", "zwei", "Nachher"]
    assert doc.core_properties.title == "Titel" and doc.core_properties.language == "de-DE"


def test_a_broken_tag_is_a_user_error_naming_the_template(tmp_path):
    template = template_with(tmp_path, "{% if %}kaputt")
    with pytest.raises(UserError, match="t.docx: Vorlage lässt sich nicht füllen"):
        Filling(template).save({}, {}, tmp_path / "out.docx")


def test_style_ids_are_read_once_per_content(tmp_path):
    first = tmp_path / "a.docx"
    shutil.copyfile(STYLES / "standard" / "vorlage.docx", first)
    doc = Document(str(first))
    ids = _style_ids(first, doc)
    assert ids["Heading 1"] and _style_ids(first, None) is ids  # cached
    other = Document(str(STYLES / "bottrop" / "vorlage.docx"))
    assert _style_ids(STYLES / "bottrop" / "vorlage.docx", other) is not ids
