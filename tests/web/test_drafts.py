"""The drafts in a real browser (Debian's Chromium, driven by Playwright) and over HTTP, each
user signed in through the form."""

import base64
import difflib

import pytest
from playwright.sync_api import expect

from helpers import REPO, page_of, run
from webclient import Client, sign_in


def test_list_shows_the_example_drafts_with_filters(site, browser):
    root, url = site
    page, errors = page_of(browser)
    sign_in(page, url, "sd")  # the Sitzungsdienst sees every draft
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert len(rows) == 5
    kim = next(r for r in rows if "Kommunales Integrationsmanagement" in r)
    assert "Beschlussvorlage" in kim and "bielefeld" in kim and "XXX/2014-2020 (vorläufig)" in kim
    assert "in Ordnung" in kim and "bielefeld-rat-2020-09-03" in kim
    page.select_option("select[name=amt]", "53 Amt für Integration")
    page.click("form.filter button")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Bildungskoordination" in rows[0]
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
    assert text.startswith("# yaml-language-server: $schema=../schema/entwurf.schema.json")
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
    general = page.locator("#formular .meldung.allgemein")
    assert general.inner_text() == "betref: unbekanntes Feld; meinten Sie „betreff“?"
    assert general.is_visible()  # German, and without the file's name and position
    box, form = general.bounding_box(), page.locator("#formular").bounding_box()
    assert box["y"] - form["y"] < 60  # at the top of the form, not below the last section
    betreff = page.locator("[data-feld='betreff'] .meldung")
    assert "Pflichtfeld fehlt" in betreff.inner_text()
    # Typing runs the check again; the message stays, the page keeps answering.
    page.locator("[data-feld='aktenzeichen'] input").fill("51.2")
    page.wait_for_timeout(1000)
    assert "betref: unbekanntes Feld" in general.inner_text()
    assert page.evaluate("() => document.querySelectorAll('.meldung.allgemein').length") == 1
    assert not errors


# --- the way of a Vorlage (workflow: ja) -----------------------------------------------

def _workflow_app(tmp_path):
    import re

    from pipeline.project import Project
    from pipeline.web import create_app
    from workflow_project import PASSWORD, make_workflow_project

    root = make_workflow_project(tmp_path / "weg")
    app = create_app(Project.find(root))

    def client(name):
        c = app.test_client()
        page = c.get("/anmelden").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        c.post("/anmelden", data={"token": token, "name": name, "passwort": PASSWORD})
        c.csrf = re.search(r'name="csrf" content="([^"]+)"', c.get("/aufgaben").text).group(1)
        return c
    return root, app, client


def _act(c, action, **form):
    from workflow_project import DRAFT

    return c.post(f"/entwurf/{DRAFT}/aktion", data={"csrf": c.csrf, "aktion": action, **form})


def _stored(root) -> tuple:
    """Everything a transition could change: the draft, the workflow rows, the audit rows."""
    import sqlite3

    from workflow_project import DRAFT

    with sqlite3.connect(root / "output" / "register.sqlite") as db:
        rows = (db.execute("SELECT * FROM vorgaenge").fetchall(),
                db.execute("SELECT * FROM zeichnungen").fetchall())
    with sqlite3.connect(root / "protokoll.sqlite") as db:
        audit = db.execute("SELECT COUNT(*) FROM eintraege").fetchone()
    return (root / "drafts" / DRAFT).read_bytes(), rows, audit


# (who, action, form, the steps before it): each is refused where it stands.
FORBIDDEN = [
    ("kae", "anfordern", {}, []),                              # not the Amt's
    ("kae", "mitzeichnen", {"ergebnis": "erteilt"}, []),      # nothing requested yet
    ("sb", "mitzeichnen", {"ergebnis": "erteilt"}, ["anfordern"]),  # not the Kämmerei
    ("sb", "stellungnahme", {"kommentar": "x"}, ["anfordern"]),     # not the Stelle
    ("sb", "freigabe_anfordern", {}, ["anfordern"]),          # the Kämmerei has not signed
    ("sb", "freigeben", {}, ["anfordern"]),                   # not in Freigabe, not Amtsleitung
    ("kae", "zurueckgeben", {"kommentar": "Formfehler"}, []),  # nothing to return
    ("kae", "zurueckziehen", {"kommentar": "x"}, []),          # not the Amt's
    ("sb", "wiederaufnehmen", {}, []),                         # not withdrawn
    ("sb", "finalisieren", {}, []),                            # not the Sitzungsdienst
    ("sd", "finalisieren", {}, ["anfordern"]),                 # not released
    ("kae", "mitzeichnen", {"ergebnis": "verweigert"}, ["anfordern"]),  # a refusal needs words
]


@pytest.mark.parametrize("who, action, form, before", FORBIDDEN,
                         ids=[f"{w}-{a}-{i}" for i, (w, a, _, _) in enumerate(FORBIDDEN)])
def test_a_forbidden_transition_is_403_and_changes_nothing(tmp_path, who, action, form,
                                                            before):
    root, app, client = _workflow_app(tmp_path)
    sb = client("sb")
    for step in before:
        assert _act(sb, step).status_code == 303
    user = client(who)
    stored = _stored(root)
    answer = _act(user, action, **form)
    assert answer.status_code == 403, answer.text[:300]
    assert "nicht möglich" in answer.text
    assert _stored(root) == stored
    app.extensions["vorlage"].converter.close()


def test_a_hand_edited_signoff_in_the_yaml_counts_for_nothing(tmp_path):
    """`status: erteilt` typed into the YAML: the server's state and the printed block still
    say the Kämmerei has not signed, and `build --final` refuses."""
    from helpers import pdf_text
    from workflow_project import DRAFT

    root, app, client = _workflow_app(tmp_path)
    path = root / "drafts" / DRAFT
    path.write_text(path.read_text(encoding="utf-8") + (
        "mitzeichnung:\n  - stelle: Kämmerei\n    status: erteilt\n    name: Niemand\n"
        "    datum: 01.02.2024\n"), encoding="utf-8")
    sb = client("sb")
    assert _act(sb, "anfordern").status_code == 303
    page = sb.get(f"/entwurf/{DRAFT}").text
    panel = page.split('id="zeichnungen"')[1].split("</table>")[0]
    assert "in Mitzeichnung" in page and "Niemand" not in panel and "offen" in panel
    assert "freigabe_anfordern" not in page  # the Kämmerei has not signed on the server
    built = run(["build", f"drafts/{DRAFT}"], root)
    assert built.returncode == 0, built.stderr
    text = pdf_text(next((root / "output").glob("*.pdf")))
    assert "Niemand" not in text and "offen" in text
    refused = run(["build", "--final", "--by", "sd", f"drafts/{DRAFT}"], root)
    assert refused.returncode == 1 and "nicht freigegeben" in refused.stderr
    assert "Traceback" not in refused.stderr
    app.extensions["vorlage"].converter.close()


def test_with_the_workflow_the_cli_acts_only_for_the_sitzungsdienst(tmp_path):
    from workflow_project import DRAFT

    root, app, _ = _workflow_app(tmp_path)
    app.extensions["vorlage"].converter.close()
    for args, message in (
            (["build", "--final", f"drafts/{DRAFT}"], "braucht build --final --by KONTO"),
            (["build", "--final", "--by", "sb", f"drafts/{DRAFT}"], "Rolle sitzungsdienst"),
            (["build", "--final", "--by", "niemand", f"drafts/{DRAFT}"], "kein aktives Konto"),
            (["number", "assign", "--by", "kae", f"drafts/{DRAFT}"], "Rolle sitzungsdienst"),
            (["build", "--final", "--by", "sd", f"drafts/{DRAFT}"],
             "Die Vorlage ist Entwurf, nicht freigegeben")):
        result = run(args, root)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (root / "output" / "archiv").exists() or not any(
        (root / "output" / "archiv").rglob("*.pdf"))


def test_a_deputy_signs_i_v_and_it_is_printed(tmp_path):
    """Karl names Vera (a colleague without a Mitzeichnung role) as his deputy: she reads the
    draft, signs for the Kämmerei "i. V.", and the printed block and the audit say so."""
    from datetime import date, timedelta

    from helpers import pdf_text
    from workflow_project import DRAFT, PASSWORD

    root, app, client = _workflow_app(tmp_path)
    from pipeline.accounts import Accounts, Role
    from pipeline.project import Project

    project = Project.find(root)
    with Accounts(project.accounts_path) as accounts:
        accounts.add("vera", (Role("sachbearbeitung", "20"),), PASSWORD, "Vera Vogt")
    vera = client("vera")
    sb = client("sb")
    assert _act(sb, "anfordern").status_code == 303
    assert vera.get(f"/entwurf/{DRAFT}").status_code == 404  # not hers, yet
    kae = client("kae")
    today = date.today()
    answer = kae.post("/vertretung", data={"csrf": kae.csrf, "vertreter": "vera",
                                          "von": f"{today - timedelta(days=1)}",
                                          "bis": f"{today + timedelta(days=7)}"})
    assert "Vertretung gespeichert" in answer.text
    assert vera.get(f"/entwurf/{DRAFT}").status_code == 200
    assert _act(vera, "mitzeichnen", ergebnis="erteilt").status_code == 303
    page = sb.get(f"/entwurf/{DRAFT}").text
    assert "i. V. Vera Vogt" in page and "mitgezeichnet" in page
    built = run(["build", f"drafts/{DRAFT}"], root)
    assert built.returncode == 0, built.stderr
    text = " ".join(pdf_text(next((root / "output").glob("*.pdf"))).split())
    assert "Kämmerei erteilt i. V. Vera Vogt" in text
    exported = run(["audit", "export", "--als", "sd", "--format", "json"], root).stdout
    assert '"fuer": "kae"' in exported  # the audit names whom she stood in for
    app.extensions["vorlage"].converter.close()


def test_a_follow_up_starts_afresh_with_the_old_signoffs_as_history(tmp_path):
    from datetime import date

    from workflow_project import DRAFT

    root, app, client = _workflow_app(tmp_path)
    sb, kae, al, sd = (client(n) for n in ("sb", "kae", "al", "sd"))
    for who, action in ((sb, "anfordern"), (kae, "mitzeichnen"), (sb, "freigabe_anfordern"),
                        (al, "freigeben"), (sd, "finalisieren")):
        assert _act(who, action).status_code == 303, action
    assert "Final und archiviert" in sb.get(f"/entwurf/{DRAFT}").text
    refused = run(["amend", "1/2020-2025", "--art", "Ergänzungsvorlage"], root)
    assert refused.returncode == 1 and "braucht amend --by" in refused.stderr
    answer = sb.post(f"/entwurf/{DRAFT}/amend", data={"csrf": sb.csrf,
                                                     "art": "Ergänzungsvorlage"})
    assert answer.status_code == 302
    new = answer.headers["Location"].split("/entwurf/")[1]
    text = (root / "drafts" / new).read_text(encoding="utf-8")
    assert f"datum: {date.today():%d.%m.%Y}" in text
    page = sb.get(f"/entwurf/{new}").text
    panel = page.split('id="zeichnungen"')[1].split("</table>")[0]
    assert "Entwurf" in page and "Karl" not in panel and "offen" in panel
    history = sb.get(f"/entwurf/{new}/verlauf").text
    assert "Zeichnungen der ursprünglichen Vorlage 1/2020-2025" in history
    assert "kae" in history.split('id="fruehere-zeichnungen"')[1]
    app.extensions["vorlage"].converter.close()
