"""The Sitzungsdienst records attendance and results through the real server: into the
session YAML the CLI reads and the audit trail; a vote above the members present is refused
at that TOP's vote and nothing is saved; a vertagt Vorlage is offered to the next session."""

import re

import yaml

from helpers import REPO, before_the_session, run
from webclient import audit, signed_in, stand_of

SESSION = "bielefeld-rat-2020-09-03"
NEW = {"hausstil": "bielefeld", "uhrzeit": "15:00", "ort": "Großer Saal"}

KIM, FIRST = 5, 0  # TOP Ö 4 (the Vorlage) and Ö 1, by their place on the page
MEMBERS = ["Dr. Hanna Vorberg", "Jonas Albers", "Petra Brinkmann", "Murat Celik",
           "Sabine Dreyer", "Thomas Eilers", "Aylin Fromm", "Klaus Gerdes", "Renate Hollmann"]


def _members(root) -> None:
    """The project's Gremien with the Rat's members (the example project's list), and the
    bundled session as it stood before it met."""
    (root / "gremien.yaml").write_bytes((REPO / "gremien.yaml").read_bytes())
    before_the_session(root)


def _form(page: str, **changes) -> dict:
    """The page's form as a browser would send it unchanged, with `changes` applied."""
    form = {"stand": stand_of(page), "zeilen": re.search(r'name="zeilen" value="(\d+)"',
                                                         page).group(1)}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', page):
        if name not in ("csrf", "stand", "zeilen"):
            form[name] = value
    return {**form, **changes}


def _present(count: int) -> dict:
    """The first `count` members present, the others excused."""
    return {f"anw-{i}-status": "anwesend" if i < count else "entschuldigt"
            for i in range(len(MEMBERS))}


def test_attendance_and_results_are_written_as_yaml_and_audited(site):
    root, url = site
    _members(root)
    client = signed_in(url)
    status, page = client.request(f"/sitzung/{SESSION}/ergebnisse")
    assert status == 200
    assert all(name in page for name in MEMBERS)
    status, page = client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, beginn="15:04", ende="18:30", schriftfuehrung="Silke Dienst",
        **{**_present(7), "anw-2-ab": "Ö 3", "anw-8-status": "anwesend",
                          "anw-8-vertritt": "Klaus Gerdes",
                          "anw-9-name": "Gerd Amtsleiter", "anw-9-funktion": "Verwaltung",
                          "anw-9-status": "anwesend",
                          f"top-{FIRST}-status": "zur Kenntnis genommen",
                          f"top-{KIM}-status": "geändert beschlossen",
                          f"top-{KIM}-art": "Stimmen", f"top-{KIM}-ja": "5",
                          f"top-{KIM}-nein": "1", f"top-{KIM}-enthaltungen": "1",
                          f"top-{KIM}-befangen": "Murat Celik",
                          f"top-{KIM}-text": "Der Rat beschließt mit der Änderung …",
                          f"top-{KIM}-vermerk": "Herr Celik verlässt den Raum."}))
    assert status == 200 and 'id="gespeichert"' in page
    text = (root / "sitzungen" / f"{SESSION}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert (data["beginn"], data["ende"], data["schriftfuehrung"]) == ("15:04", "18:30",
                                                                      "Silke Dienst")
    assert 'ende: "18:30"' in text  # a YAML 1.1 reader would take 18:30 for minutes
    assert data["anwesenheit"][:3] == ["Dr. Hanna Vorberg", "Jonas Albers",
                                       {"name": "Petra Brinkmann", "ab": "Ö 3"}]
    assert data["anwesenheit"][-2:] == [
        {"name": "Renate Hollmann", "vertritt": "Klaus Gerdes"},
        {"name": "Gerd Amtsleiter", "funktion": "Verwaltung"}]
    kim = data["oeffentlicher_teil"][3]
    assert kim["befangen"] == ["Murat Celik"]
    assert kim["ergebnis"] == {"status": "geändert beschlossen",
                               "abstimmung": {"ja": 5, "nein": 1, "enthaltungen": 1},
                               "text": "Der Rat beschließt mit der Änderung …",
                               "vermerk": "Herr Celik verlässt den Raum."}
    assert data["oeffentlicher_teil"][0]["ergebnis"] == "zur Kenntnis genommen"
    assert list(data)[-2:] == ["oeffentlicher_teil", "nichtoeffentlicher_teil"]
    entry = audit(root)[-1]
    assert (entry.konto, entry.aktion) == ("sd", "sitzung_ergebnisse")
    assert "+  - Dr. Hanna Vorberg" in entry.daten["diff"]
    # The CLI reads what the browser wrote: the result and the Beratungsstand.
    result = run(["sitzung", "status", f"sitzungen/{SESSION}.yaml", "--json"], root)
    assert "Traceback" not in result.stderr and "anwesend" not in result.stderr
    row = next(r for r in yaml.safe_load(result.stdout) if r["top"] == "Ö 4")
    assert row["ergebnis"] == "geändert beschlossen (Ja: 5, Nein: 1, Enthaltungen: 1)"
    assert row["beratungsstand"] == "Beratungsfolge beendet"
    # The page shows what is saved.
    _, page = client.request(f"/sitzung/{SESSION}/ergebnisse")
    assert 'value="Murat Celik" checked' in page and 'value="Ö 3"' in page
    # The drafts list shows the Beratungsstand: before, nothing (not final, not dealt with).
    _, listing = client.request("/")
    row = next(r for r in listing.split("<tr>") if "Kommunales Integrationsmanagement" in r)
    assert '<td class="beratungsstand">Beratungsfolge beendet</td>' in row


def test_a_vote_above_the_members_present_is_refused_at_the_vote(site):
    root, url = site
    _members(root)
    path = root / "sitzungen" / f"{SESSION}.yaml"
    before = path.read_bytes()
    client = signed_in(url)
    _, page = client.request(f"/sitzung/{SESSION}/ergebnisse")
    # Six present, one of them befangen: five may vote, six votes are recorded.
    status, page = client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, **_present(6), **{f"top-{KIM}-status": "beschlossen", f"top-{KIM}-art": "Stimmen",
                                f"top-{KIM}-ja": "6", f"top-{KIM}-befangen": "Jonas Albers",
                                f"top-{FIRST}-vermerk": "Begrüßung"}))
    assert status == 422
    at_vote = re.search(rf'id="meldung-top-{KIM}-abstimmung"[^>]*>([^<]*)<', page).group(1)
    assert at_vote == "6 Stimmen, aber bei Ö 4 waren nur 5 stimmberechtigte Mitglieder " \
                      "anwesend, 1 befangen"
    assert f'class="feld abstimmung hat-fehler" data-feld="top-{KIM}-abstimmung"' in page
    assert "sitzungen/" not in at_vote and ".yaml" not in page.split("<main")[-1]
    assert ">Begrüßung</textarea>" in page  # what was typed stays
    assert path.read_bytes() == before
    assert not any(e.aktion == "sitzung_ergebnisse" for e in audit(root))
    # A count that is no number is named at the vote too.
    status, page = client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, **_present(6), **{f"top-{KIM}-status": "beschlossen", f"top-{KIM}-art": "Stimmen",
                                f"top-{KIM}-ja": "viele"}))
    assert status == 422
    assert re.search(rf'id="meldung-top-{KIM}-abstimmung"[^>]*>[^<]*ganze Zahl', page)
    assert path.read_bytes() == before


def test_a_vertagt_vorlage_is_offered_to_the_gremium_s_next_session(site):
    root, url = site
    _members(root)
    client = signed_in(url)
    _, page = client.request(f"/sitzung/{SESSION}/ergebnisse")
    status, _ = client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, **{f"top-{KIM}-status": "vertagt"}))
    assert status == 200
    status, page = client.post("/sitzungen/neu", {**NEW, "gremium": "Rat der Stadt Bielefeld",
                                                  "datum": "2020-10-01",
                                                  "einladungsdatum": "2020-09-17"})
    assert status == 200
    planned = page.split("Vorgesehen, noch nicht auf der Tagesordnung")[1]
    assert "Kommunales Integrationsmanagement" in planned
    assert "vertagt in der Sitzung vom 03.09.2020" in planned
    _, listing = client.request("/")
    row = next(r for r in listing.split("<tr>") if "Kommunales Integrationsmanagement" in r)
    assert '<td class="beratungsstand">in Beratung: Rat der Stadt Bielefeld am 03.09.2020' \
        in row


def test_only_the_sitzungsdienst_records_results(site):
    root, url = site
    client = signed_in(url, "anna")
    status, _ = client.request(f"/sitzung/{SESSION}/ergebnisse")
    assert status == 403
    status, _ = client.post(f"/sitzung/{SESSION}/ergebnisse", {"stand": "x", "zeilen": "0"})
    assert status == 403


def test_the_niederschrift_is_built_in_the_browser_and_only_its_public_one_is_for_all(site):
    root, url = site
    _members(root)
    client = signed_in(url)
    _, page = client.request(f"/sitzung/{SESSION}")
    assert "Niederschrift und Beschlussauszüge bauen" not in page  # nothing recorded yet
    status, page = client.post(f"/sitzung/{SESSION}/niederschrift")
    assert status == 422 and "noch keine Ergebnisse" in page
    _, page = client.request(f"/sitzung/{SESSION}/ergebnisse")
    client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, **_present(5), **{f"top-{KIM}-status": "beschlossen",
                                f"top-{KIM}-art": "einstimmig"}))
    status, page = client.post(f"/sitzung/{SESSION}/niederschrift")
    assert status == 200
    for name in ("Niederschrift.pdf", "Niederschrift-oeffentlich.pdf",
                 "Beschlussauszug-Oe-4.pdf"):
        assert f">{name}</a>" in page, name
    assert audit(root)[-1].aktion == "niederschrift_bauen"
    other = signed_in(url, "anna")
    status, _ = other.request(f"/sitzung/{SESSION}/datei/Niederschrift-oeffentlich.pdf")
    assert status == 200
    status, _ = other.request(f"/sitzung/{SESSION}/datei/Niederschrift.pdf")
    assert status == 404  # as for the members' packet: not even its existence
    status, _ = other.post(f"/sitzung/{SESSION}/niederschrift")
    assert status == 403


def test_the_niederschrift_s_state_is_kept_in_the_session_file(site):
    root, url = site
    _members(root)
    path = root / "sitzungen" / f"{SESSION}.yaml"
    client = signed_in(url)
    _, page = client.request(f"/sitzung/{SESSION}/ergebnisse")
    status, page = client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, **{f"top-{KIM}-status": "beschlossen", "ns-status": "genehmigt"}))
    assert status == 422
    said = re.search(r'id="meldung-niederschrift"[^>]*>([^<]*)<', page).group(1)
    assert "genehmigt: braucht „Genehmigt am“" in said  # in words, not the YAML key
    status, page = client.post(f"/sitzung/{SESSION}/ergebnisse", _form(
        page, **{f"top-{KIM}-status": "beschlossen", "ns-status": "genehmigt",
                 "ns-unterzeichnet_am": "2020-09-10", "ns-genehmigt_am": "2020-10-01",
                 "ns-berichtigungen": "In Ö 4 heißt es richtig „Bausteine“.\n"}))
    assert status == 200
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["niederschrift"] == {"status": "genehmigt", "unterzeichnet_am": "10.09.2020",
                                     "genehmigt_am": "01.10.2020",
                                     "berichtigungen": ["In Ö 4 heißt es richtig „Bausteine“."]}
    assert 'value="2020-10-01"' in page
    assert run(["sitzung", "niederschrift", f"sitzungen/{SESSION}.yaml"], root).returncode == 0
    from helpers import pdf_text

    text = " ".join(pdf_text(root / "output" / "sitzungen" / SESSION /
                             "Niederschrift.pdf").split())
    assert "Genehmigt in der Sitzung vom 01.10.2020" in text and "ENTWURF" not in text
    assert "Berichtigung: In Ö 4 heißt es richtig „Bausteine“." in text
