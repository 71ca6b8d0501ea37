"""The Niederschrift as data: the public one holds nothing of the closed part, the decided
wording is marked against the proposal, extracts are named by their TOP."""

import pytest

from closed_session import MARKER_VORLAGE, SESSION_RESULTS

from pipeline.errors import UserError
from pipeline.sitzung import load_session, minutes_of
from pipeline.sitzung.minutes import extract_indices, extract_name, wording


@pytest.fixture
def session(session_project):
    path = session_project.root / "sitzungen" / "rat.yaml"
    path.write_text(SESSION_RESULTS, encoding="utf-8")
    return load_session(path, session_project)


def test_the_wording_is_marked_word_by_word_or_stands_alone():
    pieces = wording("Der Rat beschließt den Neubau sofort.",
                     "Der Rat beschließt den Neubau im Jahr 2021.")
    assert "".join(t for m, t in pieces if m != "-") == \
        "Der Rat beschließt den Neubau im Jahr 2021."
    assert ("-", "sofort. ") in pieces and ("+", "im Jahr 2021.") in pieces
    assert wording("Der Rat beschließt den Neubau.", "Ganz anders: ein Gutachten wird "
                                                     "eingeholt.") == (
        ("+", "Ganz anders: ein Gutachten wird eingeholt."),)


def test_the_public_niederschrift_holds_nothing_of_the_closed_part(session, session_project):
    members = minutes_of(session, session_project)
    public = minutes_of(session, session_project, public=True)
    closed = [i for i in members.items if i.teil == "nichtoeffentlich"]
    assert closed[0].titel == "Grundstücksangelegenheit Testweg"
    assert closed[0].vermerk == f"Notiz: {MARKER_VORLAGE}"
    assert ("+", "an den zweiten Bieter ") in closed[0].wortlaut  # marked in the proposal
    hidden = [i for i in public.items if i.teil == "nichtoeffentlich"]
    assert hidden == [type(hidden[0])("N 1", "nichtoeffentlich",
                                      "Nichtöffentliche Angelegenheit")]
    assert [i.ergebnis for i in public.items if i.teil == "oeffentlich"] == \
        [i.ergebnis for i in members.items if i.teil == "oeffentlich"]
    turnhalle = next(i for i in public.items if i.titel == "Neubau einer Turnhalle")
    assert turnhalle.wortlaut == (("=", "Der Rat beschließt den Neubau."),)
    assert [a.name for a in public.anwesend] == ["Anna Vorsitz", "Bernd Beispiel"]
    assert public.anwesend[1].detail == "ab Ö 2" and public.beginn == "15:02"


def test_extracts_are_named_by_their_top_as_typed(session):
    assert extract_indices(session, ("Ö2.2", "N 1")) == [3, 5]
    assert extract_indices(session, ()) == [3, 4, 5]
    assert extract_name(session.tops[3]) == "Beschlussauszug-Oe-2.2.pdf"
    with pytest.raises(UserError) as caught:
        extract_indices(session, ("Ö 9", "Ö 1"))
    said = [p.message for p in caught.value.problems]
    assert said == ["TOP „Ö 9“ gibt es in dieser Sitzung nicht; mit Ergebnis: Ö 2.2, Ö 3, N 1",
                    "TOP Ö 1 hat noch kein Ergebnis"]


def test_a_niederschrift_is_approved_after_its_session(session_project):
    path = session_project.root / "sitzungen" / "rat.yaml"
    path.write_text(SESSION_RESULTS + "niederschrift: {status: genehmigt, genehmigt_am: "
                                      "01.09.2020}\n", encoding="utf-8")
    session = load_session(path, session_project)
    assert [(p.field, p.message) for p in session.problems if p.is_error] == [
        ("niederschrift.genehmigt_am", "liegt vor der Sitzung (03.09.2020)")]
    path.write_text(SESSION_RESULTS + "niederschrift: {status: genehmigt}\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_session(path, session_project)
    assert "genehmigt: braucht `genehmigt_am`" in str(caught.value)


def test_the_approved_niederschrift_is_archived_once_and_handed_out_as_archived(
        session_project):
    import json

    from helpers import run

    root = session_project.root
    path = root / "sitzungen" / "rat.yaml"
    path.write_text(SESSION_RESULTS, encoding="utf-8")
    refused = run(["sitzung", "niederschrift", "sitzungen/rat.yaml", "--final"], root)
    assert refused.returncode == 1 and "final wird erst die genehmigte Niederschrift" in \
        refused.stderr
    path.write_text(SESSION_RESULTS + "niederschrift: {status: genehmigt, genehmigt_am: "
                                      "01.10.2020}\n", encoding="utf-8")
    done = run(["sitzung", "niederschrift", "sitzungen/rat.yaml", "--final"], root)
    assert done.returncode == 0, done.stderr
    assert "archiviert" in done.stderr
    archived = session_project.archive_dir / "2020" / "niederschriften"
    out = session_project.output_dir / "sitzungen" / "rat"
    assert (out / "Niederschrift.pdf").read_bytes() == (archived / "rat.pdf").read_bytes()
    assert (out / "Niederschrift-oeffentlich.pdf").read_bytes() == \
        (archived / "rat.oeffentlich.pdf").read_bytes()
    assert (archived / "rat.yaml").read_bytes() == path.read_bytes()
    listing = run(["archiv", "list"], root).stdout
    line = next(x for x in listing.splitlines() if x.startswith("rat "))
    assert "Niederschrift" in line and "Rat der Stadt Bielefeld" in line
    assert line.endswith("genehmigt 2020-10-01")
    verify = run(["archiv", "verify"], root)
    assert verify.returncode == 0 and "1 Niederschriften" in verify.stdout
    # Built again, without --final: the archived files, never new ones.
    again = run(["sitzung", "niederschrift", "sitzungen/rat.yaml"], root)
    assert again.returncode == 0 and "unverändert" in again.stderr
    assert (out / "Niederschrift.pdf").read_bytes() == (archived / "rat.pdf").read_bytes()
    # The session file changed after: refused, the archive stays.
    path.write_text(path.read_text(encoding="utf-8").replace('ende: "17:45"', 'ende: "17:50"'),
                    encoding="utf-8")
    changed = run(["sitzung", "niederschrift", "sitzungen/rat.yaml"], root)
    assert changed.returncode == 1 and "wird nie ersetzt" in changed.stderr
    assert "Traceback" not in changed.stderr
    # The hand-over carries it, with the public version named as the one to publish.
    assert run(["archiv", "export", "--year", "2020", "--out", "abgabe"], root).returncode == 0
    index = json.loads((root / "abgabe" / "index.json").read_text(encoding="utf-8"))
    assert index["niederschriften"] == [{
        "sitzung": "rat", "gremium": "Rat der Stadt Bielefeld", "datum": "2020-09-03",
        "genehmigt_am": "2020-10-01", "finalisiert": index["niederschriften"][0]["finalisiert"],
        "datei": "rat.pdf", "sha256": index["niederschriften"][0]["sha256"],
        "oeffentliche_fassung": "rat.oeffentlich.pdf", "beim_kommunalarchiv": False}]
    assert (root / "abgabe" / "rat.oeffentlich.pdf").is_file()
