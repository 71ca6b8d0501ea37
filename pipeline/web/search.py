"""/suche: full-text search over the Vorlagen the user may read (records.search).

Before each search the index is brought in line with the drafts (only what changed is read
again), so a search right after a save finds the edit. Each row stores the draft's access
attributes (the `Item` the server asks with); the reader's rule, `may("lesen", item)`, is
asked once per distinct set of attributes and the index filters by the answers before it
counts or cuts a snippet. The CLI's `vorlage suche` uses the same index without a reader.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from flask import Blueprint, render_template, request

from ..accounts import Item
from ..build import number_for
from ..check import check_file
from ..errors import UserError
from ..project import CONFIG_NAME, Project
from ..records import Archive, Document, Register, SearchIndex
from ..render import plain_text, texts_of
from ..schema import load_yaml
from ..workflow import draft_state
from .access import may, rule, workspace
from .drafts import request_register

blueprint = Blueprint("suche", __name__)

EXTRACTION = "1"  # raise when what a row holds changes: every row is read again
LIMIT = 50
INDEX_NAME = "suche.sqlite"
# One refresh at a time in this process: the server's threads would otherwise read the
# same changed drafts in parallel, only for all but one write to change nothing.
_REFRESHING = threading.Lock()


def index_path(project: Project) -> Path:
    return project.output_dir / INDEX_NAME


def access_key(item: Item) -> str:
    """The attributes `accounts.allowed` reads of a Vorlage, as the index stores them."""
    return json.dumps({"amt": item.amt, "stellen": sorted(item.stellen),
                       "beteiligt": sorted(item.beteiligt), "final": item.final,
                       "oeffentlich": item.oeffentlich}, sort_keys=True, ensure_ascii=False)


def item_of(key: str) -> Item:
    values = json.loads(key)
    return Item("vorlage", amt=values["amt"], stellen=frozenset(values["stellen"]),
                beteiligt=frozenset(values["beteiligt"]), final=values["final"],
                oeffentlich=values["oeffentlich"])


def _number(project: Project, path: Path, register: Register | None, held: str | None,
            data: dict) -> str:
    """The number the drafts list shows: the register's, else the one a build would print
    now (typed or with placeholders)."""
    if held:
        return held
    typed = data.get("vorlagennummer")
    if register is None:
        return str(typed) if isinstance(typed, str | int) else ""
    checked = check_file(path, project)
    if not checked.ok:
        return str(typed) if isinstance(typed, str | int) else ""
    try:
        return number_for(checked, project, register, False).nummer
    except UserError:
        return ""


def draft_document(project: Project, path: Path, register: Register | None) -> Document:
    """A draft as the index holds it. A final's text comes from its archived draft: what
    was finalised, and for a public one, what everybody may read in its publication copy."""
    seen = draft_state(project, path, register)
    data = seen.data
    if seen.record is not None and seen.record.entwurf_datei and register is not None:
        try:
            archived = Archive(register, project.archive_dir).file(seen.record.entwurf_datei)
            loaded = load_yaml(archived).data
            data = loaded if isinstance(loaded, dict) else data
        except (UserError, OSError):
            pass
    written = data.get("amt")
    amt = project.amt_name(seen.item.amt) if seen.item.amt else ""
    if isinstance(written, str) and written.strip() and written.strip() not in amt:
        amt = f"{amt} {written.strip()}".strip()
    parts = [plain_text(data.get("zusammenfassung")), *texts_of(data.get("beschlussvorschlag")),
             plain_text(data.get("begruendung"))]
    return Document(nummer=_number(project, path, register, seen.number, data),
                    betreff=" ".join(str(data.get("betreff") or "").split()),
                    amt=amt, text="\n".join(p for p in parts if p),
                    zugang=access_key(seen.item))


def _generation(project: Project, register: Register | None) -> str:
    """What every row depends on besides its draft: the project file (the list of Ämter),
    the house styles (their Mitzeichnung rules and number patterns), whether there is a
    register at all."""
    digest = hashlib.sha256(f"{EXTRACTION}|{register is not None}".encode())
    config = project.root / CONFIG_NAME
    if config.is_file():
        digest.update(config.read_bytes())
    for folder in project.template_dirs:
        if folder.is_dir():
            for haus in sorted(folder.rglob("*.yaml")):
                info = haus.stat()
                digest.update(f"{haus}|{info.st_mtime_ns}|{info.st_size}".encode())
    return digest.hexdigest()


def _context(project: Project, register: Register | None) -> dict[str, str]:
    """Per draft key: its number in the register and whether (and how) it is archived,
    read in two queries for all drafts."""
    if register is None:
        return {}
    records = {r.nummer: r for r in Archive(register, project.archive_dir).records()}
    out = {}
    for entry in register.entries():
        if entry.entwurf:
            record = records.get(entry.nummer)
            out[entry.entwurf] = f"{entry.nummer}|{record is not None}|" \
                                 f"{record.oeffentlich if record else ''}"
    return out


def draft_names(folder: Path) -> dict[str, str]:
    """Every draft below the drafts folder (name there -> file), as `find_drafts` finds
    them in a folder (*.yaml and *.yml, hidden folders skipped), in plain strings: this runs
    before every search, over thousands of files."""
    out = {}
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(top, folder).replace(os.sep, "/")
        for name in files:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                out[name if rel == "." else f"{rel}/{name}"] = os.path.join(top, name)
    return dict(sorted(out.items()))


def refreshed(project: Project, register: Register | None) -> SearchIndex:
    """The project's search index, in line with its drafts."""
    folder = project.drafts_dir
    sources = draft_names(folder) if folder.is_dir() else {}
    prefix = project.draft_key(folder)  # a draft's register key is its path in the project
    held = _context(project, register)
    index = SearchIndex(index_path(project))
    try:
        with _REFRESHING:
            index.refresh(sources, lambda name, path: draft_document(project, Path(path),
                                                                      register),
                          {name: held.get(f"{prefix}/{name}", "") for name in sources},
                          _generation(project, register))
    except BaseException:
        index.close()
        raise
    return index


@blueprint.get("/suche")
@rule("lesen")
def search():
    query = request.args.get("q", "")[:500]
    result = None
    if query.strip():
        space = workspace()
        with refreshed(space.project, request_register()) as index:
            # Asked per set of attributes, with the rule every other page asks.
            result = index.search(query, lambda key: may("lesen", item_of(key)), LIMIT)
    return render_template("suche.html", q=query, result=result, limit=LIMIT)
