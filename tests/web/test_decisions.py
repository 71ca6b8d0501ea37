"""Beschlussverfolgung through the real server: the overview per Amt shows each decision to
those who may see it, the responsible Amt and the Sitzungsdienst record progress (in the
register and the audit trail), only the Sitzungsdienst hands a decision to another Amt, a
wrong date is named at its field, and the CSV holds what the page shows."""

import urllib.parse

from helpers import page_of
from webclient import audit, sign_in, signed_in, submitting

BUNDLED = "bielefeld-rat-2020-09-03"
KIM = f"/beschluss/{BUNDLED}/{urllib.parse.quote('Ö4')}"  # Amt 54, public
CLOSED = f"/beschluss/{BUNDLED}/N2"                     # Amt 23 (ben), nichtöffentlich


def test_the_overview_shows_each_decision_to_whom_it_may_concern(site):
    root, url = site
    sd, anna, ben = signed_in(url), signed_in(url, "anna"), signed_in(url, "ben")
    status, page = sd.request("/beschluesse?zeigen=alle")
    assert status == 200
    assert "54 Kommunales Integrationszentrum" in page and "23 Immobilienservicebetrieb" in page
    assert "Verkauf eines städtischen Grundstücks" in page and "überfällig" in page
    status, page = anna.request("/beschluesse?zeigen=alle&amt=")
    assert status == 200 and "Kommunales Integrationsmanagement" in page
    assert "Grundstück" not in page  # closed, and neither her Amt's nor her Vorlage
    assert anna.request(CLOSED)[0] == 404
    status, page = ben.request("/beschluesse")  # his own Amt by default
    assert status == 200 and "Grundstück" in page and "Integrationsmanagement" not in page
    status, table = sd.request("/beschluesse.csv?zeigen=alle")
    assert status == 200 and table.startswith("\ufeffKennung;Gremium;Sitzung;TOP")
    assert f"{BUNDLED}/N2;Rat der Stadt Bielefeld;03.09.2020;N 2" in table
    assert "Grundstück" not in anna.request("/beschluesse.csv?zeigen=alle&amt=")[1]


def test_the_amt_records_progress_and_only_the_sitzungsdienst_reassigns(site):
    root, url = site
    ben, anna, sd = signed_in(url, "ben"), signed_in(url, "anna"), signed_in(url, "sd")
    status, page = ben.request(CLOSED)
    assert status == 200 and 'name="status"' in page and 'name="frist"' not in page
    status, page = ben.post(CLOSED, {"status": "in Arbeit", "text": "Notartermin vereinbart",
                                     "datum": "12.10.2020", "amt": "53"})
    assert status == 200 and 'id="gespeichert"' in page
    assert "Notartermin vereinbart" in page and "12.10.2020" in page and "Ben Roth" in page
    assert "23 Immobilienservicebetrieb" in page  # the Amt he sent along did not count
    entry = audit(root)[-1]
    assert (entry.konto, entry.aktion, entry.gegenstand) == ("ben", "beschluss_vermerk",
                                                             f"{BUNDLED}/N2")
    assert anna.post(KIM, {"status": "erledigt"})[0] == 403  # not her Amt's decision
    status, page = sd.post(KIM, {"status": "offen", "amt": "53", "frist": "30.06.2030",
                                 "datum": "01.12.2026"})
    assert status == 200 and "53 Amt für Integration" in page and "30.06.2030" in page
    status, page = anna.post(KIM, {"status": "erledigt", "text": "Programm steht"})
    assert status == 200 and 'id="gespeichert"' in page
    status, page = anna.request("/beschluesse?zeigen=alle")
    assert "Kommunales Integrationsmanagement" in page and "erledigt" in page


def test_a_wrong_date_is_named_at_its_field_and_nothing_is_saved(site):
    root, url = site
    ben = signed_in(url, "ben")
    before = len(audit(root))
    status, page = ben.post(CLOSED, {"status": "erledigt", "text": "fertig",
                                     "datum": "31.02.2021"})
    assert status == 422
    assert 'id="meldung-datum"' in page and "dieses Datum gibt es nicht" in page
    assert ".yaml" not in page and "Traceback" not in page
    status, page = ben.post(CLOSED, {"status": "offen", "text": ""})
    assert status == 422 and "nichts einzutragen" in page
    assert len(audit(root)) == before
    assert "fertig" not in ben.request(CLOSED)[1]


def test_an_amt_updates_a_decision_in_the_browser(site, browser):
    root, url = site
    page, errors = page_of(browser)
    sign_in(page, url, "ben")
    page.click("text=Beschlüsse")
    page.click("text=Verkauf eines städtischen Grundstücks")
    page.select_option("#status", "in Arbeit")
    page.fill("#text", "Kaufvertrag im Entwurf")
    submitting(page, page.locator("form.vermerk button[type=submit]"))
    assert page.locator("#gespeichert").is_visible()
    assert page.locator("#stand").inner_text() == "in Arbeit"
    assert "Kaufvertrag im Entwurf" in page.locator("#vermerke").inner_text()
    page.screenshot(path=str(root.parent / "beschluss.png"), full_page=True)
    assert errors == []
