"""/suche on the real server: the canary of a closed Vorlage never reaches someone outside its
group (no hit, no count, no snippet, no Betreff), a word in a visible and the closed Vorlage
counts once, the group finds the canary, and an edit is found by the next search."""

import html
import re
import urllib.parse

import pytest

from webclient import CLOSED, Client, Server, example_project

VISIBLE = "kempten-2020-53-037.yaml"  # Amt 53, Anna's
CLOSED_BETREFF = "Verkauf eines städtischen Grundstücks"
CANARY = "Zaunkönigprotokoll"  # only in the closed Vorlage
SECRET = "Eisvogelgutachten"   # beside the shared word in the closed Vorlage
SHARED = "Flussregenpfeifer"   # in both
VISIBLE_TEXT = f"Der {SHARED} am Illerufer wird gezählt. <script>alert(1)</script>"
CLOSED_TEXT = f"{CANARY} zum Verkauf. Der {SHARED} laut {SECRET} Bodenwert."


def add_to_begruendung(path, text):
    source = path.read_text(encoding="utf-8")
    assert "\nbegruendung: |\n" in source
    path.write_text(source.replace("\nbegruendung: |\n", f"\nbegruendung: |\n  {text}\n\n", 1),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = example_project(tmp_path_factory.mktemp("suche"))
    add_to_begruendung(root / "drafts" / VISIBLE, VISIBLE_TEXT)
    add_to_begruendung(root / "drafts" / CLOSED, CLOSED_TEXT)
    running = Server(root)
    yield root, running.url
    assert "Traceback" not in running.stop()


def client(url, name=None):
    c = Client(url)
    if name:
        c.sign_in(name)
    return c


def search(c, query):
    status, text = c.request("/suche?q=" + urllib.parse.quote(query))
    assert status == 200, text[:500]
    found = re.search(r'<p id="treffer">([^<]*)</p>', text)
    return (html.unescape(found.group(1)) if found else None), text


def links(text):
    return re.findall(r'href="/entwurf/([^"]+)"', text)


def assert_nothing_closed(text):
    for secret in (CANARY, "Zaunkönig", SECRET, CLOSED_BETREFF, "Beispielfeld", CLOSED,
                   "Immobilienservicebetrieb"):
        assert secret not in text, secret


@pytest.mark.parametrize("query", ["Zaunkoenig", "zaunkönigprotokoll", "aunköni",
                                   "Zaunkönigprotokoll zum Verkauf", '"Bodenwert"'])
def test_the_canary_stays_hidden_from_another_amt(site, query):
    root, url = site
    said, text = search(client(url, "anna"), query)
    assert said == f"Keine Treffer für „{query}“"
    assert links(text) == [] and "<mark>" not in text
    assert_nothing_closed(text.replace(query, ""))  # the query itself is echoed


def test_a_shared_word_counts_only_the_visible_vorlage(site):
    root, url = site
    said, text = search(client(url, "anna"), SHARED)
    assert said == f"1 Treffer für „{SHARED}“"
    assert links(text) == [VISIBLE]
    assert f"<mark>{SHARED}</mark> am Illerufer" in text  # the visible one's snippet
    assert "&lt;script&gt;" in text and "<script>alert" not in text  # escaped
    assert_nothing_closed(text)


def test_the_group_finds_the_canary(site):
    root, url = site
    ben = client(url, "ben")  # the closed Vorlage's own Amt
    said, text = search(ben, "Zaunkoenig")
    assert said == "1 Treffer für „Zaunkoenig“" and links(text) == [CLOSED]
    assert f"<mark>{CANARY}</mark>" in text and CLOSED_BETREFF in text
    said, text = search(ben, SHARED)  # Anna's draft is not Ben's to read
    assert said == f"1 Treffer für „{SHARED}“" and links(text) == [CLOSED]
    said, text = search(client(url, "sd"), SHARED)  # the Sitzungsdienst reads both
    assert said == f"2 Treffer für „{SHARED}“" and sorted(links(text)) == sorted([CLOSED,
                                                                                  VISIBLE])


def test_an_edit_is_found_by_the_next_search(site):
    root, url = site
    anna = client(url, "anna")
    assert search(anna, "Uferschnepfe")[0] == "Keine Treffer für „Uferschnepfe“"
    add_to_begruendung(root / "drafts" / VISIBLE, "Auch die Uferschnepfe brütet dort.")
    said, text = search(anna, "Uferschnepfe")
    assert said == "1 Treffer für „Uferschnepfe“" and links(text) == [VISIBLE]
    # The closed draft made public and final would be readable; made public only, it stays
    # a draft of Amt 23: still hidden.
    closed = root / "drafts" / CLOSED
    closed.write_text(closed.read_text(encoding="utf-8").replace("oeffentlich: nein\namt",
                                                                 "oeffentlich: ja\namt"),
                      encoding="utf-8")
    said, text = search(anna, "Zaunkoenig")
    assert said == "Keine Treffer für „Zaunkoenig“"
    assert_nothing_closed(text.replace("Zaunkoenig", ""))


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "AND OR", "-", "(Turnhalle", "\"a\" b\""])
def test_a_query_of_fts5_syntax_gives_a_page_not_an_error(site, query):
    root, url = site
    said, text = search(client(url, "anna"), query)
    assert said is not None and "Traceback" not in text


def test_the_header_offers_the_search_and_strangers_are_sent_to_sign_in(site):
    root, url = site
    status, text = client(url, "anna").request("/")
    assert status == 200 and 'action="/suche"' in text
    stranger = client(url)
    status, text = stranger.request("/suche?q=" + urllib.parse.quote(SHARED))
    assert "/anmelden" in stranger.last_url and "Illerufer" not in text
    status, text = client(url, "root").request("/suche?q=" + urllib.parse.quote(SHARED))
    assert status == 404 and "Illerufer" not in text  # admin: accounts, no content
