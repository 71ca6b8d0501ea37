"""Attendance checked against the Gremium's members, and votes against who was there."""

from closed_session import SESSION

from pipeline.sitzung import load_session

MEMBERS = """\
  - name: Rat der Stadt Bielefeld
    kurz: Rat
    hausstil: bielefeld
    wahlperioden:
      - name: 2014–2020
        von: 01.06.2014
        bis: 31.10.2020
        mitglieder:
          - {name: Anna Vorsitz, rolle: Vorsitz}
          - {name: Bernd Beispiel, fraktion: Liste A}
          - {name: Clara Muster, fraktion: Liste B}
          - {name: Dieter Probe, fraktion: Liste B}
          - {name: Emil Rat, rolle: beratendes Mitglied}
          - {name: Frieda Ersatz, stellvertretend: ja}
"""

# Everyone there except Dieter Probe (excused, represented); Clara Muster from Ö 2 on.
ATTENDANCE = """\
beginn: "15:05"
ende: "18:40"
anwesenheit:
  - Anna Vorsitz
  - Bernd Beispiel
  - {name: Clara Muster, ab: Ö2}
  - {name: Dieter Probe, status: entschuldigt}
  - {name: Frieda Ersatz, vertritt: Dieter Probe}
  - Emil Rat
  - {name: Gerd Amtsleiter, funktion: Verwaltung}
"""


def _session(project, text: str):
    gremien = project.root / "gremien.yaml"
    gremien.write_text("gremien:\n" + MEMBERS, encoding="utf-8")
    path = project.root / "sitzungen" / "rat.yaml"
    path.write_text(text, encoding="utf-8")
    return load_session(path, project)


def _with(ergebnis_eroeffnung: str, ergebnis_kim: str, extra: str = ATTENDANCE) -> str:
    text = SESSION.replace("  - titel: Eröffnung\n",
                           f"  - titel: Eröffnung\n    ergebnis: {ergebnis_eroeffnung}\n")
    text = text.replace("  - vorlage: drafts/bielefeld-kim.yaml\n",
                        f"  - vorlage: drafts/bielefeld-kim.yaml\n    {ergebnis_kim}\n")
    return text.replace("oeffentlicher_teil:", extra + "oeffentlicher_teil:", 1)


def _messages(session) -> list[str]:
    return [f"{p.line}: {p.message}" for p in session.problems]


def test_a_complete_attendance_and_fitting_votes_pass(session_project):
    session = _session(session_project, _with(
        "{status: zur Kenntnis genommen}",
        "ergebnis: {status: beschlossen, abstimmung: {ja: 3, nein: 1}}"))
    assert _messages(session) == []
    kim = next(t for t in session.tops if t.ref == "drafts/bielefeld-kim.yaml")
    assert kim.ergebnis.printed() == "beschlossen (Ja: 3, Nein: 1)"


def test_more_votes_than_members_present_are_refused_at_the_vote(session_project):
    # At Ö 1 Clara Muster is not there yet and Emil Rat has no vote: 3 could vote.
    session = _session(session_project, _with(
        "{status: beschlossen, abstimmung: {ja: 3, enthaltungen: 1}}",
        "ergebnis: {status: beschlossen, abstimmung: {ja: 4}}"))
    assert _messages(session) == [
        "19: 4 Stimmen, aber bei Ö 1 waren nur 3 stimmberechtigte Mitglieder anwesend"]
    assert session.problems[0].field == "oeffentlicher_teil[1].ergebnis.abstimmung"


def test_those_befangen_do_not_count_and_must_have_been_there(session_project):
    session = _session(session_project, _with(
        "zur Kenntnis genommen",
        "befangen: [Bernd Beispiel, Clara Mustr]\n"
        "    ergebnis: {status: beschlossen, abstimmung: {ja: 4}}"))
    # Of the four who could vote at Ö 3, Bernd Beispiel was befangen (the other name is
    # nobody's): three remain.
    assert _messages(session) == [
        "25: „Clara Mustr“ steht nicht in der Anwesenheit; meinten Sie „Clara Muster“?",
        "26: 4 Stimmen, aber bei Ö 3 waren nur 3 stimmberechtigte Mitglieder anwesend, "
        "2 befangen"]


def test_attendance_names_members_once_and_real_tops(session_project):
    attendance = ATTENDANCE.replace("  - Bernd Beispiel\n", "  - Bernd Beispiel\n"
                                                          "  - Bernd  Beispiel\n"
                                                          "  - Berndt Beispiel\n")
    attendance = attendance.replace("ab: Ö2", "ab: Ö 9").replace("Anna Vorsitz\n",
                                                                "{name: Anna Vorsitz, "
                                                                "bis: 25:00}\n")
    attendance = attendance.replace("  - {name: Dieter Probe, status: entschuldigt}\n", "")
    session = _session(session_project, _with("zur Kenntnis genommen", "", attendance))
    assert _messages(session) == [
        "10: „25:00“ ist weder eine Uhrzeit (17:30) noch ein TOP dieser Sitzung (z. B. Ö 5)",
        "12: „Bernd  Beispiel“ steht schon in der Anwesenheit",
        "13: „Berndt Beispiel“ ist kein Mitglied von Rat der Stadt Bielefeld in der "
        "Wahlperiode 2014–2020; meinten Sie „Bernd Beispiel“?",
        "14: „Ö 9“ ist weder eine Uhrzeit (17:30) noch ein TOP dieser Sitzung (z. B. Ö 5)",
    ]
    # Dieter Probe is represented, so nobody is missing; without the representative he is.
    session = _session(session_project, _with(
        "zur Kenntnis genommen", "", ATTENDANCE.replace(", vertritt: Dieter Probe", "")
        .replace("  - {name: Dieter Probe, status: entschuldigt}\n", "")))
    assert [(p.message, p.severity) for p in session.problems] == [
        ("ohne Angabe zur Anwesenheit: Dieter Probe (anwesend oder entschuldigt?)", "warning")]


def test_without_members_the_attendance_is_not_checked(project):
    from closed_session import make_session_project

    make_session_project(project)
    path = project.root / "sitzungen" / "rat.yaml"
    path.write_text(_with("zur Kenntnis genommen",
                          "ergebnis: {status: beschlossen, abstimmung: {ja: 40}}"),
                    encoding="utf-8")
    session = load_session(path, project)
    assert [(p.message[:63], p.severity) for p in session.problems] == [
        ("für „Rat der Stadt Bielefeld“ verzeichnet gremien.yaml keine Mi", "warning"),
        ("40 Stimmen, aber bei Ö 3 waren nur 5 stimmberechtigte Mitgliede", "error")]


def test_a_wording_belongs_to_a_decision_only(session_project):
    import pytest

    from pipeline.errors import UserError

    with pytest.raises(UserError) as caught:
        _session(session_project, _with("{status: vertagt, text: Anders beschlossen.}", ""))
    assert "`text:` (der beschlossene Wortlaut) gilt nur für beschlossen" in str(caught.value)
