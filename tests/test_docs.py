"""The README's format reference is generated from the schema and must be current."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_readme_format_reference_is_current():
    spec = importlib.util.spec_from_file_location("update_readme",
                                                  REPO / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = module.FORMAT.search(text).group(0)
    expected = "<!-- format:start -->\n" + module.format_reference() + "<!-- format:end -->"
    assert block == expected, "README ist veraltet: `make docs` ausführen"
    assert "| `beratungsfolge` |" in text


def test_readme_starts_with_the_two_commands():
    head = (REPO / "README.md").read_text(encoding="utf-8")[:400]
    assert "make demo" in head and "make test" in head
