"""A session of the Bielefeld Rat with closed material, shared by the session and OParl tests.

A public Vorlage with one closed Anlage, a closed Vorlage with a closed Anlage, and seed 002.
Each closed part carries a marker text that must never reach anything public.
"""

import re
import shutil
import zlib

from helpers import REPO, helvetica_pdf

MARKER_VORLAGE = "Geheimvermerk Kranich-7Q4Z im Sachverhalt"
MARKER_TITEL = "Kaufpreisliste Reiher-3M8K"
MARKER_ANLAGE = "Bieterliste Storch-5X2P vertraulich"
MARKER_GEHEIMANLAGE = "Gutachten Ibis-9T6W Bodenwert"

PUBLIC = """\
hausstil: bielefeld
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.08.2020
beratungsfolge:
  - gremium: Rat der Stadt Bielefeld
    sitzung: 03.09.2020
    zustaendigkeit: Entscheidung
betreff: Neubau einer Turnhalle
beschlussvorschlag: Der Rat beschließt den Neubau.
begruendung: |
  Die alte Halle ist baufällig.
anlagen:
  - titel: Lageplan
    datei: anlagen/lageplan.pdf
  - titel: {titel}
    datei: anlagen/bieter.pdf
    oeffentlich: nein
  - titel: Kostenschätzung
    datei: anlagen/kosten.pdf
"""

CLOSED = """\
hausstil: bielefeld
vorlagenart: Beschlussvorlage
oeffentlich: nein
amt: Amt für Tests
datum: 01.08.2020
beratungsfolge:
  - gremium: Rat der Stadt Bielefeld
    sitzung: 03.09.2020
    oeffentlich: nein
    zustaendigkeit: Entscheidung
betreff: Grundstücksangelegenheit Testweg
beschlussvorschlag: Der Rat stimmt dem Verkauf zu.
begruendung: |
  {marker}
anlagen:
  - titel: Gutachten
    datei: anlagen/gutachten.pdf
    oeffentlich: nein
"""

SESSION = """\
hausstil: bielefeld
gremium: Rat der Stadt Bielefeld
datum: 03.09.2020
uhrzeit: "15:00"
ort: Großer Saal
einladungsdatum: 20.08.2020
oeffentlicher_teil:
  - titel: Eröffnung
  - titel: Mitteilungen
    unterpunkte:
      - titel: Bericht
      - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/bielefeld-kim.yaml
nichtoeffentlicher_teil:
  - vorlage: drafts/grundstueck.yaml
"""


def make_session_project(project):
    drafts = project.drafts_dir
    shutil.copy(REPO / "drafts" / "bielefeld-kim.yaml", drafts)
    (drafts / "anlagen").mkdir()
    shutil.copy(REPO / "drafts" / "anlagen" / "kim-umsetzung-bielefeld.pdf", drafts / "anlagen")
    helvetica_pdf(drafts / "anlagen" / "lageplan.pdf", "Lageplan der Turnhalle")
    helvetica_pdf(drafts / "anlagen" / "kosten.pdf", "Kostenschaetzung 1,2 Mio")
    helvetica_pdf(drafts / "anlagen" / "bieter.pdf", MARKER_ANLAGE)
    helvetica_pdf(drafts / "anlagen" / "gutachten.pdf", MARKER_GEHEIMANLAGE)
    (drafts / "turnhalle.yaml").write_text(PUBLIC.format(titel=MARKER_TITEL), encoding="utf-8")
    (drafts / "grundstueck.yaml").write_text(CLOSED.format(marker=MARKER_VORLAGE),
                                             encoding="utf-8")
    (project.root / "sitzungen").mkdir()
    (project.root / "sitzungen" / "rat.yaml").write_text(SESSION, encoding="utf-8")
    return project


def all_bytes(path) -> bytes:
    """The file's raw bytes plus every stream decompressed."""
    raw = path.read_bytes()
    out = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)
