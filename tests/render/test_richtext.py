"""Markdown to Word: headings, lists, quotes, tables and footnotes in the template's styles."""



from docx import Document

from helpers import MINIMAL, pdf_text, run


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
