"""Spreadsheets and pictures as Anlagen (issue 18): `vorlage build` and `build --final` turn
an XLSX, an ODS, a JPG and a PNG into pages of the Vorlage, in the order the draft lists
them, each stamped on its first page; the final stays valid PDF/A-2b."""

import pikepdf
from pypdf import PdfReader

from helpers import MINIMAL, final_pdf, run
from pipeline.pdf import pdfa
from spreadsheets import formula_cell, jpeg, png, write_ods, write_xlsx

ANLAGEN = [("Kostenaufstellung", "kosten.xlsx"), ("Haushaltsplan", "haushalt.ods"),
           ("Foto des Geräts", "geraet.jpg"), ("Lageskizze", "skizze.png")]


def draft_with_anlagen(project, write_draft) -> None:
    folder = project.drafts_dir / "anlagen"
    folder.mkdir()
    write_xlsx(folder / "kosten.xlsx", [["Posten", "Betrag"], ["KX-4711", "1200"],
                                       ["Summe", formula_cell("B3", "SUM(B2:B2)", "1200")]])
    write_ods(folder / "haushalt.ods", [["HH-0815", "Ansatz"], ["Titel 1", "300"]])
    (folder / "geraet.jpg").write_bytes(jpeg(1600, 1200, colour=(180, 120, 60)))
    (folder / "skizze.png").write_bytes(png(500, 700))
    write_draft("v.yaml", MINIMAL + "anlagen:\n" + "".join(
        f"  - titel: {titel}\n    datei: anlagen/{datei}\n" for titel, datei in ANLAGEN))


def anlage_pages(path):
    """Each Anlage's pages as (text of each page, whether each holds a picture), by the
    outline, in order."""
    reader = PdfReader(str(path))
    starts = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline
              if o.title.startswith("Anlage ")]
    ends = [start for _, start in starts[1:]] + [len(reader.pages)]
    with pikepdf.open(path) as pdf:
        pictures = [any(x.get("/Subtype") == "/Image" for x in page.get_images().values())
                    for page in pdf.pages]
    return [(title, [reader.pages[i].extract_text() or "" for i in range(start, end)],
             pictures[start:end]) for (title, start), end in zip(starts, ends, strict=True)]


def check_anlagen(path, nummer_prefix: str) -> None:
    found = anlage_pages(path)
    assert [title for title, _, _ in found] == [f"Anlage {i}: {titel}" for i, (titel, _) in
                                                enumerate(ANLAGEN, 1)]
    for i, (_, texts, _) in enumerate(found, 1):
        assert f"Anlage {i} zur Vorlage {nummer_prefix}" in texts[0]  # the stamp
    (_, xlsx, _), (_, ods, _), (_, photo, photo_pics), (_, sketch, sketch_pics) = found
    assert "KX-4711" in " ".join(xlsx) and "1200" in " ".join(xlsx)
    assert "HH-0815" in " ".join(ods)
    assert len(photo) == 1 and photo_pics == [True]  # one page each, the picture on it
    assert len(sketch) == 1 and sketch_pics == [True]


def test_spreadsheets_and_pictures_become_pages_in_draft_and_final(project, write_draft):
    draft_with_anlagen(project, write_draft)
    checked = run(["check", "drafts/v.yaml"], project.root)
    assert checked.returncode == 0, checked.stderr
    built = run(["build", "drafts/v.yaml"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr
    check_anlagen(project.output_dir / "v-ENTWURF.pdf", "")

    final = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert final.returncode == 0, final.stdout + final.stderr
    pdf = final_pdf(project)
    check_anlagen(pdf, "2024/0001")
    assert pdfa.problems(pdf) == []


def test_a_picture_beyond_the_limit_is_named_by_check_and_build(project, write_draft):
    (project.drafts_dir / "foto.png").write_bytes(png(2000, 1500))
    with open(project.root / "vorlage.yaml", "a", encoding="utf-8") as fh:
        fh.write("grenzen:\n  bild_megapixel: 2\n")
    write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: Foto\n    datei: foto.png\n")
    for args in (["check", "drafts/v.yaml"], ["build", "drafts/v.yaml"]):
        result = run(args, project.root)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert ("anlagen[1].datei: ist als Bild zu groß (2000 × 1500 Pixel, 3 Megapixel; "
                "erlaubt sind 2 Megapixel, Einstellung grenzen.bild_megapixel in "
                "vorlage.yaml)") in result.stderr, result.stderr
