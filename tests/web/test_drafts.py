"""The drafts in a real browser (Debian's Chromium, driven by Playwright) and over HTTP, each
user signed in through the form."""

import base64
import difflib

import yaml

from playwright.sync_api import expect

from helpers import REPO, page_of, run
from webclient import Client, sign_in


def test_list_shows_the_example_drafts_with_filters(site, browser):
    root, url = site
    page, errors = page_of(browser)
    sign_in(page, url, "sd")  # the Sitzungsdienst sees every draft
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert len(rows) == len(list((root / "drafts").glob("*.yaml")))
    kim = next(r for r in rows if "Kommunales Integrationsmanagement" in r)
    assert "Beschlussvorlage" in kim and "bielefeld" in kim and "XXX/2014-2020 (vorläufig)" in kim
    assert "in Ordnung" in kim and "bielefeld-rat-2020-09-03" in kim
    page.select_option("select[name=amt]", "53 Amt für Integration")
    page.click("form.filter button")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    amt = "53 Amt für Integration"
    of_53 = [p for p in (root / "drafts").glob("*.yaml")
             if yaml.safe_load(p.read_text(encoding="utf-8")).get("amt") == amt]
    assert 0 < len(rows) == len(of_53) < len(list((root / "drafts").glob("*.yaml")))
    assert any("Bildungskoordination" in r for r in rows)
    assert not any("Kommunales Integrationsmanagement" in r for r in rows)
    page.goto(url + "/?sitzung=bielefeld-rat-2020-09-03")
    assert len(page.locator("table.liste tbody tr").all()) == 2
    page.goto(url + "/?q=integrationsmanagement")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Kommunales Integrationsmanagement" in rows[0]
    assert not errors


def test_create_draft_see_error_fix_save_and_preview(site, browser):
    root, url = site
    page, errors = page_of(browser)
    sign_in(page, url, "anna")
    form = page.locator("form.neu-form").filter(has_text="standard")
    assert form.locator("select[name=amt] option").all_inner_texts() == ["Amt für Integration"]
    form.locator("select[name=art]").select_option("Beschlussvorlage")
    form.locator("input[name=datei]").fill("turnhalle")
    form.locator("button").click()
    page.wait_for_url("**/entwurf/turnhalle.yaml")
    assert "noch auszufüllen" in page.locator("#probleme").inner_text()

    def field(path):
        return page.locator(f"[data-feld='{path}'] input, [data-feld='{path}'] textarea, "
                            f"[data-feld='{path}'] select").first

    # The Amt is the writer's and the form offers only listed Ämter she writes for.
    assert field("amt").evaluate("e => [...e.options].map(o => o.value).filter(v => v)") == [
        "Amt für Integration"]
    field("betreff").fill("Neubau einer Turnhalle an der Grundschule Nord")
    field("beratungsfolge[1].gremium").fill("Rat der Stadt")
    field("beratungsfolge[1].sitzung").fill("14.03.2024")
    field("beschlussvorschlag.text").fill("Der Rat beschließt den Neubau.")
    field("finanzen.auswirkungen").select_option("nein")
    field("datum").fill("31.02.2024")  # an impossible date …
    message = page.locator("[data-feld='datum'] .meldung")
    message.filter(has_text="dieses Datum gibt es nicht: '31.02.2024'").wait_for(timeout=10000)
    assert "hat-fehler" in page.locator("[data-feld='datum']").get_attribute("class")
    field("datum").fill("01.02.2024")  # … fixed
    page.wait_for_function("() => !document.querySelector(\"[data-feld='datum'] .meldung\")"
                           ".textContent", timeout=10000)
    page.click("#speichern")
    expect(page.locator("#status")).to_have_text("gespeichert", timeout=10000)
    saved = (root / "drafts" / "turnhalle.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(saved)
    assert data["datum"] == "01.02.2024" and data["amt"] == "Amt für Integration"
    assert data["betreff"] == "Neubau einer Turnhalle an der Grundschule Nord"
    assert data["beratungsfolge"][0]["sitzung"] == "14.03.2024"
    assert "# yaml-language-server: $schema=" in saved  # the scaffold's comments survive
    assert run(["check", "drafts/turnhalle.yaml"], root).returncode == 0
    page.click("#vorschau")
    page.wait_for_function("() => document.getElementById('pdf').dataset.blob", timeout=60000)
    data = page.evaluate("""async () => {
        const r = await fetch(document.getElementById('pdf').dataset.blob);
        const b = new Uint8Array(await r.arrayBuffer());
        let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s); }""")
    pdf = root / "vorschau.pdf"
    pdf.write_bytes(base64.b64decode(data))
    from helpers import pdf_text

    assert "Neubau einer Turnhalle an der Grundschule Nord" in pdf_text(pdf)
    assert not errors


def test_form_edit_round_trips_to_a_one_line_diff(site, browser):
    root, url = site
    path = root / "drafts" / "kempten-2020-53-037.yaml"
    before = path.read_text(encoding="utf-8")
    page, errors = page_of(browser)
    sign_in(page, url, "anna")
    page.goto(url + "/entwurf/kempten-2020-53-037.yaml")
    box = page.locator("[data-feld='verantwortlich'] input")
    box.fill("Erika Muster, Leiterin Amt für Integration")
    page.click("#speichern")
    expect(page.locator("#status")).to_have_text("gespeichert", timeout=10000)
    after = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ["-verantwortlich: Philipp Wagner, Leiter Amt für Integration",
                    "+verantwortlich: Erika Muster, Leiterin Amt für Integration"]
    assert not errors


def test_final_vorlage_opens_read_only_with_amend_buttons(site, browser):
    root, url = site
    assert run(["build", "--final", "drafts/bottrop-2019-0850.yaml"], root).returncode == 0
    page, errors = page_of(browser)
    sign_in(page, url, "bea")
    page.goto(url + "/entwurf/bottrop-2019-0850.yaml")
    assert "Final und archiviert" in page.locator("#status").inner_text()
    assert page.locator("#formular input").first.is_disabled()
    assert page.locator("#speichern").count() == 0
    page.click("button[value=Ergänzungsvorlage]")
    page.wait_for_url("**/entwurf/bottrop-2019-0850-ergaenzung-1.yaml")
    assert "bezug: 2019/0850" in (root / "drafts" / "bottrop-2019-0850-ergaenzung-1.yaml"
                                  ).read_text(encoding="utf-8")
    assert not errors


def test_new_draft_form_uses_the_same_rules_as_vorlage_new(site):
    """The browser's new-draft form and `vorlage new` share one code path: an unknown
    Vorlagenart is refused (it was silently replaced), nothing is overwritten."""
    root, url = site
    client = Client(url)
    client.sign_in("bea")

    def submit(**fields):
        status, page = client.post("/neu", {"amt": "55", **fields})
        return status, client.last_url, page

    status, _, page = submit(datei="falsch", hausstil="bottrop", art="Sitzungsvorlage")
    assert status == 422 and "Vorlagenart „Sitzungsvorlage“ gibt es im Hausstil bottrop" in page
    assert not (root / "drafts" / "falsch.yaml").exists()
    status, where, _ = submit(datei="neu", hausstil="bottrop", art="Beschlussvorlage")
    assert status == 200 and where.endswith("/entwurf/neu.yaml")
    text = (root / "drafts" / "neu.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/bottrop.schema.json")
    status, _, page = submit(datei="neu", hausstil="standard", art="Beschlussvorlage")
    assert status == 422 and "Diesen Dateinamen gibt es schon" in page
    assert str(root) not in page  # no path of the server
    assert (root / "drafts" / "neu.yaml").read_text(encoding="utf-8") == text
    # Only in an Amt one writes for: bea is of 55, not of 53.
    status, _, _ = submit(datei="fremd", hausstil="standard", art="Beschlussvorlage",
                          amt="53")
    assert status == 404 and not (root / "drafts" / "fremd.yaml").exists()


def test_unknown_top_level_key_is_shown_and_the_page_stays_responsive(site, browser):
    """The README's own typo (`betref:`): the form looked for a parent of a top-level key
    forever, and the page hung before showing anything."""
    root, url = site
    typo = (REPO / "tests" / "bad_drafts" / "01-unbekannter-schluessel.yaml").read_text(
        encoding="utf-8")
    assert "\nbetref: " in typo
    (root / "drafts" / "tippfehler.yaml").write_text(typo, encoding="utf-8")
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    page.goto(url + "/entwurf/tippfehler.yaml", wait_until="commit")
    page.locator("#formular").filter(has_text="unbekanntes Feld").wait_for(timeout=5000)
    page.wait_for_function("() => 6 * 7 === 42", timeout=2000)  # the page's script answers
    row = page.locator("[data-feld='betref']")
    assert row.locator(".meldung").inner_text() == "unbekanntes Feld; meinten Sie „betreff“?"
    assert row.is_visible() and "betref" in row.locator("label").inner_text()
    box, form = row.bounding_box(), page.locator("#formular").bounding_box()
    assert box["y"] - form["y"] < 80  # at the top of the form, not below the last section
    betreff = page.locator("[data-feld='betreff'] .meldung")
    assert "Pflichtfeld fehlt" in betreff.inner_text()
    # Typing runs the check again; the message stays, the page keeps answering.
    page.locator("[data-feld='verantwortlich'] input").fill("Erika Muster")
    page.wait_for_timeout(1000)
    assert "unbekanntes Feld" in row.locator(".meldung").inner_text()
    assert page.evaluate("() => document.querySelectorAll('.meldung.allgemein').length") == 1
    assert row.locator("output").inner_text() == "Beschaffung von Testgeräten"  # kept, shown
    assert not errors
