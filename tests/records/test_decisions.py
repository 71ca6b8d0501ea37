"""The Beschlussverfolgung's tables: a status with its notes, each note dated and signed;
a change of Amt or due date kept beside the status; one transaction per change."""

import sqlite3

import pytest

from pipeline.records import Decisions, Register


def test_progress_and_notes_are_kept_in_order(tmp_path):
    with Register(tmp_path / "r.sqlite") as register:
        store = Decisions(register)
        assert store.tracked() == {} and store.notes() == {}
        store.update("rat/Ö4", "anna", "Anna Berg", status="in Arbeit", text="begonnen",
                     datum="2021-01-10")
        store.update("rat/Ö4", "sd", "Silke Dienst", text="an 53 abgegeben", amt="53",
                     frist="2021-06-30")
        store.update("rat/N1", "ben", "Ben Roth", status="erledigt", text="Vertrag geschlossen",
                     datum="2020-12-01")
        tracked, notes = store.tracked(), store.notes()
    assert (tracked["rat/Ö4"].status, tracked["rat/Ö4"].amt, tracked["rat/Ö4"].frist) == (
        "in Arbeit", "53", "2021-06-30")  # the later change keeps the status it did not touch
    assert [(n.datum, n.text, n.status, n.anzeigename) for n in notes["rat/Ö4"]][0] == (
        "2021-01-10", "begonnen", "in Arbeit", "Anna Berg")
    assert len(notes["rat/Ö4"]) == 2 and notes["rat/N1"][0].status == "erledigt"


def test_a_status_outside_the_three_is_refused_by_the_database(tmp_path):
    with Register(tmp_path / "r.sqlite") as register:
        with pytest.raises(sqlite3.IntegrityError):
            with register.transaction() as db:
                db.execute("INSERT INTO beschluesse VALUES ('x', 'vielleicht', NULL, NULL, '')")
