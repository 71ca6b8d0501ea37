"""OParl export: every object validates against the OParl 1.1 schemas; nothing closed."""

import json
import shutil

import jsonschema
import pytest

from closed_session import (
    MARKER_ANLAGE,
    MARKER_GEHEIMANLAGE,
    MARKER_TITEL,
    MARKER_VORLAGE,
    SESSION,
    all_bytes,
)
from helpers import REPO, run

SCHEMAS = REPO / "tests" / "oparl-schema"
BASE = "https://ris.example.org/oparl/v1"


def schema(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def check(obj, kind=None):
    """Validates an object and, by hand, the objects it embeds (the schemas name embedded
    schemas with a `schema` key instead of $ref)."""
    kind = kind or obj["type"].rsplit("/", 1)[-1]
    spec = schema(kind)
    jsonschema.validate(obj, spec)
    assert "created" in obj and "modified" in obj, (kind, obj["id"])
    for key, prop in spec["properties"].items():
        if key not in obj:
            continue
        embedded = prop.get("schema") or prop.get("items", {}).get("schema")
        if not embedded:
            continue
        values = obj[key] if isinstance(obj[key], list) else [obj[key]]
        for value in values:
            if isinstance(value, dict):
                check(value, embedded.removesuffix(".json"))
    return kind


@pytest.fixture
def exported(session_project):
    (session_project.root / "vorlage.yaml").write_text(
        (session_project.root / "vorlage.yaml").read_text() + f"oparl_basis_url: {BASE}\n")
    out = session_project.root / "ris"
    result = run(["export", "oparl", "--out", "ris"], session_project.root)
    assert result.returncode == 0, result.stderr
    return out


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def papers(out):
    """Betreff -> public Paper of an export."""
    return {p["name"]: p for p in map(load, (out / "paper").glob("*.json"))
            if not p.get("deleted")}


def test_every_object_validates(exported):
    kinds = {}
    for path in exported.rglob("*.json"):
        obj = json.loads(path.read_text(encoding="utf-8"))
        assert obj["id"] == f"{BASE}/{path.relative_to(exported).with_suffix('').as_posix()}"
        if "data" in obj:  # an external list
            for item in obj["data"]:
                kinds[check(item)] = kinds.get(item["type"], 0) + 1
        else:
            kind = check(obj)
            kinds[kind] = kinds.get(kind, 0) + 1
    assert {"Body", "Organization", "Meeting", "AgendaItem", "Paper", "Consultation",
            "File", "System"} <= set(kinds)


def test_content_and_links(exported):
    paper = papers(exported)["Neubau einer Turnhalle"]
    assert paper["name"] == "Neubau einer Turnhalle" and paper["paperType"] == "Beschlussvorlage"
    assert paper["date"] == "2020-08-01"
    main = paper["mainFile"]
    pdf = exported / main["accessUrl"][len(BASE) + 1:]
    import hashlib

    assert main["size"] == pdf.stat().st_size
    assert main["sha512Checksum"] == hashlib.sha512(pdf.read_bytes()).hexdigest()
    assert "Die alte Halle ist baufällig." in main["text"]
    # named as the Vorlage lists them
    assert [f["name"] for f in paper["auxiliaryFile"]] == ["Anlage 1: Lageplan",
                                                          "Anlage 2: Kostenschätzung"]
    consultation = paper["consultation"][0]
    assert consultation["role"] == "Entscheidung" and consultation["authoritative"] is True
    meeting = json.loads((exported / "meeting" / "rat.json").read_text(encoding="utf-8"))
    assert meeting["start"] == "2020-09-03T15:00:00+02:00"
    items = meeting["agendaItem"]
    assert [i["number"] for i in items] == ["Ö 1", "Ö 2", "Ö 2.1", "Ö 2.2", "Ö 3"]
    assert [i["order"] for i in items] == [1, 2, 3, 4, 5] and all(i["public"] for i in items)
    assert items[3]["consultation"] == consultation["id"]


def test_nothing_closed_is_exported(exported):
    for path in exported.rglob("*"):
        if path.is_file():
            data = path.read_bytes() if path.suffix == ".json" else all_bytes(path)
            for marker in (MARKER_VORLAGE, MARKER_TITEL, MARKER_ANLAGE, MARKER_GEHEIMANLAGE,
                           "Grundstücksangelegenheit"):
                for encoding in ("utf-8", "latin-1", "utf-16-be"):
                    assert marker.encode(encoding) not in data, (path, marker)
    text = " ".join(p.read_text(encoding="utf-8") for p in exported.rglob("*.json"))
    assert '"public": false' not in text and "N 1" not in text


def test_no_sessions_is_a_clear_error(project):
    result = run(["export", "oparl", "--out", "ris"], project.root)
    assert result.returncode == 1 and "keine Sitzungsdateien" in result.stderr


def test_repo_example_session_exports(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    (root / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")
    result = run(["export", "oparl", "--out", "ris"], root)
    assert result.returncode == 0, result.stderr
    assert not list((root / "ris" / "paper").glob("*grundstueck*"))


# --- The export is a sync: what stops being public leaves it (issue 13, point 7) ---------

TOMBSTONE_KEYS = {"id", "type", "created", "modified", "deleted"}
TURNHALLE_TEXTS = ("Neubau einer Turnhalle", "Die alte Halle ist baufällig.",
                   "Lageplan der Turnhalle", "Kostenschaetzung 1,2 Mio")


def rel(oid):
    return oid[len(BASE) + 1:] + ".json"


def export_into(root, folder="ris"):
    result = run(["export", "oparl", "--out", folder], root)
    assert result.returncode == 0, result.stderr
    return result


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def traces(folder, texts):
    """(file, text) for every text found in any file: raw bytes, decompressed PDF streams
    and the text a PDF reader extracts, in the encodings a PDF or JSON could hold it in."""
    from helpers import pdf_text

    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = all_bytes(path)
        if path.suffix == ".pdf":
            data += pdf_text(path).encode("utf-8")
        found += [(path.relative_to(folder).as_posix(), text) for text in texts
                  if any(text.encode(e) in data for e in ("utf-8", "latin-1", "utf-16-be"))]
    return found


def staging_left(root):
    return [p.name for p in root.iterdir() if p.name.startswith(".ris")]


def assert_tombstone(folder, old):
    stone = load(folder / rel(old["id"]))
    assert set(stone) == TOMBSTONE_KEYS, stone
    assert stone == {"id": old["id"], "type": old["type"], "created": old["created"],
                     "modified": stone["modified"], "deleted": True}
    from datetime import datetime

    assert datetime.fromisoformat(stone["modified"]) >= datetime.fromisoformat(old["created"])
    spec = schema(old["type"].rsplit("/", 1)[-1])
    jsonschema.validate(stone, {**spec, "required": ["id", "type"]})  # the spec's rule


def turnhalle_objects(folder):
    """The old objects of the Turnhalle Vorlage (paper, files, consultations, agenda items)
    and its PDFs, from an export."""
    paper = papers(folder)["Neubau einer Turnhalle"]
    ids = [paper["id"], paper["mainFile"]["id"], *(f["id"] for f in paper["auxiliaryFile"])]
    for consultation in paper["consultation"]:
        ids += [consultation["id"], consultation["agendaItem"]]
    pdfs = [f["accessUrl"][len(BASE) + 1:] for f in (paper["mainFile"], *paper["auxiliaryFile"])]
    return {oid: load(folder / rel(oid)) for oid in ids}, pdfs


def close_vorlage(root):
    draft = root / "drafts" / "turnhalle.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "vorlagenart: Beschlussvorlage\n", "vorlagenart: Beschlussvorlage\noeffentlich: nein\n"),
        encoding="utf-8")
    session = root / "sitzungen" / "rat.yaml"
    text = session.read_text(encoding="utf-8").replace("      - vorlage: drafts/turnhalle.yaml\n",
                                                       "")
    session.write_text(text + "  - vorlage: drafts/turnhalle.yaml\n", encoding="utf-8")


def test_a_vorlage_made_closed_leaves_the_export(exported, session_project):
    root = session_project.root
    old, pdfs = turnhalle_objects(exported)
    assert {o["type"].rsplit("/", 1)[-1] for o in old.values()} == {
        "Paper", "File", "Consultation", "AgendaItem"}
    close_vorlage(root)
    result = export_into(root)

    assert traces(exported, TURNHALLE_TEXTS) == []
    for obj in old.values():
        assert_tombstone(exported, obj)
        assert f"gelöscht: {obj['id']}" in result.stdout
    for pdf in pdfs:
        assert not (exported / pdf).exists()
        assert f"entfernt: {pdf}" in result.stdout
    assert not list((exported / "dateien").glob("*anlage-3.pdf"))  # only Kim's Anlage 1 stays
    paper_list = load(exported / rel(load(exported / "body" / "bielefeld.json")["paper"]))
    paper_id = next(o["id"] for o in old.values() if o["type"].endswith("/Paper"))
    assert load(exported / rel(paper_id)) in paper_list["data"]  # clients sync by the list
    assert paper_list["pagination"]["totalElements"] == len(paper_list["data"]) == 2
    assert staging_left(root) == []

    before = snapshot(exported)
    again = export_into(root)  # stable: tombstones kept as they are, nothing more goes
    assert "0 nicht mehr öffentlich" in again.stdout and "0 Dateien entfernt" in again.stdout
    assert set(snapshot(exported)) == set(before)
    for obj in old.values():
        assert (exported / rel(obj["id"])).read_bytes() == before[rel(obj["id"])]
    assert staging_left(root) == []


def test_an_anlage_made_closed_leaves_the_export(exported, session_project):
    root = session_project.root
    paper = papers(exported)["Neubau einer Turnhalle"]
    lageplan = next(f for f in paper["auxiliaryFile"] if f["name"].endswith("Lageplan"))
    pdf = lageplan["accessUrl"][len(BASE) + 1:]
    draft = root / "drafts" / "turnhalle.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "    datei: anlagen/lageplan.pdf\n", "    datei: anlagen/lageplan.pdf\n"
        "    oeffentlich: nein\n"), encoding="utf-8")
    result = export_into(root)

    assert traces(exported, ["Lageplan der Turnhalle"]) == []
    assert not any(b"Lageplan" in p.read_bytes() for p in exported.rglob("*.json"))
    assert_tombstone(exported, lageplan)
    assert not (exported / pdf).exists()
    assert f"gelöscht: {lageplan['id']}" in result.stdout and f"entfernt: {pdf}" in result.stdout
    assert "1 nicht mehr öffentlich" in result.stdout  # the paper itself stays public
    # the public copy counts afresh what it shows, and so does its OParl file's name
    assert [f["name"] for f in papers(exported)["Neubau einer Turnhalle"]["auxiliaryFile"]] == [
        "Anlage 1: Kostenschätzung"]
    assert staging_left(root) == []


def test_ids_of_an_unnumbered_vorlage_do_not_name_its_draft(exported):
    import re

    def links(value):
        """Every URL and PDF file name in an object."""
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            for item in value:
                yield from links(item)
        elif isinstance(value, str) and (value.startswith(BASE) or value.endswith(".pdf")):
            yield value

    names = [p.relative_to(exported).as_posix() for p in exported.rglob("*")]
    for path in exported.rglob("*.json"):
        names += links(load(path))
    assert not [n for n in names if "turnhalle" in n.lower() or "kim" in n.lower()]
    assert all(re.fullmatch(rf"{BASE}/paper/entwurf-[0-9a-f]{{16}}", p["id"])
               for p in papers(exported).values())


def test_a_numbered_vorlage_is_named_by_its_number(exported, session_project):
    from urllib.parse import quote

    from pipeline.records import file_name

    root = session_project.root
    unnumbered = papers(exported)["Neubau einer Turnhalle"]
    assigned = run(["number", "assign", "drafts/turnhalle.yaml"], root)
    assert assigned.returncode == 0, assigned.stderr
    number = assigned.stdout.rsplit(": ", 1)[1].strip()
    export_into(root)
    paper = papers(exported)["Neubau einer Turnhalle"]
    assert paper["reference"] == number
    assert paper["id"] == f"{BASE}/paper/{quote(file_name(number), safe='')}"
    assert (exported / "dateien" / f"{file_name(number)}.pdf").is_file()
    assert_tombstone(exported, unnumbered)  # the draft's id is gone for good


def test_a_foreign_folder_is_refused_and_kept(session_project):
    root = session_project.root
    foreign = root / "ris"
    (foreign / "paper").mkdir(parents=True)
    (foreign / "dateien").mkdir()
    (foreign / "notes.txt").write_text("meine Notizen")
    (foreign / "paper" / "mine.json").write_text('{"id": "x", "type": "y"}')
    (foreign / "dateien" / "brief.pdf").write_bytes(b"%PDF-1.4 meiner")
    before = snapshot(foreign)
    result = run(["export", "oparl", "--out", "ris"], root)
    assert result.returncode == 1
    assert "nicht leer" in result.stderr and "keine frühere OParl-Ausgabe" in result.stderr
    assert snapshot(foreign) == before and staging_left(root) == []


def test_an_error_midway_leaves_the_old_export(exported, session_project, monkeypatch):
    from helpers import helvetica_pdf
    from pipeline.project import Project
    from pipeline.sitzung import oparl

    root = session_project.root
    before = snapshot(exported)
    helvetica_pdf(root / "drafts" / "anlagen" / "lageplan.pdf", "Neuer Lageplan")
    staged = []

    def fail(export, *args):
        staged.extend(getattr(export, "root", export.out).rglob("*.pdf"))  # PDFs are made
        raise RuntimeError("mittendrin")

    monkeypatch.setattr(oparl, "_body", fail)
    with pytest.raises(RuntimeError, match="mittendrin"):
        oparl.export_oparl(Project.find(root), exported, BASE, jobs=1)
    assert staged and snapshot(exported) == before and staging_left(root) == []


def test_two_names_with_one_id_stop_the_export_instead_of_merging(tmp_path):
    from pipeline.errors import UserError
    from pipeline.sitzung.oparl import Export

    export = Export("http://x/oparl", tmp_path, None, tmp_path)
    assert export.key("organization", "Ausschuss für Umwelt, Klima") == \
        export.key("organization", "Ausschuss für Umwelt, Klima")
    with pytest.raises(UserError, match="ergäben dieselbe OParl-Kennung"):
        export.key("organization", "Ausschuss für Umwelt-Klima")
    assert export.key("meeting", "Ausschuss für Umwelt-Klima")  # another kind, another list


# --- After the session: results, the protocol, who was there (issue 22) -------------------

MEMBERS = """\
gremien:
  - name: Rat der Stadt Bielefeld
    klassifikation: Hauptorgan
    wahlperioden:
      - {name: 2014–2020, von: 01.06.2014, bis: 31.10.2020, mitglieder: [
          {name: Anna Vorsitz, rolle: Vorsitz}, {name: Bernd Beispiel, fraktion: Liste A},
          {name: Clara Muster}, {name: Emil Rat, rolle: beratendes Mitglied}]}
"""


@pytest.fixture
def after(session_project):
    from closed_session import SESSION_RESULTS

    root = session_project.root
    (root / "gremien.yaml").write_text(MEMBERS, encoding="utf-8")
    (root / "sitzungen" / "rat.yaml").write_text(SESSION_RESULTS, encoding="utf-8")
    result = run(["export", "oparl", "--out", "ris", "--base-url", BASE], root)
    assert result.returncode == 0, result.stderr
    return root / "ris"


def test_results_protocol_and_participants_are_exported_and_valid(after):
    for path in after.rglob("*.json"):
        obj = load(path)
        for item in obj.get("data", [obj]):
            check(item)
    meeting = load(after / "meeting" / "rat.json")
    assert meeting["meetingState"] == "durchgeführt"
    assert (meeting["start"], meeting["end"]) == ("2020-09-03T15:02:00+02:00",
                                                  "2020-09-03T17:45:00+02:00")
    protocol = meeting["resultsProtocol"]
    assert "Niederschrift" in protocol["name"] and "Anwesend" in protocol["text"]
    assert (after / protocol["accessUrl"][len(BASE) + 1:]).is_file()
    assert "Grundstücksangelegenheit" not in protocol["text"]
    items = {i["number"]: i for i in meeting["agendaItem"]}
    assert items["Ö 2.2"]["result"] == "beschlossen (Ja: 2)"
    assert items["Ö 2.2"]["resolutionText"] == "Der Rat beschließt den Neubau."
    assert "Auszug aus der Niederschrift" in items["Ö 2.2"]["resolutionFile"]["text"]
    assert items["Ö 3"]["result"] == "vertagt" and "resolutionText" not in items["Ö 3"]
    assert "result" not in items["Ö 1"]
    people = {p["name"]: p for p in load(after / "body" / "bielefeld" / "person.json")["data"]}
    assert set(meeting["participant"]) == {people["Anna Vorsitz"]["id"],
                                           people["Bernd Beispiel"]["id"]}
    membership = people["Emil Rat"]["membership"][0]
    assert (membership["role"], membership["votingRight"], membership["startDate"],
            membership["endDate"]) == ("beratendes Mitglied", False, "2014-06-01", "2020-10-31")
    organization = load(after / (membership["organization"][len(BASE) + 1:] + ".json"))
    assert organization["classification"] == "Hauptorgan"
    assert membership["id"] in organization["membership"]


def test_a_broken_session_file_is_reported_and_the_others_are_exported(session_project):
    root = session_project.root
    (root / "sitzungen" / "kaputt.yaml").write_text("gremium: Rat der Stadt Bielefeld\n"
                                                    "datum: 31.02.2020\n", encoding="utf-8")
    result = run(["export", "oparl", "--out", "ris", "--base-url", BASE], root)
    assert result.returncode == 1
    assert "sitzungen/kaputt.yaml:2:8: datum: dieses Datum gibt es nicht" in result.stderr
    assert "Traceback" not in result.stderr
    assert load(root / "ris" / "meeting" / "rat.json")["agendaItem"]
    assert not (root / "ris" / "meeting" / "kaputt.json").exists()


def test_a_follow_up_and_the_vorlage_it_amends_point_to_each_other(session_project):
    root = session_project.root
    assert run(["build", "--final", "drafts/turnhalle.yaml"], root).returncode == 0
    result = run(["amend", "1/2014-2020", "--art", "Ergänzungsvorlage", "--out",
                  "drafts/ergaenzung.yaml"], root)
    assert result.returncode == 0, result.stderr
    text = (root / "drafts" / "ergaenzung.yaml").read_text(encoding="utf-8")
    (root / "sitzungen" / "rat.yaml").write_text(
        SESSION.replace("      - vorlage: drafts/turnhalle.yaml\n",
                        "      - vorlage: drafts/turnhalle.yaml\n"
                        "      - vorlage: drafts/ergaenzung.yaml\n"), encoding="utf-8")
    assert "1/2014-2020" in text
    result = run(["export", "oparl", "--out", "ris", "--base-url", BASE], root)
    assert result.returncode == 0, result.stderr
    found = {p.get("reference") or p["id"].rsplit("/", 1)[-1]: p
             for p in map(load, (root / "ris" / "paper").glob("*.json"))}
    base = found["1/2014-2020"]
    follow = next(p for p in found.values() if p is not base
                  and p.get("superordinatedPaper"))
    assert follow["superordinatedPaper"] == [base["id"]]
    assert base["subordinatedPaper"] == [follow["id"]]
    assert base["relatedPaper"] == [follow["id"]] and follow["relatedPaper"] == [base["id"]]
    for paper in (base, follow):
        check(paper)


def test_each_municipality_is_a_body_of_its_own(session_project):
    from helpers import MINIMAL

    root = session_project.root
    (root / "drafts" / "geraete.yaml").write_text("hausstil: standard\n" + MINIMAL,
                                                  encoding="utf-8")
    (root / "sitzungen" / "rat-musterstadt.yaml").write_text("""\
hausstil: standard
gremium: Rat
datum: 15.03.2024
uhrzeit: "18:00"
ort: Rathaus
einladungsdatum: 01.03.2024
oeffentlicher_teil:
  - vorlage: drafts/geraete.yaml
""", encoding="utf-8")
    result = run(["export", "oparl", "--out", "ris", "--base-url", BASE], root)
    assert result.returncode == 0, result.stderr
    out = root / "ris"
    bodies = {b["name"]: b for b in load(out / "bodies.json")["data"]}
    assert set(bodies) == {"Stadt Bielefeld", "Stadt Musterstadt"}
    for name, body in bodies.items():
        check(body)
        listed = {kind: load(out / (body[kind][len(BASE) + 1:] + ".json"))["data"]
                  for kind in ("paper", "meeting", "organization")}
        assert all(x["body"] == body["id"] for kind in ("paper", "organization")
                   for x in listed[kind]), name
        names = {p["name"] for p in listed["paper"]}
        if name == "Stadt Musterstadt":
            assert names == {"Beschaffung von Testgeräten"}
            assert [m["name"] for m in listed["meeting"]] == ["Rat, 15.03.2024"]
        else:
            assert "Beschaffung von Testgeräten" not in names
            assert "Neubau einer Turnhalle" in names
    # Two towns: their Gremien and Vorlagen cannot share an id.
    orgs = {o["name"]: o["id"] for o in map(load, (out / "organization").glob("*.json"))}
    assert orgs["Rat"].endswith("/organization/standard-rat")
    assert load(out / "system.json")["body"] == f"{BASE}/bodies"
