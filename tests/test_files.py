"""Files appear whole or not at all; new files never replace existing ones."""

import hashlib
import os

import pytest

from pipeline.files import atomic_create, atomic_save, file_hash


def test_atomic_save_replaces_whole_and_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "sub" / "a.pdf"
    atomic_save(lambda p: open(p, "w").write("eins"), target)
    assert target.read_text() == "eins" and oct(target.stat().st_mode & 0o777) == "0o644"
    atomic_save(lambda p: open(p, "w").write("zwei"), target, durable=True)
    assert target.read_text() == "zwei"

    def broken(path):
        open(path, "w").write("halb")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_save(broken, target)
    assert target.read_text() == "zwei"
    assert sorted(os.listdir(target.parent)) == ["a.pdf"]  # no temporary file left


def test_atomic_create_never_overwrites(tmp_path):
    target = tmp_path / "neu.yaml"
    atomic_create(lambda p: open(p, "w").write("erster"), target)
    with pytest.raises(FileExistsError):
        atomic_create(lambda p: open(p, "w").write("zweiter"), target)
    assert target.read_text() == "erster"
    assert sorted(os.listdir(tmp_path)) == ["neu.yaml"]


def test_file_hash_is_the_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "groß.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one read of 1 MiB
    path.write_bytes(data)
    assert file_hash(path) == hashlib.sha256(data).hexdigest()


def test_a_remembered_hash_never_outlives_a_change(tmp_path, monkeypatch):
    import time

    from pipeline import files

    path = tmp_path / "haus.yaml"
    path.write_bytes(b"name: Stadt A\n")
    fresh = file_hash(path)
    assert str(path) not in files._HASHED  # changed just now: not remembered yet
    time.sleep(2.1)
    assert file_hash(path) == fresh and str(path) in files._HASHED  # settled: remembered
    stamp = path.stat().st_mtime_ns
    path.write_bytes(b"name: Stadt B\n")  # same size
    os.utime(path, ns=(stamp, stamp))  # and the old modification time
    assert file_hash(path) == hashlib.sha256(b"name: Stadt B\n").hexdigest()
    time.sleep(2.1)
    file_hash(path)
    reads = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: reads.append(a) or real_open(*a, **k))
    assert file_hash(path) == hashlib.sha256(b"name: Stadt B\n").hexdigest()
    assert reads == []  # unchanged and settled: not read again
