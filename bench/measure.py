"""Running a command and measuring it: wall time, peak memory of its whole process tree, and
its CPU time split into LibreOffice's and the tool's own.

The total CPU time is exact: the kernel adds every reaped descendant's time to its parent, and
wait4 returns the root's. LibreOffice's share is read from /proc while the command runs (each
LibreOffice process's last reading before it ends), so what it spends in its last tenth of a
second counts for the tool: the split errs against the tool, never for it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

LIBREOFFICE = {"soffice.bin", "oosplash", "soffice"}
TICK = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
INTERVAL = 0.1  # seconds between readings: often enough for peaks, cheap on two cores


@dataclass
class Measured:
    wall_s: float
    cpu_s: float
    libreoffice_cpu_s: float
    peak_mib: float
    output: str

    @property
    def tool_cpu_s(self) -> float:
        return max(0.0, self.cpu_s - self.libreoffice_cpu_s)


def processes() -> dict[int, tuple[int, str, float, int]]:
    """pid -> (parent, name, CPU seconds so far, resident KiB) of every process."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                raw = fh.read().decode(errors="replace")
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        out[int(entry.name)] = (int(fields[1]), name,
                                (int(fields[11]) + int(fields[12])) / TICK,
                                int(fields[21]) * PAGE_KIB)
    return out


def descendants(root: int, table: dict) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, *_rest) in table.items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> Measured:
    """Runs `cmd` to its end; a failure ends the benchmark with the command's output."""
    with tempfile.TemporaryFile() as log:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        peak_kib, office_cpu = 0, {}
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_kib
            while not done.is_set():
                table = processes()
                tree = descendants(proc.pid, table)
                peak_kib = max(peak_kib, sum(table[p][3] for p in tree if p in table))
                for pid in tree:
                    if pid in table and table[pid][1] in LIBREOFFICE:
                        office_cpu[pid] = table[pid][2]
                done.wait(INTERVAL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        log.seek(0)
        output = log.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{output[-3000:]}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, sum(office_cpu.values()),
                    peak_kib / 1024, output)


def parallel(commands: list[list[str]], cwd: Path) -> tuple[float, float]:
    """Runs the commands side by side; (wall seconds, their CPU seconds, exact)."""
    started = time.monotonic()
    procs = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for c in commands]
    cpu = 0.0
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, proc.args))} failed")
        cpu += usage.ru_utime + usage.ru_stime
    return time.monotonic() - started, cpu
