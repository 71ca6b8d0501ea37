"""Anlage files of every accepted kind, made in the test, each carrying a given text (or, for
pictures, a given size) so it can be found again in a built PDF; and a program that calls
itself a PDF."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape


def pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 14)
    c.drawString(72, 760, text)
    c.save()
    return path


def docx(path: Path, text: str) -> Path:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def _zip(path: Path, members: dict[str, str], first: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if first:  # OpenDocument: `mimetype` first and stored
            z.writestr(zipfile.ZipInfo(first), members.pop(first), zipfile.ZIP_STORED)
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _odf(path: Path, mimetype: str, body: str) -> Path:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               f'xmlns:office="{office}" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               f'office:version="1.2"><office:body>{body}</office:body>'
               '</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    return _zip(path, {"mimetype": mimetype, "content.xml": content,
                       "META-INF/manifest.xml": manifest}, first="mimetype")


def odt(path: Path, text: str) -> Path:
    return _odf(path, "application/vnd.oasis.opendocument.text",
                f"<office:text><text:p>{escape(text)}</text:p></office:text>")


def ods(path: Path, text: str) -> Path:
    return _odf(path, "application/vnd.oasis.opendocument.spreadsheet",
                '<office:spreadsheet><table:table table:name="Tabelle1"><table:table-row>'
                f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p>'
                "</table:table-cell></table:table-row></table:table></office:spreadsheet>")


def xlsx(path: Path, text: str) -> Path:
    """A one-sheet workbook written by hand: the parts Excel and LibreOffice need."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return _zip(path, {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{sheet_type}.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
            f'xmlns:r="{rel}"><sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f'<row r="1"><c r="A1" t="inlineStr"><is><t>{escape(text)}</t></is></c></row>'
            "</sheetData></worksheet>"),
    })


def picture(path: Path, size: tuple[int, int], color=(30, 110, 160)) -> Path:
    """A JPG or PNG (by the name's suffix) of the given pixel size."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(image).rectangle((size[0] // 8, size[1] // 8, size[0] * 7 // 8,
                                     size[1] * 7 // 8), fill=color)
    image.save(path, "JPEG" if path.suffix.lower() in (".jpg", ".jpeg") else "PNG")
    return path


def program(path: Path) -> Path:
    """A Windows program's first bytes (MZ, the PE header) under whatever name it is given."""
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
                     + b"\x00" * 44 + b"\x80\x00\x00\x00" + b"This program cannot be run in "
                     b"DOS mode.\r\r\n$" + b"\x00" * 400)
    return path
