"""`vorlage amend`: a new draft that corrects or supplements a final Vorlage.

The new draft copies the original's content (with its comments and layout, through a
round-trip YAML parser), names the original in `bezug` and takes the Vorlagenart
Ergänzungsvorlage or Änderungsvorlage. Built final, it gets the follow-up number
(`2015/0288-1`) and its PDF says "1. Ergänzung zur Vorlage 2015/0288".
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from ..errors import UserError
from ..files import atomic_create
from ..project import Project
from ..records import Archive, Register
from .roundtrip import round_trip_yaml

ARTS = ("Ergänzungsvorlage", "Änderungsvorlage")


def amend_draft(project: Project, nummer: str, art: str, target: Path | None = None) -> Path:
    """Writes the follow-up draft (beside the original unless `target` is given)."""
    if art not in ARTS:
        raise UserError(f"--art muss {' oder '.join(ARTS)} sein")
    with Register(project.register_path) as register:
        record = Archive(register, project.archive_dir, project.root).record(nummer)
        if record is None:
            raise UserError(f"Vorlage {nummer} ist nicht final archiviert; `vorlage archiv "
                            "list` zeigt die archivierten Vorlagen")
        source = project.root / record.entwurf
    if not source.is_file():
        raise UserError(f"der Entwurf der Vorlage {nummer} ({record.entwurf}) fehlt")
    yaml = round_trip_yaml()  # comments, key order and quoting stay as the author wrote them
    data = yaml.load(source.read_text(encoding="utf-8"))
    data["vorlagenart"] = art
    data.pop("vorlagennummer", None)
    # A follow-up is a new Vorlage: today's date (where the original has one: a house style
    # may print none), and every sign-off asked afresh (the old ones stay in the original's
    # history); an Ergänzung with more money went final on the Kämmerei's sign-off of the
    # original before.
    if data.get("datum") is not None:
        data["datum"] = date.today().strftime("%d.%m.%Y")
    for entry in data.get("mitzeichnung") or []:
        if isinstance(entry, dict):
            for old in ("name", "datum", "hinweis"):
                entry.pop(old, None)
            entry["status"] = "offen"
    keys = list(data)
    data.insert(keys.index("vorlagenart") + 1, "bezug", nummer,
                comment="ursprüngliche Vorlage")
    data.yaml_set_start_comment(f"{art} zu Vorlage {nummer} (aus {record.entwurf} kopiert)")
    if target is None:
        suffix = "ergaenzung" if art == ARTS[0] else "aenderung"
        n = 1
        while (target := source.with_name(f"{source.stem}-{suffix}-{n}.yaml")).exists():
            n += 1
    text = io.StringIO()
    yaml.dump(data, text)
    try:
        atomic_create(lambda p: Path(p).write_text(text.getvalue(), encoding="utf-8"), target)
    except FileExistsError:
        raise UserError(f"{target} gibt es schon; nichts überschrieben") from None
    return target
