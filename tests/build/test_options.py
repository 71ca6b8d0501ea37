"""Build options: which builds archive, what the cache key includes."""

from pathlib import Path

from pipeline.build import BuildOptions


def test_only_a_final_build_proper_archives():
    out = Path("out")
    assert BuildOptions(out, final=True).archives
    assert not BuildOptions(out).archives
    assert not BuildOptions(out, final=True, public=True).archives  # a publication copy
    assert not BuildOptions(out, final=True, follow_register=True).archives  # a packet copy


def test_cache_options_are_what_changes_the_pdf():
    options = BuildOptions(Path("out"), keep_docx=True, public=True, jobs=8, timeout=5)
    assert options.cache_options(True) == {"final": True, "keep_docx": True, "public": True}
