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
