"""Markdown to Word: headings, lists, quotes, tables and footnotes in the template's styles."""

import yaml
from docx import Document
from docx.oxml.ns import qn

from helpers import MINIMAL, STYLES, pdf_text, run
from pipeline.haus import load_house_style
from pipeline.render import Numbering, build_context, render_vorlage
from pipeline.schema import Draft

BEGRUENDUNG = """\
# Ausgangslage

Erster Absatz.

1. eins
2. zwei

   Weiter zu zwei.
   - unter zwei
     - ganz unten

> Zitat
>
> > im Zitat

```
Code bleibt Text
```

| Gerät | Anzahl |
|---|--:|
| Beamer | 2 |

Mit Fußnote[^a] und **fett[^b]**.

[^a]: Erste *Quelle*.

    Zweiter Absatz der Fußnote.
[^b]: Zweite **Quelle**.
"""


def rendered(tmp_path, begruendung: str):
    data = yaml.safe_load(MINIMAL)
    data["begruendung"] = begruendung
    draft = Draft.model_validate(data)
    style = load_house_style("standard", [STYLES])
    out = tmp_path / "v.docx"
    render_vorlage(draft, style, build_context(draft, style, Numbering("2024/X", False, True)),
                   out)
    return Document(str(out))


def level(paragraph):
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return None
    return int(ppr.numPr.ilvl.val)


def test_blocks_take_the_template_styles(tmp_path):
    doc = rendered(tmp_path, BEGRUENDUNG)
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["Ausgangslage"].style.name == "Heading 2"  # '#' under the section heading
    assert [(t, level(by_text[t])) for t in ("eins", "zwei", "unter zwei", "ganz unten")] == [
        ("eins", 0), ("zwei", 0), ("unter zwei", 1), ("ganz unten", 2)]
    assert by_text["Weiter zu zwei."].style.name == "List Continue"
    assert level(by_text["Weiter zu zwei."]) is None
    assert by_text["Zitat"].style.name == by_text["im Zitat"].style.name == "Quote"
    assert by_text["Code bleibt Text"].style.name == "Quote"
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Gerät")
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right, as `--:` says


def test_footnotes_become_word_footnotes(tmp_path):
    doc = rendered(tmp_path, BEGRUENDUNG)
    refs = doc.element.body.findall(f".//{qn('w:footnoteReference')}")
    assert len(refs) == 2
    notes = next(p for p in doc.part.package.parts if p.partname.endswith("footnotes.xml"))
    text = notes.blob.decode()
    assert "Zweiter Absatz der Fußnote." in text and "Quelle" in text
    bold_ref = next(r for p in doc.paragraphs for r in p.runs if r.text == "fett")
    assert bold_ref.bold


def test_keep_docx_and_markdown_become_word_structures(project, write_draft):
    text = MINIMAL.replace("  Die Geräte sind veraltet.\n", """\
  ## Ausgangslage

  Erster Absatz mit **fett** und *kursiv*.[^1]

  1. eins
  2. zwei
     - unter

  > Zitat der Richtlinie

  | Gerät | Anzahl |
  |---|--:|
  | Beamer | 2 |

  [^1]: Quelle: Inventarliste 2023
""")
    write_draft("md.yaml", text)
    result = run(["build", "--keep-docx", "drafts/md.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    doc = Document(str(project.output_dir / "md-ENTWURF.docx"))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Ausgangslage"].startswith("Heading")
    assert styles["Zitat der Richtlinie"] == "Quote"
    numbered = [p for p in doc.paragraphs if p._p.pPr is not None
                and p._p.pPr.numPr is not None]
    assert [p.text for p in numbered if p.text in ("eins", "zwei", "unter")] == [
        "eins", "zwei", "unter"]
    runs = {r.text: r for p in doc.paragraphs for r in p.runs}
    assert runs["fett"].bold and runs["kursiv"].italic
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Gerät")
    assert [c.text for c in table.rows[1].cells] == ["Beamer", "2"]
    assert "**" not in pdf_text(project.output_dir / "md-ENTWURF.pdf")
    footnotes = [p for p in doc.part.package.parts if p.partname.endswith("footnotes.xml")]
    assert b"Inventarliste 2023" in footnotes[0].blob
    assert "Quelle: Inventarliste 2023" in pdf_text(project.output_dir / "md-ENTWURF.pdf")


GRID = """\
Kosten:

<!-- breiten: 3 1 1 -->
|  |  |  |
|---|---|--:|
| Planung | 2024 | 120.000 € |
| Bau | 2025 | 1.480.000 € |

<!-- breiten: 1 4 -->

| Nr. | Schritt |
|---|---|
| 1 | Vergabe |

| ohne | Angabe |
|---|---|
| a | b |
"""


def test_a_table_without_header_and_with_widths(tmp_path):
    doc = rendered(tmp_path, GRID)
    plain = next(t for t in doc.tables if t.rows[0].cells[0].text == "Planung")
    assert [[c.text for c in row.cells] for row in plain.rows] == [
        ["Planung", "2024", "120.000 €"], ["Bau", "2025", "1.480.000 €"]]  # no empty row
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
               for row in plain.rows)
    assert not any(r.bold for c in plain.rows[0].cells for r in c.paragraphs[0].runs)
    assert plain._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "0"
    assert plain.rows[0].cells[2].paragraphs[0].alignment == 2  # `--:` still counts

    def grid(table):
        return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]

    section = doc.sections[0]
    text_width = round((section.page_width - section.left_margin - section.right_margin) / 635)
    assert sum(grid(plain)) == text_width
    assert [round(w / text_width, 2) for w in grid(plain)] == [0.6, 0.2, 0.2]
    steps = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nr.")
    assert [round(w / text_width, 2) for w in grid(steps)] == [0.2, 0.8]
    assert steps.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # a header as before
    assert all("breiten" not in p.text for p in doc.paragraphs)
    # Without a widths line the table is laid out as before: python-docx's equal grid.
    other = next(t for t in doc.tables if t.rows[0].cells[0].text == "ohne")
    assert other._tbl.tblPr.find(qn("w:tblLayout")) is None


def test_widths_that_do_not_fit_are_left_out_not_a_crash(tmp_path):
    """`check` reports them (tests/check/test_tables.py); a render on its own goes on."""
    doc = rendered(tmp_path, "<!-- breiten: 1 zwei drei -->\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "a")
    assert table._tbl.tblPr.find(qn("w:tblLayout")) is None
