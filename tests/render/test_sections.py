"""The body sections: present when the draft has content for them, in the style's order,
under the style's labels."""

import yaml
from docx import Document

from helpers import MINIMAL, STYLES
from pipeline.haus import load_house_style
from pipeline.render import Numbering, build_context, render_vorlage
from pipeline.render.sections import Sections
from pipeline.schema import Draft, example_draft

COSTS = yaml.safe_load(MINIMAL) | {"finanzen": {"haushalt": {"bedarf": 54000,
                                                             "haushaltsansatz": 40000}}}


def body(tmp_path, style_name: str, data: dict) -> list[str]:
    draft = Draft.model_validate(data)
    style = load_house_style(style_name, [STYLES])
    out = tmp_path / "v.docx"
    render_vorlage(draft, style, build_context(draft, style, Numbering("1", False, True)), out)
    return [p.text for p in Document(str(out)).paragraphs]


def test_sections_follow_the_house_style_order_and_labels(tmp_path):
    kempten = body(tmp_path, "kempten", COSTS | {"amt_kennziffer": "53",
                                                 "vorlagenart": "Sitzungsvorlage"})
    order = [kempten.index(label) for label in ("Sachverhalt:", "Finanzielle Auswirkungen:",
                                                "Beschlussvorschlag:")]
    assert order == sorted(order)  # Kempten: Sachverhalt first, Beschlussvorschlag last
    standard = body(tmp_path, "standard", COSTS)
    assert standard.index("Beschlussvorschlag") < standard.index("Begründung")


def test_a_section_without_content_is_left_out():
    style = load_house_style("standard", [STYLES])
    draft = Draft.model_validate(yaml.safe_load(MINIMAL))
    sections = Sections(draft, style, build_context(draft, style, Numbering("1", False, True)))
    present = {name for name in ("zusammenfassung", "beschlussvorschlag", "finanzen",
                                 "fruehere_behandlung", "begruendung", "anlagen",
                                 "mitzeichnung") if sections.has(name)}
    assert present == {"beschlussvorschlag", "begruendung"}
    full = example_draft()
    all_there = Sections(full, style, build_context(full, style, Numbering("1", False, True)))
    assert all(all_there.has(name) for name in ("zusammenfassung", "finanzen", "anlagen",
                                                "fruehere_behandlung", "mitzeichnung",
                                                "zeichnung", "produktgruppen", "auswirkungen"))


def test_finance_form_with_computed_remainder(tmp_path):
    text = body(tmp_path, "standard", COSTS)
    assert "Finanzielle Auswirkungen: ja" in text
    doc_tables = Document(str(tmp_path / "v.docx")).tables
    cells = [c.text for t in doc_tables for row in t.rows for c in row.cells]
    assert "54.000,00\u00a0€" in cells and "14.000,00\u00a0€" in cells  # Bedarf, ungedeckt
