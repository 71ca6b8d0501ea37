"""Which Vorlage an agenda item means: a draft path (from the project, or beside the session
file) or a Vorlagennummer (in the register, or typed in a draft). The session build, the
status and the browser's draft list all resolve references here, so they agree."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..project import Project
from ..records import Register
from ..schema import load_yaml, validate
from .model import Punkt, SessionFile


def resolve_reference(ref: str, session_path: Path, project: Project,
                      register: Register | None) -> Path | None:
    """The draft an item's `vorlage:` names, or None when there is none."""
    if ref.endswith((".yaml", ".yml")):
        candidates = [project.root / ref, Path(session_path).parent / ref]
        return next((p for p in candidates if p.is_file()), None)
    return find_by_number(ref, project, register)


def find_by_number(number: str, project: Project, register: Register | None) -> Path | None:
    """The draft holding a Vorlagennummer: in the register, else typed in a draft."""
    holder = register.holder_of(number) if register is not None else None
    if holder:
        return project.root / holder
    for draft in sorted(project.drafts_dir.rglob("*.yaml")):
        try:
            data = load_yaml(draft).data
        except UserError:
            continue
        if isinstance(data, dict) and str(data.get("vorlagennummer", "")).strip() == number:
            return draft
    return None


def session_drafts(path: Path, project: Project, register: Register | None) -> list[Path]:
    """The drafts a session file puts on its agenda, both parts, sub-items included."""
    data = validate(load_yaml(path, "Sitzungsdatei"), SessionFile)

    def refs(items: list[Punkt]) -> list[str]:
        out = []
        for item in items:
            if item.vorlage:
                out.append(item.vorlage)
            out += refs(item.unterpunkte)
        return out

    found = (resolve_reference(ref, path, project, register)
             for ref in refs(data.oeffentlicher_teil) + refs(data.nichtoeffentlicher_teil))
    return [p.resolve() for p in found if p is not None]
