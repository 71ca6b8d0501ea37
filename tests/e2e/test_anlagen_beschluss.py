"""Anlagen under their own numbers and listed by title only, and a Beschlussvorschlag with the
house style's formula, lettered recommendations per body and a quoted Beschluss: built final,
read back from the PDF (text, the stamp on each Anlage's first page, bookmarks), the
publication copy and the archive's record."""

import json
import shutil
import sqlite3

from pypdf import PdfReader

from helpers import STYLES, final_pdf, helvetica_pdf, run

DRAFT = """\
hausstil: bezirk
vorlagenart: Beschlussvorlage
amt: Stadtentwicklungsamt
datum: 01.02.2024
betreff: Bebauungsplan 9-15 Musterstraße
beratungsfolge:
  - gremium: Ausschuss für Stadtentwicklung
    sitzung: 01.03.2024
  - gremium: Bezirksverordnetenversammlung
    sitzung: 15.03.2024
    zustaendigkeit: Entscheidung
beschlussvorschlag:
  text: "Die Bezirksverordnetenversammlung hat am 12.03.2019 beschlossen:"
  zitat: "„Das Bezirksamt wird ersucht, für die Musterstraße einen Bebauungsplan aufzustellen.“"
  empfehlungen:
    - einleitung: "Der Ausschuss für Stadtentwicklung empfiehlt:"
      text: Die Annahme der Vorlage.
    - einleitung: "Die Bezirksverordnetenversammlung beschließt:"
      punkte:
        - Der Bebauungsplan 9-15 wird aufgestellt.
        - Das Bezirksamt berichtet bis zum 31.12.2024.
begruendung: |
  Die Fläche liegt seit Jahren brach.
anlagen:
  - titel: Übersichtsplan
    datei: anlagen/uebersicht.pdf
  - titel: Kaufpreisermittlung
    datei: anlagen/kaufpreis.pdf
    oeffentlich: nein
  - titel: Kostenschätzung
    nr: "3.1"
    datei: anlagen/kosten.pdf
  - titel: Lageplan im Maßstab 1:500
"""


def bezirk_style(project) -> None:
    """The standard layout with a formula for the Beschlussvorlage and lettered Anlagen."""
    folder = project.root / "templates" / "bezirk"
    shutil.copytree(STYLES / "standard", folder)
    haus = folder / "haus.yaml"
    text = haus.read_text(encoding="utf-8").replace(
        "  - name: Beschlussvorlage\n", "  - name: Beschlussvorlage\n    beschlussformel: "
        "\"Die Bezirksverordnetenversammlung wolle beschließen:\"\n")
    haus.write_text(text + "anlagen_zaehlung: A\n", encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_numbered_and_title_only_anlagen_and_a_structured_beschlussvorschlag(project,
                                                                            write_draft):
    bezirk_style(project)
    anlagen = project.drafts_dir / "anlagen"
    anlagen.mkdir()
    helvetica_pdf(anlagen / "uebersicht.pdf", "Übersicht des Plangebiets")
    helvetica_pdf(anlagen / "kaufpreis.pdf", "Kaufpreis je Quadratmeter")
    helvetica_pdf(anlagen / "kosten.pdf", "Kosten der Erschliessung")
    write_draft("bplan.yaml", DRAFT)
    checked = run(["check", "drafts/bplan.yaml"], project.root)
    assert checked.returncode == 0, checked.stderr
    built = run(["build", "--final", "drafts/bplan.yaml"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr

    pdf = final_pdf(project)
    reader = PdfReader(pdf)
    pages = [flat(page.extract_text() or "") for page in reader.pages]
    assert len(pages) == 4  # the Vorlage, then three Anlagen with files; none for the Lageplan
    vorlage = pages[0]
    # formula of the Vorlagenart, the text, the quote, then a) and b) with their points
    assert ("Beschlussvorschlag Die Bezirksverordnetenversammlung wolle beschließen: Die "
            "Bezirksverordnetenversammlung hat am 12.03.2019 beschlossen: „Das Bezirksamt wird "
            "ersucht, für die Musterstraße einen Bebauungsplan aufzustellen.“ a) Der Ausschuss "
            "für Stadtentwicklung empfiehlt: Die Annahme der Vorlage. b) Die "
            "Bezirksverordnetenversammlung beschließt: 1. Der Bebauungsplan 9-15 wird "
            "aufgestellt. 2. Das Bezirksamt berichtet bis zum 31.12.2024.") in vorlage
    assert ("Anlagen Anlage A: Übersichtsplan Anlage B: Kaufpreisermittlung Anlage 3.1: "
            "Kostenschätzung Anlage D: Lageplan im Maßstab 1:500 (liegt in der Sitzung aus)"
            ) in vorlage
    # each stamp says the number the list prints
    assert "Anlage A zur Vorlage 2024/0001" in pages[1] and "Plangebiets" in pages[1]
    assert "Anlage B zur Vorlage 2024/0001" in pages[2]
    assert "Anlage 3.1 zur Vorlage 2024/0001" in pages[3] and "Erschliessung" in pages[3]
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline
               if o.title.startswith("Anlage ")]
    assert outline == [("Anlage A: Übersichtsplan", 1), ("Anlage B: Kaufpreisermittlung", 2),
                       ("Anlage 3.1: Kostenschätzung", 3)]

    # The publication copy leaves B out; 3.1 is a name and keeps it, and A stays A.
    copy = PdfReader(pdf.with_name(pdf.stem + ".oeffentlich.pdf"))
    copied = [flat(page.extract_text() or "") for page in copy.pages]
    assert len(copied) == 3 and "Kaufpreis" not in " ".join(copied)
    assert "Anlage A: Übersichtsplan Anlage 3.1: Kostenschätzung Anlage D: Lageplan" \
        in copied[0]
    assert "Anlage 3.1 zur Vorlage 2024/0001" in copied[2]

    # The archive records each Anlage under its printed number; the Lageplan without a file.
    with sqlite3.connect(project.register_path) as db:
        listed = json.loads(db.execute("SELECT anlagen FROM archiv").fetchone()[0])
    assert [(a["nr"], a["titel"], bool(a["sha256"])) for a in listed] == [
        ("A", "Übersichtsplan", True), ("B", "Kaufpreisermittlung", True),
        ("3.1", "Kostenschätzung", True), ("D", "Lageplan im Maßstab 1:500", False)]


def test_a_draft_lists_an_anlage_without_a_file_and_builds(project, write_draft):
    bezirk_style(project)
    only = DRAFT.split("anlagen:\n")[0] + "anlagen:\n  - titel: Modell\n    nr: 4\n"
    write_draft("modell.yaml", only)
    built = run(["build", "drafts/modell.yaml"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr
    pdf = PdfReader(project.output_dir / "modell-ENTWURF.pdf")
    assert len(pdf.pages) == 1
    assert "Anlage 4: Modell (liegt in der Sitzung aus)" in flat(pdf.pages[0].extract_text())
