"""Screenshots of the main screens of `vorlage serve` for the README (docs/screenshots/).

Runs the server on a copy of the example project and drives Debian's Chromium with
Playwright. Run after `make setup`: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from local_server import example_copy, local_server
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = example_copy(Path(tmp))
        subprocess.run([str(Path(sys.executable).parent / "vorlage"), "user", "add", "sd",
                        "--rolle", "sitzungsdienst", "--anzeigename", "Silke Dienst"],
                       cwd=root, input="Bildschirm-Passwort-1\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
        with local_server(root) as url:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1360, "height": 900})
                page.goto(url + "/")
                page.screenshot(path=str(OUT / "anmelden.png"))
                page.fill("input[name=name]", "sd")
                page.fill("input[name=passwort]", "Bildschirm-Passwort-1")
                page.click("button[type=submit]")
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "entwuerfe.png"))
                page.goto(url + "/entwurf/waiblingen-integrationskonzept.yaml")
                page.locator("[data-feld='beratungsfolge[2].sitzung'] input").fill("31.11.2017")
                page.locator("[data-feld='beratungsfolge[2].sitzung'] .meldung").filter(
                    has_text="gibt es nicht").wait_for(timeout=15000)
                page.locator("[data-feld='beratungsfolge[2].sitzung']").scroll_into_view_if_needed()
                page.screenshot(path=str(OUT / "formular-pruefung.png"))
                page.goto(url + "/entwurf/waiblingen-integrationskonzept.yaml")
                page.click("#vorschau")
                page.locator("#vorschau-status").filter(has_text="Vorschau aktuell").wait_for(
                    timeout=60000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(OUT / "vorschau.png"))
                page.locator("[data-feld='begruendung']").scroll_into_view_if_needed()
                page.screenshot(path=str(OUT / "begruendung.png"))
                page.goto(url + "/entwurf/leipzig-gruendach.yaml")
                group = page.locator("fieldset.eigene-felder")
                group.scroll_into_view_if_needed()
                group.screenshot(path=str(OUT / "eigene-felder.png"))
                page.goto(url + "/sitzung/bielefeld-rat-2020-09-03")
                page.screenshot(path=str(OUT / "sitzung.png"))
                browser.close()
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
