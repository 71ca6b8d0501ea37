"""Drafting in the browser as people do it (Debian's Chromium, driven by Playwright, against
the real `vorlage serve`): the bugs a new user met, each reproduced, and the round trip of
every draft of the repository through the form."""

import re
import shutil

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from helpers import REPO, page_of, run
from webclient import changed_lines, open_editor, saved, sign_in

KIM, KEMPTEN = "bielefeld-kim.yaml", "kempten-2020-53-037.yaml"


def new_draft(browser, url, name):
    """A new draft of the standard house style, made through the list's form as Anna."""
    page, errors = page_of(browser)
    sign_in(page, url, "anna")
    form = page.locator("form.neu-form").filter(has_text="standard")
    form.locator("select[name=art]").select_option("Beschlussvorlage")
    form.locator("input[name=datei]").fill(name)
    form.locator("button").click()
    page.wait_for_url(f"**/entwurf/{name}.yaml")
    page.wait_for_function("() => document.querySelector('#probleme li')")
    return page, errors


def field(page, path):
    return page.locator(f"[data-feld='{path}'] > input, [data-feld='{path}'] > textarea, "
                        f"[data-feld='{path}'] > select").first


def test_1_an_amount_with_a_thousands_dot_is_kept_and_refused_like_the_cli(site, browser):
    root, url = site
    # the standard style's form has Bottrop's rows (Waiblingen's own form has other ones)
    page, errors = new_draft(browser, url, "betrag-mehrdeutig")
    if field(page, "finanzen").count():  # `keine` or nothing yet: open the section
        page.locator("[data-feld='finanzen'] button").click()
    bedarf = field(page, "finanzen.haushalt.bedarf")
    bedarf.fill("85.000")
    bedarf.blur()
    message = page.locator("[data-feld='finanzen.haushalt.bedarf'] .meldung")
    expect(message).to_contain_text("mehrdeutig", timeout=10000)
    assert bedarf.input_value() == "85.000"  # not turned into 85,00
    saved(page)
    text = (root / "drafts" / "betrag-mehrdeutig.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["finanzen"]["haushalt"]["bedarf"] == "85.000"
    cli = run(["check", "drafts/betrag-mehrdeutig.yaml"], root)
    assert cli.returncode != 0 and message.inner_text() in cli.stdout + cli.stderr
    assert not errors


def test_2_a_list_of_mappings_is_shown_as_a_list_and_saved_untouched(site, browser):
    root, url = site
    before = (root / "drafts" / KIM).read_bytes()
    page, errors = open_editor(browser, url, KIM)
    values = page.evaluate("() => [...document.querySelectorAll('#formular input, "
                           "#formular textarea, #formular select')].map(e => e.value)")
    assert values and not [v for v in values if "[object" in v]
    assert field(page, "finanzen.teilergebnisplaene[1].umfang").input_value() == "2.0"
    listed = "finanzen.teilergebnisplaene[4].umfang"  # the list of mappings
    assert field(page, f"{listed}[1].vzae").input_value() == "6.0"
    assert field(page, f"{listed}[2].bei").input_value() == "freien Trägern"
    assert not page.locator("#probleme li.error").count()
    saved(page)
    assert (root / "drafts" / KIM).read_bytes() == before
    assert not errors


def test_3_removing_the_last_anlage_of_a_new_draft_keeps_it_readable(site, browser):
    root, url = site
    page, errors = new_draft(browser, url, "mit-anlage")
    anlagen = page.locator("fieldset[data-path='anlagen']")
    anlagen.locator(":scope > button", has_text="+ Eintrag").click()
    field(page, "anlagen[1].titel").fill("Lageplan")
    field(page, "anlagen[1].datei").fill("anlagen/lageplan.pdf")
    saved(page)
    anlagen.locator("button", has_text="entfernen").click()
    saved(page)
    path = root / "drafts" / "mit-anlage.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["anlagen"] == []
    page.reload()
    page.wait_for_function("() => document.querySelector('#probleme li')")
    field(page, "verantwortlich").fill("Anna Berg")
    saved(page)  # the next save works too
    assert not errors


def test_4_two_tabs_on_one_draft_lose_nothing(site, browser):
    root, url = site
    path = root / "drafts" / KEMPTEN
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    first, second = context.new_page(), context.new_page()
    errors_1, errors_2 = [], []
    first.on("pageerror", lambda e: errors_1.append(str(e)))
    second.on("pageerror", lambda e: errors_2.append(str(e)))
    sign_in(first, url, "anna")  # one person, two tabs
    for tab in (first, second):
        tab.goto(f"{url}/entwurf/{KEMPTEN}")
        tab.wait_for_function("() => document.querySelector('#probleme li')")
    # The second tab is told the draft is open elsewhere.
    expect(second.locator("#andere")).to_have_text(
        "Ebenfalls geöffnet: Sie selbst in einem anderen Fenster", timeout=10000)
    field(first, "verantwortlich").fill("Erika Muster")
    saved(first)
    field(second, "betreff").fill("Integrationskonzept, neu gefasst")
    saved(second)
    expect(second.locator("#status")).to_contain_text("zusammengeführt")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["verantwortlich"] == "Erika Muster"
    assert data["betreff"].strip() == "Integrationskonzept, neu gefasst"
    assert field(second, "verantwortlich").input_value() == "Erika Muster"  # shown there too
    # Both change one field: the second is shown both versions, nothing is overwritten.
    field(first, "verantwortlich").fill("Version eins")
    saved(first)
    field(second, "verantwortlich").fill("Version zwei")
    second.click("#speichern")
    conflict = second.locator("#konflikt")
    expect(conflict).to_be_visible(timeout=10000)
    assert "Version zwei" in conflict.inner_text() and "Version eins" in conflict.inner_text()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["verantwortlich"] == "Version eins"
    conflict.locator("button.ihre").click()
    assert field(second, "verantwortlich").input_value() == "Version eins"
    assert not errors_1 and not errors_2


def _leave(page, url) -> bool:
    """Whether the page let itself be left for the draft list."""
    try:
        page.goto(url + "/", timeout=10000)
    except PlaywrightError as error:  # the page's beforeunload held the navigation
        assert "ERR_ABORTED" in str(error)
        return False
    return True


def test_5_leaving_with_unsaved_edits_asks_first(site, browser):
    _, url = site
    page, errors = open_editor(browser, url, KEMPTEN, "anna")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    field(page, "verantwortlich").click()
    page.keyboard.type(" und Team")
    page.mouse.click(5, 300)  # a click, as a person's hand gives the page
    assert page.evaluate("unsaved()")
    assert not _leave(page, url) and "/entwurf/" in page.url  # "stay" was chosen
    assert asked == ["beforeunload"]
    saved(page)
    assert _leave(page, url) and page.url == url + "/"  # saved: nothing to ask
    assert asked == ["beforeunload"]
    assert not errors


def _errors_by_field(page):
    return page.evaluate("() => [...document.querySelectorAll('.hat-fehler')]"
                         ".map(e => e.dataset.feld || e.dataset.path)")


def test_6_moving_a_row_or_choosing_the_default_touches_nothing_else(site, browser):
    root, url = site
    path = root / "drafts" / KIM
    before = path.read_text(encoding="utf-8")
    page, errors = open_editor(browser, url, KIM)
    rows = page.locator("fieldset[data-path='beratungsfolge'] > .eintraege > .eintrag")
    rows.nth(3).locator(".werkzeuge button", has_text="↑").click()
    assert field(page, "beratungsfolge[3].gremium").input_value() == "Rat der Stadt Bielefeld"
    assert field(page, "beratungsfolge[4].gremium").input_value() == \
        "Finanz- und Personalausschuss"
    page.wait_for_timeout(1500)
    assert all(f.startswith(("beratungsfolge[3]", "beratungsfolge[4]", "beratungsfolge"))
               for f in _errors_by_field(page))
    assert not [f for f in _errors_by_field(page) if f.startswith(("beratungsfolge[1]",
                                                                  "beratungsfolge[2]"))]
    rows.nth(2).locator(".werkzeuge button", has_text="↑").click()  # back
    rows.nth(3).locator(".werkzeuge button", has_text="↓").click()
    page.reload()
    page.wait_for_function("() => document.querySelector('#probleme li')")
    field(page, "beratungsfolge[2].oeffentlich").select_option("")  # "– (Standard: ja)"
    page.wait_for_timeout(1500)
    assert _errors_by_field(page) == []
    saved(page)
    assert changed_lines(before, path.read_text(encoding="utf-8")) == ["-    oeffentlich: ja"]
    assert not errors


def test_7_placeholders_are_placeholders_not_values(site, browser):
    root, url = site
    page, errors = new_draft(browser, url, "geruest")
    betreff = field(page, "betreff")
    assert betreff.input_value() == "" and betreff.get_attribute("placeholder") == "Betreff"
    betreff.fill("Neue Turnhalle")
    auswirkungen = field(page, "finanzen.auswirkungen")
    assert "ja oder nein" in auswirkungen.locator("option:checked").inner_text()
    gremium = field(page, "beratungsfolge[1].gremium")
    assert gremium.input_value() == "" and "Name des Gremiums" in (
        gremium.get_attribute("placeholder") or gremium.locator("option:checked").inner_text())
    saved(page)
    data = yaml.safe_load((root / "drafts" / "geruest.yaml").read_text(encoding="utf-8"))
    assert data["betreff"] == "Neue Turnhalle"
    assert data["finanzen"]["auswirkungen"] == "«ja oder nein»"  # untouched, still to fill
    assert not errors


def test_8_nested_unterpunkte_have_their_own_paths_and_messages(site, browser):
    _, url = site
    page, errors = open_editor(browser, url, KIM)
    nested = field(page, "beschlussvorschlag.punkte[2].unterpunkte[3]")
    assert nested.input_value() == "0,5 Stelle in Anbindung an die REGE"
    assert page.locator("[data-feld*='unterpunkte[1].unterpunkte']").count() == 0
    nested.fill("")
    message = page.locator("[data-feld='beschlussvorschlag.punkte[2].unterpunkte[3]'] "
                           "> .meldung")
    expect(message).not_to_be_empty(timeout=10000)
    assert "beschlussvorschlag.punkte[2].unterpunkte[3]" in _errors_by_field(page)
    assert not errors


def test_9_messages_name_no_file_and_no_position(site, browser):
    _, url = site
    page, errors = open_editor(browser, url, KEMPTEN, "anna")
    field(page, "datum").fill("31.02.2020")
    expect(page.locator("[data-feld='datum'] .meldung")).to_contain_text(
        "dieses Datum gibt es nicht", timeout=10000)
    page.click("#vorschau")
    expect(page.locator("#vorschau-status")).to_contain_text("nicht möglich", timeout=60000)
    shown = page.locator("#probleme").inner_text() + page.locator("#vorschau-status").inner_text()
    assert ".yaml" not in shown and not re.search(r":\d+:\d+", shown), shown
    assert "dieses Datum gibt es nicht" in shown
    assert not errors


REPOSITORY_DRAFTS = sorted([*REPO.glob("drafts/*.yaml"), *REPO.glob("tests/bad_drafts/*.yaml"),
                            *REPO.glob("tests/records/legacy/drafts/*.yaml")])


def test_every_draft_of_the_repository_opened_and_saved_in_the_browser_stays_identical(
        site, browser):
    root, url = site
    names = []
    for i, draft in enumerate(REPOSITORY_DRAFTS):
        names.append(f"repo-{i:02d}-{draft.name}")
        shutil.copyfile(draft, root / "drafts" / names[-1])
    for style in ("standard", "bielefeld", "bottrop", "kempten", "waiblingen"):
        assert run(["new", f"drafts/geruest-{style}.yaml", "--hausstil", style],
                   root).returncode == 0
        names.append(f"geruest-{style}.yaml")
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    for name in names:
        path = root / "drafts" / name
        before = path.read_bytes()
        page.goto(f"{url}/entwurf/{name}")
        page.wait_for_function("() => document.querySelector('#probleme li')")
        page.click("#speichern")
        page.wait_for_function("() => /gespeichert|lesbar/.test("
                               "document.getElementById('status').textContent)")
        assert path.read_bytes() == before, name
    assert not errors


@pytest.mark.parametrize("draft", sorted(p.name for p in REPO.glob("drafts/*.yaml")
                                         if "begruendung:" in p.read_text(encoding="utf-8")))
def test_one_word_typed_into_the_begruendung_editor_changes_one_paragraph(site, browser, draft):
    root, url = site
    path = root / "drafts" / draft
    before = path.read_text(encoding="utf-8")
    page, errors = open_editor(browser, url, draft)
    first = page.locator("[data-feld='begruendung'] .ProseMirror p").first
    # Clicked at its left edge, the caret is at the start even if the Home key is handled
    # before the editor has taken the focus (seen on a loaded machine).
    first.click(position={"x": 1, "y": 3})
    page.keyboard.press("Home")
    page.keyboard.type("Wortwechsel ")
    expect(page.locator("#status")).to_have_text("geändert, nicht gespeichert")
    saved(page)
    diff = changed_lines(before, path.read_text(encoding="utf-8"))
    added = [line for line in diff if line.startswith("+")]
    removed = [line[1:] for line in diff if line.startswith("-")]
    assert len(added) == 1 and "Wortwechsel " in added[0], diff
    # What went is the paragraph the word went into (one line, or its wrapped lines).
    assert removed and "\n".join(removed) in before
    words = added[0][1:].replace("Wortwechsel ", "").split()
    assert words == " ".join(r.strip() for r in removed).split()
    assert not errors


def test_switching_the_house_style_keeps_every_value_and_shows_what_does_not_fit(site, browser):
    root, url = site
    name = "waiblingen-integrationskonzept.yaml"
    path = root / "drafts" / name
    before = path.read_text(encoding="utf-8")
    page, errors = open_editor(browser, url, name)
    loaded = page.evaluate("() => JSON.stringify(Form.data())")
    choice = field(page, "hausstil")
    assert "Stadt Bottrop" in choice.locator("option").all_inner_texts()  # by municipality
    choice.select_option(label="Stadt Bottrop")
    art = page.locator("[data-feld='vorlagenart']")
    expect(art.locator(".meldung")).to_contain_text("Sitzungsvorlage", timeout=10000)
    assert "nicht in der Liste" in field(page, "vorlagenart").locator(
        "option:checked").inner_text()
    assert "hat-fehler" in art.get_attribute("class")
    now = page.evaluate("() => Form.data()")
    assert now["hausstil"] == "bottrop"
    assert {**now, "hausstil": "waiblingen"} == page.evaluate(f"() => ({loaded})")
    saved(page)
    diff = changed_lines(before, path.read_text(encoding="utf-8"))
    assert len(diff) == 2 and "bottrop" in diff[1], diff
    assert not errors
