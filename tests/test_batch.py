"""Batch builds: parallel workers, the build cache, failures, crashes, hangs and Ctrl-C.

Every test runs the real `vorlage` command with real LibreOffice workers.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from conftest import MINIMAL, VORLAGE, helvetica_pdf, run, soffice_pids, wait_for


LONG = MINIMAL.replace("  Die Geräte sind veraltet.\n", "".join(
    f"  Absatz {i}: Die Geräte im Sitzungssaal sind veraltet und müssen ersetzt werden, "
    "weil Ersatzteile fehlen und die Wartung teuer geworden ist.\n\n" for i in range(80)))


def drafts(write_draft, count, anlage=None, text=MINIMAL):
    for i in range(count):
        body = text.replace("Testgeräten", f"Testgeräten Nr. {i}")
        if anlage:
            body += f"anlagen:\n  - titel: Angebot\n    datei: {anlage(i)}\n"
        write_draft(f"v{i:02d}.yaml", body)


def test_broken_draft_does_not_stop_the_batch(project, write_draft):
    drafts(write_draft, 3)
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
    drafts(write_draft, 4)
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
    drafts(write_draft, 4, anlage=lambda i: "a.pdf" if i < 2 else "b.pdf")
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

    from conftest import REPO

    shutil.copytree(REPO / "templates" / "standard", project.root / "templates" / "eigen")
    drafts(write_draft, 2)
    write_draft("eigen.yaml", "hausstil: eigen\n" + MINIMAL)
    assert run(["build", "drafts"], project.root).returncode == 0
    haus = project.root / "templates" / "eigen" / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace("Musterstadt", "Beispielstadt"),
                    encoding="utf-8")
    result = run(["build", "drafts"], project.root)
    assert "1 gebaut, 2 unverändert" in result.stderr


def _start_batch(project, *extra):
    return subprocess.Popen([str(VORLAGE), "build", "--jobs", "2", *extra, "drafts"],
                            cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _mid_batch(project, proc):
    """A LibreOffice worker of the running batch, once the first PDF is written."""
    wait_for(lambda: list(project.output_dir.glob("*.pdf")))
    pids = soffice_pids(proc.pid)
    assert pids and proc.poll() is None, "batch finished before the fault could be injected"
    return pids[0]


def test_killed_worker_is_replaced_and_every_pdf_is_built(project, write_draft):
    drafts(write_draft, 30, text=LONG)
    proc = _start_batch(project)
    os.kill(_mid_batch(project, proc), signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    assert "30 gebaut" in err and "0 fehlgeschlagen" in err
    assert "0 Neustart(s)" not in err


def test_hanging_conversion_is_killed_after_the_timeout(project, write_draft):
    drafts(write_draft, 30, text=LONG)
    proc = _start_batch(project, "--timeout", "4")
    _mid_batch(project, proc)
    for pid in soffice_pids(proc.pid):  # LibreOffice stops answering, whichever has work
        os.kill(pid, signal.SIGSTOP)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    assert "0 Neustart(s)" not in err  # the stopped worker was killed and replaced


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["ctrl-c", "kill"])
def test_interrupt_stops_workers_and_leaves_no_partial_pdf(project, write_draft, sig, code):
    drafts(write_draft, 30, text=LONG)
    proc = _start_batch(project)
    _mid_batch(project, proc)
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


def test_workers_of_a_killed_run_are_stopped_by_the_next_run(project, write_draft):
    drafts(write_draft, 30, text=LONG)
    proc = _start_batch(project)
    _mid_batch(project, proc)
    orphans = soffice_pids(proc.pid)
    proc.kill()  # SIGKILL: the run cannot stop its workers
    proc.wait()
    assert orphans and all(os.path.exists(f"/proc/{pid}") for pid in orphans)
    again = run(["build", "--jobs", "1", "drafts"], project.root)
    assert again.returncode == 0, again.stderr
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    wait_for(lambda: not soffice_pids(proc.pid), 10)


def test_reaper_leaves_other_programs_alone(tmp_path):
    from pipeline.convert import reap_orphans

    # Looks like a worker of a dead run by its arguments, but is not LibreOffice.
    (tmp_path / "vorlage-lo-x").mkdir()
    bystander = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)",
         "--accept=pipe,name=vorlage-999999998-0-deadbeef;urp;",
         f"-env:UserInstallation=file://{tmp_path}/vorlage-lo-x/profil-0"],
        start_new_session=True)
    try:
        reap_orphans()
        assert bystander.poll() is None
        assert (tmp_path / "vorlage-lo-x").is_dir()
    finally:
        bystander.kill()
        bystander.wait()
