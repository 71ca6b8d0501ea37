"""Screenshots for the user guide (docs/handbuch/bilder/), taken along the way of a Vorlage.

Builds a project with `workflow: ja` in a temporary folder (the example's Ämter, a house style
whose Kämmerei signs and whose Gleichstellungsstelle is heard, four people), runs the real
`vorlage serve` and drives Debian's Chromium through the steps the guide describes.

    python scripts/handbuch_bilder.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from local_server import VORLAGE, local_server
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "handbuch" / "bilder"
PASSWORD = "Handbuch-Passwort-1"
PEOPLE = [("berger", "Sina Berger", "sachbearbeitung:54"),
          ("kaemmerer", "Karl Kämmerer", "mitzeichnung:20"),
          ("leiter", "Anton Leiter", "amtsleitung:54"), ("dienst", "Silke Dienst",
                                                         "sitzungsdienst")]
DRAFT = """\
hausstil: handbuch
vorlagenart: Beschlussvorlage
amt: Kommunales Integrationszentrum
datum: 01.02.2024
betreff: Neubau einer Turnhalle an der Grundschule Nord
beratungsfolge:
  - gremium: Rat
    sitzung: 15.03.2024
    zustaendigkeit: Entscheidung
beschlussvorschlag: Der Rat beschließt den Neubau.
finanzen:
  auswirkungen: ja
  haushalt: {haushaltsjahr: 2024, bedarf: 100000}
begruendung: |
  Die alte Halle ist marode.
"""


def project(root: Path) -> None:
    (root / "drafts").mkdir()
    style = root / "templates" / "handbuch"
    shutil.copytree(ROOT / "pipeline" / "haus" / "styles" / "bielefeld", style)
    text = (style / "haus.yaml").read_text(encoding="utf-8")
    (style / "haus.yaml").write_text(text.replace(
        "    wenn: finanzen\n", "    wenn: finanzen\n    umfang: [finanzen, beschlussvorschlag]\n"
        "  - stelle: Gleichstellungsstelle\n    art: beteiligung\n", 1), encoding="utf-8")
    (root / "vorlage.yaml").write_text((ROOT / "vorlage.yaml").read_text(encoding="utf-8")
                                       + "workflow: ja\n", encoding="utf-8")
    (root / "drafts" / "turnhalle.yaml").write_text(DRAFT, encoding="utf-8")
    for name, shown, role in PEOPLE:
        subprocess.run([str(VORLAGE), "user", "add", name, "--rolle", role, "--anzeigename",
                        shown], cwd=root, input=PASSWORD + "\n", text=True, check=True,
                       capture_output=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project(root)
        with local_server(root) as url:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                            args=["--no-sandbox", "--disable-gpu"])
                shots(browser, url)
                browser.close()
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT))


def person(browser, url: str, name: str):
    page = browser.new_context(viewport={"width": 1360, "height": 860}).new_page()
    page.goto(url + "/anmelden")
    page.fill("input[name=name]", name)
    page.fill("input[name=passwort]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def step(page, url: str, action: str, **fields) -> None:
    page.goto(url + "/entwurf/turnhalle.yaml")
    form = page.locator(f"form.aktion[data-aktion={action}]")
    for field, value in fields.items():
        form.locator(f"[name={field}]").fill(value) if field == "kommentar" else \
            form.locator(f"[name={field}]").select_option(value)
    form.locator("button").click()
    page.wait_for_load_state()


def shots(browser, url: str) -> None:
    berger = person(browser, url, "berger")
    step(berger, url, "anfordern")
    berger.goto(url + "/entwurf/turnhalle.yaml")
    berger.locator("#zustand").scroll_into_view_if_needed()
    berger.screenshot(path=str(OUT / "entwurf-in-mitzeichnung.png"))
    kaemmerer = person(browser, url, "kaemmerer")
    kaemmerer.goto(url + "/aufgaben")
    kaemmerer.screenshot(path=str(OUT / "meine-aufgaben.png"))
    step(kaemmerer, url, "mitzeichnen", ergebnis="erteilt_mit_hinweis",
         kommentar="Deckung im Nachtragshaushalt sicherstellen.")
    berger.goto(url + "/entwurf/turnhalle.yaml")
    berger.locator("[data-feld='finanzen.haushalt.bedarf'] input").fill("250.000,00")
    berger.once("dialog", lambda d: d.accept())
    berger.click("#speichern")
    berger.locator("#status").filter(has_text="zurückgesetzt").wait_for(timeout=20000)
    berger.goto(url + "/entwurf/turnhalle.yaml/verlauf")
    berger.screenshot(path=str(OUT / "verlauf.png"))
    step(kaemmerer, url, "mitzeichnen", ergebnis="erteilt")
    step(berger, url, "freigabe_anfordern")
    leiter = person(browser, url, "leiter")
    leiter.goto(url + "/entwurf/turnhalle.yaml")
    leiter.screenshot(path=str(OUT / "freigabe.png"))
    step(leiter, url, "freigeben")
    dienst = person(browser, url, "dienst")
    dienst.goto(url + "/entwurf/turnhalle.yaml")
    dienst.screenshot(path=str(OUT / "finalisieren.png"))
    dienst.goto(url + "/vertretung")
    dienst.screenshot(path=str(OUT / "vertretung.png"))


if __name__ == "__main__":
    main()
