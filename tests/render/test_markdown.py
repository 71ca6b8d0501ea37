"""One Markdown reading for the PDF and the browser: CommonMark, tables, footnotes, no HTML."""

import threading

from pipeline.render import block_tree, inline_nodes, markdown_html, table_problems
from pipeline.render.markdown import parser


def test_the_tree_has_the_blocks_drafts_use():
    tree = block_tree("# Titel\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n"
                      "[^1]: Fußnote\n")
    assert [n.type for n in tree.children] == ["heading", "bullet_list", "table", "paragraph",
                                               "footnote_block"]


def test_raw_html_stays_text_everywhere():
    nodes = inline_nodes("<b>fett</b> & **echt**")
    assert nodes[0].type == "text" and nodes[0].content == "<b>fett</b> & "
    assert nodes[1].type == "strong"
    html = markdown_html("<script>alert(1)</script> und ~~weg~~")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<s>weg</s>" in html


def test_inline_nodes_of_one_paragraph():
    nodes = inline_nodes("Der **Rat** beschließt *gern*")
    assert [n.type for n in nodes] == ["text", "strong", "text", "em"]
    assert nodes[1].children[0].content == "Rat"


def test_each_thread_has_its_own_parser():
    seen = []
    worker = threading.Thread(target=lambda: seen.append(parser()))
    worker.start()
    worker.join()
    assert seen[0] is not parser() and parser() is parser()


# --- the two table options: an empty header row, a widths line -------------------------

PLAIN_GRID = """\
Kosten:

<!-- breiten: 60 20 20 -->
|  |  |  |
|---|--:|--:|
| Planung | 2024 | 120.000 € |
| Bau | 2025 | 1.480.000 € |
"""


def test_an_empty_header_row_means_a_table_without_header():
    table = block_tree(PLAIN_GRID).children[1]
    assert table.type == "table" and table.meta["kopf"] is False
    assert [section.type for section in table.children] == ["tbody"]
    assert [row.children[0].children[0].children[0].content for row in table.children[0]
            .children] == ["Planung", "Bau"]
    html = markdown_html(PLAIN_GRID)
    assert "<thead>" not in html and "<th" not in html and "<td>Planung</td>" in html
    # A header with one filled cell is a header; a table that is nothing but an empty
    # header keeps it (no rows would be left).
    partly = block_tree("| | Betrag |\n|---|---|\n| a | 1 |\n").children[0]
    assert partly.meta["kopf"] is True and partly.children[0].type == "thead"
    only = block_tree("|  |  |\n|---|---|\n").children[0]
    assert [section.type for section in only.children] == ["thead"]


def test_the_widths_line_gives_shares_and_disappears():
    tree = block_tree(PLAIN_GRID)
    assert [n.type for n in tree.children] == ["paragraph", "table"]  # no comment paragraph
    assert tree.children[1].meta["breiten"] == [0.6, 0.2, 0.2]
    html = markdown_html(PLAIN_GRID)
    assert "breiten" not in html
    assert '<colgroup><col width="60.0%"><col width="20.0%"><col width="20.0%"></colgroup>' in html
    # A blank line between (as the browser editor writes it), percent, decimal commas,
    # proportions, and the line ending a paragraph: all the same kind of widths.
    for text, shares in (("<!-- breiten: 3 1 -->\n\n| a | b |\n|-|-|\n", [0.75, 0.25]),
                         ("<!-- breiten: 75% 25% -->\n| a | b |\n|-|-|\n", [0.75, 0.25]),
                         ("<!-- Breiten: 1,5 0,5 -->\n| a | b |\n|-|-|\n", [0.75, 0.25]),
                         ("Davor.\n<!-- breiten: 75 25 -->\n| a | b |\n|-|-|\n", [0.75, 0.25])):
        table = next(n for n in block_tree(text).children if n.type == "table")
        assert table.meta["breiten"] == shares, text
    tree = block_tree("Davor.\n<!-- breiten: 75 25 -->\n| a | b |\n|-|-|\n")
    assert tree.children[0].children[0].content == "Davor."
    assert table_problems(PLAIN_GRID) == []


def test_other_comments_stay_text_as_raw_html_does():
    html = markdown_html("<!-- Hinweis: entwurf -->\n\n| a |\n|---|\n| 1 |\n")
    assert "&lt;!-- Hinweis: entwurf --&gt;" in html and "<colgroup>" not in html


def test_wrong_widths_are_problems_at_their_line_and_print_nothing():
    text = ("Einleitung.\n\n<!-- breiten: 60 40 -->\n" + PLAIN_GRID.split("\n", 3)[3]
            + "\n<!-- breiten: 1 zwei -->\n| a | b |\n|-|-|\n"
            + "\n<!-- breiten: 0 1 -->\n| a | b |\n|-|-|\n"
            + "\n<!-- breiten: 60% 50% -->\n| a | b |\n|-|-|\n"
            + "\nText mitten\n<!-- breiten: 1 1 -->\nim Absatz.\n")
    assert table_problems(text) == [
        (2, "2 Spaltenbreiten angegeben, die Tabelle hat aber 3 Spalten"),
        (8, "Spaltenbreite „zwei“ ist keine Zahl; so geht es: <!-- breiten: 60 20 20 -->"),
        (12, "Spaltenbreiten müssen Zahlen größer als 0 sein"),
        (16, "die Spaltenbreiten ergeben 110 % statt 100 %"),
        (21, "steht über keiner Tabelle: Spaltenbreiten gehören in die Zeile direkt über "
             "ihrer Tabelle")]
    assert all(n.meta["breiten"] is None for n in block_tree(text).children if n.type == "table")
    assert table_problems("<!-- breiten: 1 -->\n| a | b |\n|-|-|\n")[0][1] == (
        "1 Spaltenbreite angegeben, die Tabelle hat aber 2 Spalten")
    assert table_problems("```\n<!-- breiten: 1 -->\n```\n") == []  # code is code
