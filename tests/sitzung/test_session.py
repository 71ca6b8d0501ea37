"""Sessions: derived TOP numbers and the checks of each Vorlage against the session."""

from closed_session import SESSION
from helpers import run

# The session of closed_session.py with an agenda that breaks every rule.
SESSION_ERRORS = SESSION.split("oeffentlicher_teil:")[0] + """\
oeffentlicher_teil:
  - vorlage: drafts/grundstueck.yaml
  - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/turnhalle.yaml
  - vorlage: drafts/fehlt.yaml
nichtoeffentlicher_teil:
  - vorlage: drafts/bielefeld-kim.yaml
"""


def test_agenda_cross_checks(session_project):
    root = session_project.root
    (root / "sitzungen" / "falsch.yaml").write_text(
        SESSION_ERRORS.replace("03.09.2020", "10.09.2020"),
        encoding="utf-8")
    result = run(["sitzung", "build", "sitzungen/falsch.yaml"], root)
    assert result.returncode == 1
    err = result.stderr
    assert "sitzungen/falsch.yaml:8:14: oeffentlicher_teil[1].vorlage: nichtöffentliche " \
           "Vorlage im öffentlichen Teil" in err
    assert "oeffentlicher_teil[3].vorlage: Vorlage steht schon unter Ö 2 auf der " \
           "Tagesordnung" in err
    assert "oeffentlicher_teil[4].vorlage: Vorlage „drafts/fehlt.yaml“ nicht gefunden" in err
    assert "oeffentlicher_teil[2].vorlage: „Neubau einer Turnhalle“ sieht in der " \
           "Beratungsfolge keine Beratung im Gremium „Rat der Stadt Bielefeld“ am " \
           "10.09.2020 vor" in err
    assert "Traceback" not in err
    assert not (session_project.output_dir / "sitzungen" / "falsch").exists()


def test_top_numbers_are_derived_and_the_agenda_is_plain_data(session_project):
    from pipeline.sitzung import load_session

    session = load_session(session_project.root / "sitzungen" / "rat.yaml", session_project)
    assert [(t.nummer, t.teil[0]) for t in session.tops] == [
        ("Ö 1", "o"), ("Ö 2", "o"), ("Ö 2.1", "o"), ("Ö 2.2", "o"), ("Ö 3", "o"), ("N 1", "n")]
    assert [t.ref for t in session.vorlagen()] == ["drafts/turnhalle.yaml",
                                                   "drafts/bielefeld-kim.yaml",
                                                   "drafts/grundstueck.yaml"]
    assert session.problems == []
    agenda = session.agenda()
    assert agenda.wochentag == "Donnerstag" and agenda.gremium == "Rat der Stadt Bielefeld"
    assert [(i.nummer, i.titel) for i in agenda.items][3] == ("Ö 2.2", "Neubau einer Turnhalle")
