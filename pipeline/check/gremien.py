"""Gremien named in drafts and session files must be of the project's list (gremien.yaml
with each house style's own): a misspelt name breaks the match between a Vorlage and its
session without a word."""

from __future__ import annotations

from ..errors import Problem, UserError
from ..haus import GremienList, HouseStyle
from ..project import Project
from ..schema import PLACEHOLDER, Loaded


def gremium_problem(loaded: Loaded, loc: tuple, name: str, style: HouseStyle,
                    project: Project | GremienList) -> Problem | None:
    """The problem at `loc` when `name` is not a Gremium of the style's list: an error when
    gremien.yaml lists the style's Gremien, a warning when only haus.yaml does (that list
    may be incomplete), nothing without a list."""
    listed = _listed(project) if isinstance(project, Project) else project
    unknown = listed.unknown(style, name)
    if unknown is None:
        return None
    message, severity = unknown
    return loaded.problem(loc, message, severity)


def _listed(project: Project) -> GremienList:
    try:
        return project.gremien
    except UserError:  # a broken gremien.yaml: reported with the project, not per draft
        return GremienList()


def unknown_gremien(loaded: Loaded, style: HouseStyle, project: Project) -> list[Problem]:
    """Each step of the Beratungsfolge whose Gremium is not in the list; read from the YAML
    as written, so a draft that fails the schema elsewhere gets this check too."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    steps = data.get("beratungsfolge")
    out, listed = [], _listed(project)
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        name = step.get("gremium") if isinstance(step, dict) else None
        # A placeholder of `vorlage new` is reported as one still to fill in.
        if isinstance(name, str) and name.strip() and not PLACEHOLDER.search(name):
            found = gremium_problem(loaded, ("beratungsfolge", i, "gremium"), name.strip(),
                                    style, listed)
            if found:
                out.append(found)
    return out
