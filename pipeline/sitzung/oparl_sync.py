"""Makes an OParl export folder equal to a freshly built export: a sync, not an overlay.

OParl clients sync incrementally and keep every object they have seen until it is marked
deleted, so an export that only overwrites would keep a Vorlage that became nichtöffentlich
on the web, full text and PDFs included. The export is built complete in a staging folder
beside the output folder; only then is the output folder touched: changed files are
replaced atomically, files no longer exported are removed, and each JSON object of the
previous export that is gone becomes a tombstone (OParl 1.1: `deleted: true`, beside it only
`id`, `type`, `created`, `modified`). Only files this tool writes are touched, and only in a
folder that holds an earlier export of it.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import UserError
from ..files import atomic_save

PRODUCT = "Ratsvorlagen"  # System.product: how an earlier export of this tool is recognised
ENTRY_FILES = ("system.json", "bodies.json")
OBJECT_DIRS = ("agendaitem", "body", "consultation", "file", "meeting", "organization",
               "paper", "person")
PDF_DIR = "dateien"


def managed(folder: Path) -> set[str]:
    """The files an export consists of in `folder`, as POSIX paths relative to it. Nothing
    else there (a web server's index page, a note in dateien/) is ever replaced or removed."""
    found = {name for name in ENTRY_FILES if (folder / name).is_file()}
    for sub in OBJECT_DIRS:
        found.update(p.relative_to(folder).as_posix() for p in (folder / sub).rglob("*.json")
                     if p.is_file())
    found.update(p.relative_to(folder).as_posix() for p in (folder / PDF_DIR).glob("*.pdf")
                 if p.is_file())
    return found


def check_target(out: Path) -> None:
    """Refuses a folder the sync must not delete in: one that is neither empty nor an
    earlier export of this tool (`vorlage export oparl --out ~` must cost nobody a file)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise UserError(f"{out} ist kein Ordner")
    if not any(out.iterdir()):
        return
    if not (_is_our_system(out / "system.json") and (out / "bodies.json").is_file()):
        raise UserError(
            f"{out} ist nicht leer und enthält keine frühere OParl-Ausgabe von {PRODUCT} "
            "(system.json, bodies.json); der Export ersetzt und löscht Dateien im Zielordner, "
            "bitte einen leeren oder neuen Ordner angeben")


def _is_our_system(path: Path) -> bool:
    try:
        system = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(system, dict) and system.get("product") == PRODUCT
            and str(system.get("type", "")).endswith("/System"))


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside `out` (on its file system, so a full disk or a missing right
    shows before the export is touched), removed afterwards whatever happens."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def tombstones(out: Path, kept: set[str], now: str) -> tuple[dict[str, dict], list[str]]:
    """Tombstones for the JSON objects in `out` that are not among the paths `kept`, by
    path, and the ids of those that were not tombstones before. A tombstone already there
    stays as it is (its `modified` is when the object went). Lists (no `type`) just go."""
    stones, fresh = {}, []
    for rel in sorted(managed(out) - kept):
        if not rel.endswith(".json"):
            continue
        try:
            old = json.loads((out / rel).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not an object; the sync removes the file
        if not (isinstance(old, dict) and "id" in old and isinstance(old.get("type"), str)):
            continue
        if old.get("deleted") is not True:
            fresh.append(old["id"])
        stones[rel] = {"id": old["id"], "type": old["type"],
                       "created": old.get("created", now),
                       "modified": old["modified"] if old.get("deleted") is True else now,
                       "deleted": True}
    return stones, fresh


def apply(staged: Path, out: Path) -> list[str]:
    """Makes the export files in `out` those of `staged`; returns the paths removed.

    PDFs go in first and the entry points last, so a client reading meanwhile finds what an
    object points to; an unchanged file is not rewritten (its time stamp stays)."""
    new = managed(staged)
    for rel in sorted(new, key=_order):
        source, target = staged / rel, out / rel
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            continue
        atomic_save(lambda tmp, s=source: shutil.copyfile(s, tmp), target)
    removed = sorted(managed(out) - new)
    for rel in removed:
        (out / rel).unlink()
        _prune(out, (out / rel).parent)
    return removed


def _order(rel: str) -> tuple[int, str]:
    return (0 if rel.startswith(PDF_DIR + "/") else 2 if rel in ENTRY_FILES else 1, rel)


def _prune(out: Path, folder: Path) -> None:
    """Removes folders the removal left empty (organization/<x>/), never `out` itself."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent
