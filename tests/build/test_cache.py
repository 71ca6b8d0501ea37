"""The build cache: a key over everything a PDF depends on, including the tool itself."""

import shutil

from helpers import REPO, helvetica_pdf
from pipeline.build import BuildCache, ConvertedAnlagen, build_key, tool_version
from pipeline.build.cache import tool_files


def test_the_key_changes_with_every_input(tmp_path):
    draft, anlage = tmp_path / "d.yaml", tmp_path / "a.pdf"
    draft.write_text("betreff: x\n")
    helvetica_pdf(anlage, "eins")
    base = build_key(draft, [anlage], "stil1", "2024/0001", {"final": False})
    assert build_key(draft, [anlage], "stil1", "2024/0001", {"final": False}) == base
    assert build_key(draft, [anlage], "stil2", "2024/0001", {"final": False}) != base
    assert build_key(draft, [anlage], "stil1", "2024/0002", {"final": False}) != base
    assert build_key(draft, [anlage], "stil1", "2024/0001", {"final": True}) != base
    assert build_key(draft, [], "stil1", "2024/0001", {"final": False}) != base
    helvetica_pdf(anlage, "zwei")
    assert build_key(draft, [anlage], "stil1", "2024/0001", {"final": False}) != base


def test_the_tool_version_covers_every_module_and_the_bundled_styles(tmp_path):
    files = {p.relative_to(REPO / "pipeline").as_posix() for p in tool_files()}
    assert {"build/vorlage.py", "render/richtext.py", "pdf/assemble.py", "cli.py",
            "haus/styles/bielefeld/vorlage.docx", "haus/styles/kempten/haus.yaml"} <= files
    assert not any("__pycache__" in f for f in files)
    copy = tmp_path / "pipeline"
    shutil.copytree(REPO / "pipeline", copy, ignore=shutil.ignore_patterns("__pycache__"))
    versions = [tool_version(copy)]
    for edited in ("render/sections.py", "haus/styles/standard/haus.yaml"):  # nested, data
        path = copy / edited
        path.write_text(path.read_text(encoding="utf-8") + "\n# edit\n", encoding="utf-8")
        tool_version.cache_clear()
        versions.append(tool_version(copy))
    assert len(set(versions)) == 3


def test_a_cached_pdf_counts_only_while_it_is_unchanged(tmp_path):
    pdf = tmp_path / "v.pdf"
    helvetica_pdf(pdf, "Vorlage")
    cache = BuildCache(tmp_path)
    cache.record("drafts/v.yaml", "k1", pdf, "2024/0001")
    cache.flush()
    again = BuildCache(tmp_path)  # read back from disk
    assert again.fresh("drafts/v.yaml", "k1") == pdf
    assert again.fresh("drafts/v.yaml", "k2") is None
    helvetica_pdf(pdf, "Vorlage, von Hand geändert")
    assert again.fresh("drafts/v.yaml", "k1") is None
    (tmp_path / ".cache" / "builds.json").write_text("{kaputt")
    assert BuildCache(tmp_path).entries == {}  # a broken cache is just empty


def test_an_office_anlage_is_converted_once_per_content(tmp_path):
    source = tmp_path / "kosten.docx"
    source.write_bytes(b"eins")
    calls = []

    def convert(src, dst):
        calls.append(src)
        dst.write_bytes(b"%PDF-" + src.read_bytes())

    cache = ConvertedAnlagen(tmp_path / "out")
    first = cache.pdf_for(source, "entwurf", convert)
    assert cache.pdf_for(source, "entwurf", convert) == first and len(calls) == 1
    assert cache.pdf_for(source, "final", convert) != first and len(calls) == 2
    source.write_bytes(b"zwei")
    assert cache.pdf_for(source, "entwurf", convert).read_bytes() == b"%PDF-zwei"
    assert len(calls) == 3
