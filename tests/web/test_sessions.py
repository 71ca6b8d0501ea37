"""The sessions in a real browser: the agenda with the state of each Vorlage, the build, and
what a user who may not read a closed Vorlage sees of it."""

import re
from datetime import date, datetime

from babel.dates import format_date

from helpers import page_of
from webclient import Client, sign_in


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
    built = root / "output" / "sitzungen" / "bielefeld-rat-2020-09-03" / "Tagesordnung.pdf"
    when = datetime.fromtimestamp(built.stat().st_mtime)
    shown = page.locator("ul.erzeugt li", has_text="Tagesordnung.pdf").first.inner_text()
    assert f"gebaut am {when:%d.%m.%Y, %H:%M} Uhr" in shown
    # The calendar says it was built, and when.
    page.goto(url + "/sitzungen")
    row = page.locator("#vergangene tr", has_text="Rat der Stadt Bielefeld").inner_text()
    assert f"{when:%d.%m.%Y, %H:%M} Uhr" in row
    assert not errors


def test_the_sitzungsdienst_builds_every_vorlage_of_the_session_on_the_resident_pool(
        site, browser):
    """One button builds each Vorlage on the agenda as a draft PDF, in the background on the
    server's LibreOffice workers; the job page counts them and says when it is done."""
    root, url = site
    page, errors = page_of(browser)
    sign_in(page, url, "sd")
    page.goto(url + "/sitzung/bielefeld-rat-2020-09-03")
    page.click("text=Alle Vorlagen der Tagesordnung bauen")
    page.locator("#fortschritt", has_text="fertig in").wait_for(timeout=180000)
    progress = page.locator("#fortschritt").inner_text()
    total = int(re.search(r"von (\d+) Vorlagen der Tagesordnung", progress).group(1))
    assert total >= 2 and progress.startswith(f"{total} von {total}")
    rows = page.locator("#ergebnisse tbody tr").all_inner_texts()
    assert len(rows) == total and all("fehler" not in r for r in rows), rows
    built = sorted((root / "output").glob("*-ENTWURF.pdf"))
    assert len(built) >= total
    from pypdf import PdfReader
    assert all(PdfReader(str(p)).pages[0].extract_text().strip() for p in built)
    assert not errors


def test_the_calendar_lists_sessions_by_month_coming_first(site):
    """German months and weekdays, the coming sessions first (soonest first), then the past
    ones (latest first); a broken session file is listed with its mistake, not a traceback."""
    root, url = site
    folder = root / "sitzungen"
    bundled = (folder / "bielefeld-rat-2020-09-03.yaml").read_text(encoding="utf-8")
    next_year = date.today().year + 1
    for name, day, gremium in (("a", f"12.03.{next_year}", "Integrationsrat"),
                               ("b", f"02.03.{next_year}", "Rat der Stadt Bielefeld"),
                               ("c", f"09.04.{next_year}", "Rat der Stadt Bielefeld"),
                               ("d", "01.07.2020", "Rat der Stadt Bielefeld")):
        (folder / f"{name}.yaml").write_text(
            bundled.replace("datum: 03.09.2020", f"datum: {day}")
            .replace("gremium: Rat der Stadt Bielefeld", f"gremium: {gremium}"),
            encoding="utf-8")
    (folder / "kaputt.yaml").write_text("gremium: Rat\ndatum: 99.99.2020\n", encoding="utf-8")
    client = Client(url)
    client.sign_in("anna")
    status, page = client.request("/sitzungen")
    assert status == 200
    order = [m for m in re.findall(r'<h3 class="monat">([^<]+)</h3>', page)]
    assert order == [f"März {next_year}", f"April {next_year}", "September 2020", "Juli 2020"]
    coming = page.split('id="vergangene"')[0]
    assert coming.index(f"02.03.{next_year}") < coming.index(f"12.03.{next_year}")
    weekday = format_date(date(next_year, 3, 2), "EEE", locale="de_DE")
    assert re.search(rf"<td class=\"eng\">{re.escape(weekday)}</td>\s*<td[^>]*><a[^>]*>"
                     rf"02\.03\.{next_year}", page)
    assert "10 Punkte, 2 Vorlagen" in page  # sub-items counted, Vorlagen apart
    assert "Frist" in page and "noch nicht" in page
    broken = re.search(r"kaputt</a>: ([^<]*)</li>", page).group(1)
    assert "datum: dieses Datum gibt es nicht" in broken and "uhrzeit: Pflichtfeld" in broken




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
    assert [" ".join(t.split()) for t in planned] == [
        "Radweg an der Ems (öffentlich; Termin in der Beratungsfolge offen) auf die "
        "Tagesordnung"]
    page.click("text=Radweg an der Ems")
    page.wait_for_url("**/entwurf/geplant.yaml")
    assert not errors


def test_the_draft_list_links_a_vorlage_named_by_number_to_its_session(site):
    """An agenda may name a Vorlage by its number: one the register holds for the draft, or
    one typed in the draft (before it is final); the list links the draft to the session."""
    from pipeline.project import Project
    from pipeline.records import Register

    root, url = site
    project = Project.find(root)
    with Register(project.register_path) as reg:
        number = reg.assign("drafts/waiblingen-integrationskonzept.yaml", "T-2099",
                            lambda n: f"T-2099-{n:04d}", "waiblingen")
    bundled = (root / "sitzungen" / "bielefeld-rat-2020-09-03.yaml").read_text(encoding="utf-8")
    (root / "sitzungen" / "nach-nummer.yaml").write_text(
        bundled.split("oeffentlicher_teil:")[0] + "oeffentlicher_teil:\n"
        f"  - vorlage: {number}\n  - vorlage: 2020/53/037\n  - vorlage: 1999/0001\n",
        encoding="utf-8")
    client = Client(url)
    client.sign_in("sd")
    _, page = client.request("/?sitzung=nach-nummer")
    listed = re.findall(r'href="/entwurf/([^"]+)"', page)
    assert sorted(set(listed)) == ["kempten-2020-53-037.yaml",
                                   "waiblingen-integrationskonzept.yaml"]
    assert page.count('<a href="/sitzung/nach-nummer">nach-nummer</a>') == 2
