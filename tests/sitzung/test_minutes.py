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
