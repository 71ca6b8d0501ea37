"""schema.py: registers carry a version and are migrated; one made by the main of
2026-12-01 (tests/records/legacy) is opened, adopted into the manifest and built on."""

import shutil
import sqlite3
from pathlib import Path

from helpers import MINIMAL, run

from pipeline.records import VERSION

LEGACY = Path(__file__).parent / "legacy"


def test_a_register_and_archive_from_before_versions_are_migrated_and_built_on(tmp_path):
    root = tmp_path / "alt"
    shutil.copytree(LEGACY, root)
    with sqlite3.connect(root / "output" / "register.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    verify = run(["archiv", "verify"], root)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "3 Vorlagen geprüft" in verify.stdout
    with sqlite3.connect(root / "output" / "register.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    manifest = (root / "output" / "archiv" / "manifest.jsonl").read_text(encoding="utf-8")
    assert len(manifest.splitlines()) == 3
    # The unchanged drafts were archived beside their finals when adopted.
    archived = root / "output" / "archiv" / "2024" / "2024-0002.yaml"
    assert archived.read_bytes() == (root / "drafts" / "strasse.yaml").read_bytes()
    # The old finals stay as they are; a new draft gets the next number.
    again = run(["build", "--final", "drafts"], root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("unverändert") == 3, again.stdout + again.stderr
    (root / "drafts" / "neu.yaml").write_text(MINIMAL.replace("Testgeräten", "Bänken"),
                                              encoding="utf-8")
    built = run(["build", "--final", "drafts/neu.yaml"], root)
    assert built.returncode == 0, built.stderr
    assert "2024/0003" in built.stdout
    assert run(["archiv", "verify"], root).returncode == 0
    assert run(["archiv", "abgleichen"], root).returncode == 0
