"""Anlagen uploaded in a real browser (Debian's Chromium, driven by Playwright, against the
real `vorlage serve`): a PDF, a DOCX, an XLSX and a JPG dropped into the form, reordered,
renamed, one marked nichtöffentlich, saved and built; each is found in the PDF in the chosen
order. A program named .pdf and a file over the limit are refused at the drop zone."""

import base64
import io

import pytest
import yaml
from playwright.sync_api import expect

import anlage_files
from helpers import run
from webclient import Server, example_project, open_editor, saved

KEMPTEN = "kempten-2020-53-037.yaml"
FOLDER = "anlagen/kempten-2020-53-037"
PHOTO = (640, 480)  # the JPG's pixels: how its page is recognised


@pytest.fixture
def small_site(tmp_path):
    root = example_project(tmp_path, edits=(("anlage_mb: 50 ", "anlage_mb: 1 "),))
    running = Server(root)
    yield root, running.url
    assert "Traceback" not in running.stop()


def field(page, path):
    return page.locator(f"[data-feld='{path}'] > input, [data-feld='{path}'] > textarea, "
                        f"[data-feld='{path}'] > select").first


def rows(page):
    return page.locator("fieldset[data-path='anlagen'] > .eintraege > .eintrag")


def move(page, number: int, label: str) -> None:
    """Clicks ↑ or ↓ of the Anlage at position `number` (from 1)."""
    rows(page).nth(number - 1).locator(":scope > .werkzeuge button", has_text=label).click()


def drag(page, number: int, onto: int) -> None:
    """Drags the Anlage at `number` by its handle onto the row at `onto`, with the mouse as a
    hand does it (small steps, so Chromium starts a drag), the target in view."""
    handle = rows(page).nth(number - 1).locator(".greifer")
    handle.scroll_into_view_if_needed()
    start, target = handle.bounding_box(), rows(page).nth(onto - 1).bounding_box()
    visible = (max(target["y"], 0) + target["y"] + target["height"]) / 2  # its part in view
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 5, visible, steps=10)
    page.mouse.up()


def preview_pdf(page, root):
    """The editor's preview as built by the server, opened with pypdf."""
    from pypdf import PdfReader

    page.click("#vorschau")
    page.wait_for_function("() => document.getElementById('pdf').dataset.blob",
                           timeout=180000)
    data = page.evaluate("""async () => {
        const r = await fetch(document.getElementById('pdf').dataset.blob);
        const b = new Uint8Array(await r.arrayBuffer());
        let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s); }""")
    (root / "vorschau.pdf").write_bytes(base64.b64decode(data))
    return PdfReader(io.BytesIO(base64.b64decode(data)))


def first_page_of(reader, found) -> int:
    return next(i for i, p in enumerate(reader.pages) if found(p))


def test_four_kinds_uploaded_reordered_saved_and_built_in_that_order(small_site, browser,
                                                                       tmp_path):
    root, url = small_site
    files = [anlage_files.pdf(tmp_path / "Bericht Nord.pdf", "Anlagentext Bericht Nord"),
             anlage_files.docx(tmp_path / "Protokoll.docx", "Anlagentext Protokoll Sitzung"),
             anlage_files.xlsx(tmp_path / "Kosten.xlsx", "Anlagentext Kostentabelle"),
             anlage_files.picture(tmp_path / "Foto.jpg", PHOTO)]
    page, errors = open_editor(browser, url, KEMPTEN, "anna")
    box = page.locator("fieldset[data-path='anlagen']")
    box.locator("button", has_text="entfernen").click()  # the draft's own Präsentation
    expect(rows(page)).to_have_count(0)
    box.locator(".ablage input[type=file]").set_input_files([str(f) for f in files])
    expect(rows(page)).to_have_count(4, timeout=60000)
    assert [field(page, f"anlagen[{i}].titel").input_value() for i in range(1, 5)] == [
        "Bericht Nord", "Protokoll", "Kosten", "Foto"]
    assert field(page, "anlagen[3].datei").input_value() == f"{FOLDER}/kosten.xlsx"
    # Each row shows its first page (the Word file and the workbook through LibreOffice).
    page.wait_for_function("""() => {
        const pictures = [...document.querySelectorAll(
            "fieldset[data-path='anlagen'] img.vorschaubild")];
        return pictures.length === 4 && pictures.every((i) => i.complete && i.naturalWidth);
    }""", timeout=120000)
    # Reorder to Foto, Kosten, Bericht, Protokoll: the photo dragged by its handle onto the
    # row above, then moved up with the buttons, and the workbook after it.
    drag(page, 4, 3)
    expect(field(page, "anlagen[3].titel")).to_have_value("Foto")
    for number in (3, 2, 4, 3):
        move(page, number, "↑")
    assert [field(page, f"anlagen[{i}].titel").input_value() for i in range(1, 5)] == [
        "Foto", "Kosten", "Bericht Nord", "Protokoll"]
    field(page, "anlagen[2].titel").fill("Kostenaufstellung 2024")  # renamed
    field(page, "anlagen[4].oeffentlich").select_option("nein")  # nichtöffentlich
    expect(page.locator("#status")).to_have_text("geändert, nicht gespeichert")
    saved(page)
    draft = yaml.safe_load((root / "drafts" / KEMPTEN).read_text(encoding="utf-8"))
    assert [(a["titel"], a["datei"]) for a in draft["anlagen"]] == [
        ("Foto", f"{FOLDER}/foto.jpg"), ("Kostenaufstellung 2024", f"{FOLDER}/kosten.xlsx"),
        ("Bericht Nord", f"{FOLDER}/bericht-nord.pdf"),
        ("Protokoll", f"{FOLDER}/protokoll.docx")]
    assert draft["anlagen"][3]["oeffentlich"] in (False, "nein")
    assert (root / "drafts" / KEMPTEN).exists() and run(
        ["check", f"drafts/{KEMPTEN}"], root).returncode == 0  # the CLI takes the same draft
    reader = preview_pdf(page, root)

    def text(words):
        return lambda p: words in (p.extract_text() or "")

    photo = first_page_of(reader, lambda p: any(i.image.size == PHOTO for i in p.images))
    costs = first_page_of(reader, text("Anlagentext Kostentabelle"))
    report = first_page_of(reader, text("Anlagentext Bericht Nord"))
    minutes = first_page_of(reader, text("Anlagentext Protokoll Sitzung"))
    assert photo < costs < report < minutes, (photo, costs, report, minutes)
    assert not errors


def test_a_program_and_an_oversized_file_are_refused_at_the_drop_zone(small_site, browser,
                                                                        tmp_path):
    root, url = small_site
    program = anlage_files.program(tmp_path / "programm.pdf")
    big = tmp_path / "gross.pdf"
    big.write_bytes(anlage_files.pdf(tmp_path / "g.pdf", "groß").read_bytes()
                    + b"%" + b"0" * (1536 * 1024))  # 1.5 MB, over the project's 1 MB
    fine = anlage_files.pdf(tmp_path / "Lageplan.pdf", "Lageplan")
    page, errors = open_editor(browser, url, KEMPTEN, "anna")
    before = rows(page).count()
    zone = page.locator("fieldset[data-path='anlagen'] .ablage")
    zone.locator("input[type=file]").set_input_files([str(program), str(big), str(fine)])
    expect(rows(page)).to_have_count(before + 1, timeout=60000)  # only the good one
    messages = zone.locator(".hochladen-fehler li")
    expect(messages).to_have_count(2)
    expect(messages.nth(0)).to_have_text(
        "programm.pdf ist dem Inhalt nach keine der erlaubten Dateiarten (erlaubt: PDF, DOCX, "
        "ODT, XLSX, ODS, JPG, PNG)")
    expect(messages.nth(1)).to_have_text(
        "gross.pdf ist 1,5 MB groß; erlaubt sind 1 MB (Einstellung grenzen.anlage_mb in "
        "vorlage.yaml)")
    assert sorted(p.name for p in (root / "drafts" / FOLDER).iterdir()) == ["lageplan.pdf"]
    # The messages stay while the form is checked and the list drawn again.
    move(page, before + 1, "↑")
    expect(messages).to_have_count(2)
    assert not errors
