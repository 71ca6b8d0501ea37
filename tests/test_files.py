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
