"""After the session, in Debian's Chromium against the real server: the Sitzungsdienst
enters attendance and results; a vote above the members present is refused at that TOP's
vote, in German, and nothing is saved; a vertagt Vorlage then comes up for the Rat's next
session and goes on its agenda."""

import shutil

import yaml
from playwright.sync_api import expect

from helpers import REPO, before_the_session, page_of, pdf_text, run
from webclient import new_session, sign_in, submitting

SESSION = "bielefeld-rat-2020-09-03"
KIM = "top-5"  # Ö 4, the Vorlage of seed 002


def test_results_and_attendance_are_entered_and_a_vertagt_top_moves_on(site, browser):
    root, url = site
    shutil.copy(REPO / "gremien.yaml", root / "gremien.yaml")  # with the Rat's members
    path = before_the_session(root)
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
    new_session(page, url, "bielefeld", "Rat der Stadt Bielefeld", "2020-10-01", "15:00",
                "Großer Saal", "2020-09-17")
    planned = page.locator("ul.vorgesehen li", has_text="Kommunales Integrationsmanagement")
    expect(planned).to_contain_text("vertagt in der Sitzung vom 03.09.2020")
    submitting(page, planned.locator("button", has_text="auf die Tagesordnung"))
    expect(page.locator("#tagesordnung")).to_contain_text("Kommunales Integrationsmanagement")
    result = run(["sitzung", "status", "sitzungen/rat-der-stadt-bielefeld-2020-10-01.yaml"],
                 root)
    assert "vertagt in der Sitzung vom 03.09.2020" in result.stdout
    assert "keine Beratung" not in result.stderr
    assert errors == []


RESULTS = {
    "einladungsdatum: 20.08.2020\n": """\
einladungsdatum: 20.08.2020
beginn: "15:04"
ende: "18:40"
schriftfuehrung: Silke Dienst
anwesenheit:
  - Dr. Hanna Vorberg
  - Jonas Albers
  - {name: Petra Brinkmann, ab: Ö 3}
  - Murat Celik
  - {name: Sabine Dreyer, status: entschuldigt}
  - Thomas Eilers
  - {name: Aylin Fromm, bis: Ö 4}
  - {name: Klaus Gerdes, status: entschuldigt}
  - {name: Renate Hollmann, vertritt: Klaus Gerdes}
  - {name: Pit Clausen, funktion: Oberbürgermeister}
""",
    "  - titel: Genehmigung der Niederschrift über die Sitzung vom 02.07.2020\n": """\
  - titel: Genehmigung der Niederschrift über die Sitzung vom 02.07.2020
    ergebnis: {status: beschlossen, abstimmung: einstimmig}
""",
    "  - vorlage: drafts/bielefeld-kim.yaml\n": """\
  - vorlage: drafts/bielefeld-kim.yaml
    ergebnis: {status: vertagt, vermerk: Die Fraktionen haben Beratungsbedarf.}
""",
    "  - titel: Anfragen\n": """\
  - titel: Anfragen
    ergebnis: {status: zur Kenntnis genommen}
""",
    "  - vorlage: drafts/bielefeld-grundstueck-nichtoeffentlich.yaml\n": """\
  - vorlage: drafts/bielefeld-grundstueck-nichtoeffentlich.yaml
    befangen: [Thomas Eilers]
    ergebnis:
      status: geändert beschlossen
      abstimmung: {ja: 3, nein: 1, enthaltungen: 1}
      text: Der Rat beschließt den Verkauf des Grundstücks Gemarkung Beispielfeld, Flur 7,
        Flurstück 112, zum Preis von 430.000 € an den Bieter mit dem höchsten Gebot.
      vermerk: Kanarienvogel-Vermerk 7Q2 zum Kaufpreis
""",
}
CLOSED_BITS = ("Kanarienvogel-Vermerk 7Q2", "430.000", "Verkauf eines städtischen Grundstücks",
               "Gemarkung Beispielfeld")


def test_the_bundled_session_s_results_make_its_niederschrift_and_extracts(tmp_path):
    """Results recorded in the session YAML (as a CLI user does) make the Niederschrift, its
    public version and the Beschlussauszüge; the closed part reaches neither the public
    Niederschrift nor the OParl export, in bytes or text."""
    from closed_session import all_bytes
    from webclient import example_project

    root = example_project(tmp_path)
    shutil.copy(REPO / "gremien.yaml", root / "gremien.yaml")
    path = before_the_session(root)
    text = path.read_text(encoding="utf-8")
    for old, new in RESULTS.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    result = run(["sitzung", "niederschrift", f"sitzungen/{SESSION}.yaml"], root)
    assert result.returncode == 0, result.stderr
    folder = root / "output" / "sitzungen" / SESSION
    full = pdf_text(folder / "Niederschrift.pdf")
    public = pdf_text(folder / "Niederschrift-oeffentlich.pdf")
    for expected in ("Niederschrift", "Beginn: 15:04 Uhr, Ende: 18:40 Uhr",
                     "Petra Brinkmann (Fraktion A, ab Ö 3)",
                     "Renate Hollmann (Fraktion B, in Vertretung für Klaus Gerdes)",
                     "Entschuldigt", "Pit Clausen (Oberbürgermeister)",
                     "Ergebnis: beschlossen (einstimmig)", "Ergebnis: vertagt",
                     "Vermerk: Die Fraktionen haben Beratungsbedarf.",
                     "Ende der Sitzung: 18:40 Uhr", "Dr. Hanna Vorberg", "Schriftführung"):
        assert expected in " ".join(full.split()), expected
        assert expected in " ".join(public.split()), expected
    flat = " ".join(full.split())
    assert "Ergebnis: geändert beschlossen (Ja: 3, Nein: 1, Enthaltungen: 1)" in flat
    assert "Wegen Befangenheit nicht beteiligt: Thomas Eilers" in flat
    assert "Kanarienvogel-Vermerk 7Q2" in flat and "430.000" in flat
    assert "N 2 Grundstücksangelegenheit" in " ".join(public.split())
    assert "Mitteilungen" in public  # a closed plain TOP: its public title only
    data = all_bytes(folder / "Niederschrift-oeffentlich.pdf")
    for bit in CLOSED_BITS:
        assert bit not in public, bit
        assert bit.encode() not in data and bit.encode("utf-16-be") not in data, bit
    # The extracts, named by their TOP as one types them.
    result = run(["sitzung", "auszug", f"sitzungen/{SESSION}.yaml", "Ö4", "N 2"], root)
    assert result.returncode == 0, result.stderr
    extract = " ".join(pdf_text(folder / "Beschlussauszug-N-2.pdf").split())
    assert "Auszug aus der Niederschrift über die Sitzung des Gremiums Rat der Stadt " \
           "Bielefeld vom 03.09.2020" in extract
    assert "Für die Richtigkeit des Auszugs:" in extract and "430.000" in extract
    assert "Kommunales Integrationsmanagement" not in extract
    assert "Ergebnis: vertagt" in " ".join(pdf_text(folder / "Beschlussauszug-Oe-4.pdf")
                                           .split())
    wrong = run(["sitzung", "auszug", f"sitzungen/{SESSION}.yaml", "Ö 1"], root)
    assert wrong.returncode == 1 and "TOP Ö 1 hat noch kein Ergebnis" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    # OParl carries the public part only.
    assert run(["export", "oparl", "--out", "oparl"], root).returncode == 0
    for file in (root / "oparl").rglob("*"):
        if file.is_file():
            data = all_bytes(file)
            assert not any(bit.encode() in data for bit in CLOSED_BITS[:3]), file
