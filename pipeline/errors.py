"""User-facing problems as data, separate from internal bugs.

A user mistake (a broken draft, a missing Anlage, a wrong house style) becomes a `Problem`
record; the CLI prints each as `path:line:col: field: message` so editors can jump to it.
Internal errors stay ordinary exceptions and keep their traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        label = {"warning": "Warnung: ", "info": "Hinweis: "}.get(self.severity, "")
        if not where:
            return f"{label}{self.message}"
        if self.field:
            return f"{where}: {self.field}: {label}{self.message}"
        return f"{where}: {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class HasProblems:
    """For results that carry a `problems` list: its errors, warnings and first error."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def first_error(self) -> str:
        return str(self.errors[0]) if self.errors else ""


class UserError(click.ClickException):
    """A mistake in the user's input; carries the problems that describe it."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, None, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)

    @property
    def first_line(self) -> str:
        return str(self.problems[0]) if self.problems else ""


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user wants to read it: relative to the working folder when possible."""
    path = Path(path)
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            continue
    return str(path)


def meinten_sie(word: str, choices, cutoff: float = 0.6) -> str:
    """ "meinten Sie „x“?" for the closest of `choices` to a mistyped word, or "" when none
    is close: one wording and one measure of closeness for every message."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f"meinten Sie „{close[0]}“?" if close else ""
