"""`vorlage serve` on a project folder, for the scripts and benchmarks that drive the real
server (screenshots, the user guide's pictures, bench/server.py, bench/editors.py): a copy of
the example project, a free loopback port, wait until it answers, stop it afterwards, and a
urllib opener signed in through the form."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

VORLAGE = Path(sys.executable).parent / "vorlage"
REPO = Path(__file__).resolve().parent.parent


def example_copy(root: Path) -> Path:
    """The example project (drafts, sessions, vorlage.yaml) copied into `root`."""
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    shutil.copy(REPO / "vorlage.yaml", root / "vorlage.yaml")
    return root


def signed_in(url: str, name: str, password: str) -> urllib.request.OpenerDirector:
    """An opener with the session cookie of `name`, signed in through the form."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(url + "/anmelden", timeout=60).read().decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"token": token, "name": name, "passwort": password})
    opener.open(urllib.request.Request(url + "/anmelden", form.encode(), {"Origin": url}),
                timeout=60).read()
    return opener


@contextmanager
def local_server(root: Path) -> Iterator[str]:
    """The running server's base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(VORLAGE), "serve", "--port", str(port)], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(url + "/favicon.ico", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
