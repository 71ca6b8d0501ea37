"""What a build reads: the drafts named on the command line or found in folders, each
draft's Anlage files, and the hashes of what a final Vorlage was built from."""

from __future__ import annotations

import json
from pathlib import Path

from ..check import Checked
from ..files import file_hash
from ..pdf import resolve_anlage
from ..project import Project


def find_drafts(paths: list[Path]) -> list[Path]:
    """Draft files named directly, plus every *.yaml below folders (hidden folders skipped)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir() and path.suffix not in (".yaml", ".yml"):
            found.extend(sorted(p for p in path.rglob("*.y*ml")
                                if p.suffix in (".yaml", ".yml") and p.is_file()
                                and not any(part.startswith(".")
                                            for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    unique, seen = [], set()
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def anlage_files(checked: Checked, project: Project) -> list[Path | None]:
    """Each Anlage's file, in order; None where it vanished since the check."""
    draft_dir = checked.path.resolve().parent
    root = project.drafts_root_for(checked.path)
    return [resolve_anlage(a.datei, draft_dir, root)[0] for a in checked.draft.anlagen]


def archive_inputs(checked: Checked, project: Project) -> tuple[str, str, str]:
    """Hashes of what a final Vorlage was built from: draft, Anlagen, house style."""
    anlagen = [file_hash(p) if p else "" for p in anlage_files(checked, project)]
    return (file_hash(checked.path), json.dumps(anlagen), checked.style.fingerprint)


def estimated_work(checked: Checked) -> int:
    """Rough conversion cost of a draft: its text plus its Anlagen."""
    return checked.path.stat().st_size + 20_000 * len(checked.draft.anlagen)
