"""The bundled Leipzig house style, built only from haus.yaml and the standard template: its
declared header fields, sections, labels per Vorlagenart and hidden-when-empty field in the
PDF text; the publication copy and OParl without what a style does not publish."""

import json
import re
import shutil

import pytest
from pypdf import PdfReader

from helpers import DECLARED_DRAFT, REPO, declared_style, final_pdf, pdf_text, run

LEIPZIG = (REPO / "drafts" / "leipzig-gruendach.yaml").read_text(encoding="utf-8")


@pytest.fixture
def leipzig(project):
    (project.drafts_dir / "gruendach.yaml").write_text(LEIPZIG, encoding="utf-8")
    info = LEIPZIG.replace("vorlagenart: Beschlussvorlage", "vorlagenart: Informationsvorlage") \
        .replace("vorlagennummer: VII-DS-01442\n", "") \
        .replace("  investition: nein\n", "  investition: nein\n  stellenplan: nein\n")
    (project.drafts_dir / "information.yaml").write_text(info, encoding="utf-8")
    return project


def test_the_leipzig_vorlage_prints_what_its_style_declares(leipzig):
    built = run(["build", "--final", "drafts/gruendach.yaml"], leipzig.root)
    assert built.returncode == 0, built.stdout + built.stderr
    pdf = final_pdf(leipzig)
    assert "01442" in pdf.name
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]
    text = " ".join(pages)
    # header fields of four kinds: text, checkbox group, choice with a text, ja/nein
    assert "Eingereicht von: Dezernat Umwelt, Ordnung, Sport" in text
    assert "Anlass der Vorlage: ☐ Rechtliche Vorschriften ☒ Stadtratsbeschluss ☐ " \
           "Verwaltungshandeln ☒ Sonstiges: Beschluss VI-A-01841" in text
    assert "Klimawirkung: positiv (Begründung: Begrünte Dächer halten Regenwasser" in text
    assert "Stellenplan" not in text  # hidden when empty
    # declared sections; Zusammenfassung printed empty because the form has it
    assert re.search(r"Räumlicher Bezug: Die klimatischen Sanierungs- und "
                     r"Ergänzungsbereiche der Stadt Leipzig\. Zusammenfassung: Finanzielle", text)
    assert "Abwägungsprozesses" not in text  # empty and not shown empty
    # declared ja/nein fields inside the built-in Finanzen section
    assert "Kostengünstigere Alternativen geprüft: nein Folgen bei Ablehnung: ja" in text
    # labels per Vorlagenart and of the style; no date the document does not show
    assert "Beschlussvorlage Nr.: VII-DS-01442" in text and "Datum:" not in text
    assert "Sachverhalt: Die Ratsversammlung" in text
    assert "voraussichtlicher Sitzungstermin" in text  # not broken inside a word
    # the page-2 header names the Vorlagenart as page 1 does
    assert len(pages) >= 2 and "Stadt Leipzig · Beschlussvorlage VII-DS-01442" in pages[1]


def test_labels_per_vorlagenart_and_a_filled_ja_nein(leipzig):
    built = run(["build", "drafts/information.yaml"], leipzig.root)
    assert built.returncode == 0, built.stdout + built.stderr
    text = " ".join(pdf_text(leipzig.output_dir / "information-ENTWURF.pdf").split())
    assert "Informationsvorlage Nr.:" in text and "Beschlussvorlage Nr." not in text
    assert "Auswirkungen auf den Stellenplan: nein" in text


def test_unpublished_fields_stay_out_of_the_copy_and_oparl(project, write_draft):
    declared_style(project.root / "templates")
    write_draft("d.yaml", DECLARED_DRAFT)
    built = run(["build", "--final", "drafts/d.yaml"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr
    final = final_pdf(project)
    copy = final.with_name(final.stem + ".oeffentlich.pdf")
    full, public = pdf_text(final), pdf_text(copy)
    assert "Erika Mustermann" in full and "Nur für die Verwaltung" in full
    assert "Erika Mustermann" not in public and "Interne Vermerke" not in public
    assert "Bürgerantrag vom Mai" in public and "§ 41 GO NRW" in public
    session = project.root / "sitzungen"
    session.mkdir()
    (session / "rat.yaml").write_text(
        "hausstil: musterfeld\ngremium: Rat\ndatum: 15.03.2030\nuhrzeit: '17:00'\n"
        "ort: Rathaus\neinladungsdatum: 01.03.2030\n"
        "oeffentlicher_teil:\n  - vorlage: drafts/d.yaml\n", encoding="utf-8")
    exported = run(["export", "oparl", "--out", "oparl"], project.root)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    papers = [json.loads(p.read_text(encoding="utf-8"))
              for p in (project.root / "oparl" / "paper").rglob("*.json")]
    fields = [p["ratsvorlagen:felder"] for p in papers if "ratsvorlagen:felder" in p]
    assert fields and "anlass" in fields[0] and "verfasser" not in fields[0]
    assert "Erika Mustermann" not in json.dumps(papers, ensure_ascii=False)
    # A field the style stops publishing after the final stops the final's publication.
    haus = project.root / "templates" / "musterfeld" / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace(
        "    beschriftung: Anlass\n", "    beschriftung: Anlass\n    veroeffentlichen: nein\n"),
        encoding="utf-8")
    shutil.rmtree(project.root / "oparl")
    again = run(["export", "oparl", "--out", "oparl"], project.root)
    assert again.returncode == 1
    assert "„Anlass“ ist in der archivierten Fassung von 2" in again.stderr
    assert "Bürgerantrag vom Mai" not in "".join(
        p.read_text(encoding="utf-8") for p in (project.root / "oparl").rglob("*.json"))
