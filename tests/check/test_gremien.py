"""`vorlage check` holds the Gremien of a Beratungsfolge and of a session file to the
project's list: „meinten Sie“ at the field, an error where gremien.yaml lists the style's
Gremien, a warning where only haus.yaml does."""

from helpers import MINIMAL, run
from pipeline.check import check_file, gremium_problem
from pipeline.haus import load_house_style
from pipeline.project import Project
from pipeline.schema import load_yaml

LIST = """\
gremien:
  - {name: Hauptausschuss, kurz: HA}
  - {name: Rat}
  - {name: Integrationsrat, kurz: IR, hausstil: bielefeld}
"""

BIELEFELD = MINIMAL.replace("vorlagenart:", "hausstil: bielefeld\nvorlagenart:").replace(
    "gremium: Hauptausschuss", "gremium: Integrationsrath").replace(
    "gremium: Rat\n", "gremium: Rat der Stadt Bielefeld\n")


def with_list(project, text: str = LIST) -> Project:
    (project.root / "gremien.yaml").write_text(text, encoding="utf-8")
    return Project.find(project.root)


def test_a_misspelt_gremium_fails_check_at_its_line(project, write_draft):
    with_list(project)
    write_draft("tippfehler.yaml", MINIMAL.replace("gremium: Rat\n", "gremium: Raat\n"))
    result = run(["check", "drafts/tippfehler.yaml"], project.root)
    assert result.returncode == 1
    assert "drafts/tippfehler.yaml:8:14: beratungsfolge[2].gremium: Gremium „Raat“ ist nicht " \
           "bekannt; meinten Sie „Rat“?" in result.stderr.splitlines()
    assert "1 Fehler, 0 Warnungen" in result.stderr and "Traceback" not in result.stderr


def test_the_style_s_own_gremien_count_and_alone_only_warn(project, write_draft):
    path = write_draft("bielefeld.yaml", BIELEFELD)
    # Without gremien.yaml, haus.yaml's list may be incomplete: a warning.
    found = [(str(p).split(": ", 1)[1], p.severity) for p in check_file(path, project).problems
             if "Gremium „" in p.message]
    assert found == [("beratungsfolge[1].gremium: Warnung: Gremium „Integrationsrath“ ist "
                      "nicht bekannt; meinten Sie „Integrationsrat“?", "warning")]
    listed = with_list(project)
    found = [p for p in check_file(path, listed).problems if "Gremium „" in p.message]
    # Rat der Stadt Bielefeld is known from haus.yaml, though gremien.yaml does not name it.
    assert [(p.field, p.severity) for p in found] == [("beratungsfolge[1].gremium", "error")]


def test_a_list_for_other_styles_only_leaves_a_style_without_one_unchecked(project,
                                                                         write_draft):
    listed = with_list(project, "gremien:\n  - {name: Rat, hausstil: bottrop}\n")
    path = write_draft("standard.yaml", MINIMAL.replace("gremium: Rat\n", "gremium: Raat\n"))
    assert check_file(path, listed).ok and not check_file(path, listed).problems


def test_placeholders_are_not_taken_for_names_and_a_broken_draft_still_gets_the_rule(
        project, write_draft):
    listed = with_list(project)
    scaffold = write_draft("neu.yaml", MINIMAL.replace("gremium: Rat\n",
                                                       "gremium: «Name des Gremiums»\n"))
    messages = [p.message for p in check_file(scaffold, listed).problems]
    assert messages == ["noch auszufüllen: «Name des Gremiums»"]
    broken = write_draft("kaputt.yaml", MINIMAL.replace("gremium: Rat\n", "gremium: ha\n")
                         .replace("betreff:", "betref:"))
    checked = check_file(broken, listed)
    assert checked.draft is None
    assert {p.field: p.message for p in checked.problems}["beratungsfolge[2].gremium"] == \
        "Gremium „ha“ ist nicht bekannt; meinten Sie „Hauptausschuss“?"


def test_a_session_file_s_gremium_is_held_to_the_same_list(project):
    listed = with_list(project)
    session = project.root / "sitzung.yaml"
    session.write_text("hausstil: bielefeld\ngremium: Integrationsrath\ndatum: 03.09.2020\n",
                       encoding="utf-8")
    loaded = load_yaml(session)
    style = load_house_style("bielefeld", listed.template_dirs)
    problem = gremium_problem(loaded, ("gremium",), "Integrationsrath", style, listed)
    assert (problem.line, problem.column, problem.field, problem.severity) == (
        2, 10, "gremium", "error")
    assert problem.message == "Gremium „Integrationsrath“ ist nicht bekannt; meinten Sie " \
                              "„Integrationsrat“?"
    assert gremium_problem(loaded, ("gremium",), "Integrationsrat", style, listed) is None


def test_a_broken_list_stops_every_command_at_its_line(project, write_draft):
    write_draft("a.yaml")
    (project.root / "gremien.yaml").write_text(LIST + "  - {name: rat}\n", encoding="utf-8")
    result = run(["check", "drafts"], project.root)
    assert result.returncode == 1
    assert "gremien.yaml:5:12: gremien[4].name: Name „rat“ gibt es schon (wie in Zeile 3); " \
           "jedes Gremium steht einmal in der Liste" in result.stderr
    assert "Traceback" not in result.stderr
    refused = run(["check", "gremien.yaml"], project.root)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
