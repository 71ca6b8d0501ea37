"""Regenerates the bundled Word templates (pipeline/haus/styles/<style>/vorlage.docx and
tagesordnung.docx).

The .docx files are committed so an administrator can open and restyle them in Word or
LibreOffice; this script is how we change them reviewably. Run `make templates`.
Each house style is a function below that lays out its header block; the body sections come
from the tool (`{{p inhalt }}`) and take the styles defined in `base_document`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "pipeline" / "haus" / "styles"
FONT = "Arial"  # LibreOffice maps it to the metric-compatible Liberation Sans

BORDERLESS = ('<w:tblBorders {ns}><w:top w:val="nil"/><w:left w:val="nil"/>'
              '<w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/>'
              '<w:insideV w:val="nil"/></w:tblBorders>')
GRID = ('<w:tblBorders {ns}><w:top w:val="single" w:sz="4" w:color="808080"/>'
        '<w:left w:val="single" w:sz="4" w:color="808080"/>'
        '<w:bottom w:val="single" w:sz="4" w:color="808080"/>'
        '<w:right w:val="single" w:sz="4" w:color="808080"/>'
        '<w:insideH w:val="single" w:sz="4" w:color="808080"/>'
        '<w:insideV w:val="single" w:sz="4" w:color="808080"/></w:tblBorders>')
RULES = ('<w:tblBorders {ns}><w:top w:val="single" w:sz="6" w:color="000000"/>'
         '<w:bottom w:val="single" w:sz="6" w:color="000000"/>'
         '<w:insideH w:val="single" w:sz="2" w:color="A0A0A0"/></w:tblBorders>')


# --- styles -------------------------------------------------------------------------------

def base_document(font: str = FONT, size: float = 11, margins=(20, 20, 25, 20)) -> Document:
    """A4, DIN 5008-like margins (top, bottom, left, right in mm), German, and every style
    the tool's content uses."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(margins[0]), Mm(margins[1])
    section.left_margin, section.right_margin = Mm(margins[2]), Mm(margins[3])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True

    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="de-DE" w:eastAsia="de-DE" '
                         'w:bidi="ar-SA"/>'))

    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    normal.element.rPr.rFonts.set(qn("w:cs"), font)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.1
    pf.widow_control = True

    for level, (pt, italic, before) in {1: (size, False, 14), 2: (size, False, 10),
                                        3: (size, True, 8), 4: (size, True, 6)}.items():
        h = doc.styles[f"Heading {level}"]
        h.font.name, h.font.size, h.font.bold, h.font.italic = font, Pt(pt), True, italic
        h.font.color.rgb = RGBColor(0, 0, 0)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            h.element.rPr.rFonts.attrib.pop(qn(attr), None)
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(before), Pt(4)
        h.paragraph_format.keep_with_next = True

    title = doc.styles["Title"]
    title.font.name, title.font.size, title.font.bold = font, Pt(16), True
    title.font.color.rgb = RGBColor(0, 0, 0)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        title.element.rPr.rFonts.attrib.pop(qn(attr), None)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    title.paragraph_format.space_after = Pt(6)

    betreff = doc.styles.add_style("Betreff", WD_STYLE_TYPE.PARAGRAPH)
    betreff.base_style = normal
    betreff.font.bold, betreff.font.size = True, Pt(size + 1)
    betreff.paragraph_format.space_after = Pt(10)

    klein = doc.styles.add_style("Kopfzeile klein", WD_STYLE_TYPE.PARAGRAPH)
    klein.base_style = normal
    klein.font.size = Pt(8.5)
    klein.paragraph_format.space_after = Pt(0)

    marke = doc.styles.add_style("Entwurf", WD_STYLE_TYPE.PARAGRAPH)
    marke.base_style = normal
    marke.font.bold, marke.font.size = True, Pt(12)
    marke.font.color.rgb = RGBColor(0xC0, 0, 0)
    marke.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    marke.paragraph_format.space_after = Pt(0)

    lp = doc.styles["List Paragraph"]
    lp.paragraph_format.space_after = Pt(3)
    lc = doc.styles["List Continue"]
    lc.paragraph_format.left_indent = Mm(7.5)
    lc.paragraph_format.space_after = Pt(2)

    quote = doc.styles["Quote"]
    quote.font.italic = True
    quote.font.color.rgb = RGBColor(0x20, 0x20, 0x20)
    quote.paragraph_format.left_indent = Mm(10)
    quote.paragraph_format.right_indent = Mm(10)

    note = doc.styles.add_style("FootnoteText", WD_STYLE_TYPE.PARAGRAPH)
    note.element.find(qn("w:name")).set(qn("w:val"), "footnote text")
    note.base_style = normal
    note.font.size = Pt(8.5)
    note.paragraph_format.space_after = Pt(0)
    ref = doc.styles.add_style("FootnoteReference", WD_STYLE_TYPE.CHARACTER)
    ref.element.find(qn("w:name")).set(qn("w:val"), "footnote reference")
    ref.font.superscript = True

    for name, borders in (("Vorlage Tabelle", GRID), ("Vorlage Formular", BORDERLESS),
                          ("Vorlage Unterschriften", BORDERLESS), ("Vorlage Kopf", BORDERLESS),
                          ("Vorlage Linien", RULES)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
        style.base_style = doc.styles["Normal Table"]
        tblpr = style.element.find(qn("w:tblPr"))
        if tblpr is None:
            tblpr = parse_xml(f'<w:tblPr {nsdecls("w")}/>')
            style.element.append(tblpr)
        tblpr.append(parse_xml(borders.format(ns=nsdecls("w"))))
        tblpr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="57" w:type="dxa"/>'
                               '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'))
        style.paragraph_format.space_after = Pt(2)
    return doc


# --- building blocks ----------------------------------------------------------------------

def field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that LibreOffice computes at layout time."""
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} '
                '</w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>1</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def page_footer(doc, text_before: str = "{{ nummer }} {{ l.seite }} ",
                align=WD_ALIGN_PARAGRAPH.RIGHT) -> None:
    """Footer on every page after the first: '<Nummer> Seite X von Y' (as Kempten prints)."""
    section = doc.sections[0]
    para = section.footer.paragraphs[0]
    para.style = doc.styles["Kopfzeile klein"]
    para.alignment = align
    para.add_run(text_before)
    field(para, "PAGE")
    para.add_run(" {{ l.von }} ")
    field(para, "NUMPAGES")
    section.first_page_footer.paragraphs[0].style = doc.styles["Kopfzeile klein"]


def draft_mark(container) -> None:
    """The ENTWURF line, present only while a Vorlage is not final."""
    para = container.add_paragraph(style="Entwurf")
    para.add_run("{% if entwurf %}{{ l.entwurf }} – nicht zur Veröffentlichung{% endif %}")


def page_header(doc, first_left: str, other_left: str) -> None:
    """Small running head; on the first page also the house style's logo, if it has one."""
    section = doc.sections[0]
    for first, header, text in ((True, section.first_page_header, first_left),
                                (False, section.header, other_left)):
        para = header.paragraphs[0]
        para.style = doc.styles["Kopfzeile klein"]
        para.add_run(text)
        if first:
            logo = header.add_paragraph(style="Kopfzeile klein")
            logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            logo.add_run("{% if logo %}{{ logo }}{% endif %}")
        draft_mark(header)


def table(doc, rows: list[list[str]], widths_mm: list[float], style: str = "Vorlage Kopf",
          bold_cols: tuple = (), bold_rows: tuple = (), size: float | None = None):
    t = doc.add_table(rows=len(rows), cols=len(widths_mm))
    t.style = doc.styles[style]
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    # LibreOffice lays out by the grid, Word by the cell widths: set both.
    for col, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(width * 56.7)))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = t.cell(r, c)
            cell.width = Mm(widths_mm[c])
            run = cell.paragraphs[0].add_run(text)
            if c in bold_cols or r in bold_rows:
                run.bold = True
            if size:
                run.font.size = Pt(size - (1 if r in bold_rows else 0))
    return t


def loop_rows(rows: list[list[str]], loop: str, header: list[str] | None = None):
    """Rows for a docxtpl table loop: `{%tr for ... %}` row, the body row, `{%tr endfor %}`."""
    out = [header] if header else []
    width = len(rows[0])
    out.append([f"{{%tr {loop} %}}"] + [""] * (width - 1))
    out.extend(rows)
    out.append(["{%tr endfor %}"] + [""] * (width - 1))
    return out


def optional_row(label: str, value: str, condition: str, width: int = 2):
    return [[f"{{%tr if {condition} %}}"] + [""] * (width - 1), [label, value],
            ["{%tr endif %}"] + [""] * (width - 1)]


def paragraph(doc, text: str, style: str | None = None, bold: bool = False, space_after=None):
    para = doc.add_paragraph(style=style)
    run = para.add_run(text)
    if bold:
        run.bold = True
    if space_after is not None:
        para.paragraph_format.space_after = Pt(space_after)
    return para


def remove_first_paragraph(doc) -> None:
    body = doc.element.body
    first = body.find(qn("w:p"))
    if first is not None and not first.xpath("string()"):
        body.remove(first)


KEEP_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Header",
               "Footer", "Title", "Quote", "List Paragraph", "List Continue", "Table Grid",
               "Strong", "Emphasis", "Caption", "List Bullet", "List Number"}


def prune(doc) -> None:
    """Drops what python-docx's default template carries but no Vorlage uses: ~100 table
    styles, latent style definitions, the Word 2010 copy of all styles, a thumbnail. The
    template shrinks from 800 KB of XML to a few KB, which every render (and LibreOffice)
    would otherwise parse again for each Vorlage."""
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        label = name.get(qn("w:val")) if name is not None else ""
        custom = style.get(qn("w:customStyle")) == "1"
        ui_name = label[0].upper() + label[1:] if label else label
        keep = (custom or ui_name in KEEP_STYLES or label.startswith(("heading", "footnote"))
                or ui_name.startswith(("Heading", "Vorlage")))
        if not keep:
            styles.remove(style)
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)


def save(doc, style: str, name: str = "vorlage.docx") -> Path:
    target = TEMPLATES / style / name
    target.parent.mkdir(parents=True, exist_ok=True)
    props = doc.core_properties
    props.author, props.title, props.comments = "Ratsvorlagen", f"Hausstil {style}", ""
    props.last_modified_by = ""
    prune(doc)
    doc.save(target)
    return target


# --- house styles -------------------------------------------------------------------------

def body(doc) -> None:
    """The tool's sections in the house style's order (see haus.yaml `abschnitte`), after
    the line that links a follow-up Vorlage to its original ("1. Ergänzung zur Vorlage …")."""
    paragraph(doc, "{%p if bezug_text %}")
    paragraph(doc, "{{ bezug_text }}", bold=True, space_after=8)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{{p inhalt }}")


def standard() -> None:
    """A clean DIN 5008-like layout: title, header fields, Beratungsfolge table, Betreff."""
    doc = base_document()
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }} · {{ vorlagenart_titel }} {{ nummer }}")
    page_footer(doc)
    paragraph(doc, "{{ vorlagenart_titel }}", style="Title", space_after=0)
    paragraph(doc, "{{ oeffentlichkeit }}", space_after=8)
    rows = [["{{ l.vorlagennummer }}:", "{{ nummer }}{% if nummer_vorlaeufig %} (vorläufig)"
                                        "{% endif %}"],
            *optional_row("{{ l.datum }}:", "{{ datum }}", "datum"),
            ["{{ l.amt }}:", "{{ amt }}"]]
    rows += optional_row("{{ l.verantwortlich }}:", "{{ verantwortlich }}", "verantwortlich")
    rows += optional_row("{{ l.aktenzeichen }}:", "{{ aktenzeichen }}", "aktenzeichen")
    # The house style's declared header fields (haus.yaml `felder:` with `ort: kopf`).
    rows += loop_rows([["{{ f.beschriftung }}", "{{ f.wert }}"]], "for f in kopf")
    table(doc, rows, [45, 120], bold_cols=(0,))
    paragraph(doc, "", space_after=4)
    paragraph(doc, "{{ l.beratungsfolge }}", style="Heading 1")
    header = ["{{ l.gremium }}", "{{ l.sitzung }}", "{{ l.beratung }}",
              "{{ l.zustaendigkeit }}", "{{ l.top }}"]
    # Under the Gremium: the session's name and a result reached before, where known.
    rows = [["{{ b.gremium }}{% if b.sitzungsname %}\n{{ b.sitzungsname }}{% endif %}"
             "{% if b.ergebnis %}\n{{ l.ergebnis }}: {{ b.ergebnis }}{% endif %}",
             "{{ b.sitzung }}", "{{ b.oeffentlichkeit }}", "{{ b.zustaendigkeit }}",
             "{{ b.top }}"]]
    # At 10 pt (heads 9 pt) the columns hold the longest single words seen in heads and
    # rows ("voraussichtlicher", "Zuständigkeit", "nichtöffentlich",
    # "Stadtverordnetenversammlung") without breaking inside them; longer text wraps
    # between words.
    table(doc, loop_rows(rows, "for b in beratungsfolge", header), [56, 35, 29, 31, 14],
          style="Vorlage Linien", bold_rows=(0,), size=10)
    paragraph(doc, "{{ l.betreff }}", style="Heading 1")
    paragraph(doc, "{{ betreff }}", style="Betreff")
    body(doc)
    remove_first_paragraph(doc)
    save(doc, "standard")


def kempten() -> None:
    """Seed 000: 'öffentliche Sitzungsvorlage', the session line, Amt / Verantwortlich /
    Vorlagennummer, TOP, Betreff; Sachverhalt before the Beschlussvorschlag; footer
    '2020/53/037 Seite 2 von 3' from the second page on."""
    doc = base_document(margins=(25, 20, 25, 20))
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }}")
    page_footer(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph(doc, "{{ oeffentlichkeit }}e {{ vorlagenart_titel }}", style="Title",
              space_after=10)
    para = paragraph(doc, "{% for b in beratungsfolge %}{{ b.gremium }}"
                          "{% if b.datum %} am {{ b.datum }}{% endif %}"
                          "{% if not loop.last %}, {% endif %}{% endfor %}", bold=True,
                     space_after=10)
    para.runs[0].font.size = Pt(12)
    rows = [["{{ l.amt }}:", "{{ amt }}"]]
    rows += optional_row("{{ l.verantwortlich }}:", "{{ verantwortlich }}", "verantwortlich")
    rows += [["{{ l.vorlagennummer }}:", "{{ nummer }}"]]
    rows += optional_row("{{ l.aktenzeichen }}:", "{{ aktenzeichen }}", "aktenzeichen")
    table(doc, rows, [38, 127], bold_cols=(0,))
    paragraph(doc, "{% if erste_beratung.top %}{{ l.top }} {{ erste_beratung.top }}"
                   "{% endif %}", bold=True, space_after=6).paragraph_format.space_before = Pt(10)
    paragraph(doc, "{{ betreff }}", style="Betreff")
    body(doc)
    remove_first_paragraph(doc)
    save(doc, "kempten")


def bielefeld() -> None:
    """Seed 002: 'Beschlussvorlage der Verwaltung', Drucksachen-Nr. in the corner, the table
    Gremium / Sitzung am / Beratung, the Beratungsgegenstand box, then Produktgruppe,
    Ergebnisplan, frühere Behandlung, Beschlussvorschlag, Begründung, Oberbürgermeister."""
    doc = base_document()
    heading = doc.styles["Heading 1"]
    heading.paragraph_format.space_before = Pt(12)
    shade = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="E6E6E6"/>')
    heading.element.get_or_add_pPr().append(shade)
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }} · Drucksachen-Nr. {{ nummer }}")
    page_footer(doc, text_before="Drucksachen-Nr. {{ nummer }} · {{ l.seite }} ")
    # The footer requirement '<Nummer> Seite X von Y' holds: the number directly precedes it.
    table(doc, [["{{ vorlagenart_titel }}", "{{ l.drucksache }}\n{{ nummer }}"]], [120, 45])
    top = doc.tables[-1]
    top.cell(0, 0).paragraphs[0].runs[0].font.size = Pt(15)
    top.cell(0, 0).paragraphs[0].runs[0].bold = True
    top.cell(0, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(doc, "", space_after=4)
    header = ["{{ l.gremium }}", "{{ l.sitzung }}", "{{ l.beratung }}"]
    rows = [["{{ b.gremium }}", "{{ b.sitzung }}", "{{ b.oeffentlichkeit }}"]]
    table(doc, loop_rows(rows, "for b in beratungsfolge", header), [100, 35, 30],
          style="Vorlage Tabelle", bold_rows=(0,))
    paragraph(doc, "{{ l.betreff }}", style="Heading 1")
    paragraph(doc, "{{ betreff }}", style="Betreff")
    body(doc)
    hint = paragraph(doc, "Wenn die Begründung länger als drei Seiten ist, bitte eine kurze "
                          "Zusammenfassung voranstellen.", style="Kopfzeile klein")
    hint.paragraph_format.space_before = Pt(18)
    hint.runs[0].italic = True
    remove_first_paragraph(doc)
    save(doc, "bielefeld")


def waiblingen() -> None:
    """Seed 003: 'Sitzungsvorlage' with the Fachbereich, Beratungsfolge as three columns
    (bodies, dates, öffentlich), Betreff, Beschlussvorschlag, Begründung, then place and date,
    Ansprechpartnerin, weitere beteiligte Fachbereiche and the signatures."""
    doc = base_document(margins=(20, 20, 25, 20))
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }} · {{ vorlagenart_titel }} {{ nummer }}")
    page_footer(doc)
    table(doc, [["{{ vorlagenart_titel }}", "{{ gemeinde }}\nNr. {{ nummer }}"],
                ["{{ amt }}", ""]], [110, 55])
    top = doc.tables[-1]
    top.cell(0, 0).paragraphs[0].runs[0].font.size = Pt(16)
    top.cell(0, 0).paragraphs[0].runs[0].bold = True
    top.cell(0, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(doc, "", space_after=4)
    paragraph(doc, "{{ l.beratungsfolge }}", bold=True, space_after=2)
    rows = [["{{ b.gremium }}", "{{ b.sitzung }}", "{{ b.oeffentlichkeit }}"]]
    table(doc, loop_rows(rows, "for b in beratungsfolge"), [95, 35, 35])
    paragraph(doc, "{{ l.betreff }}", style="Heading 1")
    paragraph(doc, "{{ betreff }}", style="Betreff")
    body(doc)
    remove_first_paragraph(doc)
    save(doc, "waiblingen")


def bottrop() -> None:
    """Seed 004: Datum and Drucksache Nr. in a box on the right, the Beratungsfolge table
    with Sitzungstermin and Zuständigkeit, Betreff, Beschlussvorschlag, the form block
    'Finanzielle Auswirkungen', Begründung and the signature."""
    doc = base_document()
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }} · {{ l.vorlagennummer }} {{ nummer }}")
    page_footer(doc)
    table(doc, [["{{ gemeinde }}\n{{ vorlagenart_titel }}",
                 "{{ l.datum }}\n{{ datum }}\n\n{{ l.vorlagennummer }}\n{{ nummer }}"]],
          [115, 50])
    top = doc.tables[-1]
    top.cell(0, 0).paragraphs[0].runs[0].font.size = Pt(14)
    top.cell(0, 0).paragraphs[0].runs[0].bold = True
    box = top.cell(0, 1)._tc.get_or_add_tcPr()
    box.append(parse_xml(f'<w:tcBorders {nsdecls("w")}><w:top w:val="single" w:sz="6"/>'
                         '<w:left w:val="single" w:sz="6"/><w:bottom w:val="single" w:sz="6"/>'
                         '<w:right w:val="single" w:sz="6"/></w:tcBorders>'))
    paragraph(doc, "", space_after=6)
    header = ["{{ l.beratungsfolge }}", "{{ l.sitzung }}", "{{ l.zustaendigkeit }}"]
    rows = [["{{ b.gremium }}", "{{ b.sitzung }}", "{{ b.zustaendigkeit }}"]]
    table(doc, loop_rows(rows, "for b in beratungsfolge", header), [95, 35, 35],
          style="Vorlage Tabelle", bold_rows=(0,))
    paragraph(doc, "{{ l.betreff }}", style="Heading 1")
    paragraph(doc, "{{ betreff }}", style="Betreff")
    body(doc)
    remove_first_paragraph(doc)
    save(doc, "bottrop")


def agenda(name: str) -> None:
    """Tagesordnung of a session (used by `vorlage sitzung build`)."""
    doc = base_document()
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }} · Tagesordnung {{ gremium }} "
                                       "{{ datum }}")
    page_footer(doc, text_before="Tagesordnung {{ gremium }} {{ datum }} · {{ l.seite }} ")
    paragraph(doc, "{{p deckblatt }}")
    # The municipality's name stands in the first page's running head only: printed again
    # above the title it appeared twice.
    paragraph(doc, "{{ l.tagesordnung }}", style="Title", space_after=0)
    paragraph(doc, "{{ gremium }}", style="Betreff", space_after=4)
    table(doc, [["{{ l.sitzung }}:", "{{ wochentag }}, {{ datum }}, {{ uhrzeit }} Uhr"],
                ["Ort:", "{{ ort }}"],
                ["Einladung vom:", "{{ einladungsdatum }}"]], [40, 125], bold_cols=(0,))
    paragraph(doc, "{{p teile }}")
    remove_first_paragraph(doc)
    save(doc, name, "tagesordnung.docx")


def minutes(name: str) -> None:
    """Niederschrift of a session and Beschlussauszug of a TOP (`vorlage sitzung
    niederschrift` and `auszug`): the same Kopf, the content as one block."""
    doc = base_document()
    page_header(doc, "{{ gemeinde }}", "{{ gemeinde }} · {{ titel }} {{ gremium }} "
                                       "{{ datum }}")
    page_footer(doc, text_before="{{ titel }} {{ gremium }} {{ datum }} · {{ l.seite }} ")
    paragraph(doc, "{{ titel }}", style="Title", space_after=0)
    paragraph(doc, "{{ gremium }}", style="Betreff", space_after=4)
    # The page of earlier results before a Vorlage in a packet has no session Kopf.
    paragraph(doc, "{%p if not vorberatung %}")
    table(doc, [["{{ l.sitzung }}:", "{{ wochentag }}, {{ datum }}"],
                ["Ort:", "{{ ort }}"],
                ["{{ l.beginn }}:", "{{ beginn }} Uhr{% if ende %}, {{ l.ende }}: {{ ende }} "
                                    "Uhr{% endif %}"]], [40, 125], bold_cols=(0,))
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{{p inhalt }}")
    remove_first_paragraph(doc)
    save(doc, name, "niederschrift.docx")


STYLES = {"standard": standard, "kempten": kempten, "bielefeld": bielefeld,
          "waiblingen": waiblingen, "bottrop": bottrop}


# Styles that are the standard layout with their own haus.yaml: only declarations differ.
STANDARD_LAYOUT = ("leipzig",)


def main(names: list[str]) -> None:
    for name in names or STYLES:
        STYLES[name]()
        agenda(name)
        minutes(name)
        print(f"pipeline/haus/styles/{name}/ geschrieben")
        if name == "standard":
            for other in STANDARD_LAYOUT:
                for template in ("vorlage.docx", "tagesordnung.docx", "niederschrift.docx"):
                    shutil.copyfile(TEMPLATES / name / template, TEMPLATES / other / template)
                print(f"pipeline/haus/styles/{other}/ geschrieben (Standard-Layout)")


if __name__ == "__main__":
    main(sys.argv[1:])
