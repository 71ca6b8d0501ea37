"""register.py: numbers given out once, gap-free per series, kept per draft, also under
concurrency (real SQLite file, real processes)."""

import multiprocessing
import sqlite3

import pytest

from pipeline.errors import UserError
from pipeline.records import Register


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


def _open_register(path, barrier, errors):
    barrier.wait()
    try:
        Register(path).close()
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(repr(exc))


def test_eight_processes_opening_a_new_register_at_once(tmp_path):
    # Switching a fresh file to WAL can fail at once without waiting on the busy timeout;
    # before the retry this failed about once in seventy openings.
    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    for round_ in range(30):
        path = tmp_path / f"register-{round_}.sqlite"
        barrier = context.Barrier(8)
        procs = [context.Process(target=_open_register, args=(path, barrier, errors))
                 for _ in range(8)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=120)
        assert [proc.exitcode for proc in procs] == [0] * 8
        assert errors.empty(), errors.get()
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_a_register_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "r.sqlite"
    path.write_text("Notizen, keine Datenbank\n")
    with pytest.raises(UserError) as info:
        Register(path)
    assert str(path) in str(info.value.problems[0]) and "nicht öffnen" in str(
        info.value.problems[0])
    assert path.read_text() == "Notizen, keine Datenbank\n"


def test_a_register_another_process_keeps_locked_is_refused_after_the_wait(tmp_path,
                                                                         monkeypatch):
    path = tmp_path / "r.sqlite"
    sqlite3.connect(path).close()
    holder = sqlite3.connect(path, isolation_level=None)  # rollback journal: no reader in
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("pipeline.records.register.WAIT_SECONDS", 0.3)
    with pytest.raises(UserError, match="ist seit 0.3 s gesperrt; läuft noch ein anderer"):
        Register(path)
    holder.execute("ROLLBACK")
    with Register(path) as reg:  # once free, the same file opens
        assert reg.number_of("drafts/a.yaml") is None


def test_a_register_whose_folder_cannot_exist_is_refused(tmp_path):
    (tmp_path / "akte").write_text("eine Datei, kein Ordner")
    with pytest.raises(UserError) as info:
        Register(tmp_path / "akte" / "r.sqlite")
    assert "Ordner für das Nummernregister" in str(info.value.problems[0])


def test_a_register_path_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(UserError) as info:
        Register(tmp_path)
    assert "lässt sich nicht öffnen" in str(info.value.problems[0])


def test_a_typed_number_in_another_spelling_is_the_same_number(tmp_path):
    # Finding 3: 2025/1 beside 2025/0001 ended the batch with an IntegrityError traceback.
    with Register(tmp_path / "r.sqlite") as reg:
        reg.claim("drafts/a.yaml", "2025/0001", "2025/#", 1, "standard")
        with pytest.raises(UserError, match=r"2025/1 gehört im Register schon zu drafts/a.yaml "
                                            r"\(als 2025/0001\)"):
            reg.claim("drafts/b.yaml", "2025/1", "2025/#", 1, "standard")
        with pytest.raises(UserError, match="hat im Register schon die Nummer 2025/0001"):
            reg.claim("drafts/a.yaml", "2025/1", "2025/#", 1, "standard")
        assert [e.nummer for e in reg.entries()] == ["2025/0001"]


def test_schema_version_is_recorded_and_a_newer_register_refused(tmp_path):
    from pipeline.records import VERSION

    path = tmp_path / "r.sqlite"
    with Register(path) as reg:
        assert reg.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(UserError, match="neueren Version von Ratsvorlagen"):
        Register(path)


def test_read_only_register_reads_and_cannot_write(tmp_path):
    path = tmp_path / "r.sqlite"
    assert Register.read_only(path) is None  # none yet: nothing to consult
    with Register(path) as reg:
        reg.assign("drafts/a.yaml", "s", make, "standard")
    reader = Register.read_only(path)
    try:
        assert reader.number_of("drafts/a.yaml") == "2024/0001"
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.db.execute("DELETE FROM nummern")
    finally:
        reader.close()


def test_typed_and_external_numbers_are_registered_as_what_they_are(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        reg.claim("drafts/alt.yaml", "VO/2011/42", "ignored", 42, "standard", "frueher")
        reg.claim_follow_up("drafts/f.yaml", "2015/0288-2", "2015/0288", 2, ("2015/#", 288),
                            "standard")
        issued = reg.assign_follow_up("drafts/g.yaml", "2015/0288", lambda v: f"2015/0288-{v}",
                                      "standard")
        base = reg.entry("2015/0288")
        assert (base.entwurf, base.herkunft, base.serie, base.lfd) == (None, "extern",
                                                                        "2015/#", 288)
        assert issued == "2015/0288-3"  # counted over the typed follow-up
        old = reg.entry("VO/2011/42")
        assert (old.serie, old.lfd, old.herkunft) == ("einzeln:VO/2011/42", 0, "frueher")
        # an external number is still free for the draft that turns up with it
        reg.claim("drafts/orig.yaml", "2015/0288", "2015/#", 288, "standard")
        assert reg.entry("2015/0288").entwurf == "drafts/orig.yaml"
        with pytest.raises(UserError, match="gehört im Register schon zu drafts/f.yaml"):
            reg.claim_follow_up("drafts/h.yaml", "2015/0288-2", "2015/0288", 2,
                                ("2015/#", 288), "standard")
        # nothing of it is counted into the series the tool gives out
        assert reg.assign("drafts/n.yaml", "2011/#", lambda n: f"2011/{n:04d}",
                          "standard") == "2011/0001"


def test_an_external_base_for_an_issued_follow_up(tmp_path):
    with Register(tmp_path / "r.sqlite") as reg:
        with pytest.raises(UserError, match="steht nicht im Register"):
            reg.assign_follow_up("drafts/f.yaml", "2015/0288", lambda v: f"x-{v}", "standard")
        assert reg.assign_follow_up("drafts/f.yaml", "2015/0288", lambda v: f"2015/0288-{v}",
                                    "standard", ("2015/#", 288)) == "2015/0288-1"
        assert reg.entry("2015/0288").herkunft == "extern"


def test_a_register_of_version_4_is_rebuilt_with_its_rows(tmp_path):
    from pipeline.records.schema import MIGRATIONS, VERSION

    path = tmp_path / "r.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    for version, statements in MIGRATIONS[:4]:
        for statement in statements:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")
    db.execute("INSERT INTO nummern VALUES ('2024/0001', '2024/#', 1, 'drafts/a.yaml', "
               "'standard', 'register', NULL, 0, 't')")
    db.execute("INSERT INTO nummern VALUES ('2024/0001-1', '2024/#', 1, 'drafts/b.yaml', "
               "'standard', 'folge', '2024/0001', 1, 't')")
    db.execute("INSERT INTO archiv (nummer, datei, sha256, groesse, zeit, entwurf, "
               "entwurf_sha256, anlagen_sha256, hausstil_sha256, finalisiert_von, betreff, "
               "vorlagenart, datum, gremien) VALUES ('2024/0001', 'a.pdf', 's', 1, 't', "
               "'drafts/a.yaml', 's', 's', 's', 'x', 'B', 'V', '2024-01-01', '[]')")
    db.close()
    with Register(path) as reg:
        assert reg.db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert [e.nummer for e in reg.entries()] == ["2024/0001", "2024/0001-1"]
        assert reg.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):  # archiv still points at its number
            reg.db.execute("DELETE FROM nummern WHERE nummer = '2024/0001'")
        assert reg.assign("drafts/c.yaml", "2024/#", make, "standard") == "2024/0002"
