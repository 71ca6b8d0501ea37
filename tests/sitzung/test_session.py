"""Sessions: derived TOP numbers and the checks of each Vorlage against the session."""

from helpers import run

SESSION_ERRORS = """\
gremium: Rat der Stadt Bielefeld
datum: 03.09.2020
uhrzeit: "15:00"
ort: Großer Saal
einladungsdatum: 20.08.2020
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
        "hausstil: bielefeld\n" + SESSION_ERRORS.replace("03.09.2020", "10.09.2020"),
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
