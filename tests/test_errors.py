"""User-facing problems: one line `file:line:col: field: message`, errors apart from warnings."""

from pathlib import Path

from pipeline.errors import HasProblems, Problem, UserError, display_path


def test_a_problem_reads_as_one_editor_line():
    assert str(Problem("d.yaml", 4, 1, "betref", "unbekanntes Feld")) == \
        "d.yaml:4:1: betref: unbekanntes Feld"
    assert str(Problem("d.yaml", 4, None, "", "kaputt")) == "d.yaml:4: kaputt"
    assert str(Problem("", None, None, "", "nichts da")) == "nichts da"
    assert str(Problem("d.yaml", 2, 3, "x", "lang", "warning")) == "d.yaml:2:3: x: Warnung: lang"
    assert str(Problem("d.yaml", None, None, "", "OCR ergänzt", "info")) == \
        "d.yaml: Hinweis: OCR ergänzt"


def test_errors_and_warnings_are_told_apart():
    class Result(HasProblems):
        def __init__(self, problems):
            self.problems = problems

    warning = Problem("a", 1, 1, "x", "w", "warning")
    error = Problem("a", 2, 1, "y", "e")
    result = Result([warning, error])
    assert result.errors == [error] and result.warnings == [warning]
    assert result.first_error == "a:2:1: y: e"
    assert Result([warning]).first_error == ""


def test_user_error_carries_its_problems_from_any_form():
    assert UserError("schlicht").problems[0].message == "schlicht"
    one = Problem("d.yaml", 1, 1, "f", "m")
    assert UserError(one).problems == [one]
    both = UserError([one, Problem("e.yaml", 2, 2, "g", "n")])
    assert both.exit_code == 1
    assert both.format_message() == "d.yaml:1:1: f: m\ne.yaml:2:2: g: n"
    assert both.first_line == "d.yaml:1:1: f: m"


def test_paths_are_shown_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "drafts" / "a.yaml") == "drafts/a.yaml"
    assert display_path(Path("/elsewhere/b.yaml")) == "/elsewhere/b.yaml"
    assert display_path(tmp_path / "x" / "c.yaml", base=tmp_path / "x") == "c.yaml"
