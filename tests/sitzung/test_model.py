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


def test_public_title_is_an_optional_item_field(session_project):
    from pipeline.sitzung.model import Punkt

    assert Punkt(vorlage="drafts/x.yaml").oeffentlicher_titel is None
    assert "nichtöffentlichen Teil" in Punkt.model_fields["oeffentlicher_titel"].description
    root = session_project.root
    (root / "sitzungen" / "kaputt.yaml").write_text(
        SESSION + '  - titel: Personalangelegenheit\n    oeffentlicher_titel: " "\n'
                  "  - titel: Bauangelegenheit\n    oeffentlicher_title: Bausache\n",
        encoding="utf-8")
    result = run(["sitzung", "status", "sitzungen/kaputt.yaml"], root)
    assert result.returncode == 1
    assert "sitzungen/kaputt.yaml:17:26: nichtoeffentlicher_teil[2].oeffentlicher_titel: " \
           "darf nicht leer sein" in result.stderr
    assert "sitzungen/kaputt.yaml:19:5: nichtoeffentlicher_teil[3].oeffentlicher_title: " \
           "unbekanntes Feld; meinten Sie „oeffentlicher_titel“?" in result.stderr
