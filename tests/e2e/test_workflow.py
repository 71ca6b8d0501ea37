"""The way of a Vorlage through the administration, in Chromium with five people, each in a
browser context of their own, ending in the archive (the issue's acceptance path)."""

import sqlite3
from datetime import date

from playwright.sync_api import expect

from helpers import ARGS, CHROMIUM, pdf_text, run
from webclient import Server
from workflow_project import DRAFT, PASSWORD, make_workflow_project


def signed_in(browser, url, name):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url + "/anmelden")
    page.fill("input[name=name]", name)
    page.fill("input[name=passwort]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(url + f"/entwurf/{DRAFT}")
    return page


def act(page, action, kommentar=None, ergebnis=None):
    form = page.locator(f"form.aktion[data-aktion={action}]")
    if ergebnis:
        form.locator("select[name=ergebnis]").select_option(ergebnis)
    if kommentar:
        form.locator("textarea[name=kommentar]").fill(kommentar)
    form.locator("button").click()
    page.wait_for_load_state()


def state(page) -> str:
    return page.locator("#zustand strong").inner_text()


def test_five_people_take_a_vorlage_to_the_archive(tmp_path):
    from playwright.sync_api import sync_playwright

    root = make_workflow_project(tmp_path / "weg")
    running = Server(root)
    url = running.url
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            sb = signed_in(browser, url, "sb")
            assert state(sb) == "Entwurf"
            act(sb, "anfordern")
            assert state(sb) == "in Mitzeichnung"

            kae = signed_in(browser, url, "kae")
            act(kae, "mitzeichnen", ergebnis="erteilt")
            assert state(kae) == "mitgezeichnet"

            # The Sachbearbeiterin raises the amount: warned, she saves anyway.
            sb.reload()
            box = sb.locator("[data-feld='finanzen.haushalt.bedarf'] input")
            box.fill("250.000,00")
            warnings = []
            sb.once("dialog", lambda d: (warnings.append(d.message), d.accept()))
            sb.click("#speichern")
            expect(sb.locator("#status")).to_contain_text("zurückgesetzt", timeout=15000)
            assert "Mitzeichnung der Stelle Kämmerei zurückgesetzt: Finanzen geändert" in \
                warnings[0]
            assert "zurückgesetzt" in sb.locator("#status").inner_text()
            sb.reload()
            assert state(sb) == "in Mitzeichnung"
            assert "offen" in sb.locator("#zeichnungen").inner_text()

            kae.reload()
            act(kae, "mitzeichnen", ergebnis="erteilt")
            gs = signed_in(browser, url, "gs")
            act(gs, "stellungnahme", kommentar="Keine Bedenken; Umkleiden barrierefrei.")
            sb.reload()
            act(sb, "freigabe_anfordern")
            al = signed_in(browser, url, "al")
            assert state(al) == "in Freigabe"
            act(al, "freigeben")
            sd = signed_in(browser, url, "sd")
            assert state(sd) == "freigegeben"
            act(sd, "finalisieren")
            assert state(sd) == "final"
            assert "Final und archiviert" in sd.locator("#status").inner_text()

            sd.goto(url + f"/entwurf/{DRAFT}/verlauf")
            history = sd.locator("#zeichnungsverlauf").inner_text()
            assert "zurückgesetzt: Finanzen geändert" in history
            browser.close()
    finally:
        assert "Traceback" not in running.stop()

    archived = next((root / "output" / "archiv").rglob("*.pdf"))
    text = " ".join(pdf_text(archived).split())
    today = f"{date.today():%d.%m.%Y}"
    assert f"Kämmerei erteilt Karl Kämmerer {today}" in text
    assert "Gleichstellungsstelle Stellungnahme Gerda Gleich" in text
    assert "Keine Bedenken; Umkleiden barrierefrei." in text
    assert "bedarf: 250.000,00" in archived.with_suffix(".yaml").read_text(encoding="utf-8")
    with sqlite3.connect(root / "output" / "register.sqlite") as db:
        kept = db.execute("SELECT konto, zurueckgesetzt FROM zeichnungen WHERE stelle = '20' "
                          "ORDER BY id").fetchall()
        released = db.execute("SELECT freigabe, finalisiert_von FROM archiv").fetchone()
    assert kept == [("kae", "Mitzeichnung der Stelle Kämmerei zurückgesetzt: Finanzen "
                            "geändert"), ("kae", None)]
    assert '"konto": "al"' in released[0] and released[1] == "sd"
    manifest = (root / "output" / "archiv" / "manifest.jsonl").read_text(encoding="utf-8")
    assert '\\"konto\\": \\"al\\"' in manifest or '"konto": "al"' in manifest

    # The audit trail holds, and one edited row is found.
    assert run(["audit", "pruefen"], root).returncode == 0
    with sqlite3.connect(root / "protokoll.sqlite") as db:
        db.execute("UPDATE eintraege SET konto = 'jemand' WHERE nr = 3")
    broken = run(["audit", "pruefen"], root)
    assert broken.returncode == 1 and "Eintrag 3" in broken.stderr
