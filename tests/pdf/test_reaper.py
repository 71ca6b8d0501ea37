"""Workers of a run killed outright are stopped by the next run; nothing else is touched."""

import os
import subprocess
import sys

from helpers import LONG, mid_batch, numbered_drafts, run, soffice_pids, start_batch, wait_for


def test_workers_of_a_killed_run_are_stopped_by_the_next_run(project, write_draft):
    numbered_drafts(write_draft, 30, text=LONG)
    proc = start_batch(project)
    mid_batch(project, proc)
    orphans = soffice_pids(proc.pid)
    proc.kill()  # SIGKILL: the run cannot stop its workers
    proc.wait()
    assert orphans and all(os.path.exists(f"/proc/{pid}") for pid in orphans)
    again = run(["build", "--jobs", "1", "drafts"], project.root)
    assert again.returncode == 0, again.stderr
    assert len(list(project.output_dir.glob("v*-ENTWURF.pdf"))) == 30
    wait_for(lambda: not soffice_pids(proc.pid), 10)


def test_reaper_leaves_other_programs_alone(tmp_path):
    from pipeline.pdf import reap_orphans

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
