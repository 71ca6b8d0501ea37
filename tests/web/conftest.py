"""Fixtures of the web tests: the real `vorlage serve` on a copy of the example project, and
Debian's Chromium driven by Playwright."""

import os
import shutil
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


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "projekt"
    root.mkdir()
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    (root / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")
    port = free_port()
    proc = subprocess.Popen([str(VORLAGE), "serve", "--port", str(port)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, url + "/favicon.ico")
    yield root, url
    workers = soffice_pids(proc.pid)  # the warm preview worker, if a test started it
    proc.terminate()
    proc.wait(timeout=10)
    wait_for(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in workers), 10,
             f"LibreOffice {workers} outlived the server")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
