"""The README's first start, as written: accounts from its commands, then `vorlage serve` and
a sign-in."""

import os
import re
import shlex
import shutil
import subprocess

from helpers import REPO, VORLAGE
from webclient import Client, Server


def first_start_block() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*First start\*\*.*?```bash\n(.*?)```", text, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_documented_first_start_signs_in(tmp_path):
    root = tmp_path / "projekt"
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copy(REPO / "vorlage.yaml", root)
    password = "Erstes-Admin-Passwort"
    lines = first_start_block()
    assert lines[-1] == ".venv/bin/vorlage serve"
    for line in lines[:-1]:
        command = line.replace(".venv/bin/vorlage", shlex.quote(str(VORLAGE)))
        # Standard input is no terminal here, so each command reads the password from it.
        result = subprocess.run(command, shell=True, executable="/bin/bash", cwd=root,
                                input=password + "\n",
                                capture_output=True, text=True, timeout=60,
                                env={**os.environ, "PASSWORT": password})
        assert result.returncode == 0, (line, result.stderr)
    running = Server(root)
    try:
        admin = Client(running.url)
        admin.sign_in("admin", password)
        assert admin.last_url == running.url + "/konten"
        berg = Client(running.url)
        status, page = berg.sign_in("berg", password)
        assert status == 200 and berg.last_url == running.url + "/"
        assert "Bericht zum Projekt Bildungskoordination" in page  # Amt 53's draft
    finally:
        assert "Traceback" not in running.stop()
