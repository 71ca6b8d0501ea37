"""A Vorlage's Word file: the template filled with values, sections and logo."""

import shutil

import yaml
from docx import Document
from PIL import Image
from pypdf import PdfReader

from helpers import MINIMAL, STYLES, run
from pipeline.haus import load_house_style, load_style_folder
from pipeline.render import Numbering, build_context, render_vorlage
from pipeline.schema import Draft


def test_values_sections_and_properties_in_the_word_file(tmp_path):
    data = yaml.safe_load(MINIMAL) | {"betreff": "Neubau\neiner Turnhalle"}
    draft = Draft.model_validate(data)
    style = load_house_style("standard", [STYLES])
    out = tmp_path / "v.docx"
    render_vorlage(draft, style, build_context(draft, style, Numbering("2024/0007", True,
                                                                        False)), out)
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Neubau\neiner Turnhalle" in text  # the Betreff keeps its line break
    assert "Die Geräte sind veraltet." in text and "Der Rat beschließt" in text
    assert "\u2060vorlage-block" not in text  # every block marker was replaced
    props = doc.core_properties
    assert (props.title, props.author, props.keywords) == ("Neubau einer Turnhalle",
                                                           "Amt für Tests", "2024/0007")


def test_a_template_may_place_one_section_itself(tmp_path):
    folder = tmp_path / "eigen"
    shutil.copytree(STYLES / "standard", folder)
    template = Document(str(folder / "vorlage.docx"))
    template.add_paragraph("{{p abschnitte.begruendung }}")
    template.save(folder / "vorlage.docx")
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace("  - begruendung\n", ""),
                    encoding="utf-8")
    style = load_style_folder(folder)
    draft = Draft.model_validate(yaml.safe_load(MINIMAL))
    out = tmp_path / "v.docx"
    render_vorlage(draft, style, build_context(draft, style, Numbering("1", False, True)), out)
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts.count("Die Geräte sind veraltet.") == 1
    assert texts[-1] == "Die Geräte sind veraltet."  # where the template put it


def test_house_style_logo_appears_on_the_first_page(project, write_draft):


    folder = project.root / "templates" / "mitlogo"
    shutil.copytree(STYLES / "standard", folder)
    Image.new("RGB", (120, 60), (200, 30, 30)).save(folder / "wappen.png")
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8") + "logo: wappen.png\n", encoding="utf-8")
    write_draft("l.yaml", "hausstil: mitlogo\n" + MINIMAL)
    result = run(["build", "drafts/l.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(project.output_dir / "l-ENTWURF.pdf"))
    assert len(reader.pages[0].images) == 1
    assert all(len(page.images) == 0 for page in reader.pages[1:])
