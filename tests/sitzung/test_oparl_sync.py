"""The sync of an OParl export folder, on hand-made folders (no build, no LibreOffice)."""

import json
import os

import pytest

from pipeline.errors import UserError
from pipeline.sitzung.oparl_sync import apply, check_target, managed, staging, tombstones

SYSTEM = {"id": "b/system", "type": "https://schema.oparl.org/1.1/System",
          "product": "Ratsvorlagen"}
NOW = "2030-01-01T00:00:00+00:00"


def put(folder, rel, content):
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content) if isinstance(content, dict) else content,
                        encoding="utf-8")
    return path


def an_export(folder):
    put(folder, "system.json", SYSTEM)
    put(folder, "bodies.json", {"id": "b/bodies", "data": []})
    return folder


def paper(name, **extra):
    return {"id": f"b/paper/{name}", "type": "https://schema.oparl.org/1.1/Paper",
            "name": "Geheimer Betreff", "created": "2020-01-01T00:00:00+00:00",
            "modified": "2020-02-01T00:00:00+00:00", **extra}


def test_only_the_files_an_export_writes_are_managed(tmp_path):
    an_export(tmp_path)
    put(tmp_path, "paper/a.json", paper("a"))
    put(tmp_path, "organization/o/meeting.json", {"id": "b/organization/o/meeting"})
    put(tmp_path, "dateien/a.pdf", b"%PDF")
    put(tmp_path, "dateien/LIESMICH.txt", "mine")
    put(tmp_path, "index.html", "mine")
    put(tmp_path, "privat/x.json", {"id": "mine"})
    assert managed(tmp_path) == {"system.json", "bodies.json", "paper/a.json",
                                 "organization/o/meeting.json", "dateien/a.pdf"}


def test_a_folder_is_refused_unless_new_empty_or_an_earlier_export(tmp_path):
    check_target(tmp_path / "neu")
    check_target(tmp_path)  # empty
    check_target(an_export(tmp_path / "alt"))
    put(tmp_path, "fremd/notes.txt", "mine")
    put(tmp_path, "anders/system.json", {**SYSTEM, "product": "Anderes RIS"})
    put(tmp_path, "anders/bodies.json", {})
    put(tmp_path, "datei", "mine")
    for folder in ("fremd", "anders", "datei"):
        with pytest.raises(UserError):
            check_target(tmp_path / folder)


def test_gone_objects_become_tombstones_and_tombstones_stay(tmp_path):
    an_export(tmp_path)
    put(tmp_path, "paper/weg.json", paper("weg", text="Geheimvermerk"))
    put(tmp_path, "paper/bleibt.json", paper("bleibt"))
    old = paper("alt", deleted=True)
    old = {k: old[k] for k in ("id", "type", "created", "modified", "deleted")}
    put(tmp_path, "paper/alt.json", old)
    put(tmp_path, "body/b/paper.json", {"id": "b/body/b/paper", "data": []})  # a list
    put(tmp_path, "file/kaputt.json", "{nicht json")
    stones, fresh = tombstones(tmp_path, {"system.json", "bodies.json", "paper/bleibt.json"},
                               NOW)
    assert stones == {
        "paper/weg.json": {"id": "b/paper/weg", "type": paper("weg")["type"],
                           "created": "2020-01-01T00:00:00+00:00", "modified": NOW,
                           "deleted": True},
        "paper/alt.json": old}
    assert fresh == ["b/paper/weg"]


def test_apply_replaces_changed_keeps_unchanged_and_removes_only_its_own(tmp_path):
    out, new = an_export(tmp_path / "out"), an_export(tmp_path / "new")
    same = put(out, "paper/same.json", paper("same"))
    os.utime(same, (1_000_000, 1_000_000))
    put(new, "paper/same.json", paper("same"))
    put(out, "paper/changed.json", paper("changed"))
    put(new, "paper/changed.json", {**paper("changed"), "name": "Neu"})
    put(out, "dateien/weg.pdf", b"%PDF alt")
    put(out, "organization/o/meeting.json", {"id": "b/organization/o/meeting"})
    put(out, "dateien/LIESMICH.txt", "mine")
    put(out, "index.html", "mine")
    put(new, "dateien/neu.pdf", b"%PDF neu")
    removed = apply(new, out)
    assert removed == ["dateien/weg.pdf", "organization/o/meeting.json"]
    assert managed(out) == managed(new)
    assert same.stat().st_mtime == 1_000_000  # not rewritten
    assert json.loads((out / "paper/changed.json").read_text())["name"] == "Neu"
    assert (out / "dateien/neu.pdf").read_bytes() == b"%PDF neu"
    assert (out / "dateien/LIESMICH.txt").is_file() and (out / "index.html").is_file()
    assert not (out / "organization").exists()  # left empty, so removed


def test_the_staging_folder_goes_also_on_error(tmp_path):
    out = tmp_path / "ris"
    with pytest.raises(RuntimeError), staging(out) as folder:
        assert folder.parent == tmp_path and folder.name.startswith(".ris.")
        put(folder, "dateien/a.pdf", b"%PDF")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
