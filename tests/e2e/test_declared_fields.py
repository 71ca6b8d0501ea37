"""A house style's own fields and sections in the browser (Debian's Chromium, driven by
Playwright, against the real `vorlage serve`): the Leipzig style's choice with a Begründung,
its checkbox group and its own section, drawn from haus.yaml's declarations, saved as the
draft writes them and printed in the PDF; a misspelt key shown at its place; and nothing
written that the user did not change."""

import re
import shutil

import yaml
from playwright.sync_api import expect

from helpers import REPO, page_of, pdf_text, run
from webclient import changed_lines, open_editor, saved, sign_in

LEIPZIG = REPO / "drafts" / "leipzig-gruendach.yaml"
BEGRUENDUNG = "Mehr Verkehr durch die Anfahrt der Baufirmen."
ABWAEGUNG = "Geprüft wurden Zuschüsse und eine Satzung; die Zuschüsse wirken schneller."


def declared(page, key):
    return page.locator(f"fieldset[data-path='felder'] [data-feld='felder.{key}']")


def words(text: str) -> str:
    return " ".join(text.split())


def test_choice_checkbox_and_section_are_saved_as_keys_and_printed_with_labels(site, browser):
    root, url = site
    path = root / "drafts" / "leipzig-test.yaml"
    shutil.copyfile(LEIPZIG, path)
    before = path.read_text(encoding="utf-8")
    was = yaml.safe_load(before)["felder"]["klimawirkung"]
    page, errors = open_editor(browser, url, path.name)
    group = page.locator("fieldset[data-path='felder']")
    expect(group.locator(":scope > legend")).to_have_text("Eigene Angaben des Hausstils")

    klima = declared(page, "klimawirkung")
    choice = klima.locator(":scope > select")
    assert choice.input_value() == was["wahl"] == "positiv"
    assert choice.locator("option").all_inner_texts() == ["–", "positiv", "negativ",
                                                         "keine wesentliche"]
    choice.select_option(label="negativ")
    reason = klima.locator("[data-feld='felder.klimawirkung.text'] input")
    expect(reason).to_be_enabled()
    assert klima.locator(".zusatz label").inner_text() == "Begründung"
    reason.fill(BEGRUENDUNG)

    section = declared(page, "abwaegung")
    assert section.locator(":scope > label").inner_text() == \
        "Beschreibung des Abwägungsprozesses"
    section.locator(".toastui-editor-ww-container .ProseMirror").click()
    page.keyboard.type(ABWAEGUNG)

    anlass = declared(page, "anlass")
    assert anlass.locator("input[type=checkbox]:checked").count() == 2  # as in the file
    anlass.locator("label", has_text="Verwaltungshandeln").locator("input").check()
    expect(anlass.locator("input[value=verwaltungshandeln]")).to_be_checked()
    # The ticked box is the list's third entry, where the server's messages find it.
    assert anlass.locator("input[value=verwaltungshandeln]").locator(
        "xpath=ancestor::*[@data-feld][1]").get_attribute("data-feld") == "felder.anlass[3]"
    assert page.evaluate("() => Form.data().felder.klimawirkung") == {
        "wahl": "negativ", "text": BEGRUENDUNG}
    saved(page)
    assert not page.locator("#probleme li.error").count(), page.locator("#probleme").inner_text()

    after = path.read_text(encoding="utf-8")
    felder = yaml.safe_load(after)["felder"]
    assert felder["klimawirkung"] == {"wahl": "negativ", "text": BEGRUENDUNG}
    assert felder["abwaegung"].strip() == ABWAEGUNG
    assert felder["anlass"][-1] == "verwaltungshandeln"

    built = run(["build", f"drafts/{path.name}"], root)
    assert built.returncode == 0, built.stdout + built.stderr
    text = words(pdf_text(root / "output" / "leipzig-test-ENTWURF.pdf"))
    assert f"negativ (Begründung: {BEGRUENDUNG})" in text, text
    assert "Beschreibung des Abwägungsprozesses:" in text and ABWAEGUNG in text, text
    assert "☒ Verwaltungshandeln" in text.replace("\xa0", " "), text  # ticked
    # Only what was edited changed: every other line of the file is as it was.
    assert sorted(changed_lines(before, after)) == sorted([
        f"-    wahl: {was['wahl']}",
        f"-    text: {was['text']}",
        "+    wahl: negativ",
        f"+    text: {BEGRUENDUNG}",
        "+    - verwaltungshandeln",
        f"+  abwaegung: {ABWAEGUNG}"]), changed_lines(before, after)
    assert not errors


def test_a_misspelt_key_and_an_unknown_option_are_shown_at_their_place_and_kept(site, browser):
    root, url = site
    path = root / "drafts" / "leipzig-tippfehler.yaml"
    text = LEIPZIG.read_text(encoding="utf-8")
    text = text.replace("  klimawirkung:\n", "  klimawirkng:\n", 1)
    text = text.replace("    - stadtratsbeschluss\n", "    - stadtrat\n", 1)
    text = text.replace("  investition: nein\n", "  investition: vielleicht\n", 1)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    page, errors = open_editor(browser, url, path.name)

    misspelt = declared(page, "klimawirkng")
    assert "unbekanntes Feld" in misspelt.locator(":scope > label").inner_text()
    assert "Begrünte Dächer" in misspelt.locator("output").inner_text()  # the value, kept
    expect(misspelt.locator("button", has_text="Feld entfernen")).to_be_visible()
    # The declared field itself is offered empty.
    assert declared(page, "klimawirkung").locator(":scope > select").input_value() == ""

    unknown = declared(page, "anlass[1]")  # the list's first entry, not one of the options
    expect(unknown.locator("input[type=checkbox]")).to_be_checked()
    assert "stadtrat (nicht in der Liste)" in unknown.inner_text()
    investition = declared(page, "investition")
    assert investition.locator(":scope > select option:checked").inner_text() == \
        "vielleicht (nicht in der Liste)"

    for _ in range(2):  # as the page was given it, and once the check has run in the page
        message = misspelt.locator(":scope > .meldung")
        expect(message).to_contain_text("meinten Sie", timeout=10000)
        expect(message).to_contain_text("klimawirkung")
        expect(unknown.locator(":scope > .meldung")).to_contain_text(
            "meinten Sie „stadtratsbeschluss“")
        expect(investition.locator(":scope > .meldung")).to_have_text("erwartet ja oder nein")
        shown = message.inner_text() + page.locator("#probleme").inner_text()
        assert ".yaml" not in shown and not re.search(r":\d+:\d+", shown), shown
        assert set(page.evaluate("() => [...document.querySelectorAll('.hat-fehler')]"
                                 ".map(e => e.dataset.feld)")) == {
            "felder.klimawirkng", "felder.anlass[1]", "felder.investition"}
        page.evaluate("check()")

    saved(page)  # nothing was changed: the file keeps its bytes, mistakes and all
    assert path.read_bytes() == before
    misspelt.locator("button", has_text="Feld entfernen").click()
    expect(misspelt).to_have_count(0)
    unknown.locator("input[type=checkbox]").click()  # once: the entries are drawn again
    expect(page.locator("text=stadtrat (nicht in der Liste)")).to_have_count(0)
    saved(page)
    felder = yaml.safe_load(path.read_text(encoding="utf-8"))["felder"]
    assert "klimawirkng" not in felder and "stadtrat" not in felder["anlass"]
    assert felder["investition"] == "vielleicht"  # never touched, still there
    assert not errors


def test_leipzig_drafts_opened_and_saved_or_edited_back_keep_their_bytes(site, browser):
    root, url = site
    shutil.copyfile(LEIPZIG, root / "drafts" / "leipzig-kopie.yaml")
    assert run(["new", "drafts/geruest-leipzig.yaml", "--hausstil", "leipzig"],
               root).returncode == 0
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    for name in ("leipzig-kopie.yaml", "geruest-leipzig.yaml"):
        path = root / "drafts" / name
        before = path.read_bytes()
        page.goto(f"{url}/entwurf/{name}")
        page.wait_for_function("() => document.querySelector('#probleme li')")
        saved(page)
        assert path.read_bytes() == before, name
        # A box ticked and unticked, a choice made and taken back: the value as loaded again.
        page.locator("[data-feld='felder.anlass'] input[value=verwaltungshandeln]").check()
        page.locator("[data-feld='felder.anlass'] input[value=verwaltungshandeln]").uncheck()
        choice = declared(page, "stellenplan").locator(":scope > select")
        choice.select_option("ja")
        choice.select_option("")
        assert not page.evaluate("unsaved()"), name
        saved(page)
        assert path.read_bytes() == before, name
    # The scaffold's placeholder is a hint, not a ticked box; the first tick replaces it.
    anlass = page.locator("[data-feld='felder.anlass']")
    assert not anlass.locator("input:checked").count()
    anlass.locator("input[value=sonstiges]").check()
    other = anlass.locator("input[id$='-sonstiges-text']")
    expect(other).to_be_focused()
    page.keyboard.type("Antrag des Stadtbezirksbeirats")
    assert page.evaluate("() => Form.data().felder.anlass") == [
        {"wahl": "sonstiges", "text": "Antrag des Stadtbezirksbeirats"}]
    assert not errors
