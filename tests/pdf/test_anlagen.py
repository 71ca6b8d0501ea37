"""Anlagen: paths confined to the drafts folder, PDFs that can be appended."""

import pytest
from pypdf import PdfWriter

from docx import Document

from helpers import MINIMAL, helvetica_pdf, run
from pipeline.pdf import (AnlageError, Limits, check_anlage, content_type, open_pdf,
                          resolve_anlage)
from spreadsheets import jpeg, png, write_ods, write_xlsx


def test_resolve_refuses_what_lies_outside_or_is_no_anlage(tmp_path):
    drafts = tmp_path / "drafts"
    (drafts / "amt").mkdir(parents=True)
    (drafts / "amt" / "ok.pdf").write_bytes(b"%PDF-1.4\n")
    (drafts / "leer.pdf").write_bytes(b"")
    (drafts / "bild.gif").write_bytes(b"GIF89a")
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
                          ("../bild.gif", "Dateityp .gif nicht unterstützt")):
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


def one_of_each(folder):
    """A file of every Anlage type, each named by its type."""
    helvetica_pdf(folder / "a.pdf", "Angebot")
    Document().save(folder / "a.docx")
    write_xlsx(folder / "a.xlsx", [["Summe", "12"]])
    write_ods(folder / "a.ods", [["Summe", "12"]])
    (folder / "a.jpg").write_bytes(jpeg(40, 30))
    (folder / "a.png").write_bytes(png(40, 30))
    return folder


def test_content_type_reads_the_bytes_not_the_name(tmp_path):
    one_of_each(tmp_path)
    for suffix in (".pdf", ".docx", ".xlsx", ".ods", ".jpg", ".png"):
        renamed = tmp_path / f"x{suffix}.dat"
        renamed.write_bytes((tmp_path / f"a{suffix}").read_bytes())
        assert content_type(renamed) == suffix, suffix
    odt = tmp_path / "t.odt"
    write_ods(odt, [["x"]])  # an ODS package, whatever it is called
    assert content_type(odt) == ".ods"
    for name, data in (("prog.exe", b"MZ\x90\x00" + bytes(60) + b"%PDF-1.7 als Tarnung"),
                       ("elf", b"\x7fELF\x02\x01\x01" + b"%PDF-1.4"),
                       ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)),
                       ("text.txt", b"nur Text"), ("kaputt.zip", b"PK\x03\x04kaputt")):
        (tmp_path / name).write_bytes(data)
        assert content_type(tmp_path / name) is None, name
    # junk before a real PDF header is how some scanners write; it stays a PDF
    (tmp_path / "scan.pdf").write_bytes(b"\r\n\r\n" + (tmp_path / "a.pdf").read_bytes())
    assert content_type(tmp_path / "scan.pdf") == ".pdf"


def test_a_macro_workbook_is_none_of_the_types(tmp_path):
    import zipfile

    write_xlsx(tmp_path / "m.xlsx", [["x"]])
    with zipfile.ZipFile(tmp_path / "m.xlsx") as zin, \
            zipfile.ZipFile(tmp_path / "makro.xlsx", "w") as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if info.filename == "[Content_Types].xml":  # what Excel writes for an .xlsm
                part = part.replace(b"openxmlformats-officedocument.spreadsheetml.sheet.main",
                                    b"ms-excel.sheet.macroEnabled.main")
            zout.writestr(info, part)
    assert content_type(tmp_path / "m.xlsx") == ".xlsx"
    assert content_type(tmp_path / "makro.xlsx") is None


def test_a_file_whose_content_is_not_its_name_is_refused(tmp_path):
    (tmp_path / "drafts").mkdir()
    drafts = one_of_each(tmp_path / "drafts")
    (drafts / "rechnung.pdf").write_bytes(b"MZ\x90\x00\x03" + bytes(200))
    (drafts / "bericht.docx").write_bytes((drafts / "a.pdf").read_bytes())
    (drafts / "foto.jpeg").write_bytes(jpeg(40, 30))
    (drafts / "foto.png").write_bytes(jpeg(40, 30))
    path, why = resolve_anlage("rechnung.pdf", drafts, drafts)
    assert path is None and why == (
        "rechnung.pdf heißt .pdf, ist aber dem Inhalt nach keine der erlaubten Dateiarten "
        "(erlaubt: PDF, DOCX, ODT, XLSX, ODS, JPG, PNG)")
    assert resolve_anlage("bericht.docx", drafts, drafts)[1] == (
        "bericht.docx heißt .docx, ist aber dem Inhalt nach eine PDF-Datei "
        "(erlaubt: PDF, DOCX, ODT, XLSX, ODS, JPG, PNG)")
    assert "dem Inhalt nach eine JPG-Datei" in resolve_anlage("foto.png", drafts, drafts)[1]
    assert resolve_anlage("foto.jpeg", drafts, drafts) == ((drafts / "foto.jpeg").resolve(), "")
    for name in ("a.pdf", "a.docx", "a.xlsx", "a.ods", "a.jpg", "a.png"):
        assert resolve_anlage(name, drafts, drafts)[1] == "", name


def test_check_anlage_opens_pictures_and_counts_spreadsheets_unpacked(tmp_path):
    one_of_each(tmp_path)
    for name in ("a.xlsx", "a.ods", "a.jpg", "a.png"):
        assert check_anlage(tmp_path / name) == "", name
    whole = jpeg(800, 600)
    (tmp_path / "halb.jpg").write_bytes(whole[:len(whole) // 2])
    assert check_anlage(tmp_path / "halb.jpg").startswith("halb.jpg ist kein lesbares Bild")
    (tmp_path / "gross.png").write_bytes(png(3000, 2000))
    assert check_anlage(tmp_path / "gross.png", Limits(bild_megapixel=5)).startswith(
        "ist als Bild zu groß (3000 × 2000 Pixel, 6 Megapixel; erlaubt sind 5 Megapixel")
    write_xlsx(tmp_path / "bombe.xlsx", [["x"]], parts={"xl/media/leer.bin": bytes(3 * 2**20)})
    assert (tmp_path / "bombe.xlsx").stat().st_size < 30_000
    assert check_anlage(tmp_path / "bombe.xlsx", Limits(entpackt_mb=2)).startswith(
        "wird entpackt größer als 2 MB")


def test_check_reports_a_renamed_program_and_a_broken_picture_at_the_field(project,
                                                                          write_draft):
    (project.drafts_dir / "setup.pdf").write_bytes(b"MZ\x90\x00" + bytes(300))
    whole = jpeg(800, 600)
    (project.drafts_dir / "foto.jpg").write_bytes(whole[:len(whole) // 3])
    write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: Setup\n    datei: setup.pdf\n"
                "  - titel: Foto\n    datei: foto.jpg\n")
    result = run(["check", "drafts/a.yaml"], project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("anlagen[1].datei: setup.pdf heißt .pdf, ist aber dem Inhalt nach keine der "
            "erlaubten Dateiarten") in result.stderr
    assert "anlagen[2].datei: foto.jpg ist kein lesbares Bild (unvollständig" in result.stderr
