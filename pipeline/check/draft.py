"""Everything `vorlage check` does for one draft: load, validate, the rules, the house style.

A draft that fails the schema still gets the rules whose parts are valid, so one pass shows
every mistake. Nothing here raises for a user mistake: the problems are the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import HasProblems, Problem, UserError
from ..haus import SECTIONS, HouseStyle, draft_model, list_house_styles, load_house_style
from ..pdf import Limits
from ..project import Project
from ..schema import Anlage, Beratung, Draft, Loaded, load_yaml, placeholders_in, validate
from .gremien import unknown_gremien
from .rules import anlage_problems, check_draft, sitzung_order
from .tables import table_problems_in
from .templates import check_house_style, prints_section


@dataclass
class Checked(HasProblems):
    """A draft after loading, schema validation and the rules below."""

    path: Path
    loaded: Loaded | None = None
    draft: Draft | None = None
    style: HouseStyle | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.draft is not None and not self.errors


def check_file(path: Path, project: Project) -> Checked:
    """Everything `vorlage check` does for one draft; never raises for a user mistake."""
    checked = Checked(Path(path))
    try:
        checked.loaded = load_yaml(path, "Entwurf")
    except UserError as exc:
        checked.problems = exc.problems
        return checked
    unfilled = [checked.loaded.problem(loc, f"noch auszufüllen: {text}")
                for loc, text in placeholders_in(checked.loaded.data)]
    # The style decides what the draft may and must contain, so it is read first; without
    # it, the draft's other fields cannot be judged.
    style, style_problems = _style_of(checked.loaded, project)
    if style is None:
        checked.problems = style_problems + unfilled
        return checked
    try:
        draft = validate(checked.loaded, draft_model(style))
    except UserError as exc:
        # Still run the rules whose parts are valid, so one pass shows every mistake.
        # A placeholder explains its own schema error, so that error is not repeated.
        skip = {p.field for p in unfilled}
        extra = _partial_rules(checked.loaded, project.drafts_root_for(path), project.limits,
                               style.config.anlagen_zaehlung)
        found = [p for p in exc.problems if p.field not in skip] + extra + unfilled
        found += table_problems_in(checked.loaded)
        found += unknown_gremien(checked.loaded, style, project)
        others = _Others(project, style)
        found = [elsewhere(p, style, others) for p in found]
        checked.problems = sorted(found, key=lambda p: (p.line or 0, p.column or 0))
        return checked
    checked.style = style
    checked.draft = draft
    checked.problems = unfilled + check_house_style(checked.style) + check_draft(
        draft, checked.loaded, checked.style, project.drafts_root_for(path), project.limits)
    checked.problems += unprinted_content(draft, checked.loaded, style)
    checked.problems += unlisted_aemter(draft, checked.loaded, project)
    checked.problems += unknown_gremien(checked.loaded, style, project)
    checked.problems += table_problems_in(checked.loaded)
    return checked


def _style_of(loaded: Loaded, project: Project) -> tuple[HouseStyle | None, list[Problem]]:
    """The house style a draft names (else the project's), and why it cannot be loaded."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    name = data.get("hausstil")
    if not isinstance(name, str) or not name.strip():
        name = project.config.hausstil  # a wrong value is reported by the schema
    try:
        return load_house_style(name.strip(), project.template_dirs), []
    except UserError as exc:
        # A style that does not exist is the draft's mistake; one that is broken is not.
        return None, [loaded.problem(("hausstil",), p.message) if not p.file else p
                      for p in exc.problems]


class _Others:
    """The project's other house styles, loaded only when a key is looked up in them."""

    def __init__(self, project: Project, style: HouseStyle):
        self.project, self.style, self._styles = project, style, None

    def declaring(self, key: str) -> list[HouseStyle]:
        if self._styles is None:
            self._styles = [listed.style for listed in list_house_styles(
                self.project.template_dirs) if listed.style and listed.key != self.style.key]
        return [s for s in self._styles if key in s.config.declared_keys()]


def elsewhere(problem: Problem, style: HouseStyle, others: _Others) -> Problem:
    """An unknown key that is a declared field: of this style at the top level ("meinten
    Sie felder.x"), or of another style ("gehört zum Hausstil X")."""
    if not problem.message.startswith("unbekanntes Feld"):
        return problem
    parts = problem.field.split(".")
    key = parts[-1]
    own = style.config.declared_keys()
    if len(parts) == 1 and key in own:
        return replace(problem, message=f"unbekanntes Feld; meinten Sie „felder.{key}“? "
                                        "Eigene Felder des Hausstils stehen unter `felder:`")
    if parts[0] != "felder" or len(parts) != 2 or "meinten Sie" in problem.message:
        return problem
    declaring = others.declaring(key)
    if not declaring:
        return problem
    names = ", ".join(f"„{o.key}“ ({o.config.name})" for o in declaring)
    return replace(problem, message=f"unbekanntes Feld: „{key}“ gehört zum Hausstil {names}, "
                                    f"nicht zu „{style.key}“")


# Printed inside another section when not listed themselves (produktgruppen, auswirkungen
# in finanzen), or data of the sign-off process rather than text (mitzeichnung).
_NOT_ALONE = ("produktgruppen", "auswirkungen", "mitzeichnung")
_FINANZEN = ("finanzen", "produktgruppen", "auswirkungen")


def unprinted_content(draft: Draft, loaded: Loaded, style: HouseStyle) -> list[Problem]:
    """A warning for text the draft holds in a section its house style does not print: it
    would be missing from the PDF without a word."""
    from ..render import has_content

    def printed(name: str) -> bool:
        if name == "finanzen":  # its parts also go by their own sections (Bielefeld)
            return any(prints_section(style, part) for part in _FINANZEN)
        return prints_section(style, name)

    return [loaded.problem((name,), f"wird im Hausstil „{style.key}“ nicht gedruckt: "
                                    f"`{name}` steht nicht in `abschnitte` von haus.yaml",
                           "warning")
            for name in SECTIONS if name not in _NOT_ALONE and has_content(draft, name)
            and not printed(name)]


def unlisted_aemter(draft: Draft, loaded: Loaded, project: Project) -> list[Problem]:
    """Amt, mitzeichnende Stellen and beteiligte Fachbereiche must be of the project's list
    of Ämter, when it has one: the server decides by them who sees the draft."""
    listed = project.config.aemter
    if not listed:
        return []
    hint = ", ".join(f"{a.kennziffer} {a.name}" for a in listed)
    named = [(("amt",), draft.amt, draft.amt_kennziffer)]
    named += [(("mitzeichnung", nr, "stelle"), m.stelle, None)
              for nr, m in enumerate(draft.mitzeichnung)]
    heard = draft.zeichnung.beteiligte_fachbereiche if draft.zeichnung else []
    named += [(("zeichnung", "beteiligte_fachbereiche", nr), name, None)
              for nr, name in enumerate(heard)]
    out = [loaded.problem(loc, f"„{text}“ steht nicht in der Liste der Ämter (vorlage.yaml, "
                               f"aemter:): {hint}")
           for loc, text, number in named
           if project.amt_key(text) is None and project.amt_key(number or "") is None]
    by_name, by_number = project.amt_key(draft.amt), project.amt_key(draft.amt_kennziffer or "")
    if by_name and by_number and by_name != by_number:  # printed one Amt, filed under another
        named_as = project.amt_name(by_number), project.amt_name(by_name)
        out.append(loaded.problem(("amt_kennziffer",), f"nennt das Amt {named_as[0]}, "
                                                       f"`amt` aber {named_as[1]}"))
    return out


def _partial_rules(loaded: Loaded, drafts_root: Path, limits: Limits,
                   zaehlung: str = "1") -> list[Problem]:
    """Order and Anlage rules on the entries that are valid on their own."""
    data = loaded.data if isinstance(loaded.data, dict) else {}

    def valid(key, model):
        items = data.get(key)
        out = []
        for i, raw in enumerate(items if isinstance(items, list) else []):
            try:
                out.append((i, model.model_validate(raw)))
            except Exception:
                continue
        return out

    return (list(sitzung_order(valid("beratungsfolge", Beratung), loaded))
            + list(anlage_problems(valid("anlagen", Anlage), loaded, drafts_root, limits,
                                   zaehlung)))


