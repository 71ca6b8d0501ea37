"""What a build reads: the drafts named on the command line or found in folders, each
draft's Anlage files, and the hashes of what a final Vorlage was built from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..check import Checked
from ..errors import Problem, display_path
from ..files import file_hash
from ..pdf import resolve_anlage
from ..project import Project


@dataclass
class Found:
    """The drafts among the paths given, and what was not taken for one."""

    drafts: list[Path] = field(default_factory=list)
    skipped: int = 0  # project, house-style and session files found in folders
    refused: list[Problem] = field(default_factory=list)  # such files named one by one


_HOW = {"Projektdatei": "sie wird bei jedem Befehl gelesen",
        "Hausstil-Datei": "prüfen mit `vorlage templates check NAME`",
        "Sitzungsdatei": "prüfen mit `vorlage sitzung status DATEI`"}


def select_drafts(paths: list[Path], project: Project | None = None) -> Found:
    """Draft files named directly, plus every *.yaml below folders (hidden folders skipped).
    The project file, house-style and session files are no drafts: in a folder they are
    counted and left out, named directly they are refused with what they are."""
    found, named = [], set()
    for path in paths:
        path = Path(path)
        if path.is_dir() and path.suffix not in (".yaml", ".yml"):
            found.extend(sorted(p for p in path.rglob("*.y*ml")
                                if p.suffix in (".yaml", ".yml") and p.is_file()
                                and not any(part.startswith(".")
                                            for part in p.relative_to(path).parts)))
        else:
            found.append(path)
            named.add(path.resolve())
    out, seen = Found(), set()
    for p in found:
        key = p.resolve()
        if key in seen:
            continue
        seen.add(key)
        kind = project.other_file(p, read=key in named and p.is_file()) if project else None
        if kind is None:
            out.drafts.append(p)
        elif key in named:
            out.refused.append(Problem(display_path(p), None, None, "",
                                       f"ist eine {kind}, kein Entwurf; {_HOW[kind]}"))
        else:
            out.skipped += 1
    return out


def find_drafts(paths: list[Path], project: Project | None = None) -> list[Path]:
    """The drafts of `select_drafts`; without a project, every YAML file found."""
    return select_drafts(paths, project).drafts


def anlage_files(checked: Checked, project: Project) -> list[Path | None]:
    """Each Anlage's file, in order; None where it vanished since the check, or where the
    Anlage is listed by its title only (`datei` is None then)."""
    draft_dir = checked.path.resolve().parent
    root = project.drafts_root_for(checked.path)
    return [resolve_anlage(a.datei, draft_dir, root)[0] if a.datei is not None else None
            for a in checked.draft.anlagen]


def archive_inputs(checked: Checked, project: Project) -> tuple[str, str, str]:
    """Hashes of what a final Vorlage was built from: draft, Anlagen, house style."""
    anlagen = [file_hash(p) if p else "" for p in anlage_files(checked, project)]
    return (file_hash(checked.path), json.dumps(anlagen), checked.style.fingerprint)


def estimated_work(checked: Checked) -> int:
    """Rough conversion cost of a draft: its text plus its Anlagen."""
    return checked.path.stat().st_size + 20_000 * len(checked.draft.anlagen)
