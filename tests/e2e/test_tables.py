"""Markdown tables without header and with column widths, end to end: `vorlage build` prints
them so in the PDF, and the browser editor (Debian's Chromium against the real `vorlage
serve`) keeps their syntax when the Begründung is edited elsewhere or in the table."""

import re
import subprocess

import yaml
from playwright.sync_api import expect

from helpers import MINIMAL, pdf_text, run
from pipeline.render import block_tree
from webclient import changed_lines, open_editor, saved

BEGRUENDUNG = """\
  Die Kosten verteilen sich so:

  <!-- breiten: 60 20 20 -->
  |  |  |  |
  |---|---|---|
  | Planung und Bauleitung | 2024 | 120.000 EUR |
  | Bau | 2025 | 1.480.000 EUR |

  Die Schritte:

  <!-- breiten: 1 4 -->
  | Nr. | Schritt |
  |---|---|
  | 1 | Ausschreibung |
  | 2 | Vergabe |

  Zuletzt:

  | Frist | Stelle |
  |---|---|
  | 30.06. | Amt 53 |
"""
DRAFT = MINIMAL.replace("  Die Geräte sind veraltet.\n", BEGRUENDUNG).replace(
    "amt: Amt für Tests", 'amt: 53 Amt für Integration\namt_kennziffer: "53"')


def words_at(pdf) -> dict[str, float]:
    """The left edge (pt) of each word on the first page, as poppler places it."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return {word: float(x) for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)<', html)}


def test_the_pdf_prints_the_grid_without_header_at_its_widths(project, write_draft):
    write_draft("tabellen.yaml", DRAFT)
    result = run(["build", "drafts/tabellen.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    pdf = project.output_dir / "tabellen-ENTWURF.pdf"
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    start = lines.index("Die Kosten verteilen sich so:")
    # The grid's first row is its first data row: the empty header row is gone.
    assert lines[start + 1].startswith("Planung und Bauleitung")
    assert "breiten" not in pdf_text(pdf) and "<!--" not in pdf_text(pdf)
    # Column starts 60 : 20 : 20 and 1 : 4 of one width (the table spans the text width).
    x = words_at(pdf)
    first, second = x["2024"] - x["Planung"], x["120.000"] - x["2024"]
    assert abs(first / second - 3) < 0.05, (first, second)
    assert abs((x["Schritt"] - x["Nr."]) / (first + 2 * second) - 0.2) < 0.01


def caret_into(page, block):
    """Clicks into a block until the caret is there: a click that follows an edit inside a
    table cell is at times taken by the editor's cell selection and leaves the caret in
    the cell."""
    for _ in range(5):
        block.click()
        if block.evaluate("(el) => el.contains(window.getSelection().anchorNode)"):
            return
        page.wait_for_timeout(200)
    raise AssertionError("the caret does not go into the block")


def test_the_editor_keeps_the_table_syntax_through_edits(site, browser):
    root, url = site
    path = root / "drafts" / "tabellen.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    page, errors = open_editor(browser, url, "tabellen.yaml")
    editor = page.locator("[data-feld='begruendung'] .toastui-editor-ww-container .ProseMirror")
    # The widths line shows in the view as a line of its own, where it can be edited.
    assert "<!-- breiten: 60 20 20 -->" in editor.inner_text()
    # 1. A word in another paragraph: that one line changes, the tables not at all.
    editor.locator("p", has_text="Die Schritte:").click()
    page.keyboard.press("End")
    page.keyboard.type(" Zwei.")
    saved(page)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-  Die Schritte:", "+  Die Schritte: Zwei."]
    # 2. A cell of the grid: its widths line stays right above it, widths and no header
    # as before; only the rows Toast UI writes anew may differ.
    editor.locator("td", has_text=re.compile(r"^Bau$")).click()
    page.keyboard.press("End")
    page.keyboard.type("arbeiten")
    expect(page.locator("#status")).to_have_text("geändert, nicht gespeichert")
    saved(page)
    text = yaml.safe_load(path.read_text(encoding="utf-8"))["begruendung"]
    assert "<!-- breiten: 60 20 20 -->\n|  |  |  |\n" in text
    assert "<!-- breiten: 1 4 -->\n| Nr. | Schritt |\n|---|---|\n" in text  # untouched
    tables = [n for n in block_tree(text).children if n.type == "table"]
    assert [(t.meta["kopf"], t.meta["breiten"]) for t in tables] == [
        (False, [0.6, 0.2, 0.2]), (True, [0.2, 0.8]), (True, None)]
    assert "| Bauarbeiten | 2025 |" in text
    # 3. The widths line typed into the view above a table (Toast UI escapes its `<`).
    caret_into(page, editor.locator("p", has_text="Zuletzt:"))
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("<!-- breiten: 3 1 -->")
    # Saved once the form knows of the edit: else the status of the save before still
    # reads „gespeichert“ and the file is read before this save has written it.
    expect(page.locator("#status")).to_have_text("geändert, nicht gespeichert")
    saved(page)
    text = yaml.safe_load(path.read_text(encoding="utf-8"))["begruendung"]
    assert "Zuletzt:\n\n<!-- breiten: 3 1 -->\n\n| Frist | Stelle |\n" in text
    last = [n for n in block_tree(text).children if n.type == "table"][-1]
    assert last.meta["breiten"] == [0.75, 0.25]
    assert not [p for p in run(["check", "drafts/tabellen.yaml"], root).stderr.splitlines()
                if "breite" in p]
    assert not errors
