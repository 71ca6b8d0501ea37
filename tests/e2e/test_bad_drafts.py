"""The corpus of broken drafts: every one gives its exact error line, fast, and nothing is
written. The corpus lives in tests/bad_drafts/ (made by make_corpus.py, expected lines in
erwartet.tsv); a few cases are made here because they cannot be committed (a 50 MB file, a
folder given as a draft, a symlink leading out of the drafts folder)."""

import shutil
import time

import pytest

from helpers import REPO, run

CORPUS = REPO / "tests" / "bad_drafts"
EXPECTED = dict(line.split("\t", 1) for line in
                (CORPUS / "erwartet.tsv").read_text(encoding="utf-8").splitlines())


@pytest.fixture
def corpus(project):
    drafts = project.drafts_dir
    shutil.rmtree(drafts)
    shutil.copytree(CORPUS, drafts, ignore=shutil.ignore_patterns("*.py", "*.tsv"))
    (project.root / "conftest.py").write_text("# outside the drafts folder\n")
    # The managed list of Gremien, so that a misspelt one is an error (case 79).
    (project.root / "gremien.yaml").write_text("gremien:\n  - {name: Hauptausschuss}\n"
                                               "  - {name: Rat}\n", encoding="utf-8")
    return project


def test_corpus_is_large_enough():
    assert len(EXPECTED) >= 40
    assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.glob("*.yaml"))


def test_every_broken_draft_gives_its_line(corpus):
    result = run(["check", "drafts"], corpus.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    missing = [f"{name}: {line}" for name, line in EXPECTED.items() if line not in lines]
    assert not missing, "\n".join(missing)
    assert "Traceback" not in result.stderr + result.stdout


def test_each_draft_alone_fails_with_exit_1(corpus):
    for name, line in EXPECTED.items():
        result = run(["check", f"drafts/{name}"], corpus.root)
        assert result.returncode == 1, name
        assert line in result.stderr.splitlines(), name


def test_building_the_corpus_writes_nothing(corpus):
    before = {p for p in corpus.root.rglob("*")}
    result = run(["build", "--final", "drafts"], corpus.root)
    assert result.returncode == 1
    assert "0 gebaut" in result.stderr and "Traceback" not in result.stderr
    assert {p for p in corpus.root.rglob("*")} == before


def test_cases_made_at_run_time(corpus):
    drafts = corpus.drafts_dir
    big = drafts / "60-fuenfzig-mb.yaml"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (drafts / "61-ordner.yaml").mkdir()
    outside = corpus.root / "geheim.pdf"
    shutil.copy(CORPUS / "anlagen" / "verschluesselt.pdf", outside)
    (drafts / "link.pdf").symlink_to(outside)
    (drafts / "62-symlink-nach-aussen.yaml").write_text(
        (CORPUS / "36-anlage-fehlt.yaml").read_text(encoding="utf-8")
        .replace("anlagen/gibtsnicht.pdf", "link.pdf"), encoding="utf-8")
    expected = {
        "60-fuenfzig-mb.yaml": "drafts/60-fuenfzig-mb.yaml: Entwurf ist zu groß (50.0 MB); "
                               "erlaubt ist höchstens 1 MB",
        "61-ordner.yaml": "drafts/61-ordner.yaml: ist ein Ordner, keine Datei",
        "62-symlink-nach-aussen.yaml": "drafts/62-symlink-nach-aussen.yaml:16:12: "
                                       "anlagen[1].datei: liegt außerhalb des Entwurfsordners "
                                       "(drafts/)",
    }
    for name, line in expected.items():
        result = run(["check", f"drafts/{name}"], corpus.root)
        assert result.returncode == 1, name
        assert line in result.stderr.splitlines(), (name, result.stderr)
        assert "Traceback" not in result.stderr


def test_bomb_and_big_file_fail_fast(corpus):
    from pipeline.check import check_file

    big = corpus.drafts_dir / "groß.yaml"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    for path in (corpus.drafts_dir / "20-alias-bombe.yaml", big):
        started = time.monotonic()
        checked = check_file(path, corpus)
        assert time.monotonic() - started < 1.0, path.name
        assert checked.errors


@pytest.mark.parametrize("command", [["build", "drafts"], ["number", "assign", "drafts"],
                                     ["check", "drafts/53-zu-tief-verschachtelt.yaml"]])
def test_no_command_prints_a_traceback_for_the_corpus(corpus, command):
    result = run(command, corpus.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "interner Fehler" not in result.stderr + result.stdout
