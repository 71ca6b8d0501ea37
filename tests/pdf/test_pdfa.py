"""PDF/A-2b: final Vorlagen validate, Anlagen are normalised, the validator finds faults."""

import re
import subprocess

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from helpers import MINIMAL, final_pdf, helvetica_pdf, pdf_text, run
from pipeline.pdf import pdfa


def scanned_pdf(path, lines):
    """A page that is only an image of text, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                              52)
    for i, line in enumerate(lines):
        draw.text((150, 300 + 90 * i), line, font=font, fill=0)
    image.save(path, resolution=200)


def test_final_pdf_is_pdfa_2b_tagged_and_searchable(project, write_draft):
    drafts = project.drafts_dir
    helvetica_pdf(drafts / "angebot.pdf", "Angebot der Firma Muster")
    scanned_pdf(drafts / "scan.pdf", ["Gutachten zur Schulsanierung",
                                      "Die Kosten betragen 250.000 Euro."])
    write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: Angebot\n    datei: angebot.pdf\n"
                "  - titel: Gutachten\n    datei: scan.pdf\n")
    result = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    assert "Hinweis: Anlage 2 (Gutachten) gescannt (alle Seiten ohne Text): deutsche " \
           "Texterkennung ergänzt" in result.stderr
    assert "Hinweis: Anlage 1 (Angebot) nicht PDF/A-tauglich (Seite 1: Schrift Helvetica " \
           "nicht eingebettet)" in result.stderr
    path = final_pdf(project)
    assert pdfa.problems(path) == []  # our validator, including `qpdf --check`
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[>=\"]+2", xmp) and re.search(r"pdfaid:conformance[>=\"]+B",
                                                                 xmp)
    assert "pdfuaid" not in xmp  # Anlage pages are untagged: no PDF/UA claim any more
    assert not reader.is_encrypted
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "de-DE"
    assert reader.metadata.title == "Beschaffung von Testgeräten"
    assert "Beschaffung von Testgeräten" in xmp
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Anlage 1: Angebot" in titles and "Anlage 2: Gutachten" in titles
    intents = root["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    text = pdf_text(path)
    assert "Gutachten zur Schulsanierung" in text and "Angebot der Firma Muster" in text
    assert b"/JavaScript" not in path.read_bytes()


def test_final_without_anlagen_keeps_the_pdf_ua_claim(project, write_draft):
    write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    xmp = PdfReader(str(final_pdf(project))).trailer["/Root"]["/Metadata"].get_object()
    assert "pdfuaid" in xmp.get_data().decode()


def test_a_clean_libreoffice_export_passes(final_copy):
    assert pdfa.problems(final_copy) == []
    ident = pdfa.identification(final_copy)
    assert ident.pdfa == "2B" and ident.info_title == ident.xmp_title == \
        "Beschaffung von Testgeräten"


def test_the_validator_finds_what_breaks_pdfa(tmp_path, final_copy):
    with pikepdf.open(final_copy) as pdf:
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        del pdf.Root.OutputIntents
        pdf.attachments["virus.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ")
        pdf.docinfo.Title = "Ein anderer Titel"
        bad = tmp_path / "schlecht.pdf"
        pdf.save(bad)
    found = pdfa.problems(bad)
    for fault in ("kein PDF/A-Output-Intent mit ICC-Profil", "enthält eingebettete Dateien",
                  "enthält JavaScript (OpenAction)",
                  "Titel im Info-Verzeichnis und in XMP verschieden"):
        assert fault in found


def test_stream_bytes_that_read_like_javascript_are_not_javascript(tmp_path, final_copy):
    """A content stream (as compressed bytes can by chance) holding "/JS(" is no script; a
    JavaScript action beside it still is found."""
    with pikepdf.open(final_copy) as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"% /JS(app.alert(1)) /S /JavaScript\n"))
        chance = tmp_path / "zufall.pdf"
        pdf.save(chance, compress_streams=False)
        assert b"/JS(app" in chance.read_bytes()
        assert not [p for p in pdfa.problems(chance) if "JavaScript" in p]
        pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        real = tmp_path / "echt.pdf"
        pdf.save(real, compress_streams=False)
    assert [p for p in pdfa.problems(real) if "JavaScript" in p]


def test_the_validator_finds_active_content_in_links_chains_and_annotations(tmp_path,
                                                                           final_copy):
    """The attack of issue 14 (finding 1): a final PDF/A with a Launch link, a link running
    a JavaScript stream (`/JS 12 0 R`) through a Rendition, a SubmitForm link, a GoTo link
    whose /Next ends in JavaScript and an embedded .exe in a file-attachment annotation
    passed with no problem at all."""
    def annotate(annots, name):
        with pikepdf.open(final_copy) as pdf:
            page = pdf.pages[0].obj
            page.Annots = Array([pdf.make_indirect(Dictionary(
                Type=Name.Annot, Subtype=subtype, Rect=[72, 72, 200, 90], F=4, **keys))
                for subtype, keys in annots(pdf, page)])
            pdf.save(tmp_path / name)
        return tmp_path / name

    bad = annotate(lambda pdf, page: [
        (Name.Link, {"A": Dictionary(S=Name.Launch, F=String("calc.exe"))}),
        (Name.Link, {"A": Dictionary(S=Name.Rendition, OP=0,
                                     JS=pdf.make_stream(b"app.alert('Rendition')"))}),
        (Name.Link, {"A": Dictionary(S=Name.SubmitForm, F=String("https://evil.example/"))}),
        (Name.Link, {"A": Dictionary(S=Name.GoTo, D=Array([page, Name.Fit]), Next=Dictionary(
            S=Name.JavaScript, JS=String("app.alert(1)")))}),
        (Name.FileAttachment, {"FS": pikepdf.AttachedFileSpec(pdf, b"MZ",
                                                              filename="virus.exe").obj})],
        "angriff.pdf")
    found = pdfa.problems(bad)
    for fault in ("Seite 1: Anmerkung Link mit Launch-Aktion",
                  "Seite 1: Anmerkung Link mit Rendition-Aktion", "enthält JavaScript",
                  "Seite 1: Anmerkung Link mit SubmitForm-Aktion",
                  "Seite 1: Anmerkung Link mit JavaScript-Aktion",
                  "Seite 1: Anmerkung FileAttachment (Dateianhang)",
                  "enthält eingebettete Dateien"):
        assert fault in found, (fault, found)
    # What the check lets through: links within the document, to the web and to e-mail.
    good = annotate(lambda pdf, page: [
        (Name.Link, {"A": Dictionary(S=Name.GoTo, D=Array([page, Name.Fit]))}),
        (Name.Link, {"A": Dictionary(S=Name.URI, URI=String("https://www.bielefeld.de/"))}),
        (Name.Link, {"A": Dictionary(S=Name.URI, URI=String("mailto:rat@example.org"))})],
        "verweise.pdf")
    assert pdfa.problems(good) == []


def test_a_file_that_claims_no_pdfa(tmp_path):
    plain = tmp_path / "p.pdf"
    helvetica_pdf(plain, "kein PDF/A")
    found = pdfa.problems(plain)
    assert "XMP-Metadaten erklären kein PDF/A" in found
    assert "Seite 1: Schrift Helvetica nicht eingebettet" in found


def test_which_anlagen_need_normalising(tmp_path, final_copy):
    assert pdfa.needs_normalising(final_copy) == (False, "")
    scan = tmp_path / "scan.pdf"
    scanned_pdf(scan, ["Gutachten"])
    needed, note = pdfa.needs_normalising(scan)
    assert needed and note.startswith("gescannt (alle Seiten ohne Text)")
    plain = tmp_path / "p.pdf"
    helvetica_pdf(plain, "Text ohne eingebettete Schrift")
    needed, note = pdfa.needs_normalising(plain)
    assert needed and "Schrift Helvetica nicht eingebettet" in note


def test_drop_ua_claim_changes_only_that(final_copy):
    before = pdfa.identification(final_copy)
    pdfa.drop_ua_claim(final_copy)
    after = pdfa.identification(final_copy)
    assert before.pdfua and not after.pdfua
    assert (after.pdfa, after.xmp_title, after.info_title) == (before.pdfa, before.xmp_title,
                                                               before.info_title)
    assert pdfa.problems(final_copy) == []


def test_xmp_escaped_twice_is_matched_to_info(final_copy):
    """What LibreOffice 7.4 writes for a Betreff with `"` and `&`: Info holds the text, the
    XMP its escaped form. The repair writes the text into XMP, and only when they differ."""
    title = 'Kita „Sonnenschein“ & Hort "Am Bach"'
    with pikepdf.open(final_copy, allow_overwriting_input=True) as pdf:
        pdf.docinfo.Title = title
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = title.replace("&", "&amp;").replace('"', "&quot;")
        pdf.save(final_copy)
    assert "Titel im Info-Verzeichnis und in XMP verschieden" in pdfa.problems(final_copy)
    pdfa.match_xmp_to_info(final_copy)
    ident = pdfa.identification(final_copy)
    assert ident.xmp_title == ident.info_title == title and ident.pdfa == "2B" and ident.pdfua
    assert pdfa.problems(final_copy) == []
    repaired = final_copy.read_bytes()
    pdfa.match_xmp_to_info(final_copy)
    assert final_copy.read_bytes() == repaired  # in agreement: not written again
