"""The register database's tables and their versions.

The database records its version in `PRAGMA user_version`. Each migration below brings it one
version further, inside one write transaction; a register from before versions (0) already
has the tables of version 1. Later work adds tables by appending a migration, never by
editing one that has shipped.
"""

from __future__ import annotations

import sqlite3

from ..errors import UserError

NUMMERN = """
CREATE TABLE IF NOT EXISTS nummern (
    nummer    TEXT PRIMARY KEY,
    serie     TEXT NOT NULL,
    lfd       INTEGER NOT NULL,
    entwurf   TEXT NOT NULL UNIQUE,
    hausstil  TEXT NOT NULL,
    herkunft  TEXT NOT NULL CHECK (herkunft IN ('register', 'entwurf', 'folge')),
    basis     TEXT REFERENCES nummern(nummer),
    version   INTEGER NOT NULL DEFAULT 0,
    vergeben  TEXT NOT NULL,
    UNIQUE (serie, lfd, version),
    UNIQUE (basis, version)
)"""

# herkunft: register = given out here, entwurf = typed in the draft and fitting the pattern,
# folge = a follow-up given out here, entwurf_folge = a follow-up number typed in the draft,
# frueher = typed, of a Vorlage from before this tool that fits no pattern of today (in a
# series of its own, SERIES_OF_ITS_OWN), extern = named by a `bezug` only, no draft here.
HERKUNFT = ("register", "entwurf", "folge", "entwurf_folge", "frueher", "extern")
NUMMERN_5 = f"""
CREATE TABLE IF NOT EXISTS nummern (
    nummer    TEXT PRIMARY KEY,
    serie     TEXT NOT NULL,
    lfd       INTEGER NOT NULL,
    entwurf   TEXT UNIQUE,
    hausstil  TEXT NOT NULL,
    herkunft  TEXT NOT NULL CHECK (herkunft IN ({", ".join(f"'{h}'" for h in HERKUNFT)})),
    basis     TEXT REFERENCES nummern(nummer),
    version   INTEGER NOT NULL DEFAULT 0,
    vergeben  TEXT NOT NULL,
    CHECK ((entwurf IS NULL) = (herkunft = 'extern')),
    UNIQUE (serie, lfd, version),
    UNIQUE (basis, version)
)"""
_COLUMNS = "nummer, serie, lfd, entwurf, hausstil, herkunft, basis, version, vergeben"

ARCHIV = """
CREATE TABLE IF NOT EXISTS archiv (
    nummer          TEXT PRIMARY KEY REFERENCES nummern(nummer),
    version         INTEGER NOT NULL DEFAULT 0,
    basis           TEXT,
    datei           TEXT NOT NULL UNIQUE,
    sha256          TEXT NOT NULL,
    groesse         INTEGER NOT NULL,
    zeit            TEXT NOT NULL,
    entwurf         TEXT NOT NULL,
    entwurf_sha256  TEXT NOT NULL,
    anlagen_sha256  TEXT NOT NULL,
    hausstil_sha256 TEXT NOT NULL,
    finalisiert_von TEXT NOT NULL,
    betreff         TEXT NOT NULL,
    vorlagenart     TEXT NOT NULL,
    datum           TEXT NOT NULL,
    gremien         TEXT NOT NULL
)"""

# (version, statements): each list runs once, in order.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [NUMMERN, ARCHIV]),
    # The archive says what it holds: whether the Vorlage is public, its publication copy,
    # the draft it was built from and its Anlagen (NULL for finals archived before).
    (2, ["ALTER TABLE archiv ADD COLUMN oeffentlich INTEGER",
         "ALTER TABLE archiv ADD COLUMN kopie_datei TEXT",
         "ALTER TABLE archiv ADD COLUMN kopie_sha256 TEXT",
         "ALTER TABLE archiv ADD COLUMN kopie_groesse INTEGER",
         "ALTER TABLE archiv ADD COLUMN entwurf_datei TEXT",
         "ALTER TABLE archiv ADD COLUMN anlagen TEXT"]),
    # The way of a Vorlage through the administration (workflow: ja): its state, and every
    # sign-off, Stellungnahme and Freigabe by a named person, kept when reset; who released
    # a final is archived with it.
    (3, ["""CREATE TABLE vorgaenge (
            entwurf TEXT PRIMARY KEY, zustand TEXT NOT NULL, kommentar TEXT,
            geaendert TEXT NOT NULL)""",
         """CREATE TABLE zeichnungen (
            id INTEGER PRIMARY KEY, entwurf TEXT NOT NULL,
            art TEXT NOT NULL CHECK (art IN ('mitzeichnung', 'beteiligung', 'freigabe')),
            stelle TEXT NOT NULL, ergebnis TEXT NOT NULL, kommentar TEXT,
            konto TEXT NOT NULL, anzeigename TEXT NOT NULL, fuer TEXT, zeit TEXT NOT NULL,
            umfang_sha256 TEXT NOT NULL, zurueckgesetzt TEXT)""",
         "CREATE INDEX zeichnungen_entwurf ON zeichnungen (entwurf)",
         "ALTER TABLE archiv ADD COLUMN freigabe TEXT"]),
    # A final's declared fields as printed, so that the archive index and the hand-over
    # carry the published ones, and a house style that drops a field or option a final
    # uses can say so (the style's name is in `nummern`).
    (4, ["ALTER TABLE archiv ADD COLUMN felder TEXT"]),
    # What kind of number an entry is (HERKUNFT): typed follow-ups, typed numbers of
    # Vorlagen from before this tool, and numbers a `bezug` names that this archive does
    # not hold (no draft: `entwurf` NULL). SQLite cannot change a CHECK in place, so the
    # table is rebuilt as its documentation says, with foreign keys off (see migrate).
    (5, [NUMMERN_5.replace("IF NOT EXISTS nummern", "nummern_neu"),
         f"INSERT INTO nummern_neu ({_COLUMNS}) SELECT {_COLUMNS} FROM nummern",
         "DROP TABLE nummern",
         "ALTER TABLE nummern_neu RENAME TO nummern"]),
    # The archive's second kind: approved Niederschriften, written once like finals, with
    # their public version and the session file they were made from.
    (6, ["""CREATE TABLE niederschriften (
            sitzung         TEXT PRIMARY KEY,
            gremium         TEXT NOT NULL,
            datum           TEXT NOT NULL,
            hausstil        TEXT NOT NULL,
            genehmigt_am    TEXT NOT NULL,
            datei           TEXT NOT NULL UNIQUE,
            sha256          TEXT NOT NULL,
            groesse         INTEGER NOT NULL,
            kopie_datei     TEXT NOT NULL UNIQUE,
            kopie_sha256    TEXT NOT NULL,
            kopie_groesse   INTEGER NOT NULL,
            sitzung_datei   TEXT NOT NULL UNIQUE,
            sitzung_sha256  TEXT NOT NULL,
            zeit            TEXT NOT NULL,
            finalisiert_von TEXT NOT NULL)"""]),
    # Beschlussverfolgung: who carries out a decision, by when, how far it is, and dated
    # notes; a decision is kept by its session file and its Vorlage's draft (or its title).
    (7, ["""CREATE TABLE beschluesse (
            kennung   TEXT PRIMARY KEY,
            status    TEXT NOT NULL CHECK (status IN ('offen', 'in Arbeit', 'erledigt')),
            amt       TEXT,
            frist     TEXT,
            geaendert TEXT NOT NULL)""",
         """CREATE TABLE beschluss_vermerke (
            id          INTEGER PRIMARY KEY,
            kennung     TEXT NOT NULL,
            datum       TEXT NOT NULL,
            text        TEXT NOT NULL,
            status      TEXT,
            konto       TEXT NOT NULL,
            anzeigename TEXT NOT NULL,
            zeit        TEXT NOT NULL)""",
         "CREATE INDEX beschluss_vermerke_kennung ON beschluss_vermerke (kennung)",
         # Aussonderung (xdomea): what was offered to the municipal archive for a year,
         # what it chose to keep, what was handed over and when it confirmed receipt; a
         # handed-over file removed from the local archive later keeps its row here.
         """CREATE TABLE aussonderungen (
            prozess_id    TEXT PRIMARY KEY,
            jahr          INTEGER NOT NULL,
            angeboten     TEXT NOT NULL,
            angeboten_von TEXT NOT NULL,
            bewertet      TEXT,
            abgegeben     TEXT,
            abgegeben_von TEXT,
            empfangen     TEXT,
            bestaetigt    TEXT)""",
         """CREATE TABLE aussonderung_objekte (
            prozess_id  TEXT NOT NULL REFERENCES aussonderungen (prozess_id),
            objekt_id   TEXT NOT NULL,
            art         TEXT NOT NULL CHECK (art IN ('vorlage', 'niederschriften')),
            kennzeichen TEXT NOT NULL,
            betreff     TEXT NOT NULL,
            bewertung   TEXT CHECK (bewertung IN ('A', 'V')),
            abgegeben   TEXT,
            bestaetigt  TEXT,
            archivkennung TEXT,
            PRIMARY KEY (prozess_id, objekt_id))""",
         """CREATE TABLE aussonderung_dateien (
            prozess_id TEXT NOT NULL REFERENCES aussonderungen (prozess_id),
            objekt_id  TEXT NOT NULL,
            datei      TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            name       TEXT NOT NULL,
            entfernt   TEXT,
            entfernt_von TEXT,
            bewertung  TEXT NOT NULL DEFAULT 'A' CHECK (bewertung IN ('A', 'V')),
            PRIMARY KEY (prozess_id, datei))"""]),
]
VERSION = MIGRATIONS[-1][0]


def version_of(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection, path) -> None:
    """Brings the database to VERSION; the caller holds a write transaction, with foreign
    keys not yet switched on (a rebuilt table's old copy must be dropped without its rows
    being deleted one by one), and every reference is checked at the end."""
    current = version_of(db)
    if current > VERSION:
        raise UserError(f"Das Nummernregister {path} stammt von einer neueren Version von "
                        f"Ratsvorlagen (Stand {current}, diese Version kennt bis {VERSION}); "
                        "bitte das Programm aktualisieren")
    for version, statements in MIGRATIONS:
        if version > current:
            for statement in statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version}")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise UserError(f"Das Nummernregister {path} ließ sich nicht auf Stand {VERSION} "
                        f"bringen: {len(broken)} Verweis(e) ohne Ziel (zuerst in Tabelle "
                        f"{broken[0][0]}); nichts wurde geändert")
