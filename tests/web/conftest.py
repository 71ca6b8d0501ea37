"""Fixtures of the web tests: the real `vorlage serve` (waitress) on a copy of the example
project with an account per role, a client that signs in through the form, and Debian's
Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess

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
from webclient import PASSWORD, USERS

class Server:
    """A running `vorlage serve` whose whole output is kept in a file, so a test can read
    what an administrator's log would hold."""

    def __init__(self, root, *args, host="127.0.0.1", env=None):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.port = free_port() if family == socket.AF_INET else free_port6()
        self.log_path = root.parent / f"server-{self.port}.log"
        command = [str(VORLAGE), "serve", "--host", host, "--port", str(self.port), *args]
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(command, cwd=root, stdout=log,
                                         stderr=subprocess.STDOUT, text=True,
                                         env={**os.environ, **(env or {})})
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        self.url = f"http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{self.port}"
        try:
            wait_until_serving(self.proc, self.url + "/favicon.ico")
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


def add_users(root, users=None):
    from pipeline.accounts import Accounts, parse_roles
    from pipeline.project import Project

    project = Project.find(root)
    with Accounts(project.accounts_path) as accounts:
        for name, (shown, roles) in (users or USERS).items():
            accounts.add(name, parse_roles(roles, None, project.amt_key), PASSWORD, shown)


def example_project(tmp_path, extra: str = ""):
    """A copy of the example project with its list of Ämter and an account per role."""
    root = tmp_path / "projekt"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    config = (REPO / "vorlage.yaml").read_text(encoding="utf-8")
    (root / "vorlage.yaml").write_text(config + extra, encoding="utf-8")
    add_users(root)
    return root


@pytest.fixture
def server(tmp_path):
    """Starts `vorlage serve` with the given options on a copy of the example project:
    `server(host=…, extra=<more vorlage.yaml>)`; each is stopped at the end of the test."""
    started, roots = [], {}

    def start(*args, extra: str = "", **options):
        if extra not in roots:
            roots[extra] = example_project(tmp_path / f"p{len(roots)}", extra)
        started.append(Server(roots[extra], *args, **options))
        started[-1].root = roots[extra]
        return started[-1]
    yield start
    for running in started:
        running.stop()


@pytest.fixture
def site(server):
    running = server()
    yield running.root, running.url
    # No request of any test may have ended in a traceback, whatever its status.
    assert "Traceback" not in running.stop()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
