"""Shared fixtures: a throw-away project folder, one LibreOffice pool per test session,
Debian's Chromium driven by Playwright, and the example project with its accounts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import ARGS, CHROMIUM, MINIMAL


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
    from pipeline.pdf import Converter

    with Converter(jobs=1) as conv:
        yield conv


@pytest.fixture
def session_project(project):
    """`project` with the closed-material session of closed_session.py."""
    from closed_session import make_session_project

    return make_session_project(project)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def project_root(tmp_path):
    """The example project with its accounts, for the app in-process (Flask's test client)."""
    from webclient import example_project

    return example_project(tmp_path)
