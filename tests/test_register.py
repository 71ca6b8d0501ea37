"""register.py: numbers given out once, gap-free per series, kept per draft, also under
concurrency (real SQLite file, real processes)."""

import multiprocessing
import sqlite3

import pytest

from pipeline.errors import UserError
from pipeline.register import Register


def make(n):
    return f"2024/{n:04d}"


def test_assign_keeps_number_and_counts_without_gaps(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        a = reg.assign("drafts/a.yaml", "2024/#", make, "standard")
        b = reg.assign("drafts/b.yaml", "2024/#", make, "standard")
        again = reg.assign("drafts/a.yaml", "2024/#", make, "standard")
        other_year = reg.assign("drafts/c.yaml", "2025/#", lambda n: f"2025/{n:04d}", "standard")
    assert (a, b, again, other_year) == ("2024/0001", "2024/0002", "2024/0001", "2025/0001")


def test_register_survives_reopening(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        reg.assign("drafts/a.yaml", "s", make, "standard")
    with Register(tmp_path / "r.sqlite") as reg:
        assert reg.number_of("drafts/a.yaml") == "2024/0001"
        assert reg.assign("drafts/b.yaml", "s", make, "standard") == "2024/0002"


def test_claimed_numbers_continue_the_series(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        reg.claim("drafts/old.yaml", "2024/0850", "s", 850, "standard")
        assert reg.assign("drafts/new.yaml", "s", make, "standard") == "2024/0851"
        with pytest.raises(UserError, match="gehört im Register schon zu drafts/old.yaml"):
            reg.claim("drafts/other.yaml", "2024/0850", "s", 850, "standard")


def test_unique_constraints_hold_even_against_direct_sql(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        reg.assign("drafts/a.yaml", "s", make, "standard")
        with pytest.raises(sqlite3.IntegrityError):
            reg.db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, "
                           "herkunft, vergeben) VALUES ('x', 's', 1, 'drafts/b.yaml', 'st', "
                           "'register', 'now')")


def test_follow_up_versions(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        base = reg.assign("drafts/a.yaml", "s", make, "standard")
        first = reg.assign_follow_up("drafts/a-1.yaml", base, lambda v: f"{base}-{v}", "standard")
        second = reg.assign_follow_up("drafts/a-2.yaml", base, lambda v: f"{base}-{v}",
                                      "standard")
        assert (first, second) == ("2024/0001-1", "2024/0001-2")
        assert reg.assign("drafts/b.yaml", "s", make, "standard") == "2024/0002"


def _worker(args):
    path, drafts = args
    with Register(path) as reg:
        return [(d, reg.assign(d, "s", make, "standard")) for d in drafts]


def test_concurrent_processes_never_share_a_number(tmp_path):
    path = tmp_path / "r.sqlite"
    Register(path).close()
    drafts = [f"drafts/{i:02d}.yaml" for i in range(24)]
    # Eight processes, each numbering an overlapping window of the drafts.
    jobs = [(path, drafts[i * 2:i * 2 + 10]) for i in range(8)]
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        results = [pair for chunk in pool.map(_worker, jobs) for pair in chunk]
    by_draft: dict[str, set] = {}
    for draft, number in results:
        by_draft.setdefault(draft, set()).add(number)
    assert all(len(numbers) == 1 for numbers in by_draft.values())
    numbers = sorted(n for numbers in by_draft.values() for n in numbers)
    assert len(numbers) == len(set(numbers))
    assert numbers == [make(i) for i in range(1, len(numbers) + 1)]  # gap-free
