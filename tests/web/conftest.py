"""Fixtures of the web tests: the real `vorlage serve` (waitress) on a copy of the example
project with an account per role, a client that signs in through the form, and Debian's
Chromium driven by Playwright."""

import pytest

from webclient import Server, example_project

@pytest.fixture
def server(tmp_path):
    """Starts `vorlage serve` with the given options on a copy of the example project:
    `server(host=…, extra=<more vorlage.yaml>, edits=((old, new), …))`; each is stopped at
    the end of the test."""
    started, roots = [], {}

    def start(*args, extra: str = "", edits: tuple = (), **options):
        key = (extra, edits)
        if key not in roots:
            roots[key] = example_project(tmp_path / f"p{len(roots)}", extra, edits)
        started.append(Server(roots[key], *args, **options))
        started[-1].root = roots[key]
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
