"""Sessions: agenda checks, Tagesordnung, Sitzungsmappe, the public packet and deadlines."""

import re
import sqlite3

from pypdf import PdfReader

from closed_session import (MARKER_ANLAGE, MARKER_GEHEIMANLAGE, MARKER_TITEL, MARKER_VORLAGE,
                            SESSION, all_bytes)
from conftest import pdf_text, run


def outline(reader):
    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, str(item.title), reader.get_destination_page_number(item) + 1
    return list(walk(reader.outline))


def test_sitzung_build_writes_agenda_and_both_packets(session_project):
    result = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert result.returncode == 0, result.stderr
    folder = session_project.output_dir / "sitzungen" / "rat"
    agenda = pdf_text(folder / "Tagesordnung.pdf")
    for expected in ("Tagesordnung", "Rat der Stadt Bielefeld", "Donnerstag, 03.09.2020",
                     "15:00 Uhr", "Großer Saal", "Öffentlicher Teil", "Nichtöffentlicher Teil",
                     "Ö 1", "Ö 2.1", "Ö 2.2", "Ö 3", "N 1", "Neubau einer Turnhalle",
                     "Grundstücksangelegenheit Testweg"):
        assert expected in agenda, expected

    mappe = PdfReader(str(folder / "Sitzungsmappe.pdf"))
    texts = [page.extract_text() for page in mappe.pages]
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert f"Seite {number} von {total}" in text  # packet page number on every page
    entries = outline(mappe)
    tops = {title.split(":")[0]: page for depth, title, page in entries if depth == 0}
    assert list(tops) == ["Tagesordnung", "Ö 2.2", "Ö 3", "N 1"]
    assert "Neubau einer Turnhalle" in texts[tops["Ö 2.2"] - 1]
    assert "Kommunales Integrationsmanagement" in texts[tops["Ö 3"] - 1]
    assert "Grundstücksangelegenheit Testweg" in texts[tops["N 1"] - 1]
    nested = [(title, page) for depth, title, page in entries if depth == 1]
    assert [t for t, _ in nested] == ["Anlage 1: Lageplan", f"Anlage 2: {MARKER_TITEL}",
                                      "Anlage 3: Kostenschätzung",
                                      "Anlage 1: Umsetzung des Kommunalen "
                                      "Integrationsmanagements in Bielefeld",
                                      "Anlage 1: Gutachten"]
    for title, page in nested:
        assert f"{title.split(':')[0]} zur Vorlage" in texts[page - 1]
    # The agenda lists each TOP's packet page, and the rows link there.
    agenda_page = texts[tops["Tagesordnung"] - 1]
    for label in ("Ö 2.2", "Ö 3", "N 1"):
        assert re.search(rf"{re.escape(label)}\b.*?\b{tops[label]}\b", agenda_page, re.S)
    links = [annot.get_object() for page in mappe.pages[:tops["Ö 2.2"] - 1]
             for annot in page.get("/Annots", []) or []]
    targets = sorted(mappe.get_page_number(link["/Dest"][0].get_object()) + 1
                     for link in links if link.get("/Subtype") == "/Link")
    assert targets == sorted(tops[label] for label in ("Ö 2.2", "Ö 3", "N 1"))
    assert mappe.metadata.title == "Sitzungsmappe Rat der Stadt Bielefeld 03.09.2020"


def test_public_packet_holds_no_trace_of_closed_content(session_project):
    result = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert result.returncode == 0, result.stderr
    folder = session_project.output_dir / "sitzungen" / "rat"
    markers = (MARKER_VORLAGE, MARKER_TITEL, MARKER_ANLAGE, MARKER_GEHEIMANLAGE)
    members = pdf_text(folder / "Sitzungsmappe.pdf") + all_bytes(
        folder / "Sitzungsmappe.pdf").decode("latin-1")
    assert all(m in members for m in markers)  # the search would find them if they were there
    public_files = [folder / "Sitzungsmappe-oeffentlich.pdf",
                    *(folder / ".vorlagen" / "oeffentlich").glob("*.pdf")]
    assert len(public_files) == 3  # the packet and the two public Vorlagen
    for path in public_files:
        reader = PdfReader(str(path))
        text = pdf_text(path) + " ".join(t for _, t, _ in outline(reader)) + str(reader.metadata)
        data = all_bytes(path)
        for marker in markers:
            assert marker not in text, (path.name, marker)
            for encoding in ("utf-8", "latin-1", "utf-16-be"):
                assert marker.encode(encoding) not in data, (path.name, marker)
        assert "Grundstücksangelegenheit" not in text and "Nichtöffentlicher Teil" not in text
    public = PdfReader(str(folder / "Sitzungsmappe-oeffentlich.pdf"))
    titles = [t for _, t, _ in outline(public)]
    assert "Anlage 1: Lageplan" in titles and "Anlage 3: Kostenschätzung" in titles
    assert not any(t.startswith("N ") for t in titles)
    assert public.metadata.title.endswith("(Öffentlicher Teil)")


SESSION_ERRORS = """\
gremium: Rat der Stadt Bielefeld
datum: 03.09.2020
uhrzeit: "15:00"
ort: Großer Saal
einladungsdatum: 20.08.2020
oeffentlicher_teil:
  - vorlage: drafts/grundstueck.yaml
  - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/fehlt.yaml
nichtoeffentlicher_teil:
  - vorlage: drafts/bielefeld-kim.yaml
"""


def test_agenda_cross_checks(session_project):
    root = session_project.root
    (root / "sitzungen" / "falsch.yaml").write_text(
        "hausstil: bielefeld\n" + SESSION_ERRORS.replace("03.09.2020", "10.09.2020"),
        encoding="utf-8")
    result = run(["sitzung", "build", "sitzungen/falsch.yaml"], root)
    assert result.returncode == 1
    err = result.stderr
    assert "sitzungen/falsch.yaml:8:14: oeffentlicher_teil[1].vorlage: nichtöffentliche " \
           "Vorlage im öffentlichen Teil" in err
    assert "oeffentlicher_teil[3].vorlage: Vorlage steht schon unter Ö 2 auf der " \
           "Tagesordnung" in err
    assert "oeffentlicher_teil[4].vorlage: Vorlage „drafts/fehlt.yaml“ nicht gefunden" in err
    assert "oeffentlicher_teil[2].vorlage: „Neubau einer Turnhalle“ sieht in der " \
           "Beratungsfolge keine Beratung im Gremium „Rat der Stadt Bielefeld“ am " \
           "10.09.2020 vor" in err
    assert "Traceback" not in err
    assert not (session_project.output_dir / "sitzungen" / "falsch").exists()


def test_session_file_schema_errors(session_project):
    root = session_project.root
    (root / "sitzungen" / "kaputt.yaml").write_text(
        SESSION.replace("datum: 03.09.2020", "datum: 31.09.2020").replace("ort:", "orte:"),
        encoding="utf-8")
    result = run(["sitzung", "status", "sitzungen/kaputt.yaml"], root)
    assert result.returncode == 1
    assert "sitzungen/kaputt.yaml:3:8: datum: dieses Datum gibt es nicht: '31.09.2020'" \
        in result.stderr
    assert "sitzungen/kaputt.yaml:5:1: orte: unbekanntes Feld; meinten Sie „ort“?" \
        in result.stderr


def test_status_flags_drafts_and_late_finals(session_project):
    root = session_project.root
    assert run(["build", "--final", "drafts/turnhalle.yaml", "drafts/grundstueck.yaml"],
               root).returncode == 0
    with sqlite3.connect(session_project.register_path) as db:
        db.execute("UPDATE nummern SET vergeben = '2020-08-10T09:00:00+00:00' "
                   "WHERE entwurf = 'drafts/turnhalle.yaml'")
        db.execute("UPDATE nummern SET vergeben = '2020-09-01T16:30:00+00:00' "
                   "WHERE entwurf = 'drafts/grundstueck.yaml'")
    result = run(["sitzung", "status", "--json", "sitzungen/rat.yaml"], root)
    assert result.returncode == 1
    import json

    rows = {r["top"]: r for r in json.loads(result.stdout)}
    assert rows["Ö 2.2"]["status"] == "ok" and rows["Ö 2.2"]["final"]
    assert rows["Ö 3"]["status"] == "entwurf"
    assert rows["N 1"]["status"] == "tischvorlage"
    assert rows["N 1"]["frist"] == "13.08.2020"  # 21 days before the Rat (house style)
    assert rows["Ö 1"]["status"] == "ohne Vorlage"
    table = run(["sitzung", "status", "sitzungen/rat.yaml"], root)
    assert "tischvorlage" in table.stdout and "entwurf" in table.stdout
