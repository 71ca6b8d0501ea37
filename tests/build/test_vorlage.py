"""One Vorlage built: end to end with real LibreOffice and real PDFs, and what a failing step
leaves behind."""

import io
import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from closed_session import all_bytes
from helpers import MINIMAL, Listener, pdf_text, run
from pipeline.build import BuildOptions, Status, build_vorlage, steps
from pipeline.check import check_file
from pipeline.pdf import ConversionError, pdfa
from pipeline.records import Register
from pipeline.render import Numbering

LONG = MINIMAL.replace("  Die Geräte sind veraltet.\n", "".join(
    f"  Absatz {i}: Die Geräte im Sitzungssaal sind veraltet und müssen ersetzt werden, "
    "weil Ersatzteile fehlen und die Wartung teuer geworden ist.\n\n" for i in range(60)))


def make_pdf(path, text):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 700, text)
    c.showPage()
    c.drawString(72, 700, text + " Seite 2")
    c.save()


def make_docx(path, text):
    doc = Document()
    doc.add_heading("Kostenaufstellung", 1)
    doc.add_paragraph(text)
    doc.save(path)


def with_anlagen(project):
    make_pdf(project.drafts_dir / "angebot.pdf", "Angebot der Firma Muster")
    make_docx(project.drafts_dir / "kosten.docx", "Kosten im Einzelnen")
    return LONG + ("anlagen:\n  - titel: Angebot\n    datei: angebot.pdf\n"
                   "  - titel: Kostenaufstellung\n    datei: kosten.docx\n")


def test_draft_build_has_footer_anlagen_bookmarks_stamps_metadata(project, write_draft):
    write_draft("geraete.yaml", with_anlagen(project))
    result = run(["build", "drafts/geraete.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    pdf = project.output_dir / "geraete-ENTWURF.pdf"
    reader = PdfReader(str(pdf))
    pages = [p.extract_text() for p in reader.pages]
    vorlage_pages = [i for i, t in enumerate(pages) if "Absatz" in t or "Beschaffung" in t]
    count = max(vorlage_pages) + 1
    assert count >= 2
    assert "ENTWURF" in pages[0]
    # Footer "<Nummer> Seite X von Y" on every Vorlage page after the first, not on the first.
    assert "Seite 1 von" not in pages[0]
    for i in range(1, count):
        assert f"2024/XXXX Seite {i + 1} von {count}" in pages[i]
    # Anlagen follow in order, keep their pages and carry a stamp on their first page.
    assert "Anlage 1 zur Vorlage 2024/XXXX" in pages[count]
    assert "Angebot der Firma Muster" in pages[count]
    assert "Seite 2" in pages[count + 1] and "Anlage 1 zur" not in pages[count + 1]
    assert "Anlage 2 zur Vorlage 2024/XXXX" in pages[count + 2]
    assert "Kosten im Einzelnen" in pages[count + 2]
    assert len(pages) == count + 3
    outline = [(item.title, reader.get_destination_page_number(item))
               for item in reader.outline if not isinstance(item, list)]
    assert ("Anlage 1: Angebot", count) in outline
    assert ("Anlage 2: Kostenaufstellung", count + 2) in outline
    meta = reader.metadata
    assert meta.title == "Beschaffung von Testgeräten"
    assert meta.author == "Amt für Tests"
    assert meta.subject == "Beschlussvorlage"
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"


@pytest.mark.parametrize("fault, message", [
    (OSError(28, "No space left on device"), "Schreiben fehlgeschlagen: No space left on device"),
    (ConversionError("vorlage.docx: LibreOffice-Fehler (x)"), "LibreOffice-Fehler (x)"),
    (KeyError("oops"), "interner Fehler: KeyError('oops')")])
def test_every_failure_becomes_a_problem_and_leaves_no_pdf(project, write_draft, converter,
                                                           monkeypatch, fault, message):
    checked = check_file(write_draft("v.yaml"), project)

    def broken(*args):
        raise fault

    monkeypatch.setattr(steps, "assemble", broken)
    with Register(project.register_path) as register:
        outcome = build_vorlage(checked, project, Numbering("2024/XXXX", False, True),
                                converter, BuildOptions(out_dir=project.output_dir), register)
    assert outcome.status == Status.FEHLER and outcome.output is None
    assert message in outcome.first_error
    assert bool(outcome.traceback) == isinstance(fault, KeyError)  # only bugs keep theirs
    assert not list(project.output_dir.glob("*.pdf"))


QUOTED_BETREFF = ('Bebauungsplan "Auf der Bühne", Kita „Sonnenschein“ & Hort, '
                  "Straße <Am Bach>, Johann's Platz")


@pytest.mark.parametrize("with_anlage", [False, True], ids=["ohne Anlagen", "mit PDF-Anlage"])
def test_a_final_betreff_with_quotes_ampersand_and_brackets_is_archived(
        project, write_draft, converter, with_anlage):
    """LibreOffice 7.4 wrote `&amp;quot;` into the XMP title, so such a Betreff never passed
    the PDF/A check (issue 13, point 11)."""
    draft = MINIMAL.replace("betreff: Beschaffung von Testgeräten",
                            "betreff: '" + QUOTED_BETREFF.replace("'", "''") + "'")
    draft = draft.replace("amt: Amt für Tests", "amt: Amt für Umwelt & Klima")
    if with_anlage:
        make_docx(project.drafts_dir / "lageplan.docx", "Lageplan des Plangebiets")
        converter.convert(project.drafts_dir / "lageplan.docx", project.drafts_dir / "plan.pdf")
        draft += "anlagen:\n  - titel: Lageplan\n    datei: plan.pdf\n"
    write_draft("v.yaml", draft)
    result = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    path = next(project.output_dir.glob("archiv/*/*.pdf"))
    assert pdfa.problems(path) == []
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) == QUOTED_BETREFF
        assert meta["dc:creator"] == [str(pdf.docinfo.Author)] == ["Amt für Umwelt & Klima"]
        assert meta["dc:description"] == "Beschlussvorlage"
        assert meta.pdfa_status == "2B" and ("pdfuaid:part" in meta) != with_anlage
    assert ("Anlage 1 zur Vorlage 2024/0001" in pdf_text(path)) == with_anlage


def test_a_hostile_pdf_anlage_leaves_nothing_active_in_draft_final_or_copy(project,
                                                                           write_draft):
    """Issue 14, finding 1: Launch, JavaScript, SubmitForm, file links, form actions and
    embedded files of a PDF Anlage reached every PDF built with it."""
    from closed_session import HOSTILE_TRACES, all_bytes, hostile_pdf
    from pipeline.pdf import active_content

    hostile_pdf(project.drafts_dir / "plan.pdf", "Lageplan des Plangebiets", embedded_font=True)
    hostile_pdf(project.drafts_dir / "bieter.pdf", "Bieterliste vertraulich", embedded_font=True)
    write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: Lageplan\n    datei: plan.pdf\n"
                "  - titel: Bieter\n    datei: bieter.pdf\n    oeffentlich: nein\n")
    assert active_content(project.drafts_dir / "plan.pdf")  # the scan sees the attack
    for args in (["build", "drafts/v.yaml"], ["build", "--final", "drafts/v.yaml"]):
        result = run(args, project.root)
        assert result.returncode == 0, result.stderr
    assert "Texterkennung" not in result.stderr  # taken as it is, not rasterised by OCR
    pdfs = sorted(p for p in project.output_dir.rglob("*.pdf") if ".cache" not in p.parts)
    assert [p.name for p in pdfs] == ["2024-0001.oeffentlich.pdf", "2024-0001.pdf",
                                      "v-ENTWURF.pdf"]
    for pdf in pdfs:
        assert active_content(pdf) == [], pdf.name
        data = all_bytes(pdf)
        assert [t for t in HOSTILE_TRACES if t in data] == [], pdf.name
        assert "Lageplan des Plangebiets" in pdf_text(pdf)
        with pikepdf.open(pdf) as opened:  # the web link of the Anlage still works
            uris = [str(a.A.URI) for page in opened.pages for a in page.obj.get("/Annots", [])
                    if "/A" in a and a.A.get("/S") == "/URI"]
            assert "https://www.bielefeld.de/" in uris, pdf.name
    assert pdfa.problems(pdfs[1]) == []


# Issue 14, finding 2: converting an office Anlage fetched its linked pictures over HTTP and
# embedded pictures from elsewhere on the machine. Nothing outside the Anlage may be read.

def random_png(width: int, height: int) -> tuple[bytes, bytes]:
    """A PNG of noise and its raw pixels; its size tells it apart from every other picture."""
    from PIL import Image

    pixels = os.urandom(width * height * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(out, "PNG")
    return out.getvalue(), pixels


W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def linked_picture(rid: str, n: int) -> str:
    return (f'<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
            'drawingml/2006/wordprocessingDrawing"><wp:extent cx="914400" cy="914400"/>'
            f'<wp:docPr id="{n}" name="Bild {n}"/><a:graphic xmlns:a="http://schemas.'
            'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.'
            'openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.'
            f'openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{n}" '
            f'name="b{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="{rid}"/>'
            '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" '
            'y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            '</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
            '</w:drawing></w:r></w:p>')


def complex_field(instruction: str) -> str:
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            f'xml:space="preserve"> {escape(instruction)} </w:instrText></w:r><w:r><w:fldChar '
            'w:fldCharType="separate"/></w:r><w:r><w:t>Feldergebnis</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r></w:p>')


def hostile_docx(path: Path, web: str, private: Path) -> None:
    """A DOCX that points out of itself in every way Word allows: linked pictures (web and
    file), INCLUDEPICTURE and INCLUDETEXT fields, an altChunk and an attached template."""
    Document().save(path)
    body = "".join([
        '<w:p><w:r><w:t>Sichtbarer Text der DOCX-Anlage</w:t></w:r></w:p>',
        linked_picture("rIdWeb", 101), linked_picture("rIdFile", 102),
        complex_field(f'INCLUDEPICTURE "{web}/feld.png" \\d'),
        complex_field(f'INCLUDEPICTURE "{private / "geheim.png"}" \\d'),
        f'<w:p><w:fldSimple w:instr="{escape(f"INCLUDEPICTURE {web}/einfach.png")}">'
        '<w:r><w:t>einfach</w:t></w:r></w:fldSimple></w:p>',
        complex_field(f'INCLUDETEXT "{private / "geheim.txt"}"'),
        complex_field(f'INCLUDETEXT "{private / "geheim.docx"}"'),
        '<w:altChunk r:id="rIdChunkWeb"/><w:altChunk r:id="rIdChunkFile"/>'])
    rels = [("rIdWeb", "image", f"{web}/bild.png"),
            ("rIdFile", "image", (private / "geheim.png").as_uri()),
            ("rIdChunkWeb", "aFChunk", f"{web}/teil.html"),
            ("rIdChunkFile", "aFChunk", (private / "geheim.docx").as_uri())]

    def document(xml: str) -> str:
        return xml.replace("<w:body>", "<w:body>" + body, 1)

    def relationships(xml: str) -> str:
        return xml.replace("</Relationships>", "".join(
            f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{escape(target)}" '
            'TargetMode="External"/>' for rid, kind, target in rels) + "</Relationships>")

    def settings(xml: str) -> str:
        return xml.replace("<w:zoom ", '<w:attachedTemplate r:id="rIdVorlage"/><w:zoom ', 1)

    settings_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
                     'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     f'<Relationship Id="rIdVorlage" Type="{REL}attachedTemplate" '
                     f'Target="{web}/vorlage.dotx" TargetMode="External"/></Relationships>')
    rewrite_zip(path, {"word/document.xml": document,
                       "word/_rels/document.xml.rels": relationships,
                       "word/settings.xml": settings,
                       "word/_rels/settings.xml.rels": lambda _: settings_rels})


def rewrite_zip(path: Path, changes: dict) -> None:
    old = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(old)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in changes:
                data = changes.pop(info.filename)(data.decode()).encode()
            zout.writestr(info, data)
        for name, change in changes.items():
            zout.writestr(name, change("").encode(), zipfile.ZIP_DEFLATED)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')


def hostile_odt(path: Path, web: str, private: Path) -> None:
    """An ODT with pictures (frames, a paragraph background, a list bullet) and sections
    linked from the web and from a private folder."""
    def picture(href, n):
        return (f'<text:p><draw:frame draw:name="Bild{n}" text:anchor-type="as-char" '
                f'svg:width="2cm" svg:height="2cm"><draw:image xlink:href="{escape(href)}" '
                'xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>'
                '</text:p>')

    def section(href, n):
        return (f'<text:section text:name="Bereich{n}"><text:section-source '
                f'xlink:href="{escape(href)}" xlink:type="simple"/><text:p>Bereich {n}</text:p>'
                '</text:section>')

    styles = ('<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties>'
              f'<style:background-image xlink:href="{web}/hintergrund.png" xlink:type="simple" '
              'xlink:actuate="onLoad"/></style:paragraph-properties></style:style>'
              '<text:list-style style:name="L1"><text:list-level-style-image text:level="1" '
              f'xlink:href="{web}/punkt.png" xlink:type="simple" xlink:show="embed" '
              'xlink:actuate="onLoad"><style:list-level-properties fo:width="0.4cm" '
              'fo:height="0.4cm"/></text:list-level-style-image></text:list-style>')
    secret = private / "geheim.png"
    body = ('<text:p text:style-name="P1">Sichtbarer Text der ODT-Anlage</text:p>'
            '<text:list text:style-name="L1"><text:list-item><text:p>Punkt</text:p>'
            '</text:list-item></text:list>'
            + picture(f"{web}/odt.png", 1) + picture(secret.as_uri(), 2)
            + section((private / "geheim.txt").as_uri(), 1) + section(f"{web}/bereich.odt", 2))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} '
               f'office:version="1.2"><office:automatic-styles>{styles}</office:automatic-styles>'
               f'<office:body><office:text>{body}</office:text></office:body>'
               '</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
                'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                'vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path='
                '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)


def picture_sizes(pdf_path: Path) -> set[tuple[int, int]]:
    """Width and height of every image in a PDF (LibreOffice re-encodes pictures, so their
    bytes are not found again; their size is)."""
    with pikepdf.open(pdf_path) as pdf:
        return {(int(obj.Width), int(obj.Height)) for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"}


def test_office_anlagen_reach_nothing_outside_themselves(project, write_draft, tmp_path_factory):
    private = tmp_path_factory.mktemp("privat")  # outside the project
    marker = "Geheimnis-" + os.urandom(6).hex()
    secret_png, secret_pixels = random_png(61, 29)
    (private / "geheim.png").write_bytes(secret_png)
    (private / "geheim.txt").write_text(f"{marker} aus der Textdatei\n", encoding="utf-8")
    make_docx(private / "geheim.docx", f"{marker} aus dem Word-Dokument")
    web_png, web_pixels = random_png(43, 17)
    listener = Listener(web_png, b"image/png")
    try:
        hostile_docx(project.drafts_dir / "verweise.docx", listener.url, private)
        hostile_odt(project.drafts_dir / "verweise.odt", listener.url, private)
        write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: Word\n    datei: verweise.docx\n"
                    "  - titel: OpenDocument\n    datei: verweise.odt\n")
        draft = run(["build", "drafts/v.yaml"], project.root)
        final = run(["build", "--final", "drafts/v.yaml"], project.root)
    finally:
        listener.shutdown()
        listener.server_close()
    assert listener.seen == []
    assert draft.returncode == 0, draft.stdout + draft.stderr
    assert final.returncode == 0, final.stdout + final.stderr
    assert "Verweise auf Dateien oder Webadressen außerhalb der Anlage entfernt" in draft.stderr
    outputs = sorted(project.output_dir.rglob("*.pdf"))
    assert len(outputs) >= 4  # draft, final, publication copy, converted Anlagen
    text = pdf_text(project.output_dir / "v-ENTWURF.pdf")
    assert "Sichtbarer Text der DOCX-Anlage" in text and "Sichtbarer Text der ODT-Anlage" in text
    for pdf in outputs:
        data = all_bytes(pdf)
        assert marker.encode() not in data and marker not in pdf_text(pdf), pdf
        assert secret_png not in data and secret_pixels[:600] not in data, pdf
        assert web_png not in data and web_pixels[:600] not in data, pdf
        assert not picture_sizes(pdf) & {(61, 29), (43, 17)}, pdf


def test_every_vorlage_with_a_hostile_anlage_says_what_was_removed(project, write_draft):
    """Sanitised once per content, but each build using the Anlage gets the note, also
    when its copy comes from the cache."""
    import re

    from closed_session import hostile_pdf

    hostile_pdf(project.drafts_dir / "plan.pdf", "Lageplan", embedded_font=True)
    for name in ("a.yaml", "b.yaml"):
        write_draft(name, MINIMAL + "anlagen:\n  - titel: Lageplan\n    datei: plan.pdf\n")
    for args in (["build", "drafts"], ["build", "--force", "drafts/b.yaml"]):
        result = run(args, project.root)
        assert result.returncode == 0, result.stderr
        for name in ("a.yaml", "b.yaml") if args[1] == "drafts" else ("b.yaml",):
            assert re.search(rf"drafts/{name}:\d+:\d+: anlagen\[1\]\.datei: Hinweis: Anlage 1 "
                             r"\(Lageplan\): aktive Inhalte entfernt: .*JavaScript-Aktion",
                             result.stderr), result.stderr
    cached = list((project.output_dir / ".cache" / "anlagen").glob("*-rein.pdf"))
    assert len(cached) == 1  # one sanitised copy for both Vorlagen
