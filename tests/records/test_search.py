"""The search index on real SQLite files: spellings both ways, substrings, phrases, ranking,
access keys filtered before counting, and refreshing after edits and deletions."""

import json
import os
import sqlite3
import threading

import pytest

from pipeline.errors import UserError
from pipeline.records import Document, SearchIndex, search_terms

DRAFTS = {
    "umlaut": {"nummer": "2024/0001", "betreff": "Sanierung des Gebäudes der Grundschule Nord",
               "text": "Das Gebäude an der Straße ist marode."},
    "plain": {"nummer": "2024/0002", "betreff": "Neubau am Sportplatz",
              "text": "Das Gebaeude an der Hauptstrasse wird erweitert."},
    "tafeln": {"betreff": "Digitale Tafeln",
               "text": "Beschaffung digitaler Tafeln für die Schule. Café im Foyer."},
    "closed": {"betreff": "Grundstück Kranichweg", "text": "Tafeln Kaufpreis Reiher geheim",
               "zugang": "zu"},
}


def write(folder, name, fields):
    (folder / f"{name}.json").write_text(json.dumps(fields), encoding="utf-8")


def reader(calls):
    def read(name, path):
        calls.append(name)
        data = json.loads(path.read_text(encoding="utf-8"))
        return Document(data.get("nummer", ""), data["betreff"], data.get("amt", "53"),
                        data["text"], data.get("zugang", "offen"))
    return read


@pytest.fixture
def index(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name, fields in DRAFTS.items():
        write(folder, name, fields)
    index = SearchIndex(tmp_path / "suche.sqlite")
    index.folder, index.calls = folder, []
    index.sync = lambda: index.refresh(
        {p.stem: p for p in sorted(folder.glob("*.json"))}, reader(index.calls))
    index.sync()
    yield index
    index.close()


def names(result):
    return [hit.name for hit in result.hits]


def marked(segments):
    return [text for text, hit in segments if hit]


def open_only(key):
    return key == "offen"


@pytest.mark.parametrize("query", ["Gebaeude", "Gebäude", "GEBÄUDE", "gebaeude"])
def test_umlaut_and_ae_spellings_find_each_other(index, query):
    result = index.search(query)
    assert sorted(names(result)) == ["plain", "umlaut"]
    snippets = {hit.name: marked(hit.snippet) for hit in result.hits}
    assert snippets == {"plain": ["Gebaeude"], "umlaut": ["Gebäude"]}  # shown as written


@pytest.mark.parametrize("query", ["Strasse", "Straße"])
def test_sharp_s_and_ss_find_each_other(index, query):
    assert sorted(names(index.search(query))) == ["plain", "umlaut"]


def test_cafe_finds_café(index):
    assert names(index.search("cafe")) == ["tafeln"]


def test_a_part_of_a_word_is_found_by_the_trigram_index(index):
    result = index.search("Schule")
    assert sorted(names(result)) == ["tafeln", "umlaut"]
    umlaut = next(h for h in result.hits if h.name == "umlaut")
    assert marked(umlaut.betreff) == ["schule"]  # inside "Grundschule"
    assert sorted(names(index.search("chule"))) == ["tafeln", "umlaut"]
    assert names(index.search("ch")) == []  # under three characters: words only


def test_phrases_keep_their_order(index):
    assert names(index.search('"digitaler Tafeln"')) == ["tafeln"]
    assert names(index.search('"Tafeln digitaler"')) == []
    assert names(index.search("Tafeln digitaler")) == ["tafeln"]  # words: any order


def test_all_terms_must_match(index):
    assert names(index.search("Gebäude Nord")) == ["umlaut"]
    assert names(index.search("Gebäude Sportplatz")) == ["plain"]
    assert names(index.search("Gebäude Kranichweg", None)) == []


def test_numbers_are_found(index):
    assert names(index.search("2024/0002")) == ["plain"]
    assert sorted(names(index.search("2024"))) == ["plain", "umlaut"]


def test_a_hit_in_the_betreff_ranks_above_one_in_the_text(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    filler = " ".join(["Wort"] * 40)
    write(folder, "text", {"betreff": "Haushalt", "text": f"{filler} Turnhalle {filler}"})
    write(folder, "betreff", {"betreff": "Neubau der Turnhalle", "text": filler})
    write(folder, "part", {"betreff": "Sporthallen", "text": f"Mehrzweckturnhalle {filler}"})
    with SearchIndex(tmp_path / "s.sqlite") as index:
        index.refresh({p.stem: p for p in folder.glob("*.json")}, reader([]))
        # words by bm25 (Betreff weighed above text), then the substring hit
        assert names(index.search("Turnhalle")) == ["betreff", "text", "part"]


def test_hidden_rows_are_filtered_before_counting_and_snippets(index):
    everything = index.search("Tafeln")
    assert everything.count == 2 and sorted(names(everything)) == ["closed", "tafeln"]
    visible = index.search("Tafeln", open_only)
    assert visible.count == 1 and names(visible) == ["tafeln"]
    assert index.search("Kranichweg", open_only).count == 0
    assert index.search("Reiher", open_only).hits == []
    assert index.search("ranichwe", open_only).count == 0  # nor as a part of a word
    assert index.search("Kranichweg", lambda key: True).count == 1


def test_an_edit_is_found_after_the_refresh_and_nothing_else_is_read(index):
    index.calls.clear()
    assert index.sync() == 0 and index.calls == []  # nothing changed, nothing read
    path = index.folder / "tafeln.json"
    write(index.folder, "tafeln", {**DRAFTS["tafeln"], "text": "Whiteboards für alle"})
    assert index.search("Whiteboards").count == 0
    assert index.sync() == 1 and index.calls == ["tafeln"]
    assert names(index.search("Whiteboards")) == ["tafeln"]
    assert index.search("Café").count == 0  # the old text is gone from both indexes
    assert index.search("Caf").count == 0
    # A new time with the same bytes: hashed, not read again.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    index.calls.clear()
    assert index.sync() == 1 and index.calls == []


def test_a_change_of_access_is_seen_after_the_refresh(index):
    write(index.folder, "tafeln", {**DRAFTS["tafeln"], "zugang": "zu"})
    index.sync()
    assert index.search("Tafeln", open_only).count == 0


def test_a_deleted_draft_leaves_the_index(index):
    (index.folder / "plain.json").unlink()
    assert index.sync() == 1
    assert names(index.search("Gebaeude")) == ["umlaut"]
    assert index.search("Sportplatz").count == 0 and index.count() == 3


def test_context_and_generation_make_rows_be_read_again(index):
    sources = {p.stem: p for p in index.folder.glob("*.json")}
    index.calls.clear()
    index.refresh(sources, reader(index.calls), {"plain": "2024/0002|final"})
    assert index.calls == ["plain"]
    index.calls.clear()
    index.refresh(sources, reader(index.calls), {"plain": "2024/0002|final"}, "neu")
    assert sorted(index.calls) == sorted(DRAFTS)


@pytest.mark.parametrize("query", ['"', '""', "AND", "OR NOT", "NEAR(a b)", "a*", "^Gebäude",
                                   "-", "betreff:Tafeln", "{nummer}: 1", "(", ")", "'", "*",
                                   '"Tafeln', "Tafeln\"", "\x00", "a" * 5000, "+ + +"])
def test_no_query_is_fts5_syntax(index, query):
    result = index.search(query)
    assert result.count == len(result.hits)


def test_query_terms():
    assert search_terms('Turnhalle "digitale  Tafeln" Nord') == ["Turnhalle", "digitale Tafeln",
                                                               "Nord"]
    assert search_terms('"offen bis zum Ende') == ["offen bis zum Ende"]
    assert search_terms("- * ( )") == []
    assert search_terms('betreff:Tafeln') == ["betreff:Tafeln"]
    assert search_terms('a"b') == ["a", "b"]


def test_a_broken_index_file_is_rebuilt(tmp_path):
    path = tmp_path / "suche.sqlite"
    path.write_bytes(b"kein SQLite " * 100)
    with SearchIndex(path) as index:
        assert index.count() == 0
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_index_another_process_keeps_locked_is_refused_after_the_wait(tmp_path,
                                                                       monkeypatch):
    path = tmp_path / "suche.sqlite"
    sqlite3.connect(path).close()
    holder = sqlite3.connect(path, isolation_level=None)  # rollback journal: no reader in
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("pipeline.records.search.WAIT_SECONDS", 0.3)
    with pytest.raises(UserError, match="Suchindex .* ist seit 0.3 s gesperrt"):
        SearchIndex(path)
    holder.execute("ROLLBACK")
    assert path.exists()  # a busy file is waited for, never taken for broken and removed


def test_readers_search_while_a_writer_refreshes(index):
    """Another connection searches while this one rewrites every row: each answer is whole."""
    path = index.path
    errors, done = [], threading.Event()

    def search():
        with SearchIndex(path) as reader_index:
            while not done.is_set():
                try:
                    result = reader_index.search("Gebäude")
                    assert result.count == 2, result
                except Exception as exc:  # reported below, in the test's thread
                    errors.append(exc)
                    return

    thread = threading.Thread(target=search)
    thread.start()
    try:
        for round_ in range(20):
            index.refresh({p.stem: p for p in index.folder.glob("*.json")}, reader([]),
                          generation=str(round_))
    finally:
        done.set()
        thread.join()
    assert errors == []
