"""archived.py: an archived final is never rebuilt. A house-style edit leaves it
"unverändert"; packets and OParl publish the archived files, the publication copy byte for
byte, even when the draft was edited since."""

import json
import shutil

from closed_session import MARKER_ANLAGE, MARKER_TITEL, all_bytes
from helpers import STYLES, pdf_text, run

FOLDER = "archiv/2020"
FINAL = "1-2014--2020"  # 1/2014-2020, Bielefeld's first number of the election period


def _finalise(project):
    built = run(["build", "--final", "drafts/turnhalle.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    return (project.output_dir / FOLDER / f"{FINAL}.pdf",
            project.output_dir / FOLDER / f"{FINAL}.oeffentlich.pdf")


def test_the_publication_copy_is_archived_beside_the_final(session_project):
    final, copy = _finalise(session_project)
    assert MARKER_ANLAGE in pdf_text(final) and MARKER_TITEL in pdf_text(final)
    for marker in (MARKER_ANLAGE, MARKER_TITEL):
        assert marker.encode() not in all_bytes(copy)
    assert "Lageplan der Turnhalle" in pdf_text(copy)
    assert oct(copy.stat().st_mode & 0o777) == "0o444"
    draft = session_project.drafts_dir / "turnhalle.yaml"
    archived_draft = final.with_suffix(".yaml")
    assert archived_draft.read_bytes() == draft.read_bytes()
    manifest = [json.loads(line) for line in (session_project.archive_dir / "manifest.jsonl")
                .read_text(encoding="utf-8").splitlines()]
    assert manifest[0]["kopie_datei"] == f"2020/{FINAL}.oeffentlich.pdf"
    assert manifest[0]["oeffentlich"] == 1
    assert run(["archiv", "verify"], session_project.root).returncode == 0


def test_a_house_style_edit_leaves_finals_unchanged_and_sessions_buildable(session_project):
    # Finding 5: one comment line in the style's haus.yaml broke every archived final.
    final, copy = _finalise(session_project)
    style = session_project.root / "templates" / "bielefeld"
    shutil.copytree(STYLES / "bielefeld", style)
    with open(style / "haus.yaml", "a", encoding="utf-8") as fh:
        fh.write("# geändert vom Sitzungsdienst\n")
    again = run(["build", "--final", "drafts/turnhalle.yaml"], session_project.root)
    assert again.returncode == 0 and "unverändert" in again.stdout, again.stderr
    session = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert session.returncode == 0, session.stderr


def test_an_edited_final_is_published_as_archived(session_project):
    # Finding 8: OParl and the public packet rebuilt a final from its edited draft.
    final, copy = _finalise(session_project)
    draft = session_project.drafts_dir / "turnhalle.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "Neubau einer Turnhalle", "Neubau einer Schwimmhalle Zander-8R"), encoding="utf-8")
    exported = run(["export", "oparl", "--out", "oparl"], session_project.root)
    assert exported.returncode == 0, exported.stderr
    out = session_project.root / "oparl"
    papers = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "paper").glob("*.json")]
    paper = next(p for p in papers if p.get("reference") == "1/2014-2020")
    assert paper["name"] == "Neubau einer Turnhalle"
    main = out / "dateien" / paper["mainFile"]["fileName"]
    assert main.read_bytes() == copy.read_bytes()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"Zander-8R" not in all_bytes(path), path
    session = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert session.returncode == 0, session.stderr
    assert "verwendet wird die archivierte Fassung von 1/2014-2020" in session.stderr
    for name in ("Sitzungsmappe.pdf", "Sitzungsmappe-oeffentlich.pdf", "Tagesordnung.pdf",
                 "Tagesordnung-oeffentlich.pdf"):
        text = pdf_text(session_project.output_dir / "sitzungen" / "rat" / name)
        assert "Zander-8R" not in text and "Neubau einer Turnhalle" in text, name


def test_an_anlage_closed_after_the_final_stops_its_publication(session_project):
    _finalise(session_project)
    draft = session_project.drafts_dir / "turnhalle.yaml"
    kosten = "    datei: anlagen/kosten.pdf\n"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        kosten, kosten + "    oeffentlich: nein\n"), encoding="utf-8")
    session = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert session.returncode == 1
    assert "Anlage „Kostenschätzung“ ist in der archivierten Fassung von 1/2014-2020 " \
           "öffentlich" in session.stderr
