"""Fixtures of the browser tests that edit drafts: the example project on a real server."""

import pytest

from webclient import Server, example_project


@pytest.fixture
def site(tmp_path):
    root = example_project(tmp_path)
    running = Server(root)
    yield root, running.url
    assert "Traceback" not in running.stop()
