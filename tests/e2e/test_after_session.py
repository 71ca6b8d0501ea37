"""After the session, in Debian's Chromium against the real server: the Sitzungsdienst
enters attendance and results; a vote above the members present is refused at that TOP's
vote, in German, and nothing is saved; a vertagt Vorlage then comes up for the Rat's next
session and goes on its agenda."""

import shutil

import yaml
from playwright.sync_api import expect

from helpers import REPO, page_of, run
from webclient import sign_in

SESSION = "bielefeld-rat-2020-09-03"
KIM = "top-5"  # Ö 4, the Vorlage of seed 002


def submitting(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_results_and_attendance_are_entered_and_a_vertagt_top_moves_on(site, browser):
    root, url = site
    shutil.copy(REPO / "gremien.yaml", root / "gremien.yaml")  # with the Rat's members
    path = root / "sitzungen" / f"{SESSION}.yaml"
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    page.goto(f"{url}/sitzung/{SESSION}")
    submitting(page, page.locator("a", has_text="Ergebnisse und Anwesenheit"))
    rows = page.locator("#anwesenheit tbody tr")
    for i in range(9):
        rows.nth(i).locator("select").select_option("anwesend" if i < 4 else "entschuldigt")
    page.fill("#beginn", "15:04")
    page.select_option(f"#{KIM}-status", "beschlossen")
    page.select_option(f"#{KIM}-art", "Stimmen")
    page.fill(f"input[name={KIM}-ja]", "4")
    page.fill(f"input[name={KIM}-nein]", "1")
    page.locator(f"#{KIM} input[type=checkbox][value='Jonas Albers']").check()
    before = path.read_bytes()
    submitting(page, page.locator("button", has_text="Speichern"))
    message = page.locator(f"#meldung-{KIM}-abstimmung")
    expect(message).to_have_text("5 Stimmen, aber bei Ö 4 waren nur 3 stimmberechtigte "
                                 "Mitglieder anwesend, 1 befangen")
    expect(page.locator(f"[data-feld={KIM}-abstimmung]")).to_have_class(
        "feld abstimmung hat-fehler")
    assert path.read_bytes() == before
    # What was entered is still there; the TOP is put off instead.
    expect(page.locator("#beginn")).to_have_value("15:04")
    expect(rows.nth(0).locator("select")).to_have_value("anwesend")
    page.screenshot(path=str(root / "ergebnisse.png"), full_page=True)
    page.select_option(f"#{KIM}-status", "vertagt")
    page.select_option(f"#{KIM}-art", "")
    page.fill(f"input[name={KIM}-ja]", "")
    page.fill(f"input[name={KIM}-nein]", "")
    submitting(page, page.locator("button", has_text="Speichern"))
    expect(page.locator("#gespeichert")).to_be_visible()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["beginn"] == "15:04" and len(data["anwesenheit"]) == 9
    assert data["oeffentlicher_teil"][3]["ergebnis"] == "vertagt"
    # The Rat's next session offers the Vorlage; it goes on the agenda.
    page.goto(url + "/sitzungen/neu")
    page.select_option("#hausstil", "bielefeld")
    page.select_option("#gremium", "Rat der Stadt Bielefeld")
    page.fill("#datum", "2020-10-01")
    page.fill("#uhrzeit", "15:00")
    page.fill("#ort", "Großer Saal")
    page.fill("#einladungsdatum", "2020-09-17")
    submitting(page, page.locator("button", has_text="Sitzung anlegen"))
    planned = page.locator("ul.vorgesehen li", has_text="Kommunales Integrationsmanagement")
    expect(planned).to_contain_text("vertagt in der Sitzung vom 03.09.2020")
    submitting(page, planned.locator("button", has_text="auf die Tagesordnung"))
    expect(page.locator("#tagesordnung")).to_contain_text("Kommunales Integrationsmanagement")
    result = run(["sitzung", "status", "sitzungen/rat-der-stadt-bielefeld-2020-10-01.yaml"],
                 root)
    assert "vertagt in der Sitzung vom 03.09.2020" in result.stdout
    assert "keine Beratung" not in result.stderr
    assert errors == []
