"""The Sitzungsdienst's workspace in Debian's Chromium against the real server: a session is
created, filled from its candidates (one whose Beratungsfolge names the Gremium without a
date), reordered by drag and drop and by keyboard, and built; the YAML on disk and the
Tagesordnung say what was done, and the CLI names the planned draft left off the agenda."""

import re

import yaml
from playwright.sync_api import expect

from helpers import page_of, pdf_text, run
from webclient import sign_in, submitting

DRAFT = """\
hausstil: bielefeld
vorlagenart: Beschlussvorlage
amt: Amt für Integration
datum: 01.04.2030
betreff: {betreff}
beratungsfolge:
  - gremium: Integrationsrat
    zustaendigkeit: Entscheidung{sitzung}
beschlussvorschlag: Der Integrationsrat beschließt.
"""
DRAFTS = {"ohne-termin": ("Sprachcafé im Stadtteilzentrum", ""),
          "mit-termin": ("Förderrichtlinie Ehrenamt", "\n    sitzung: 14.05.2030"),
          "vergessen": ("Dolmetscherpool der Verwaltung", "")}
NAME = "integrationsrat-2030-05-14"


def first_words(row: str) -> str:
    return " ".join(row.split()[:3])


def public_rows(page) -> list[str]:
    rows = page.locator("tbody[data-teil=oeffentlicher_teil] tr[data-nr]").all_inner_texts()
    return [" ".join(r.split()) for r in rows]


def test_a_session_is_created_filled_reordered_and_built_in_the_browser(site, browser):
    root, url = site
    for name, (betreff, sitzung) in DRAFTS.items():
        (root / "drafts" / f"{name}.yaml").write_text(
            DRAFT.format(betreff=betreff, sitzung=sitzung), encoding="utf-8")
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    page.goto(url + "/sitzungen")
    submitting(page, page.locator("a", has_text="Neue Sitzung"))
    page.select_option("#hausstil", "bielefeld")
    page.select_option("#gremium", "Integrationsrat")
    page.fill("#datum", "2030-05-14")
    page.fill("#uhrzeit", "17:00")
    page.fill("#ort", "Raum 101, Altes Rathaus")
    page.fill("#einladungsdatum", "2030-04-30")
    submitting(page, page.locator("button", has_text="Sitzung anlegen"))
    assert page.url.endswith(f"/sitzung/{NAME}")
    expect(page.locator("main p").first).to_contain_text("Dienstag, 14. Mai 2030, 17:00 Uhr")

    page.fill("#neu-oeffentlicher_teil", "Eröffnung der Sitzung")
    submitting(page, page.locator("button", has_text="Punkt hinzufügen").first)
    planned = page.locator("ul.vorgesehen li")
    expect(planned).to_have_count(3)
    assert "Termin in der Beratungsfolge offen" in planned.filter(
        has_text="Sprachcafé").inner_text()
    for betreff in ("Sprachcafé", "Förderrichtlinie"):
        submitting(page, planned.filter(has_text=betreff).locator("button"))
    assert [first_words(r) for r in public_rows(page)] == [
        "Ö 1 Eröffnung", "Ö 2 Sprachcafé", "Ö 3 Förderrichtlinie"]  # Vorlagen after Vorlagen
    expect(planned).to_have_count(1)

    # Förderrichtlinie (Ö 3) dragged onto Ö 1: it goes before it.
    part = page.locator("tbody[data-teil=oeffentlicher_teil]")
    with page.expect_navigation():
        part.locator("tr[data-nr='2']").drag_to(part.locator("tr[data-nr='0']"))
    assert [first_words(r) for r in public_rows(page)] == [
        "Ö 1 Förderrichtlinie", "Ö 2 Eröffnung", "Ö 3 Sprachcafé"]
    # By keyboard: Eröffnung (now Ö 2) one down, with the focused button and Enter.
    button = page.get_by_role("button", name="Ö 2 nach unten")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert [first_words(r) for r in public_rows(page)] == [
        "Ö 1 Förderrichtlinie", "Ö 2 Sprachcafé", "Ö 3 Eröffnung"]

    submitting(page, page.locator("button", has_text="Tagesordnung und Sitzungsmappen bauen"))
    expect(page.locator("ul.erzeugt li", has_text="Tagesordnung.pdf")).to_contain_text(
        re.compile(r"gebaut am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr"), timeout=120000)
    assert not errors

    # The file on disk says what was done, in that order; the Tagesordnung prints it so.
    path = root / "sitzungen" / f"{NAME}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["gremium"] == "Integrationsrat" and data["datum"] == "14.05.2030"
    assert data["oeffentlicher_teil"] == [{"vorlage": "drafts/mit-termin.yaml"},
                                          {"vorlage": "drafts/ohne-termin.yaml"},
                                          {"titel": "Eröffnung der Sitzung"}]
    text = pdf_text(root / "output" / "sitzungen" / NAME / "Tagesordnung.pdf")
    flat = " ".join(text.split())
    positions = [flat.index(t) for t in ("Förderrichtlinie Ehrenamt",
                                         "Sprachcafé im Stadtteilzentrum",
                                         "Eröffnung der Sitzung")]
    assert positions == sorted(positions)

    status = run(["sitzung", "status", f"sitzungen/{NAME}.yaml"], root)
    assert "Vorgesehen, noch nicht auf der Tagesordnung:" in status.stdout
    assert re.search(r"drafts/vergessen\.yaml: Dolmetscherpool der Verwaltung \(öffentlich; "
                     r"Termin in der Beratungsfolge offen\)", status.stdout)
    assert "keine Beratung" not in status.stdout + status.stderr
    built = run(["sitzung", "build", f"sitzungen/{NAME}.yaml"], root)
    assert built.returncode == 0, built.stderr
    assert "drafts/vergessen.yaml: Dolmetscherpool" in built.stderr
    assert "vergessen" not in built.stdout  # stdout: the files built, for scripts
