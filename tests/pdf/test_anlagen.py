"""Anlagen: paths confined to the drafts folder, PDFs that can be appended."""

import pytest
from pypdf import PdfWriter

from helpers import MINIMAL, helvetica_pdf, run
from pipeline.pdf import AnlageError, check_anlage, open_pdf, resolve_anlage


def test_resolve_refuses_what_lies_outside_or_is_no_anlage(tmp_path):
    drafts = tmp_path / "drafts"
    (drafts / "amt").mkdir(parents=True)
    (drafts / "amt" / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    (drafts / "leer.pdf").write_bytes(b"")
    (drafts / "bild.png").write_bytes(b"png")
    (tmp_path / "geheim.pdf").write_bytes(b"%PDF-1.4\n")
    (drafts / "link.pdf").symlink_to(tmp_path / "geheim.pdf")
    here = drafts / "amt"
    assert resolve_anlage("ok.pdf", here, drafts) == ((here / "ok.pdf").resolve(), "")
    assert resolve_anlage("../leer.pdf", here, drafts)[1] == "../leer.pdf ist leer (0 Byte)"
    for datei, reason in (("/etc/hosts", "absolute Pfade sind nicht erlaubt"),
                          ("../../geheim.pdf", "liegt außerhalb des Entwurfsordners"),
                          ("../link.pdf", "liegt außerhalb des Entwurfsordners"),
                          ("fehlt.pdf", "Datei fehlt.pdf nicht gefunden"),
                          ("..", ".. ist keine Datei"),
                          ("../bild.png", "Dateityp .png nicht unterstützt")):
        path, why = resolve_anlage(datei, here, drafts)
        assert path is None and why.startswith(reason), datei


def test_open_pdf_refuses_what_would_break_the_submission(tmp_path):
    good = tmp_path / "gut.pdf"
    helvetica_pdf(good, "Angebot")
    assert len(open_pdf(good, "Anlage 1").pages) == 1 and check_anlage(good) == ""
    broken = tmp_path / "kaputt.pdf"
    broken.write_bytes(b"%PDF-1.4\nnonsense")
    with pytest.raises(AnlageError, match="Anlage 2 ist keine lesbare PDF-Datei"):
        open_pdf(broken, "Anlage 2")
    locked = tmp_path / "zu.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    writer.write(str(locked))
    assert check_anlage(locked).startswith("zu.pdf ist verschlüsselt")
    empty = tmp_path / "leer.pdf"
    PdfWriter().write(str(empty))
    assert check_anlage(empty) == "leer.pdf hat keine Seiten"


def test_corrupt_and_encrypted_anlagen_fail_cleanly(project, write_draft):
    (project.drafts_dir / "kaputt.pdf").write_bytes(b"%PDF-1.4\nnonsense")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    writer.write(str(project.drafts_dir / "zu.pdf"))
    write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: K\n    datei: kaputt.pdf\n"
                "  - titel: Z\n    datei: zu.pdf\n")
    result = run(["build", "drafts/a.yaml"], project.root)
    assert result.returncode == 1
    assert "anlagen[1].datei: kaputt.pdf ist keine lesbare PDF-Datei" in result.stderr
    assert "anlagen[2].datei: zu.pdf ist verschlüsselt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not project.output_dir.exists() or not list(project.output_dir.glob("*.pdf"))


def test_anlage_symlink_out_of_folder_and_missing_file(project, write_draft):
    outside = project.root / "geheim.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    (project.drafts_dir / "link.pdf").symlink_to(outside)
    write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: Link\n    datei: link.pdf\n"
                "  - titel: Fehlt\n    datei: fehlt.pdf\n  - titel: Absolut\n"
                "    datei: /etc/hosts\n")
    result = run(["check", "drafts/a.yaml"], project.root)
    assert "anlagen[1].datei: liegt außerhalb des Entwurfsordners" in result.stderr
    assert "anlagen[2].datei: Datei fehlt.pdf nicht gefunden" in result.stderr
    assert "anlagen[3].datei: absolute Pfade sind nicht erlaubt" in result.stderr
