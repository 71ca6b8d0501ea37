"""Shared fixtures: a throw-away project folder and one LibreOffice pool per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Copies of ../shared/seeds: CI checks out the project alone, so the seeds travel with it.
SEEDS = REPO / "tests" / "seeds"

MINIMAL = """\
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.02.2024
betreff: Beschaffung von Testgeräten
beratungsfolge:
  - gremium: Hauptausschuss
    sitzung: 01.03.2024
  - gremium: Rat
    sitzung: 15.03.2024
    zustaendigkeit: Entscheidung
beschlussvorschlag: Der Rat beschließt die Beschaffung.
begruendung: |
  Die Geräte sind veraltet.
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with its own config, drafts folder and register."""
    (tmp_path / "vorlage.yaml").write_text(
        "hausstil: standard\nentwuerfe: drafts\nausgabe: output\n"
        "register: output/register.sqlite\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path)
    from pipeline.project import Project

    return Project.find(tmp_path)


@pytest.fixture
def write_draft(project):
    def write(name: str, text: str = MINIMAL) -> Path:
        path = project.drafts_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path
    return write


@pytest.fixture(scope="session")
def converter():
    from pipeline.convert import Converter

    with Converter(jobs=1) as conv:
        yield conv


VORLAGE = Path(sys.executable).parent / "vorlage"  # the installed entry point


def run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs the real `vorlage` command as a user would."""
    return subprocess.run([str(VORLAGE), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def helvetica_pdf(path: Path, *lines: str) -> None:
    """A one-page PDF whose text sits literally in its (compressed) content stream."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i, line in enumerate(lines):
        c.drawString(72, 700 - 20 * i, line)
    c.save()


@pytest.fixture
def session_project(project):
    """`project` with the closed-material session of closed_session.py."""
    from closed_session import make_session_project

    return make_session_project(project)


def soffice_pids(parent: int) -> list[int]:
    """soffice.bin processes started (indirectly) by `parent`."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                cmd = fh.read()
            if b"soffice.bin" not in cmd or f"vorlage-{parent}-".encode() not in cmd:
                continue
            found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for(predicate, timeout=60.0, message="timed out"):
    """Polls `predicate` until it returns something true, which is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(message)
