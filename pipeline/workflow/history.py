"""The audit trail as each person may read it: entries about a Vorlage for those who may read
the Vorlage's group items, entries about accounts for `admin`; as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from ..accounts import Item, User, allowed
from ..project import Project
from ..records import AuditEntry, AuditTrail, Register
from .items import draft_state, group_item

ACCOUNT = "konto:"  # entries about accounts (sign-ins, changes) name them so


def visible_entries(project: Project, user: User, audit: AuditTrail,
                    register: Register | None, gegenstand: str | None = None) -> list[AuditEntry]:
    seen: dict[str, bool] = {}

    def may(subject: str) -> bool:
        if subject not in seen:
            if subject.startswith(ACCOUNT):
                seen[subject] = allowed(user, "lesen", Item("konten"))
            else:
                path = project.root / subject
                item = group_item(draft_state(project, path, register)) if path.is_file() \
                    else Item("vorlage")  # a draft gone: its group is unknown, the office's
                seen[subject] = allowed(user, "lesen", item)
        return seen[subject]
    return [e for e in audit.entries(gegenstand) if may(e.gegenstand)]


def export_audit(project: Project, user: User, fmt: str) -> str:
    register = Register.read_only(project.register_path)
    try:
        with AuditTrail(project.audit_path) as audit:
            entries = visible_entries(project, user, audit, register)
    finally:
        if register is not None:
            register.close()
    rows = [{"nr": e.nr, "zeit": e.zeit, "konto": e.konto, "aktion": e.aktion,
             "gegenstand": e.gegenstand, "daten": e.daten, "hash": e.hash} for e in entries]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else
                            ["nr", "zeit", "konto", "aktion", "gegenstand", "daten", "hash"])
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "daten": json.dumps(row["daten"], ensure_ascii=False)})
    return out.getvalue()
