"""Word building blocks: runs with breaks, lists that restart, footnotes, styles by id."""

from docx import Document
from docx.oxml.ns import qn

from helpers import STYLES
from pipeline.render import Footnotes, Lists, Writer
from pipeline.render.wordml import add_run, document_styles


def writer_for(doc) -> Writer:
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    return Writer(doc, Lists(doc.part), Footnotes(), document_styles(doc), width)


def test_a_run_keeps_line_breaks_and_tabs():
    doc = Document()
    para = doc.add_paragraph()
    run = add_run(para._p, "eins\nzwei\tdrei", bold=True)
    assert [c.tag.split("}")[1] for c in run] == ["rPr", "t", "br", "t", "tab", "t"]
    assert run.find(qn("w:rPr")).find(qn("w:b")) is not None
    assert para.text == "eins\nzwei\tdrei"


def test_every_ordered_list_starts_at_one():
    doc = Document(str(STYLES / "standard" / "vorlage.docx"))
    w = writer_for(doc)
    first, second = w.lists.new_list("ordered"), w.lists.new_list("ordered")
    assert first != second
    numbering = doc.part.numbering_part.element
    nums = {n.get(qn("w:numId")): n for n in numbering.findall(qn("w:num"))}
    for num_id in (first, second):
        starts = nums[num_id].findall(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert {s.get(qn("w:val")) for s in starts} == {"1"}
    para = w.paragraph("Punkt", list_item=(first, 0))
    assert para.style.name == "List Paragraph"


def test_paragraph_styles_fall_back_and_fill_takes_over():
    doc = Document(str(STYLES / "standard" / "vorlage.docx"))
    w = writer_for(doc)
    heading = w.heading("Begründung")
    assert heading.style.name == "Heading 1"
    assert w.heading("") is None  # an empty label prints nothing
    para = w.new_paragraph("Gibt es nicht", "Quote")
    assert para.style.name == "Quote"
    filled = w.paragraph("wird ersetzt", fill=lambda p: w.text(p, "eigener Text"))
    assert filled.text == "eigener Text"


def test_footnotes_are_written_after_the_existing_ones():
    doc = Document(str(STYLES / "standard" / "vorlage.docx"))
    w = writer_for(doc)
    note = w.footnotes.add([("Quelle: ", False, False), ("Inventar", True, False)])
    para = w.paragraph("Text")
    w.footnote_reference(para, note)
    w.footnotes.write(doc.part)
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith(
        "/footnotes"))
    assert b"Inventar" in part.blob
    ref = para._p.find(f".//{qn('w:footnoteReference')}")
    assert int(ref.get(qn("w:id"))) >= 1
