"""The drafting form offers the project's Gremien (gremien.yaml with the house style's own)
as „Name (kurz)“ and writes the name; a misspelt one is marked at its field with the
„meinten Sie“ of `vorlage check`."""

import shutil

from playwright.sync_api import expect

from helpers import REPO
from webclient import Server, changed_lines, example_project, open_editor, saved

DRAFT = "bottrop-2019-0850.yaml"


def test_the_form_picks_from_the_list_and_fixes_a_misspelt_gremium(tmp_path, browser):
    root = example_project(tmp_path)
    shutil.copy(REPO / "gremien.yaml", root / "gremien.yaml")
    path = root / "drafts" / DRAFT
    path.write_text(path.read_text(encoding="utf-8").replace(
        "gremium: Integrationsrat\n", "gremium: Integrationsrath\n"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    running = Server(root)
    try:
        page, errors = open_editor(browser, running.url, DRAFT)
        where = "[data-feld='beratungsfolge[1].gremium']"
        select = page.locator(f"{where} > select")
        options = select.evaluate("e => [...e.options].map(o => [o.value, o.text])")
        assert ["Integrationsrat", "Integrationsrat (IR)"] in options
        assert ["Haupt-, Finanz- und Beschwerdeausschuss",
                "Haupt-, Finanz- und Beschwerdeausschuss (HFBA)"] in options
        assert ["Integrationsrath", "Integrationsrath (nicht in der Liste)"] in options
        assert not [o for o in options if o[0] == "Rat der Stadt Bielefeld"]  # another town's
        message = page.locator(f"{where} .meldung")
        expect(message).to_contain_text("Gremium „Integrationsrath“ ist nicht bekannt; "
                                        "meinten Sie „Integrationsrat“?", timeout=10000)
        select.select_option("Integrationsrat")
        expect(page.locator("#status")).to_have_text("geändert, nicht gespeichert")
        saved(page)
        assert changed_lines(before, path.read_text(encoding="utf-8")) == [
            "-  - gremium: Integrationsrath", "+  - gremium: Integrationsrat"]
        expect(message).not_to_contain_text("nicht bekannt", timeout=10000)
        assert not errors
    finally:
        assert "Traceback" not in running.stop()
