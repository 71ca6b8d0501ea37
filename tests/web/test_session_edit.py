"""The Sitzungsdienst edits sessions through the real server: a new session, its Kopf, the
agenda; every edit lands in the session YAML the CLI reads, a stale edit is refused, a wrong
field is named at the field, each write is in the audit trail, and nobody else may edit."""

import re

import yaml

from helpers import planned_draft, run
from webclient import audit, signed_in, stand_of

SESSION = "bielefeld-rat-2020-09-03"
NEW = {"hausstil": "bielefeld", "gremium": "Integrationsrat", "datum": "2030-05-14",
       "uhrzeit": "17:00", "ort": "Raum 101, Altes Rathaus", "einladungsdatum": "2030-04-30"}


def test_a_new_session_is_written_as_yaml_the_cli_reads(site):
    root, url = site
    client = signed_in(url)
    status, page = client.post("/sitzungen/neu", NEW)
    assert status == 200 and client.last_url.endswith("/sitzung/integrationsrat-2030-05-14")
    path = root / "sitzungen" / "integrationsrat-2030-05-14.yaml"
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {
        "hausstil": "bielefeld", "gremium": "Integrationsrat", "datum": "14.05.2030",
        "uhrzeit": "17:00", "ort": "Raum 101, Altes Rathaus", "einladungsdatum": "30.04.2030"}
    assert 'uhrzeit: "17:00"' in text  # a YAML 1.1 reader would read 17:00 as 1020
    assert "Dienstag, 14. Mai 2030" in page
    assert run(["sitzung", "status", str(path)], root).returncode == 0
    entry = audit(root)[-1]
    assert (entry.konto, entry.aktion, entry.gegenstand) == (
        "sd", "sitzung_anlegen", "sitzungen/integrationsrat-2030-05-14.yaml")
    assert "+gremium: Integrationsrat" in entry.daten["diff"]
    # The same Gremium on the same day once only; the file stays as it was.
    status, page = client.post("/sitzungen/neu", {**NEW, "ort": "anderswo"})
    assert status == 422 and "schon eine Sitzung dieses Gremiums" in page
    assert path.read_text(encoding="utf-8") == text
    _, calendar = client.request("/sitzungen")
    assert calendar.index("Mai 2030") < calendar.index("September 2020")  # coming first
    assert re.search(r"Di\.?</td>\s*<td[^>]*><a[^>]*>14\.05\.2030", calendar)


def test_a_wrong_field_is_named_at_the_field_and_nothing_is_written(site):
    root, url = site
    client = signed_in(url)
    before = sorted(p.name for p in (root / "sitzungen").iterdir())
    status, page = client.post("/sitzungen/neu", {**NEW, "datum": "31.02.2030"})
    assert status == 422
    assert re.search(r'id="meldung-datum">[^<]*dieses Datum gibt es nicht', page)
    status, page = client.post("/sitzungen/neu", {**NEW, "gremium": "Integrationsrad"})
    assert status == 422
    assert re.search(r'id="meldung-gremium">„Integrationsrad“ ist kein Gremium des '
                     r"Hausstils; meinten Sie „Integrationsrat“\?", page)
    status, page = client.post("/sitzungen/neu", {**NEW, "ort": ""})
    assert status == 422 and re.search(r'id="meldung-ort">\S', page)
    assert 'value="Raum 101' not in page and 'value="2030-05-14"' in page  # input kept
    assert sorted(p.name for p in (root / "sitzungen").iterdir()) == before


def test_editing_the_kopf_keeps_comments_and_refuses_a_stale_save(site):
    root, url = site
    path = root / "sitzungen" / f"{SESSION}.yaml"
    original = path.read_text(encoding="utf-8")
    one, other = signed_in(url), signed_in(url)
    _, form = one.request(f"/sitzung/{SESSION}/bearbeiten")
    _, form_other = other.request(f"/sitzung/{SESSION}/bearbeiten")
    old = stand_of(form)
    assert 'value="2020-09-03"' in form and 'value="15:00"' in form
    fields = {"hausstil": "bielefeld", "gremium": "Rat der Stadt Bielefeld",
              "datum": "2020-09-03", "uhrzeit": "16:30", "ort": "Kleiner Saal",
              "einladungsdatum": "2020-08-20"}
    status, _ = one.post(f"/sitzung/{SESSION}/bearbeiten", {**fields, "stand": old})
    assert status == 200
    saved = path.read_text(encoding="utf-8")
    assert saved == original.replace('uhrzeit: "15:00"', 'uhrzeit: "16:30"').replace(
        "ort: Großer Saal, Altes Rathaus, Niederwall 25, 33602 Bielefeld", "ort: Kleiner Saal")
    # The other person's form was opened on the old version: refused, with what is saved now.
    status, page = other.post(f"/sitzung/{SESSION}/bearbeiten",
                              {**fields, "ort": "Ratssaal", "stand": stand_of(form_other)})
    assert status == 409
    assert "inzwischen geändert (von Silke Dienst); nichts wurde gespeichert" in page
    assert "Ort: „Kleiner Saal“" in page
    assert path.read_text(encoding="utf-8") == saved
    # Saving again on the version now shown takes the input over.
    status, _ = other.post(f"/sitzung/{SESSION}/bearbeiten",
                           {**fields, "ort": "Ratssaal", "stand": stand_of(page)})
    assert status == 200 and "ort: Ratssaal\n" in path.read_text(encoding="utf-8")
    # An agenda edit made on the page of an older version is refused too.
    status, page = one.post(f"/sitzung/{SESSION}/tagesordnung",
                            {"aktion": "entfernen", "teil": "oeffentlicher_teil", "nr": "0",
                             "stand": old})
    assert status == 409 and "Tagesordnung unten ist die gespeicherte" in page
    assert "Eröffnung der Sitzung" in path.read_text(encoding="utf-8")
    edits = [e for e in audit(root) if e.aktion == "sitzung_bearbeiten"]
    assert [e.daten["aktion"] for e in edits] == ["kopf", "kopf"]
    assert "-ort: Großer Saal" in edits[0].daten["diff"]


def test_agenda_edits_from_candidates_plain_items_and_moves(site):
    root, url = site
    drafts = root / "drafts"
    (drafts / "offen.yaml").write_text(planned_draft(
        "Radweg an der Ems"),
        encoding="utf-8")
    (drafts / "vertagt.yaml").write_text(planned_draft(
        "Brücke am Kesselbrink", step="    sitzung: 02.07.2020\n    ergebnis: vertagt\n"),
        encoding="utf-8")
    path = root / "sitzungen" / f"{SESSION}.yaml"
    client = signed_in(url)
    _, page = client.request(f"/sitzung/{SESSION}")
    assert "Radweg an der Ems" in page and "vertagt in der Sitzung vom 02.07.2020" in page

    def act(**form):
        _, shown = client.request(f"/sitzung/{SESSION}")
        return client.post(f"/sitzung/{SESSION}/tagesordnung", {"stand": stand_of(shown),
                                                                **form})

    assert act(aktion="aufnehmen", entwurf="offen.yaml")[0] == 200
    assert act(aktion="aufnehmen", entwurf="vertagt.yaml")[0] == 200
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    public = [t.get("vorlage") or t["titel"] for t in data["oeffentlicher_teil"]]
    assert public[3:] == ["drafts/bielefeld-kim.yaml", "drafts/offen.yaml",
                          "drafts/vertagt.yaml", "Anfragen"]  # after the last Vorlage
    status, page = act(aktion="neu", teil="nichtoeffentlicher_teil", titel=" ")
    assert status == 422 and re.search(r'id="neu-nichtoeffentlicher_teil" name="titel"[^>]*>\s*'
                                       r'<div class="meldung">Bitte einen Titel eingeben', page)
    assert act(aktion="neu", teil="nichtoeffentlicher_teil", titel="Personalsache Meier",
               oeffentlicher_titel="Personalangelegenheit")[0] == 200
    assert act(aktion="verschieben", teil="oeffentlicher_teil", nr="5",
               ziel_teil="oeffentlicher_teil", ziel_nr="0")[0] == 200
    assert act(aktion="runter", teil="oeffentlicher_teil", nr="6")[0] == 200  # into N, first
    assert act(aktion="titel", teil="oeffentlicher_teil", nr="1",
               titel="Eröffnung und Begrüßung")[0] == 200
    assert act(aktion="entfernen", teil="nichtoeffentlicher_teil", nr="4")[0] == 200
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Sitzung des Rates der Stadt Bielefeld am 03.09.2020")
    data = yaml.safe_load(text)
    assert [t.get("vorlage") or t["titel"] for t in data["oeffentlicher_teil"]] == [
        "drafts/vertagt.yaml", "Eröffnung und Begrüßung",
        "Genehmigung der Niederschrift über die Sitzung vom 02.07.2020", "Mitteilungen",
        "drafts/bielefeld-kim.yaml", "drafts/offen.yaml"]
    assert data["oeffentlicher_teil"][3]["unterpunkte"]  # moved and kept whole
    assert [t.get("vorlage") or t["titel"] for t in data["nichtoeffentlicher_teil"]] == [
        "Anfragen", "Genehmigung der Niederschrift (nichtöffentlicher Teil)",
        "drafts/bielefeld-grundstueck-nichtoeffentlich.yaml", "Mitteilungen"]
    # The CLI accepts the undated and the vertagt Beratung without a change to the drafts.
    status = run(["sitzung", "status", "--json", str(path)], root)
    rows = {r["vorlage"]: r for r in __import__("json").loads(status.stdout)}
    assert rows["drafts/vertagt.yaml"]["hinweis"].startswith("vertagt in der Sitzung vom "
                                                             "02.07.2020")
    assert rows["drafts/offen.yaml"]["hinweis"].startswith("Termin in der Beratungsfolge offen")
    assert "keine Beratung" not in status.stderr + status.stdout
    assert [e.daten["aktion"] for e in audit(root) if e.aktion == "sitzung_bearbeiten"] == [
        "aufnehmen", "aufnehmen", "neu", "verschieben", "runter", "titel", "entfernen"]


def test_only_the_sitzungsdienst_creates_and_edits(site):
    root, url = site
    path = root / "sitzungen" / f"{SESSION}.yaml"
    before = path.read_bytes()
    sd = signed_in(url)
    _, page = sd.request(f"/sitzung/{SESSION}")
    stand = stand_of(page)
    anna = signed_in(url, "anna")
    assert anna.request("/sitzungen/neu")[0] == 403
    assert anna.post("/sitzungen/neu", NEW)[0] == 403
    assert anna.request(f"/sitzung/{SESSION}/bearbeiten")[0] == 403
    assert anna.post(f"/sitzung/{SESSION}/bearbeiten", {**NEW, "stand": stand})[0] == 403
    assert anna.post(f"/sitzung/{SESSION}/tagesordnung",
                     {"aktion": "entfernen", "teil": "oeffentlicher_teil", "nr": "0",
                      "stand": stand})[0] == 403
    _, page = anna.request(f"/sitzung/{SESSION}")
    assert "/tagesordnung" not in page and "Sitzung bearbeiten" not in page
    _, calendar = anna.request("/sitzungen")
    assert "Neue Sitzung" not in calendar and "Rat der Stadt Bielefeld" in calendar
    assert path.read_bytes() == before
    assert not (root / "sitzungen" / "integrationsrat-2030-05-14.yaml").exists()
    assert not [e for e in audit(root) if e.aktion.startswith("sitzung_")]
