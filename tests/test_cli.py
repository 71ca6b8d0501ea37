"""The `vorlage` command itself: its commands, help, exit codes and plain messages."""

import json

from helpers import MINIMAL, run


def test_help_names_every_command(tmp_path):
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in ("check", "build", "new", "amend", "archiv", "serve", "schema", "templates",
                    "sitzung", "export", "number"):
        assert f"  {command} " in result.stdout


def test_no_drafts_is_a_clear_error_not_a_traceback(tmp_path):
    (tmp_path / "leer").mkdir()
    for command in ("check", "build"):
        result = run([command, "leer"], tmp_path)
        assert result.returncode == 1
        assert result.stderr.strip() == "keine Entwürfe (*.yaml) gefunden"


def test_check_counts_errors_and_warnings(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL.replace("amt:", "amd:"), encoding="utf-8")
    result = run(["check", "a.yaml", "b.yaml"], tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "2 Entwurf/Entwürfe geprüft: 2 Fehler, 0 Warnungen"


def test_schema_writes_the_editor_schema(tmp_path):
    result = run(["schema", "--out", "s.json"], tmp_path)
    assert result.returncode == 0 and "s.json geschrieben" in result.stdout
    schema = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert "betreff" in schema["properties"]


def test_number_on_an_empty_project(tmp_path):
    result = run(["number"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "Register ist leer (noch keine finale Vorlage gebaut)."
    assert not (tmp_path / "register.sqlite").exists()  # looking creates nothing


def test_number_assign_gives_numbers_without_building(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run(["number", "assign", "a.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a.yaml: 2024/0001"
    assert not list(tmp_path.rglob("*.pdf"))
    listing = run(["number"], tmp_path).stdout
    assert listing.split()[0] == "2024/0001" and "a.yaml" in listing
