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




def test_the_session_lists_vorlagen_planned_for_it(site, browser):
    """The Sitzungsdienst sees what the Beratungsfolgen plan for this session, also where
    the date is still open, before it is on the agenda."""
    root, url = site
    (root / "drafts" / "geplant.yaml").write_text(
        "hausstil: bielefeld\nvorlagenart: Beschlussvorlage\namt: Amt für Tests\n"
        "datum: 01.08.2020\nbetreff: Radweg an der Ems\nberatungsfolge:\n"
        "  - gremium: Rat der Stadt Bielefeld\n    zustaendigkeit: Entscheidung\n"
        "beschlussvorschlag: Der Rat beschließt den Radweg.\n", encoding="utf-8")
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    page.goto(url + "/sitzung/bielefeld-rat-2020-09-03")
    planned = page.locator("ul.vorgesehen li").all_inner_texts()
    assert planned == ["Radweg an der Ems (öffentlich; Termin in der Beratungsfolge offen)"]
    page.click("text=Radweg an der Ems")
    page.wait_for_url("**/entwurf/geplant.yaml")
    assert not errors
