"""Stopping LibreOffice workers that outlived their run.

A run killed outright (SIGKILL, the OOM killer) cannot stop its workers. The next run does:
a worker's pipe name carries the pid of the run that launched it, and a worker whose run is
gone is stopped and its profile folder removed. Only processes that look exactly like ours
count, so nothing else on the machine is touched.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import uuid
from pathlib import Path
from urllib.parse import unquote

WORKDIR_PREFIX = "vorlage-lo-"  # a run's temporary folder for its workers' profiles


def pipe_name(index: int) -> str:
    """The pipe a worker listens on, naming the run (this process) that owns it."""
    return f"vorlage-{os.getpid()}-{index}-{uuid.uuid4().hex[:8]}"


# A worker's pipe name carries the pid of the run that launched it (see Worker.start).
_OWNER = re.compile(rb"--accept=pipe,name=vorlage-(\d{1,9})-")
_PROFILE = re.compile(rb"-env:UserInstallation=file://(/[^\0]*)")


def reap_orphans() -> None:
    """Stops the LibreOffice workers of runs that were killed outright (SIGKILL, the OOM
    killer) and had no chance to stop them, and removes their profile folders.

    Only processes that look exactly like our workers count: LibreOffice's own binaries, of
    this user and this pid namespace (the owner pid means nothing elsewhere), leading or in
    a session of their own as Worker.start makes them, with a pipe name whose owner is gone.
    """
    try:
        own_namespace = _pid_namespace("self")
    except OSError:  # no /proc to look into: nothing we could judge safely
        return
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmdline = fh.read()
            owner = _OWNER.search(cmdline)
            program = os.path.basename(cmdline.split(b"\0", 1)[0])
            if (not owner or program not in (b"oosplash", b"soffice.bin")
                    or entry.stat().st_uid != os.getuid()
                    or _pid_namespace(str(pid)) != own_namespace
                    or _alive(int(owner.group(1)))):
                continue
            group = os.getpgid(pid)
            if group != os.getsid(pid) or group == os.getpgrp():
                continue
            os.killpg(group, signal.SIGKILL)
        except OSError:  # gone meanwhile, or not ours to look at or stop
            continue
        profile = _PROFILE.search(cmdline)
        if profile:
            _remove_workdir(Path(unquote(os.fsdecode(profile.group(1)))).parent)


def _pid_namespace(pid: str) -> str:
    return os.readlink(f"/proc/{pid}/ns/pid")


def _remove_workdir(folder: Path) -> None:
    """Only a run's own kind of folder: directly in the temporary folder, ours, no link."""
    try:
        if (folder.name.startswith(WORKDIR_PREFIX)
                and folder.parent == Path(tempfile.gettempdir())
                and not folder.is_symlink() and folder.stat().st_uid == os.getuid()):
            shutil.rmtree(folder, ignore_errors=True)
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process, and running
        pass
    return True
