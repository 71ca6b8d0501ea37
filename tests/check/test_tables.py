"""A table's widths line that cannot be applied: a problem at its own line of the draft, in
every Markdown text, also when the draft fails the schema elsewhere."""

from helpers import MINIMAL, run
from pipeline.check import check_file

TABLES = MINIMAL.replace("  Die Geräte sind veraltet.\n", """\
  Die Geräte sind veraltet.

  <!-- breiten: 60 40 -->
  |  |  |  |
  |---|---|---|
  | Beamer | 2 | 1.200 € |

  <!-- breiten: 60 40 -->
  | Gerät | Anzahl |
  |---|---|
  | Beamer | 2 |

  <!-- breiten: 60 40 -->
  | Gerät | Anzahl | Preis |
  |---|---|---|
  | Beamer | 2 | 1.200 € |
""") + 'zusammenfassung: "Kurz.\\n\\n<!-- breiten: 1 x -->\\n| a | b |\\n|-|-|\\n"\n'


def problems(checked):
    return [(p.line, p.column, p.field, p.message) for p in checked.problems
            if "breite" in p.message.lower()]


def test_each_wrong_widths_line_is_named_at_its_line(project, write_draft):
    path = write_draft("tabellen.yaml", TABLES)
    lines = path.read_text(encoding="utf-8").splitlines()
    found = problems(check_file(path, project))
    wrong = "2 Spaltenbreiten angegeben, die Tabelle hat aber 3 Spalten"
    assert found == [
        (15, 3, "begruendung", wrong),  # the first and third of the same line, not the second
        (25, 3, "begruendung", wrong),
        (29, 28, "zusammenfassung",  # a quoted text: its line, where the widths stand
         "Spaltenbreite „x“ ist keine Zahl; so geht es: <!-- breiten: 60 20 20 -->")]
    assert lines[14] == lines[24] == "  <!-- breiten: 60 40 -->"
    # The command line shows the same, so an editor jumps to the line.
    result = run(["check", "drafts/tabellen.yaml"], project.root)
    assert result.returncode == 1
    assert f"drafts/tabellen.yaml:25:3: begruendung: {wrong}" in result.stderr


def test_a_draft_that_fails_the_schema_still_gets_them(project, write_draft):
    path = write_draft("kaputt.yaml", TABLES.replace("betreff:", "betref:"))
    checked = check_file(path, project)
    assert any("betref" in p.field for p in checked.problems)
    assert [line for line, *_ in problems(checked)] == [15, 25, 29]


def test_right_widths_are_no_problem(project, write_draft):
    path = write_draft("gut.yaml", TABLES.replace("breiten: 60 40 -->\n  |  |  |  |",
                                                  "breiten: 60 20 20 -->\n  |  |  |  |")
                       .replace("breiten: 60 40 -->\n  | Gerät | Anzahl | Preis",
                                "breiten: 3 1 1 -->\n  | Gerät | Anzahl | Preis")
                       .replace("1 x", "1 2"))
    assert problems(check_file(path, project)) == []
