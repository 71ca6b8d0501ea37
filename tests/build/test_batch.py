"""Batch builds: parallel workers, the build cache, failures, crashes, hangs and Ctrl-C.

Every test runs the real `vorlage` command with real LibreOffice workers.
"""

import json
import os
import signal

import pytest

from helpers import (
    LONG,
    MINIMAL,
    STYLES,
    helvetica_pdf,
    mid_batch,
    numbered_drafts,
    run,
    soffice_pids,
    start_batch,
    wait_for,
)


def test_broken_draft_does_not_stop_the_batch(project, write_draft):
    numbered_drafts(write_draft, 3)
    write_draft("kaputt.yaml", MINIMAL.replace("sitzung: 01.03.2024", "sitzung: 30.02.2024"))
    result = run(["build", "--report", "bericht.json", "drafts"], project.root)
    assert result.returncode == 1
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 3
    assert "Fehlgeschlagen:\n  drafts/kaputt.yaml: drafts/kaputt.yaml:7:14: " \
           "beratungsfolge[1].sitzung: dieses Datum gibt es nicht" in result.stderr
    assert "3 gebaut, 0 unverändert, 1 fehlgeschlagen" in result.stderr
    report = json.loads((project.root / "bericht.json").read_text(encoding="utf-8"))
    assert (report["gebaut"], report["unveraendert"], report["fehlgeschlagen"]) == (3, 0, 1)
    failed = [v for v in report["vorlagen"] if v["status"] == "fehler"]
    assert failed[0]["entwurf"] == "drafts/kaputt.yaml" and failed[0]["fehler"]


def test_second_run_builds_nothing_and_force_rebuilds(project, write_draft):
    numbered_drafts(write_draft, 4)
    assert run(["build", "drafts"], project.root).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in project.output_dir.glob("*.pdf")}
    again = run(["build", "drafts"], project.root)
    assert again.returncode == 0
    assert "0 gebaut, 4 unverändert, 0 fehlgeschlagen" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in project.output_dir.glob("*.pdf")} == before
    forced = run(["build", "--force", "drafts"], project.root)
    assert "4 gebaut, 0 unverändert" in forced.stderr


def test_changed_anlage_rebuilds_exactly_its_vorlagen(project, write_draft):
    helvetica_pdf(project.drafts_dir / "a.pdf", "Angebot A")
    helvetica_pdf(project.drafts_dir / "b.pdf", "Angebot B")
    numbered_drafts(write_draft, 4, anlage=lambda i: "a.pdf" if i < 2 else "b.pdf")
    assert run(["build", "drafts"], project.root).returncode == 0
    helvetica_pdf(project.drafts_dir / "a.pdf", "Angebot A, überarbeitet")
    result = run(["build", "drafts"], project.root)
    assert result.returncode == 0
    rebuilt = sorted(line.split()[2] for line in result.stdout.splitlines()
                     if "] gebaut " in line)
    assert rebuilt == ["drafts/v00.yaml:", "drafts/v01.yaml:"]
    assert "2 gebaut, 2 unverändert" in result.stderr


def test_changed_house_style_rebuilds_its_vorlagen(project, write_draft):
    import shutil

    shutil.copytree(STYLES / "standard", project.root / "templates" / "eigen")
    numbered_drafts(write_draft, 2)
    write_draft("eigen.yaml", "hausstil: eigen\n" + MINIMAL)
    assert run(["build", "drafts"], project.root).returncode == 0
    haus = project.root / "templates" / "eigen" / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace("Musterstadt", "Beispielstadt"),
                    encoding="utf-8")
    result = run(["build", "drafts"], project.root)
    assert "1 gebaut, 2 unverändert" in result.stderr


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["ctrl-c", "kill"])
def test_interrupt_stops_workers_and_leaves_no_partial_pdf(project, write_draft, sig, code):
    numbered_drafts(write_draft, 30, text=LONG)
    proc = start_batch(project)
    mid_batch(project, proc)
    workers = soffice_pids(proc.pid)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert "Abgebrochen" in err
    assert not [p for p in project.output_dir.rglob("*") if p.name.endswith(".tmp")
                or p.name.endswith(".tmp.pdf")]
    for pdf in project.output_dir.glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    # every LibreOffice of the run is gone, also one a failing conversion may have been
    # replacing while the run stopped
    wait_for(lambda: not soffice_pids(proc.pid)
              and not any(os.path.exists(f"/proc/{pid}") for pid in workers), 10)
    # The next run completes the work.
    result = run(["build", "drafts"], project.root)
    assert result.returncode == 0
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30


def test_broken_draft_in_batch_does_not_stop_others(project, write_draft):
    write_draft("gut.yaml")
    write_draft("kaputt.yaml", MINIMAL.replace("datum: 01.02.2024", "datum: 2024-13-01"))
    result = run(["build", "drafts"], project.root)
    assert result.returncode == 1
    assert "drafts/kaputt.yaml:3:8: datum: dieses Datum gibt es nicht" in result.stderr
    assert (project.output_dir / "gut-ENTWURF.pdf").exists()
    assert not (project.output_dir / "kaputt-ENTWURF.pdf").exists()
    assert not list(project.output_dir.glob(".*tmp"))


def test_libreoffice_starts_only_for_what_gets_built(project, write_draft):
    """Into an empty output, the workers start while the drafts are still checked (both, with
    two drafts to build); broken drafts alone start none, nor does a rebuild with nothing to
    build."""
    import re

    def instances(result) -> int:
        found = re.search(r"(\d+) LibreOffice-Instanz", result.stderr)
        return int(found.group(1)) if found else 0

    write_draft("kaputt.yaml", MINIMAL.replace("sitzung: 01.03.2024", "sitzung: 30.02.2024"))
    broken = run(["build", "--jobs", "2", "drafts/kaputt.yaml"], project.root)
    assert broken.returncode == 1 and instances(broken) == 0
    numbered_drafts(write_draft, 2)
    cold = run(["build", "--jobs", "2", "drafts"], project.root)
    assert "2 gebaut" in cold.stderr and instances(cold) == 2
    again = run(["build", "--jobs", "2", "drafts"], project.root)
    assert "0 gebaut, 2 unverändert" in again.stderr and instances(again) == 0
