"""Register and archive compared: the check before every final build, and `vorlage archiv
abgleichen`.

The manifest (manifest.py) is what the archive holds; the register is what numbers were
given out. A register restored from a backup is behind the manifest: it would give archived
numbers out again. So each final build first compares, per series, the highest position the
manifest holds with the register's, and the count of archived finals; on any difference it
refuses. Register rows without an archive file (numbers from before this tool, numbered
drafts not yet final) are not a difference. `--anwenden` rewrites the register from the
manifest and touches no archived file.
"""

from __future__ import annotations

from ..errors import UserError
from .archive import COLUMNS, Archive, changed_columns
from .register import Register

HINT = ("`vorlage archiv abgleichen` zeigt die Unterschiede, `vorlage archiv abgleichen "
        "--anwenden` übernimmt das Archiv ins Register")


def check_agreement(register: Register, archive: Archive) -> None:
    """Raises UserError when the register is not at least where the archive is. Under the
    write lock: a final being stored appends to the manifest before its register row is
    committed, and must not be seen half-way."""
    with register.transaction() as db:
        highest = archive.manifest.highest()
        behind = []
        for serie, (lfd, version, nummer) in sorted(highest.items()):
            row = db.execute("SELECT MAX(lfd * 1000000 + version) FROM nummern "
                             "WHERE serie = ?", (serie,)).fetchone()
            if (row[0] or 0) < lfd * 1_000_000 + version:
                behind.append(nummer)
        (count,) = db.execute("SELECT COUNT(*) FROM archiv").fetchone()
        archived = len(archive.manifest.vorlagen())
    if behind or count != archived:
        detail = (f"das Archiv enthält {', '.join(behind)}, das Register kennt diese Nummer "
                  "nicht" if behind else
                  f"das Register führt {count} archivierte Vorlagen, das Archiv {archived}")
        raise UserError(f"Nummernregister und Archiv stimmen nicht überein ({detail}); wurde "
                        "das Register aus einer Sicherung zurückgespielt? Es wird keine "
                        f"Nummer vergeben. {HINT}")


def differences(register: Register, archive: Archive) -> list[str]:
    """What the register says differently from the manifest, one line each."""
    out = []
    manifest = archive.manifest.by_number()
    records = {r.nummer: r for r in archive.records()}
    for nummer, entry in manifest.items():
        held = register.entry(nummer)
        if held is None:
            at = register.at(entry["serie"], entry["lfd"], entry["version"])
            out.append(f"{nummer}: archiviert ({entry['entwurf']}), fehlt im Register"
                       + (f"; dort ist die Stelle als {at.nummer} an {at.entwurf} vergeben"
                          if at else ""))
            continue
        if held.entwurf != entry["entwurf"]:
            out.append(f"{nummer}: archiviert aus {entry['entwurf']}, im Register an "
                       f"{held.entwurf} vergeben")
        other = register.entry_of(entry["entwurf"])
        if other is not None and other.nummer != nummer:
            out.append(f"{entry['entwurf']}: archiviert als {nummer}, im Register mit "
                       f"{other.nummer}")
        rec = records.get(nummer)
        if rec is None:
            out.append(f"{nummer}: archiviert, im Register nicht als archiviert geführt")
        else:
            changed = changed_columns(entry, rec)
            if changed:
                out.append(f"{nummer}: Register weicht vom Archiv ab ({', '.join(changed)})")
    for nummer in records.keys() - manifest.keys():
        out.append(f"{nummer}: im Register als archiviert geführt, das Archiv enthält sie "
                   "nicht")
    return out


def apply_manifest(register: Register, archive: Archive) -> list[str]:
    """Makes the register agree with the manifest; what it changed, one line each."""
    done = []
    manifest = archive.manifest.vorlagen()
    with register.transaction() as db:
        wanted = {e["nummer"] for e in manifest}
        for (nummer,) in db.execute("SELECT nummer FROM archiv").fetchall():
            if nummer not in wanted:
                db.execute("DELETE FROM archiv WHERE nummer = ?", (nummer,))
                done.append(f"{nummer}: Archiveintrag ohne archivierte Datei entfernt")
        for e in manifest:  # oldest first: a follow-up's base is entered before it
            done.extend(_enter(db, register, e))
    return done


def _enter(db, register: Register, e: dict) -> list[str]:
    done = []
    clashes = db.execute(
        "SELECT nummer, entwurf FROM nummern WHERE (nummer = ? OR entwurf = ? OR "
        "(serie = ? AND lfd = ? AND version = ?)) AND NOT (nummer = ? AND entwurf = ?)",
        (e["nummer"], e["entwurf"], e["serie"], e["lfd"], e["version"], e["nummer"],
         e["entwurf"])).fetchall()
    for nummer, entwurf in clashes:
        db.execute("UPDATE nummern SET basis = NULL WHERE basis = ?", (nummer,))
        db.execute("DELETE FROM archiv WHERE nummer = ?", (nummer,))
        db.execute("DELETE FROM nummern WHERE nummer = ?", (nummer,))
        done.append(f"{nummer} ({entwurf}): Registereintrag entfernt, die Nummer bzw. der "
                    f"Entwurf gehört laut Archiv zu {e['nummer']} ({e['entwurf']})")
    if e.get("basis") and register.entry(e["basis"]) is None:
        # a base from before the tool (`extern`): only its follow-ups are archived
        db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                   "vergeben) VALUES (?, ?, ?, NULL, ?, 'extern', ?)",
                   (e["basis"], e["serie"], e["lfd"], e["hausstil"], e["zeit"]))
        done.append(f"{e['basis']}: als frühere Vorlage (nicht im Archiv) ins Register "
                    "übernommen")
    if register.entry(e["nummer"]) is None:
        origin = e.get("herkunft") or ("folge" if e.get("basis") else "register")
        db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                   "basis, version, vergeben) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (e["nummer"], e["serie"], e["lfd"], e["entwurf"], e["hausstil"], origin,
                    e.get("basis"), e["version"], e["zeit"]))
        done.append(f"{e['nummer']}: ins Register übernommen ({e['entwurf']})")
    row = {c: e.get(c) for c in COLUMNS}
    current = db.execute(f"SELECT {', '.join(COLUMNS)} FROM archiv WHERE nummer = ?",
                         (e["nummer"],)).fetchone()
    if current is None or list(current) != list(row.values()):
        db.execute("DELETE FROM archiv WHERE nummer = ?", (e["nummer"],))
        db.execute(f"INSERT INTO archiv ({', '.join(row)}) VALUES "
                   f"({', '.join('?' for _ in row)})", tuple(row.values()))
        if current is not None:
            done.append(f"{e['nummer']}: Archivangaben im Register aus dem Archiv "
                        "wiederhergestellt")
    return done

