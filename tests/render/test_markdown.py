"""One Markdown reading for the PDF and the browser: CommonMark, tables, footnotes, no HTML."""

import threading

from pipeline.render import block_tree, inline_nodes, markdown_html
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
