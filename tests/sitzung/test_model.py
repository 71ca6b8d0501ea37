"""The session file's schema: positioned errors like a draft's."""

from closed_session import SESSION
from helpers import run


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
