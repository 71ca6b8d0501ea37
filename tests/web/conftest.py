"""Fixtures of the web tests: the real `vorlage serve` on a copy of the example project, and
Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import urllib.request

import pytest

from helpers import (
    ARGS,
    CHROMIUM,
    REPO,
    VORLAGE,
    free_port,
    soffice_pids,
    wait_for,
    wait_until_serving,
)


class Server:
    """A running `vorlage serve` whose whole output (our lines, Flask's and the access log) is
    kept in a file, so a test can read what an administrator's log would hold."""

    def __init__(self, root, *args, host="127.0.0.1", token=None):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.port = free_port() if family == socket.AF_INET else free_port6()
        self.log_path = root.parent / f"server-{self.port}.log"
        command = [str(VORLAGE), "serve", "--host", host, "--port", str(self.port), *args]
        if token:
            command += ["--token", token]
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(command, cwd=root, stdout=log,
                                         stderr=subprocess.STDOUT, text=True)
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        self.url = f"http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{self.port}"
        probe = urllib.request.Request(self.url + "/favicon.ico", headers={
            "Authorization": f"Bearer {token}"} if token else {})
        try:
            wait_until_serving(self.proc, probe)
        except BaseException:  # a server that never answered is not left running
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> str:
        """Stops the server (and its preview worker) and returns the complete log."""
        if self.proc.poll() is None:
            workers = soffice_pids(self.proc.pid)
            self.proc.terminate()
            self.proc.wait(timeout=10)
            wait_for(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in workers), 10,
                     f"LibreOffice {workers} outlived the server")
        return self.log()


def free_port6() -> int:
    with socket.socket(socket.AF_INET6) as s:
        s.bind(("::1", 0))
        return s.getsockname()[1]


def example_project(tmp_path):
    root = tmp_path / "projekt"
    root.mkdir()
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    (root / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")
    return root


@pytest.fixture
def server(tmp_path):
    """Starts `vorlage serve` with the given options on a copy of the example project:
    `server(host=…, token=…)`; each is stopped at the end of the test."""
    root = example_project(tmp_path)
    started = []

    def start(*args, **options):
        started.append(Server(root, *args, **options))
        return started[-1]
    yield start
    for running in started:
        running.stop()


@pytest.fixture
def site(server):
    running = server()
    root = running.log_path.parent / "projekt"
    yield root, running.url
    # No request of any test may have ended in a traceback, whatever its status.
    assert "Traceback" not in running.stop()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
