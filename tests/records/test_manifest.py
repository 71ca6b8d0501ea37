"""manifest.py: the archive's append-only account, durable and tolerant of a torn line."""

import pytest

from pipeline.errors import UserError
from pipeline.records import Manifest


def entry(nummer, serie="2024/#", lfd=1, version=0):
    return {"nummer": nummer, "serie": serie, "lfd": lfd, "version": version}


def test_entries_come_back_in_order_and_the_highest_per_series(tmp_path):
    m = Manifest(tmp_path)
    assert m.entries() == [] and not m.exists()
    for e in (entry("2024/0001"), entry("2024/0002", lfd=2), entry("2024/0001-1", version=1),
              entry("2025/0001", "2025/#")):
        m.append(e)
    assert [e["nummer"] for e in m.entries()] == ["2024/0001", "2024/0002", "2024/0001-1",
                                                  "2025/0001"]
    assert m.highest() == {"2024/#": (2, 0, "2024/0002"), "2025/#": (1, 0, "2025/0001")}


def test_a_torn_last_line_is_ignored_and_cut_before_the_next_entry(tmp_path):
    m = Manifest(tmp_path)
    m.append(entry("2024/0001"))
    with open(m.path, "ab") as fh:
        fh.write(b'{"nummer": "2024/00')  # a crash while appending
    assert [e["nummer"] for e in m.entries()] == ["2024/0001"]
    m.append(entry("2024/0002", lfd=2))
    assert [e["nummer"] for e in m.entries()] == ["2024/0001", "2024/0002"]


def test_damage_above_the_last_line_is_an_error(tmp_path):
    m = Manifest(tmp_path)
    m.append(entry("2024/0001"))
    m.path.write_bytes(b"kaputt\n" + m.path.read_bytes())
    with pytest.raises(UserError, match="manifest.jsonl:1: Zeile des Archiv-Manifests"):
        m.entries()
