"""The closed-content canary: every output of tests/outputs.py, made from one session with
closed material, is searched for the closed markers: in raw and decompressed bytes, in
extracted text, in Info and XMP metadata, in outline titles and in file names. A public
output must hold none; an internal one must hold some (so the search is seen to work)."""

from __future__ import annotations

import pytest

from closed_session import (MARKER_ANLAGE, MARKER_GEHEIMANLAGE, MARKER_TITEL, MARKER_VORLAGE,
                            all_bytes, make_session_project)
from helpers import pdf_text
from outputs import OUTPUTS

# The closed Vorlage's Betreff and draft name belong to the closed part as well.
MARKERS = (MARKER_VORLAGE, MARKER_TITEL, MARKER_ANLAGE, MARKER_GEHEIMANLAGE,
           "Grundstücksangelegenheit Testweg")
CLOSED_NAMES = ("grundstueck",)


def _pdf_texts(path) -> list[str]:
    """Extracted text, metadata and outline titles of a PDF."""
    import pikepdf

    out = [pdf_text(path)]
    with pikepdf.open(path) as pdf:
        out += [str(v) for v in pdf.docinfo.values()]
        with pdf.open_metadata() as meta:
            out += [str(v) for v in meta.values()]
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                out.append(str(item.title))
                stack.extend(item.children)
    return out


def _found(path) -> set[str]:
    """The markers present anywhere in a file or its name."""
    data = all_bytes(path)
    texts = _pdf_texts(path) if path.suffix == ".pdf" else []
    found = set()
    for marker in MARKERS:
        encoded = [marker.encode(e) for e in ("utf-8", "utf-16-be", "latin-1")]
        if any(e in data for e in encoded) or any(marker in t for t in texts):
            found.add(marker)
    found |= {n for n in CLOSED_NAMES if n in path.name}
    return found


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from pipeline.project import Project

    root = tmp_path_factory.mktemp("canary")
    (root / "vorlage.yaml").write_text("hausstil: standard\nentwuerfe: drafts\n"
                                       "ausgabe: output\nregister: output/register.sqlite\n",
                                       encoding="utf-8")
    (root / "drafts").mkdir()
    make_session_project(Project.find(root))
    return {o.name: o.make(root) for o in OUTPUTS}


@pytest.mark.parametrize("output", OUTPUTS, ids=[o.name for o in OUTPUTS])
def test_no_closed_content_in_public_outputs(made, output):
    files = made[output.name]
    assert files and all(f.is_file() for f in files), output.name
    found = {f.name: _found(f) for f in files}
    if output.public:
        assert not any(found.values()), found
    else:
        assert any(found.values()), f"{output.name}: the search finds nothing at all"


@pytest.mark.parametrize("output", OUTPUTS, ids=[o.name for o in OUTPUTS])
def test_no_active_content_in_any_output(made, output):
    """The public Lageplan is a hostile PDF (closed_session.hostile_pdf): no PDF the tool
    writes, public or internal, holds anything of what it tried to carry in (issue 14, 1)."""
    from closed_session import HOSTILE_TRACES
    from pipeline.pdf import active_content

    pdfs = [f for f in made[output.name] if f.suffix == ".pdf"]
    if not pdfs:
        pytest.skip("keine PDF-Dateien")
    for pdf in pdfs:
        assert active_content(pdf) == [], pdf.name
        data = all_bytes(pdf)
        assert [t for t in HOSTILE_TRACES if t in data] == [], pdf.name


def test_the_hostile_lageplan_reaches_the_outputs(made):
    """So the scan above is seen to look where the hostile Anlage went."""
    for name in ("Entwurfs-PDFs", "Sitzungsmappe öffentlich", "OParl-Export"):
        assert any("Lageplan der Turnhalle" in pdf_text(f) for f in made[name]
                   if f.suffix == ".pdf"), name
