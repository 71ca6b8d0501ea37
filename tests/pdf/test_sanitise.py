"""Sanitising Anlagen: nothing that acts survives, what a reader needs stays (issue 14, 1)."""

import io
import re

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from closed_session import HOSTILE_TRACES, all_bytes, hostile_pdf
from helpers import pdf_text
from pipeline.pdf import AnlageError, active_content, pdfa, sanitise_pdf

NAVIGATING = {"/GoTo", "/URI", "/Named"}


def dictionaries(pdf):
    """Every dictionary and stream of a file, direct ones included: each object of the file
    and whatever it holds."""
    stack = list(pdf.objects)
    while stack:
        obj = stack.pop()
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            yield obj
            stack += [v for _, v in obj.items() if not getattr(v, "is_indirect", False)]
        elif isinstance(obj, Array):
            stack += [v for v in obj if not getattr(v, "is_indirect", False)]


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "anlage.pdf"
    hostile_pdf(path, "Lageplan der Turnhalle")
    return path


def test_nothing_active_survives(hostile, tmp_path):
    found = active_content(hostile)
    for fault in ("enthält JavaScript (OpenAction)", "automatische Aktionen im Katalog (/AA)",
                  "enthält eingebettete Dateien", "enthält ein XFA-Formular",
                  "Seite 1: Anmerkung Link mit Launch-Aktion",
                  "Seite 1: Anmerkung Link mit URI-Aktion (file:)",
                  "Seite 1: Anmerkung Link mit JavaScript-Aktion",  # at the end of /Next
                  "Seite 1: Anmerkung Screen mit Rendition-Aktion",
                  "Seite 1: Anmerkung Widget mit SubmitForm-Aktion",
                  "Seite 1: Anmerkung FileAttachment (Dateianhang)",
                  "Lesezeichen mit Launch-Aktion"):
        assert fault in found
    clean = tmp_path / "rein.pdf"
    removed = sanitise_pdf(hostile, clean, public=False)
    for what in ("Launch-Aktion", "URI-Aktion (file:)", "JavaScript-Aktion", "Rendition-Aktion",
                 "SubmitForm-Aktion", "automatische Aktionen",
                 "JavaScript", "eingebettete Dateien", "XFA-Formular",
                 "Anmerkung FileAttachment", "Anmerkung Screen"):
        assert what in removed
    assert active_content(clean) == []
    data = all_bytes(clean)
    assert [t for t in HOSTILE_TRACES if t in data] == []
    with pikepdf.open(clean) as pdf:
        assert not {"/OpenAction", "/AA", "/AcroForm"} & set(pdf.Root.keys())
        assert set(pdf.Root.Names.keys()) == {"/Dests"} and not pdf.attachments
        for obj in dictionaries(pdf):
            assert not {"/AA", "/JS", "/EF", "/AF", "/XFA"} & set(obj.keys()), obj
            if str(obj.get("/Subtype")) in ("/Widget", "/Screen", "/FileAttachment"):
                raise AssertionError(obj)
            for key in ("/A", "/PA", "/Next"):  # the /Next of an outline item is no action
                value = obj.get(key)
                for action in value if isinstance(value, Array) else [value]:
                    if isinstance(action, Dictionary) and "/S" in action:
                        assert action.S in NAVIGATING, action


def test_links_outline_labels_and_the_page_stay(hostile, tmp_path):
    clean = tmp_path / "rein.pdf"
    sanitise_pdf(hostile, clean, public=False)
    with pikepdf.open(clean) as pdf:
        first, second = pdf.pages[0].obj, pdf.pages[1].obj
        links = list(first.Annots)
        assert [str(a.Subtype) for a in links] == ["/Link"] * 4
        goto, web, mail, named = links
        assert goto.A.S == "/GoTo" and goto.A.D[0].objgen == second.objgen
        assert "/Next" not in goto.A  # its SubmitForm and JavaScript followers are gone
        assert str(web.A.URI) == "https://www.bielefeld.de/"
        assert [str(n.N) for n in web.A.Next] == ["/NextPage"] and "/Next" not in web.A.Next[0]
        assert str(mail.A.URI) == "mailto:rat@example.org"
        assert str(named.Dest) == "zweite-seite"
        assert str(pdf.Root.Names.Dests.Names[0]) == "zweite-seite"
        with pdf.open_outline() as outline:
            items = list(outline.root)
            assert [i.title for i in items] == ["Zweite Seite", "Rechner"]
            assert items[0].destination[0].objgen == second.objgen
            assert items[1].action is None and items[1].destination is None
    assert PdfReader(str(clean)).page_labels == ["i", "ii"]
    text = pdf_text(clean)
    # The form field's value is drawn into the page before the form goes.
    assert "Lageplan der Turnhalle" in text and "Feldwert 42" in text and "Zweite Seite" in text


def test_the_same_input_gives_the_same_bytes_and_a_clean_file_stays_as_it_is(hostile, tmp_path):
    one, two, again = tmp_path / "1.pdf", tmp_path / "2.pdf", tmp_path / "3.pdf"
    sanitise_pdf(hostile, one, public=True)
    sanitise_pdf(hostile, two, public=True)
    assert one.read_bytes() == two.read_bytes()  # OParl checksums stay put between exports
    assert sanitise_pdf(one, again, public=True) == []


def test_public_copies_lose_info_and_xmp(hostile, tmp_path):
    with pikepdf.open(hostile, allow_overwriting_input=True) as pdf:
        pdf.docinfo.Author = "Sachbearbeiterin Reiher"
        with pdf.open_metadata() as meta:
            meta["dc:creator"] = ["Sachbearbeiterin Reiher"]
        pdf.save(hostile)
    internal, public = tmp_path / "intern.pdf", tmp_path / "oeffentlich.pdf"
    sanitise_pdf(hostile, internal, public=False)
    assert sanitise_pdf(hostile, public, public=True) == sanitise_pdf(hostile, internal, False)
    assert b"Sachbearbeiterin Reiher" in all_bytes(internal)
    assert b"Sachbearbeiterin Reiher" not in all_bytes(public)
    with pikepdf.open(public) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
    assert "Lageplan der Turnhalle" in pdf_text(public)


def blacked_out(path):
    """A page whose text was "blacked out" by an incremental update: the update replaces the
    content stream; the original one still sits in the file's first revision."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.Resources = Dictionary(Font=Dictionary(F1=Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)))
    page.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 700 Td (Kaufpreis Kranich 4711 Euro) Tj "
                                    b"0 -20 Td (Oeffentlicher Teil) Tj ET")
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    original = buffer.getvalue()
    with pikepdf.open(io.BytesIO(original)) as saved:
        number = saved.pages[0].Contents.objgen[0]
        root, size = saved.Root.objgen[0], int(saved.trailer.Size)
    content = (b"0 g 60 690 300 30 re f BT /F1 14 Tf 72 680 Td (Oeffentlicher Teil) Tj ET")
    body = b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (
        number, len(content), content)
    previous = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    xref = len(original) + len(body)
    update = (b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \ntrailer\n"
              b"<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
              % (number, len(original), size, root, previous, xref))
    path.write_bytes(original + body + update)


def test_an_earlier_revision_does_not_survive(tmp_path):
    revised, clean = tmp_path / "geschwaerzt.pdf", tmp_path / "rein.pdf"
    blacked_out(revised)
    assert "Kaufpreis" not in pdf_text(revised)  # what a reader sees
    assert b"Kaufpreis Kranich 4711" in revised.read_bytes()  # what the file still holds
    sanitise_pdf(revised, clean, public=False)
    assert b"Kaufpreis" not in all_bytes(clean)
    assert "Oeffentlicher Teil" in pdf_text(clean)


def link_pdf(path, actions):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Annots = Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[0, 20 * i, 100, 20 * i + 10], A=action))
        for i, action in enumerate(actions)])
    pdf.save(path)


@pytest.mark.parametrize("action, kept", [
    (Dictionary(S=Name.URI, URI=String("HTTPS://www.example.org/a b")), True),
    (Dictionary(S=Name.URI, URI=String("http://www.example.org/")), True),
    (Dictionary(S=Name.URI, URI=String("javascript:app.alert(1)")), False),
    (Dictionary(S=Name.URI, URI=String("File:///C:/Windows/calc.exe")), False),
    (Dictionary(S=Name.URI, URI=String(" https://leerzeichen.example/")), False),
    (Dictionary(S=Name.URI, URI=String("https://x.example/\nfile:")), False),
    (Dictionary(S=Name.URI, URI=String("../relativ.pdf")), False),
    (Dictionary(S=Name.Named, N=Name.LastPage), True),
    (Dictionary(S=Name.Named, N=Name.Print), False),
    (Dictionary(S=Name.GoToR, F=String("andere.pdf"), D=Array([0, Name.Fit])), False),
    (Dictionary(S=Name.SetOCGState, State=Array([Name.OFF])), False),
    (Dictionary(S=Name.Hide, T=String("feld")), False),
    (Dictionary(S=Name.ImportData, F=String("daten.fdf")), False),
    (Dictionary(S=Name.ResetForm), False),
    (Dictionary(S=Name.GoTo, D=String("ziel")), True),
    (Dictionary(S=Name.GoTo), True),  # leads nowhere, as OCRmyPDF leaves some, but runs nothing
], ids=lambda v: str(v.get("/URI", v.get("/N", v.get("/D", v.get("/S")))))
    if isinstance(v, Dictionary) else str(v))
def test_which_actions_stay(tmp_path, action, kept):
    source, clean = tmp_path / "l.pdf", tmp_path / "r.pdf"
    link_pdf(source, [action])
    assert bool(active_content(source)) != kept
    sanitise_pdf(source, clean, public=False)
    with pikepdf.open(clean) as pdf:
        assert len(pdf.pages[0].Annots) == int(kept)
    assert active_content(clean) == []


def test_an_action_chain_that_loops_ends(tmp_path):
    source, clean = tmp_path / "l.pdf", tmp_path / "r.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    loop = pdf.make_indirect(Dictionary(S=Name.Named, N=Name.NextPage))
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"),
                                          Next=loop))
    loop.Next = Array([script, loop])
    pdf.pages[0].Annots = Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 10, 10], A=loop))])
    pdf.save(source)
    assert active_content(source) == ["Seite 1: Anmerkung Link mit JavaScript-Aktion",
                                      "enthält JavaScript"]
    assert sanitise_pdf(source, clean, public=False) == ["JavaScript-Aktion"]
    assert active_content(clean) == [] and b"app.alert" not in all_bytes(clean)


def test_a_clean_pdfa_file_stays_valid(final_copy, tmp_path):
    clean = tmp_path / "rein.pdf"
    assert sanitise_pdf(final_copy, clean, public=False) == []  # no note for LibreOffice's
    assert pdfa.problems(clean) == []
    assert pdf_text(clean) == pdf_text(final_copy)


def test_an_unreadable_file_is_an_anlage_error(tmp_path):
    broken = tmp_path / "kaputt.pdf"
    broken.write_bytes(b"%PDF-1.7\nnichts\n")
    with pytest.raises(AnlageError, match="keine lesbare PDF-Datei"):
        sanitise_pdf(broken, tmp_path / "r.pdf", public=False)
