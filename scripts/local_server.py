"""`vorlage serve` on a project folder, for the scripts and benchmarks that drive the real
server (screenshots, the user guide's pictures, bench/server.py): a free loopback port, wait
until it answers, stop it afterwards."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VORLAGE = Path(sys.executable).parent / "vorlage"


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
