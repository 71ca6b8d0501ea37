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


def body_writer(doc) -> Writer:
    """Into the body, as the sections are written (a Document's add_table takes a style)."""
    w = writer_for(doc)
    w.container = doc._body
    return w


def test_column_widths_fill_the_text_width_in_a_fixed_layout():
    doc = Document(str(STYLES / "standard" / "vorlage.docx"))
    w = body_writer(doc)
    table = w.new_table(2, 3, "Vorlage Tabelle")
    w.column_widths(table, [0.6, 0.2, 0.2])
    text_width = round(w.width / 635)  # EMU to twentieths of a point
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == text_width and grid[0] == round(text_width * 0.6)
    assert abs(grid[1] - text_width * 0.2) <= 1 and abs(grid[2] - text_width * 0.2) <= 1
    for row in table.rows:
        assert [(int(tc.tcPr.tcW.get(qn("w:w"))), tc.tcPr.tcW.get(qn("w:type")))
                for tc in row._tr.tc_lst] == [(g, "dxa") for g in grid]
    props = table._tbl.tblPr
    size = props.find(qn("w:tblW"))
    assert (size.get(qn("w:type")), size.get(qn("w:w"))) == ("pct", "5000")
    assert props.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # In the schema's order (tblLayout before tblLook), which Word insists on.
    tags = [child.tag.split("}")[1] for child in props]
    assert tags.index("tblW") < tags.index("tblLayout") < tags.index("tblLook")


def test_a_table_without_header_turns_the_styles_first_row_off():
    doc = Document(str(STYLES / "standard" / "vorlage.docx"))
    w = body_writer(doc)
    table = w.new_table(2, 2, "Vorlage Tabelle")
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstRow")) == "1" and look.get(qn("w:val")) == "04A0"
    w.no_header_look(table)
    assert look.get(qn("w:firstRow")) == "0" and look.get(qn("w:val")) == "0480"
    assert look.get(qn("w:firstColumn")) == "1"  # the rest of the look as it was
