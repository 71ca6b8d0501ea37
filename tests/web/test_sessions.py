"""The sessions in a real browser: the agenda with the state of each Vorlage, the build, and
what a user who may not read a closed Vorlage sees of it."""

from helpers import page_of
from webclient import sign_in


def test_session_view_shows_status_and_builds(site, browser):
    root, url = site
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    page.goto(url + "/sitzungen")
    page.click("text=bielefeld-rat-2020-09-03")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert any(r.startswith("Ö 4") and "entwurf" in r for r in rows)
    page.click("text=Tagesordnung und Sitzungsmappen bauen")
    page.locator("text=Sitzungsmappe-oeffentlich.pdf").wait_for(timeout=120000)
    assert (root / "output" / "sitzungen" / "bielefeld-rat-2020-09-03" / "Tagesordnung.pdf"
            ).exists()
    assert not errors


