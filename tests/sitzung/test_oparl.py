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
    paper = json.loads((exported / "paper" / "turnhalle.json").read_text(encoding="utf-8"))
    assert paper["name"] == "Neubau einer Turnhalle" and paper["paperType"] == "Beschlussvorlage"
    assert paper["date"] == "2020-08-01"
    main = paper["mainFile"]
    pdf = exported / main["accessUrl"][len(BASE) + 1:]
    import hashlib

    assert main["size"] == pdf.stat().st_size
    assert main["sha512Checksum"] == hashlib.sha512(pdf.read_bytes()).hexdigest()
    assert "Die alte Halle ist baufällig." in main["text"]
    assert [f["name"] for f in paper["auxiliaryFile"]] == ["Lageplan", "Kostenschätzung"]
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
