"""The archive's second kind: an approved Niederschrift is stored once, read-only, in the
manifest and the register, verified with the finals, and never replaced."""

import os

import pytest

from pipeline.errors import UserError
from pipeline.records import (Archive, Register, check_agreement, minutes_record,
                              minutes_records, store_minutes)

ABOUT = {"gremium": "Rat der Stadt Bielefeld", "datum": "2020-09-03", "hausstil": "bielefeld",
         "genehmigt_am": "2020-10-01", "finalisiert_von": "sd"}


@pytest.fixture
def files(tmp_path):
    full, public, session = (tmp_path / "n.pdf", tmp_path / "o.pdf", tmp_path / "rat.yaml")
    full.write_bytes(b"%PDF-1.7 Niederschrift mit nichtoeffentlichem Teil\n")
    public.write_bytes(b"%PDF-1.7 Niederschrift oeffentlich\n")
    session.write_text("gremium: Rat der Stadt Bielefeld\n", encoding="utf-8")
    return full, public, session


def test_a_niederschrift_is_archived_once_and_verified(project, files):
    full, public, session = files
    with Register(project.register_path) as register:
        archive = Archive(register, project.archive_dir, project.root)
        assert store_minutes(archive, "rat-2020-09-03", full, public, session, ABOUT)
        record = minutes_record(archive, "rat-2020-09-03")
        assert record.datei == "2020/niederschriften/rat-2020-09-03.pdf"
        assert record.kopie_datei == "2020/niederschriften/rat-2020-09-03.oeffentlich.pdf"
        stored = archive.file(record.datei)
        assert stored.read_bytes() == full.read_bytes()
        assert oct(stored.stat().st_mode & 0o777) == "0o444"
        assert archive.verify() == []
        # Again from the same session file: nothing is written.
        assert not store_minutes(archive, "rat-2020-09-03", full, public, session, ABOUT)
        # From another version of it: refused, the archived one stays.
        session.write_text("gremium: Rat der Stadt Bielefeld\nende: '19:00'\n",
                           encoding="utf-8")
        with pytest.raises(UserError, match="wird nie ersetzt"):
            store_minutes(archive, "rat-2020-09-03", full, public, session, ABOUT)
        assert [m.sitzung for m in minutes_records(archive)] == ["rat-2020-09-03"]
        # The Vorlagen's bookkeeping does not count it: no number is missing.
        assert archive.manifest.vorlagen() == [] and archive.manifest.by_number() == {}
        check_agreement(register, archive)
        assert list(archive.manifest.niederschriften()) == ["rat-2020-09-03"]
        # A changed byte is found and named.
        os.chmod(stored, 0o644)
        stored.write_bytes(stored.read_bytes().replace(b"Teil", b"Tiel"))
        assert archive.verify() == [f"{stored}: verändert (Prüfsumme stimmt nicht, "
                                    "Niederschrift rat-2020-09-03)"]
        # And a register row that disagrees with the manifest.
        register.db.execute("UPDATE niederschriften SET genehmigt_am = '2020-11-05'")
        assert "Niederschrift rat-2020-09-03: Register weicht vom Manifest ab " \
               "(genehmigt_am)" in archive.verify()
