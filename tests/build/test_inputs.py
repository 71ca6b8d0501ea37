"""What a build reads: drafts from paths and folders, Anlage files, hashes of the inputs."""

import json

from helpers import MINIMAL, helvetica_pdf
from pipeline.build import anlage_files, archive_inputs, find_drafts
from pipeline.check import check_file
from pipeline.files import file_hash


def test_drafts_from_files_and_folders_once_each_hidden_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".git").mkdir()
    for name in ("a/eins.yaml", "a/b/zwei.yml", "a/.git/x.yaml", "a/notiz.txt",
                 "drei.yaml"):
        (tmp_path / name).write_text("x: 1\n")
    found = find_drafts([tmp_path / "a", tmp_path / "drei.yaml", tmp_path / "a" / "eins.yaml",
                         tmp_path / "fehlt.yaml"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a/b/zwei.yml", "a/eins.yaml", "drei.yaml", "fehlt.yaml"]  # a missing file is named


def test_anlage_files_and_input_hashes(project, write_draft):
    helvetica_pdf(project.drafts_dir / "angebot.pdf", "Angebot")
    draft = write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: A\n    datei: angebot.pdf\n")
    checked = check_file(draft, project)
    assert anlage_files(checked, project) == [(project.drafts_dir / "angebot.pdf").resolve()]
    draft_hash, anlagen, style = archive_inputs(checked, project)
    assert draft_hash == file_hash(draft)
    assert json.loads(anlagen) == [file_hash(project.drafts_dir / "angebot.pdf")]
    assert style == checked.style.fingerprint
    (project.drafts_dir / "angebot.pdf").unlink()  # vanished after the check
    assert anlage_files(checked, project) == [None]
    assert json.loads(archive_inputs(checked, project)[1]) == [""]


def test_project_style_and_session_files_are_no_drafts(project, write_draft):
    import shutil

    from helpers import STYLES
    from pipeline.build import select_drafts

    write_draft("a.yaml")
    shutil.copytree(STYLES / "standard", project.root / "templates" / "eigen")
    shutil.copytree(STYLES / "standard", project.drafts_dir / "alt-stil")  # a style folder
    (project.root / "sitzungen").mkdir()
    (project.root / "sitzungen" / "rat.yaml").write_text("gremium: Rat\n")
    (project.drafts_dir / "alt-stil" / "notiz.yaml").write_text("x: 1\n")
    found = select_drafts([project.root], project)
    assert found.drafts == [project.drafts_dir / "a.yaml"]
    assert found.skipped == 5 and found.refused == []  # vorlage.yaml, 2 haus.yaml, notiz, rat
    named = select_drafts([project.root / "vorlage.yaml", project.drafts_dir / "a.yaml"],
                          project)
    assert named.drafts == [project.drafts_dir / "a.yaml"] and named.skipped == 0
    assert [p.message.split(",")[0] for p in named.refused] == ["ist eine Projektdatei"]
    # without a project (a batch handed drafts already chosen) nothing is left out
    assert len(find_drafts([project.root])) == 6
