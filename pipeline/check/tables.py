"""The table options of Markdown texts (render/markdown.py), checked where they are written.

Markdown lives in block scalars (`begruendung: |`), so a mistake in a table's widths is
reported at its own line in the file, not at the start of the Begründung.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem
from ..schema import Loaded, Pos, format_loc, read_text


def table_problems_in(loaded: Loaded) -> list[Problem]:
    """Every text of the draft whose `<!-- breiten: … -->` line cannot be applied."""
    from ..render import table_problems

    out: list[Problem] = []
    lines: list[str] | None = None
    for loc, text in _texts(loaded.data, ()):
        found = table_problems(text) if "<!--" in text else []
        if found and lines is None:
            lines = read_text(loaded.path).splitlines()
        text_lines = text.split("\n")
        for index, message in found:
            wanted = text_lines[index].strip()
            earlier = sum(wanted in line for line in text_lines[:index])  # the same line twice
            pos = _line_of(loaded.where(loc), lines, wanted, earlier)
            out.append(Problem(loaded.shown, pos.line if pos else None,
                               pos.column if pos else None, format_loc(loc), message))
    return out


def _texts(data, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, loc + (index,))


def _line_of(start: Pos | None, lines: list[str], wanted: str, skip: int) -> Pos | None:
    """The line after `skip` others from the value's start on that holds `wanted`: in a
    block scalar the text's lines are the file's, in a quoted one nearly so."""
    if start is None or not wanted:
        return start
    for number in range(start.line, len(lines) + 1):
        column = lines[number - 1].find(wanted)
        if column >= 0 and not skip:
            return Pos(number, column + 1)
        skip -= column >= 0
    return start
