"""The README: it starts with the two commands, and its generated parts are current."""

import importlib.util

from helpers import REPO


def update_readme():
    spec = importlib.util.spec_from_file_location("update_readme",
                                                  REPO / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_starts_with_the_two_commands():
    head = (REPO / "README.md").read_text(encoding="utf-8")[:400]
    assert "make demo" in head and "make test" in head


def test_readme_format_reference_and_code_map_are_current():
    module = update_readme()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert module.updated(text) == text, "README ist veraltet: `make docs` ausführen"
    assert "| `beratungsfolge` |" in text
    assert "| `pipeline/build/` |" in text
