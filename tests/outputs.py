"""Every output the tool writes, in one list, for the closed-content canary
(tests/e2e/test_closed_canary.py). An output is public (it may reach anyone) or internal
(members, records office). A new kind of output is added here, and the canary checks it.

Each entry makes its files in a project prepared by closed_session.make_session_project and
returns them; `run` is the real `vorlage` command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpers import run


@dataclass(frozen=True)
class Output:
    name: str
    public: bool
    make: Callable[[Path], list[Path]]


def _ok(args: list[str], root: Path) -> None:
    result = run(args, root)
    assert result.returncode == 0, f"vorlage {' '.join(args)}: {result.stderr}"


def draft_pdfs(root: Path) -> list[Path]:
    _ok(["build", "--out", "entwuerfe", "drafts/turnhalle.yaml", "drafts/grundstueck.yaml"],
        root)
    return sorted((root / "entwuerfe").glob("*.pdf"))


def _manifest(root: Path) -> list[dict]:
    path = root / "output" / "archiv" / "manifest.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def finals(root: Path) -> list[Path]:
    _ok(["build", "--final", "drafts/turnhalle.yaml", "drafts/grundstueck.yaml"], root)
    return [root / "output" / "archiv" / e["datei"] for e in _manifest(root)]


def publication_copies(root: Path) -> list[Path]:
    return [root / "output" / "archiv" / e["kopie_datei"] for e in _manifest(root)
            if e["kopie_datei"]]


def _session(root: Path, *names: str) -> list[Path]:
    folder = root / "output" / "sitzungen" / "rat"
    if not (folder / "Sitzungsmappe.pdf").exists():
        _ok(["sitzung", "build", "sitzungen/rat.yaml"], root)
    return [folder / name for name in names]


def _minutes(root: Path, *names: str) -> list[Path]:
    """After the session: its results recorded, the Niederschrift and the Auszüge built."""
    from closed_session import SESSION_RESULTS

    folder = root / "output" / "sitzungen" / "rat"
    if not (folder / "Niederschrift.pdf").exists():
        (root / "sitzungen" / "rat.yaml").write_text(SESSION_RESULTS, encoding="utf-8")
        _ok(["sitzung", "niederschrift", "sitzungen/rat.yaml"], root)
        _ok(["sitzung", "auszug", "sitzungen/rat.yaml"], root)
    return [f for name in names for f in sorted(folder.glob(name))]


def _archived_minutes(root: Path, *names: str) -> list[Path]:
    """The Niederschrift approved and archived (after the Entwurf outputs above)."""
    folder = root / "output" / "archiv" / "2020" / "niederschriften"
    if not folder.is_dir():
        path = root / "sitzungen" / "rat.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "niederschrift: {status: genehmigt, "
                        "genehmigt_am: 01.10.2020}\n", encoding="utf-8")
        _ok(["sitzung", "niederschrift", "sitzungen/rat.yaml", "--final"], root)
    return [folder / name for name in names]


def oparl(root: Path) -> list[Path]:
    _ok(["export", "oparl", "--out", "oparl"], root)
    return sorted(p for p in (root / "oparl").rglob("*") if p.is_file())


def archive_export(root: Path) -> list[Path]:
    _ok(["archiv", "export", "--year", "2020", "--out", "abgabe"], root)
    return [root / "abgabe" / "index.json", root / "abgabe" / "index.csv"]


def archive_export_public(root: Path) -> list[Path]:
    """The files of the archive export that its index names as the ones to publish."""
    index = json.loads((root / "abgabe" / "index.json").read_text(encoding="utf-8"))
    return [root / "abgabe" / v["oeffentliche_fassung"]
            for v in index["vorlagen"] + index["niederschriften"] if v["oeffentliche_fassung"]]


def audit_exports(root: Path) -> list[Path]:
    """The audit trail as the Sitzungsdienst may export it, in both formats, after a save of
    a closed draft through the server (a copy of the closed one: that one is final by now),
    whose diff the trail keeps."""
    import re
    import shutil
    import subprocess

    import yaml

    from helpers import VORLAGE
    from pipeline.project import Project
    from pipeline.web import create_app

    subprocess.run([str(VORLAGE), "user", "add", "kanarie", "--rolle", "sitzungsdienst"],
                   cwd=root, input="Kanarien-Passwort-1\n", text=True, check=True,
                   capture_output=True)
    copy = root / "drafts" / "grundstueck-entwurf.yaml"
    shutil.copy(root / "drafts" / "grundstueck.yaml", copy)
    app = create_app(Project.find(root))
    client = app.test_client()
    token = re.search(r'name="token" value="([^"]+)"', client.get("/anmelden").text).group(1)
    client.post("/anmelden", data={"token": token, "name": "kanarie",
                                   "passwort": "Kanarien-Passwort-1"})
    csrf = re.search(r'name="csrf" content="([^"]+)"', client.get("/").text).group(1)
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    data["begruendung"] = data["begruendung"].replace("im Sachverhalt", "im Sachverhalt, "
                                                      "geprüft")  # the marker's own line
    saved = client.post("/api/speichern", json={"name": copy.name, "data": data},
                        headers={"X-CSRF-Token": csrf})
    app.extensions["vorlage"].converter.close()
    assert saved.status_code == 200, saved.text
    out = []
    for fmt in ("csv", "json"):
        result = run(["audit", "export", "--als", "kanarie", "--format", fmt], root)
        assert result.returncode == 0, result.stderr
        out.append(root / f"protokoll-export.{fmt}")
        out[-1].write_text(result.stdout, encoding="utf-8")
    return out


def decisions(root: Path) -> list[Path]:
    """The Beschlussverfolgung as the CLI lists it (for the office), in both formats."""
    out = []
    for fmt in ("json", "csv"):
        result = run(["beschluesse", f"--{fmt}"], root)
        assert result.returncode == 0, result.stderr
        out.append(root / f"beschluesse.{fmt}")
        out[-1].write_text(result.stdout, encoding="utf-8")
    return out


def decisions_for_others(root: Path) -> list[Path]:
    """The Beschlussverfolgung page and its CSV as a person of another Amt sees them."""
    import re
    import subprocess

    from helpers import VORLAGE
    from pipeline.project import Project
    from pipeline.web import create_app

    subprocess.run([str(VORLAGE), "user", "add", "leser", "--rolle", "sachbearbeitung:Bauamt"],
                   cwd=root, input="Leser-Passwort-123\n", text=True, check=True,
                   capture_output=True)
    app = create_app(Project.find(root))
    client = app.test_client()
    token = re.search(r'name="token" value="([^"]+)"', client.get("/anmelden").text).group(1)
    client.post("/anmelden", data={"token": token, "name": "leser",
                                   "passwort": "Leser-Passwort-123"})
    out = []
    for path, name in (("/beschluesse?zeigen=alle&amt=", "beschluesse-leser.html"),
                       ("/beschluesse.csv?zeigen=alle&amt=", "beschluesse-leser.csv")):
        answer = client.get(path)
        assert answer.status_code == 200 and "Turnhalle" in answer.text, answer.text[:300]
        out.append(root / name)
        out[-1].write_bytes(answer.data)
    app.extensions["vorlage"].converter.close()
    return out


def aussonderung(root: Path) -> list[Path]:
    """The offer (0501) and the hand-over (0503) of 2020 to the municipal archive: every
    record goes there, the closed ones classified."""
    from lxml import etree

    config = root / "vorlage.yaml"
    if "aussonderung:" not in config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8") + "aussonderung:\n"
                          "  absender: {behoerdenschluessel: '05711000', name: Stadt}\n"
                          "  empfaenger: {behoerdenschluessel: '05711000-A', name: Archiv}\n",
                          encoding="utf-8")
    _ok(["archiv", "aussondern", "--year", "2020", "--out", "aussonderung"], root)
    folder = root / "aussonderung"
    offer = next(folder.glob("*0501.xml"))
    ns = "{urn:xoev-de:xdomea:schema:3.0.0}"
    answer = etree.fromstring(offer.read_bytes())  # the archive keeps everything offered
    for node in list(answer):
        if node.tag != f"{ns}Kopf":
            answer.remove(node)
    for oid in etree.fromstring(offer.read_bytes()).iterfind(
            f"{ns}Schriftgutobjekt/{ns}Vorgang/{ns}Identifikation/{ns}ID"):
        item = etree.SubElement(answer, f"{ns}BewertetesObjekt")
        etree.SubElement(item, f"{ns}ID").text = oid.text
        code = etree.SubElement(etree.SubElement(item, f"{ns}Aussonderungsart"),
                                f"{ns}Aussonderungsart")
        etree.SubElement(code, "code").text = "A"
    answer.tag = f"{ns}Aussonderung.Bewertungsverzeichnis.0502"
    (root / "0502.xml").write_bytes(etree.tostring(answer))
    _ok(["archiv", "aussondern", "--year", "2020", "--bewertung", "0502.xml",
         "--out", "aussonderung"], root)
    return sorted(folder.glob("*.xml")) + sorted(folder.glob("*0503.zip"))


# In this order: finals before the session, so its packets use the archived files; the
# session's results before the OParl export, which carries them.
OUTPUTS = [
    Output("Entwurfs-PDFs", False, draft_pdfs),
    Output("finale Vorlagen", False, finals),
    Output("Veröffentlichungskopien", True, publication_copies),
    Output("Tagesordnung (Einladung)", False, lambda r: _session(r, "Tagesordnung.pdf")),
    Output("Tagesordnung öffentlich", True,
           lambda r: _session(r, "Tagesordnung-oeffentlich.pdf")),
    Output("Sitzungsmappe", False, lambda r: _session(r, "Sitzungsmappe.pdf")),
    Output("Sitzungsmappe öffentlich", True,
           lambda r: _session(r, "Sitzungsmappe-oeffentlich.pdf")),
    Output("Niederschrift", False, lambda r: _minutes(r, "Niederschrift.pdf")),
    Output("Niederschrift öffentlich", True,
           lambda r: _minutes(r, "Niederschrift-oeffentlich.pdf")),
    Output("Beschlussauszüge", False, lambda r: _minutes(r, "Beschlussauszug-*.pdf")),
    Output("Niederschrift archiviert", False, lambda r: _archived_minutes(r, "rat.pdf",
                                                                         "rat.yaml")),
    Output("Niederschrift archiviert öffentlich", True,
           lambda r: _archived_minutes(r, "rat.oeffentlich.pdf")),
    Output("OParl-Export", True, oparl),
    Output("Archiv-Export (Index)", False, archive_export),
    Output("Archiv-Export (zur Veröffentlichung)", True, archive_export_public),
    Output("Protokoll-Export", False, audit_exports),
    Output("Beschlussverfolgung", False, decisions),
    Output("Beschlussverfolgung für ein anderes Amt", True, decisions_for_others),
    Output("Aussonderung (xdomea 0501, 0503)", False, aussonderung),
]
