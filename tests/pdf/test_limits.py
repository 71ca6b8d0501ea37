"""limits.py: an Anlage beyond a limit is named by `check` with its setting, before a build
starts on it; every external tool runs within time and memory bounds."""

import sys
import zipfile
import zlib

import pytest

from helpers import MINIMAL, helvetica_pdf, run
from pipeline.pdf import Limits, check_anlage, run_bounded

GB = 1024 ** 3
# what makes a zip a DOCX by its content (pdf.anlagen.content_type)
WORD_TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.'
              'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def deflated_zeros(size: int) -> bytes:
    """`size` zero bytes, compressed in pieces (never all in memory)."""
    packer, out, chunk = zlib.compressobj(9), [], bytes(1 << 24)
    for _ in range(size // len(chunk)):
        out.append(packer.compress(chunk))
    out.append(packer.flush())
    return b"".join(out)


def pdf_with_stream(path, data: bytes) -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, data)
    stream["/Filter"] = pikepdf.Name.FlateDecode
    pdf.Root["/Bombe"] = pdf.make_indirect(stream)
    pdf.save(path, compress_streams=False)


def anlage_draft(write_draft, name):
    return write_draft("v.yaml", MINIMAL + f"anlagen:\n  - titel: Gutachten\n    datei: {name}\n")


def test_a_pdf_stream_bomb_is_named_by_check(project, write_draft):
    # Finding 3: a stream inflating 1.5 MB -> 1.5 GB passed check, then the build failed
    # with "interner Fehler: LimitReachedError".
    pdf_with_stream(project.drafts_dir / "bombe.pdf", deflated_zeros(int(1.5 * GB)))
    assert (project.drafts_dir / "bombe.pdf").stat().st_size < 2 * 1024 * 1024
    anlage_draft(write_draft, "bombe.pdf")
    checked = run(["check", "drafts/v.yaml"], project.root)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "anlagen[1].datei: wird entpackt größer als 200 MB" in checked.stderr
    assert "Einstellung grenzen.entpackt_mb in vorlage.yaml" in checked.stderr
    built = run(["build", "drafts/v.yaml"], project.root)
    assert built.returncode == 1 and "interner Fehler" not in built.stderr + built.stdout


def test_an_office_zip_bomb_is_named_by_check(project, write_draft):
    # Finding 3: a 1.4 MB DOCX inflating to 620 MB drove a worker to 2.5 GB.
    docx = project.drafts_dir / "bombe.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", WORD_TYPES)
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            chunk = bytes(1 << 24)
            for _ in range(620 // 16):
                member.write(chunk)
    anlage_draft(write_draft, "bombe.docx")
    checked = run(["check", "drafts/v.yaml"], project.root)
    assert checked.returncode == 1
    assert "anlagen[1].datei: wird entpackt größer als 200 MB" in checked.stderr


def test_size_and_pages_follow_the_project_s_settings(project, write_draft):
    helvetica_pdf(project.drafts_dir / "lang.pdf", "Seite")
    anlage_draft(write_draft, "lang.pdf")
    assert run(["check", "drafts/v.yaml"], project.root).returncode == 0
    config = project.root / "vorlage.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "grenzen:\n  anlage_mb: 0.001\n", encoding="utf-8")
    small = run(["check", "drafts/v.yaml"], project.root)
    assert small.returncode == 1
    assert "erlaubt sind 0,001 MB (Einstellung grenzen.anlage_mb in vorlage.yaml)" in small.stderr


def test_pages_beyond_the_limit(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(200, 200)
    writer.write(str(tmp_path / "fuenf.pdf"))
    assert check_anlage(tmp_path / "fuenf.pdf", Limits(anlage_seiten=4)) == (
        "hat 5 Seiten; erlaubt sind 4 (Einstellung grenzen.anlage_seiten in vorlage.yaml)")
    assert check_anlage(tmp_path / "fuenf.pdf", Limits(anlage_seiten=5)) == ""


def test_external_tools_are_bounded_in_time_and_memory():
    slow = run_bounded([sys.executable, "-c", "import time; time.sleep(30)"],
                       Limits(sekunden=0.5))
    assert slow.returncode != 0 and "Einstellung grenzen.sekunden" in slow.stderr
    greedy = run_bounded([sys.executable, "-c", "x = bytearray(800 * 1024 * 1024)"],
                         Limits(speicher_mb=300))
    assert greedy.returncode != 0 and "MemoryError" in greedy.stderr
    assert run_bounded([sys.executable, "-c", "x = bytearray(10 * 1024 * 1024)"],
                       Limits(speicher_mb=300)).returncode == 0


@pytest.mark.parametrize("chain", [1, 2])
def test_flate_chains_are_counted_to_the_end(tmp_path, chain):
    data = deflated_zeros(64 * 1024 * 1024)
    if chain == 2:
        data = zlib.compress(data)
    path = tmp_path / "kette.pdf"
    pdf_with_stream(path, data)
    if chain == 2:
        import pikepdf

        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.Root["/Bombe"]["/Filter"] = pikepdf.Array([pikepdf.Name.FlateDecode] * 2)
            pdf.save(path)
    assert "entpackt größer als 10 MB" in check_anlage(path, Limits(entpackt_mb=10))


def test_an_office_file_that_is_no_zip_is_named_by_check_as_the_build_would(tmp_path):
    fake = tmp_path / "text.docx"
    fake.write_text("{\\rtf1 kein Office-Paket}", encoding="utf-8")
    assert check_anlage(fake, Limits()).startswith("ist keine DOCX-, ODT-, XLSX- oder ODS-Datei")
