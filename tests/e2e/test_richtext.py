"""The rich-text editor of the long Markdown fields (static/richtext.js on the vendored Toast UI
Editor) in Debian's Chromium: toolbar, footnotes, paste from Word and LibreOffice, the drafts'
Begründung unchanged through load and getMarkdown(), onChange, read-only, no network, the
app's Content-Security-Policy."""

import difflib
import re
from pathlib import Path

import pytest
import yaml

from helpers import REPO

STATIC = REPO / "pipeline" / "web" / "static"
VENDOR = STATIC / "vendor" / "toastui-editor"
SCRIPTS = [VENDOR / "toastui-editor-all.min.js", VENDOR / "de-de.js", STATIC / "richtext.js"]
DRAFTS = sorted((REPO / "drafts").glob("*.yaml"))

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta name=Generator content="Microsoft Word 15"></head><body lang=DE>
<!--StartFragment-->
<p class=MsoNormal>Die Verwaltung schlägt <b>drei Maßnahmen</b> vor:<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span>
<![endif]>Sanierung
der <b>Turnhalle</b><o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle
style='margin-left:72.0pt;text-indent:-18.0pt;mso-list:l0 level2 lfo1'>
<![if !supportLists]><span
style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span>
<![endif]>Dach und Fassade<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span>
<![endif]>Neubau
der Mensa<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'>
<![if !supportLists]><span
style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span>
<![endif]>Ausschreibung<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'>
<![if !supportLists]><span
style='mso-bidi-font-family:Calibri'><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span>
<![endif]>Vergabe<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=302 valign=top style='width:226.55pt;border:solid windowtext 1.0pt'><p
  class=MsoNormal><b>Maßnahme<o:p></o:p></b></p></td>
  <td width=302 valign=top style='width:226.55pt;border:solid windowtext 1.0pt'><p
  class=MsoNormal><b>Kosten<o:p></o:p></b></p></td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=302 valign=top style='width:226.55pt'><p class=MsoNormal>Turnhalle<o:p></o:p></p></td>
  <td width=302 valign=top style='width:226.55pt'><p class=MsoNormal>1.200.000 €<o:p></o:p></p></td>
 </tr>
</table>
<p class=MsoNormal><img width=100 height=50
src="file:///C:/Users/amt/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png"><o:p></o:p></p>
<!--EndFragment-->
</body></html>"""

LIBREOFFICE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/>
<meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/></head>
<body lang="de-DE" dir="ltr"><p style="margin-bottom: 0cm">Die Verwaltung schlägt
<b>drei Maßnahmen</b> vor:</p>
<ul>
	<li><p style="margin-bottom: 0cm">Sanierung der <b>Turnhalle</b></p>
	<ul><li><p style="margin-bottom: 0cm">Dach und Fassade</p></li></ul>
	<li><p style="margin-bottom: 0cm">Neubau der Mensa</p>
</ul>
<ol>
	<li><p style="margin-bottom: 0cm">Ausschreibung</p>
	<li><p style="margin-bottom: 0cm">Vergabe</p>
</ol>
<table width="100%" cellpadding="4" cellspacing="0"><col width="128*"/><col width="128*"/>
	<tr valign="top"><td width="50%" style="border: 1px solid #000000; padding: 0.1cm">
		<p><b>Maßnahme</b></p></td>
		<td width="50%" style="border: 1px solid #000000; padding: 0.1cm">
		<p><b>Kosten</b></p></td></tr>
	<tr valign="top"><td width="50%" style="border: 1px solid #000000; padding: 0.1cm">
		<p>Turnhalle</p></td>
		<td width="50%" style="border: 1px solid #000000; padding: 0.1cm">
		<p>1.200.000 €</p></td></tr>
</table>
</body></html>"""

PASTED = """Die Verwaltung schlägt **drei Maßnahmen** vor:

- Sanierung der **Turnhalle**
    - Dach und Fassade
- Neubau der Mensa

1. Ausschreibung
2. Vergabe

| **Maßnahme** | **Kosten** |
| -------- | ------ |
| Turnhalle | 1.200.000 € |
"""

PASTE = """([html, text, raw]) => {
  const pm = document.querySelector('.toastui-editor-ww-container .ProseMirror');
  pm.focus();
  const dt = new DataTransfer();
  dt.setData('text/html', html);
  dt.setData('text/plain', text);
  const event = new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true});
  if (raw) event.richTextCleaned = true;  // as if richtext.js had not seen it
  pm.dispatchEvent(event);
}"""


@pytest.fixture
def page(browser):
    """A blank page with the vendored editor and richtext.js, and `make(markdown, **options)`
    that puts an editor in it as `window.field`, its onChange calls in `window.changes`."""
    page = browser.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_content("<!doctype html><html lang=de><head><meta charset=utf-8></head>"
                     "<body><div id=feld></div></body></html>")
    page.add_style_tag(path=VENDOR / "toastui-editor.css")
    for script in SCRIPTS:
        page.add_script_tag(path=script)

    def make(markdown="", **options):
        page.evaluate("""([markdown, options]) => {
            if (window.field) window.field.destroy();
            window.changes = [];
            window.field = RichText.create(document.getElementById('feld'),
              {...options, markdown, onChange: (m) => window.changes.push(m)});
        }""", [markdown, options])

    page.make = make
    yield page
    assert page.errors == []
    # Nothing but the page itself (about:blank) and data: URLs; no fonts, images, statistics.
    assert [url for url in page.requests if not url.startswith(("data:", "about:"))] == []
    page.close()


def markdown(page) -> str:
    return page.evaluate("field.getMarkdown()")


def editable(page):
    return page.locator(".toastui-editor-ww-container .ProseMirror")


def cursor_at_end_of(page, text: str) -> None:
    """The caret after the last block of the WYSIWYG view that contains `text`."""
    page.evaluate("""(text) => {
        const blocks = [...document.querySelectorAll(
          '.toastui-editor-ww-container .ProseMirror :is(p, h1, h2, h3, li > p)')]
          .filter((el) => el.textContent.includes(text));
        const block = blocks[blocks.length - 1];
        block.closest('.ProseMirror').focus();
        const range = document.createRange();
        range.selectNodeContents(block);
        range.collapse(false);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""", text)
    page.wait_for_timeout(50)  # ProseMirror reads the selection on selectionchange


def words(text: str) -> str:
    """Letters and digits only: what no normalisation may change."""
    return re.sub(r"[\W_]+", "", text)


# --- a. toolbar ---------------------------------------------------------------------------

def test_the_toolbar_writes_markdown(page):
    page.make()
    editable(page).click()
    page.click("button.bold")
    page.keyboard.type("fett")
    page.click("button.bold")
    page.keyboard.type(" und ")
    page.click("button.italic")
    page.keyboard.type("kursiv")
    page.click("button.italic")
    page.keyboard.press("Enter")
    page.keyboard.type("Titel")
    page.click("button.heading")
    page.click(".toastui-editor-popup-add-heading [data-level='2']")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.click("button.bullet-list")
    page.keyboard.type("Punkt A")
    page.keyboard.press("Enter")
    page.keyboard.type("Punkt B")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.click("button.ordered-list")
    page.keyboard.type("Erstens")
    page.keyboard.press("Enter")
    page.keyboard.type("Zweitens")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.click("button.table")
    box = page.locator(".toastui-editor-table-selection").bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 30)  # a table of 3 columns and 2 rows
    page.keyboard.type("Zelle")
    assert markdown(page).split("\n") == [
        "**fett** und *kursiv*", "", "## Titel", "", "- Punkt A", "- Punkt B", "",
        "1. Erstens", "2. Zweitens", "",
        "|  |  |  |", "| --- | --- | --- |", "|  |  | Zelle |", ""]
    # The German interface.
    labels = page.eval_on_selector_all(".toastui-editor-toolbar button",
                                       "(buttons) => buttons.map((b) => b.ariaLabel)")
    assert labels[:7] == ["Überschriften", "Fett", "Kursiv", "Aufzählung",
                          "Nummerierte Aufzählung", "Tabelle einfügen", "Fußnote"]


def test_enter_makes_a_paragraph_not_a_soft_line_break(page):
    """Toast UI writes Enter in the WYSIWYG view as a soft line break, which markdown-it
    (and so the PDF) joins into the paragraph before; here it is a new paragraph."""
    page.make("Erster Absatz,\nim Quelltext umbrochen.\n\nZweiter Absatz.\n")
    assert page.locator(".ProseMirror > p").all_inner_texts() == [
        "Erster Absatz, im Quelltext umbrochen.", "Zweiter Absatz."]  # shown as paragraphs
    cursor_at_end_of(page, "Zweiter")
    page.keyboard.press("Enter")
    page.keyboard.type("Dritter.")
    assert markdown(page) == ("Erster Absatz,\nim Quelltext umbrochen.\n\nZweiter Absatz.\n\n"
                              "Dritter.\n")
    cursor_at_end_of(page, "Dritter")
    page.keyboard.press("Home")
    page.keyboard.press("Backspace")  # joins the paragraphs, as in Word
    assert markdown(page) == ("Erster Absatz,\nim Quelltext umbrochen.\n\n"
                              "Zweiter Absatz.Dritter.\n")


# --- b. footnotes -------------------------------------------------------------------------

def test_the_footnote_button_adds_the_next_footnote_unescaped(page):
    page.make("Der Rat hat beschlossen.[^1]\n\n[^1]: Drucksache 1234/2020, S. 3-4.\n")
    cursor_at_end_of(page, "beschlossen")
    page.click("button.richtext-footnote")
    page.wait_for_timeout(200)  # the editor takes its focus back a moment after the click
    page.keyboard.type("Vgl. Anlage 2 (Stand: 1.3.2024), S. 5.")
    assert markdown(page) == (
        "Der Rat hat beschlossen.[^1][^2]\n\n[^1]: Drucksache 1234/2020, S. 3-4.\n"
        "[^2]: Vgl. Anlage 2 (Stand: 1.3.2024), S. 5.\n")
    # Toast UI itself escapes both (the button only helps if that is undone).
    raw = page.evaluate("field.editor.getMarkdown()")
    assert "\\[^2\\]: Vgl\\. Anlage 2 \\(Stand: 1\\.3\\.2024\\)\\, S\\. 5\\." in raw
    # In the Markdown view too.
    page.click(".toastui-editor-mode-switch .tab-item >> text=Markdown")
    page.evaluate("field.editor.setSelection([1, 4], [1, 4])")
    page.click("button.richtext-footnote")
    page.wait_for_timeout(200)
    page.keyboard.type("Dritte.")
    assert markdown(page) == (
        "Der[^3] Rat hat beschlossen.[^1][^2]\n\n[^1]: Drucksache 1234/2020, S. 3-4.\n"
        "[^2]: Vgl. Anlage 2 (Stand: 1.3.2024), S. 5.\n[^3]: Dritte.\n")


def test_footnotes_typed_in_the_view_stay_footnotes(page):
    """A definition typed by hand whose text starts like a list keeps that escaped."""
    page.make()
    editable(page).click()
    page.keyboard.type("Text[^a-1] mit | Strich")
    page.keyboard.press("Enter")
    page.keyboard.type("[^a-1]: 1. Auflage, Kap. 2")
    assert markdown(page) == "Text[^a-1] mit \\| Strich\n\n[^a-1]: 1\\. Auflage, Kap. 2"
    from pipeline.render import markdown_html

    html = markdown_html(markdown(page))
    assert 'class="footnote-ref"' in html and "1. Auflage, Kap. 2" in html


def test_loaded_footnotes_survive_and_are_no_links(page):
    text = ("Siehe Quelle[^1] und Internet[^2].\n\n[^1]: Quelle\n"
            "[^2]: https://www.example.org/bericht.pdf\n")
    page.make(text)
    assert markdown(page) == text
    assert page.locator(".ProseMirror > p").all_inner_texts() == [
        "Siehe Quelle[^1] und Internet[^2].", "[^1]: Quelle",
        "[^2]: https://www.example.org/bericht.pdf"]  # definitions are not joined
    assert page.locator(".ProseMirror a").count() == 0  # no reference links either
    cursor_at_end_of(page, "Internet")
    page.keyboard.type(" Neu.")  # an edit elsewhere leaves the definitions as they were
    assert markdown(page) == text.replace("[^2].\n", "[^2]. Neu.\n")


# --- c. paste -----------------------------------------------------------------------------

@pytest.mark.parametrize("html", [WORD, LIBREOFFICE], ids=["Word", "LibreOffice"])
def test_paste_keeps_lists_bold_and_tables(page, html):
    page.make()
    page.evaluate(PASTE, [html, "Die Verwaltung schlägt drei Maßnahmen vor:", False])
    assert markdown(page) == PASTED
    assert page.locator(".ProseMirror img").count() == 0  # Word's file:/// picture is gone


def test_toast_ui_alone_makes_no_list_of_words_list_paragraphs(page):
    """Why richtext.js rewrites Word's HTML: Toast UI only knows class=MsoListParagraph,
    not the MsoListParagraphCxSpFirst/Middle/Last of a list of several items."""
    page.make()
    page.evaluate(PASTE, [WORD, "", True])
    assert "- Sanierung" not in markdown(page) and "Sanierung der **Turnhalle**" in markdown(page)
    # ...and shows Word's picture, whose file: path Chromium then asks for.
    page.wait_for_timeout(100)
    assert [url for url in page.requests if url.startswith("file:")] == [
        "file:///C:/Users/amt/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png"]
    page.requests.clear()


# --- d. the drafts through the editor -----------------------------------------------------

@pytest.mark.parametrize("draft", DRAFTS, ids=[d.stem for d in DRAFTS])
def test_a_begruendung_comes_back_unchanged(page, draft, record_property):
    from pipeline.render import markdown_html

    text = yaml.safe_load(draft.read_text(encoding="utf-8"))["begruendung"]
    page.make(text)
    assert markdown(page) == text
    # Toast UI's own rewrite of the whole text loses no word either.
    assert words(page.evaluate("field.editor.getMarkdown()")) == words(text)
    # One edit changes one block: the rest stays byte for byte.
    first = page.evaluate("document.querySelector('.ProseMirror > p').textContent")
    cursor_at_end_of(page, first)
    page.keyboard.type(" Ergänzt.")
    edited = markdown(page)
    changed = [line for line in difflib.unified_diff(text.splitlines(), edited.splitlines(),
                                                     lineterm="", n=0)
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    record_property("changed_lines_after_one_edit", len(changed))
    removed = [line for line in changed if line.startswith("-")]
    assert [line for line in changed if line.startswith("+")] == [
        "+" + first + " Ergänzt."]
    assert words("".join(removed)) == words(first)  # the paragraph's lines, maybe wrapped
    # And markdown-it reads the rest as before (a joined soft break is a space either way).
    def same(html):
        return re.sub(r"\s+", " ", html)
    assert same(markdown_html(edited).replace(" Ergänzt.", "")) == same(markdown_html(text))


# --- e. onChange --------------------------------------------------------------------------

def test_onchange_only_on_a_change_by_the_user(page):
    page.make("Ein Absatz.\n\n- Punkt\n")
    page.evaluate("field.setMarkdown('Anderer Text.\\n')")
    assert markdown(page) == "Anderer Text.\n"
    page.click(".toastui-editor-mode-switch .tab-item >> text=Markdown")
    page.click(".toastui-editor-mode-switch .tab-item >> text=WYSIWYG")
    assert page.evaluate("changes") == []
    cursor_at_end_of(page, "Anderer")
    page.keyboard.type("!")
    assert page.evaluate("changes") == ["Anderer Text.!\n"]


# --- read-only, the app's CSP ------------------------------------------------------------

def test_readonly_is_not_editable(page):
    page.make("Nur **lesen**.\n", readonly=True, label="Begründung")
    assert page.locator("[contenteditable=true]").count() == 0
    assert page.locator("#feld strong").inner_text() == "lesen"
    assert markdown(page) == "Nur **lesen**.\n"


def test_works_under_the_apps_content_security_policy(browser, project_root):
    """Served by the app itself (its static route and its CSP header), through Playwright's
    routing: the editor loads, writes Markdown and hides what Toast UI hides by a style
    attribute (which `style-src 'self'` drops)."""
    from pipeline.project import Project
    from pipeline.web import create_app

    client = create_app(Project.find(project_root)).test_client()
    policy = client.get("/anmelden").headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    boot = ("window.addEventListener('DOMContentLoaded', () => { window.field = RichText.create("
            "document.getElementById('feld'), {markdown: '# Titel\\n\\nText[^1]\\n\\n"
            "[^1]: Quelle\\n', label: 'Begründung'}); });")
    tags = "".join(f'<script src="/static/{p.relative_to(STATIC)}"></script>' for p in SCRIPTS)
    document = ("<!doctype html><html><head><meta charset=utf-8><link rel=stylesheet "
                "href=/static/vendor/toastui-editor/toastui-editor.css>" + tags +
                "<script src=/boot.js></script></head><body><div id=feld></div></body></html>")

    def answer(route):
        path = "/" + route.request.url.split("/", 3)[3]
        if path == "/":
            route.fulfill(body=document, content_type="text/html; charset=utf-8",
                          headers={"Content-Security-Policy": policy})
        elif path == "/boot.js":
            route.fulfill(body=boot, content_type="text/javascript")
        else:
            served = client.get(path)
            route.fulfill(status=served.status_code, body=served.data,
                          content_type=served.headers["Content-Type"])

    page = browser.new_page()
    page.route("**/*", answer)
    page.goto("http://ratsvorlagen.test/")
    page.wait_for_function("window.field")
    assert page.evaluate("field.getMarkdown()") == "# Titel\n\nText[^1]\n\n[^1]: Quelle\n"
    assert not page.locator(".toastui-editor-md-tab-container").is_visible()
    assert page.locator(".richtext-footnote").evaluate(
        "(b) => getComputedStyle(b).backgroundImage") == "none"  # richtext.js's own rules
    editable(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Mehr.")
    assert page.evaluate("field.getMarkdown()") == "# Titel\n\nText[^1]\n\n[^1]: Quelle Mehr.\n"
    page.close()


def test_vendored_files_are_as_recorded():
    """VENDOR.md records the sha256 of every vendored file; nothing else lies there."""
    import hashlib

    recorded = dict(re.findall(r"^\| `([^`]+)` \| \d+ \| `([0-9a-f]{64})` \|$",
                               (VENDOR / "VENDOR.md").read_text(encoding="utf-8"), re.M))
    present = {p.name for p in VENDOR.iterdir()} - {"VENDOR.md"}
    assert set(recorded) == present
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert Path(VENDOR / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
