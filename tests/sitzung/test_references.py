"""Agenda items name their Vorlage by draft path or by Vorlagennummer; all readers agree."""

import pytest

from helpers import MINIMAL
from pipeline.errors import UserError
from pipeline.records import Register
from pipeline.sitzung import find_by_number, resolve_reference, session_drafts

SESSION = """\
gremium: Rat
datum: 15.03.2024
uhrzeit: "15:00"
ort: Rathaus
einladungsdatum: 01.03.2024
oeffentlicher_teil:
  - vorlage: drafts/a.yaml
  - titel: Mitteilungen
    unterpunkte:
      - vorlage: b.yaml
  - vorlage: "2024/0042"
nichtoeffentlicher_teil:
  - vorlage: drafts/fehlt.yaml
"""


def test_paths_from_the_project_or_beside_the_session_and_numbers(project, write_draft):
    a = write_draft("a.yaml")
    write_draft("typed.yaml", MINIMAL + "vorlagennummer: 2024/0042\n")
    (project.root / "sitzungen").mkdir()
    b = project.root / "sitzungen" / "b.yaml"
    b.write_text(MINIMAL, encoding="utf-8")
    session = project.root / "sitzungen" / "rat.yaml"
    session.write_text(SESSION, encoding="utf-8")
    with Register(project.register_path) as register:
        assert resolve_reference("drafts/a.yaml", session, project, register) == a
        assert resolve_reference("b.yaml", session, project, register) == b
        assert resolve_reference("drafts/fehlt.yaml", session, project, register) is None
        typed = find_by_number("2024/0042", project, register)
        assert typed == project.drafts_dir / "typed.yaml"
        register.assign("drafts/a.yaml", "2024|#", lambda n: f"2024/{n:04d}", "standard")
        assert find_by_number("2024/0001", project, register) == project.root / "drafts/a.yaml"
        assert session_drafts(session, project, register) == [a.resolve(), b.resolve(),
                                                              typed.resolve()]


def test_a_broken_session_file_is_a_user_error(project):
    (project.root / "kaputt.yaml").write_text("gremium: Rat\n", encoding="utf-8")
    with Register(project.register_path) as register, pytest.raises(UserError) as info:
        session_drafts(project.root / "kaputt.yaml", project, register)
    assert any("datum: Pflichtfeld fehlt" in str(p) for p in info.value.problems)
