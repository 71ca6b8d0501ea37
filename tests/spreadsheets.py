"""Spreadsheet and picture Anlagen written part by part, so a test says exactly what a file
holds: plain ones, and hostile ones that point out of themselves or carry macros."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = R + "/"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"')


def rels(*entries: tuple) -> str:
    """A relationships part: (id, type, target) or (id, type, target, "External")."""
    body = "".join(
        f'<Relationship Id="{e[0]}" Type="{REL}{e[1]}" Target={quoteattr(e[2])}'
        + (f' TargetMode="{e[3]}"' if len(e) > 3 else "") + "/>" for e in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_RELS}">{body}' \
           "</Relationships>"


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def formula_cell(ref: str, formula: str, shown: str) -> str:
    return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(shown)}</v></c>'


def write_xlsx(path: Path, rows: list[list[str]], *, sheet_extra: str = "",
               sheet_rels: tuple = (), workbook_extra: str = "", workbook_rels: tuple = (),
               parts: dict | None = None, types: str = "") -> Path:
    """An XLSX with one sheet "Tabelle1"; cells are text, or raw <c> XML when they start
    with "<". `sheet_extra` follows the sheet data (hyperlinks, drawing)."""
    data = "".join(
        f'<row r="{r}">' + "".join(
            c if c.startswith("<") else cell(f"{chr(65 + i)}{r}", c) for i, c in enumerate(row))
        + "</row>" for r, row in enumerate(rows, 1))
    members = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{CT}sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml"'
            f' ContentType="{CT}worksheet+xml"/>{types}</Types>',
        "_rels/.rels": rels(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{R}">'
            '<sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets>'
            f"{workbook_extra}</workbook>",
        "xl/_rels/workbook.xml.rels": rels(("rId1", "worksheet", "worksheets/sheet1.xml"),
                                           *workbook_rels),
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{R}">'
            f"<sheetData>{data}</sheetData>{sheet_extra}</worksheet>"}
    if sheet_rels:
        members["xl/worksheets/_rels/sheet1.xml.rels"] = rels(*sheet_rels)
    members.update(parts or {})
    return _zip(path, members)


def write_ods(path: Path, rows: list[list[str]], *, table_extra: str = "",
              body_extra: str = "", parts: dict | None = None,
              manifest_extra: str = "") -> Path:
    """An ODS with one table "Tabelle1"; cells are text, or raw table-cell XML."""
    data = "".join("<table:table-row>" + "".join(
        c if c.startswith("<") else '<table:table-cell office:value-type="string"><text:p>'
        f"{escape(c)}</text:p></table:table-cell>" for c in row) + "</table:table-row>"
        for row in rows)
    members = {
        "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
        "content.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS} '
            f'office:version="1.2">{body_extra}<office:body><office:spreadsheet>'
            f'<table:table table:name="Tabelle1">{table_extra}{data}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        "META-INF/manifest.xml":
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
            'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
            f'"content.xml" manifest:media-type="text/xml"/>{manifest_extra}'
            "</manifest:manifest>"}
    members.update(parts or {})
    return _zip(path, members)


def _zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype"
                       else zipfile.ZIP_DEFLATED)
    return path


def linked_picture_drawing(rid: str) -> str:
    """A drawing part with one picture whose pixels are linked (r:link), not embedded."""
    return ('<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.'
            'openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.'
            f'openxmlformats.org/drawingml/2006/main" xmlns:r="{R}"><xdr:oneCellAnchor>'
            '<xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
            '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="914400" cy="914400"/><xdr:pic>'
            '<xdr:nvPicPr><xdr:cNvPr id="2" name="Bild 1"/><xdr:cNvPicPr/></xdr:nvPicPr>'
            f'<xdr:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
            '</xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            '</xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>')


def hostile_xlsx(path: Path, web: str, private: Path, visible: str) -> Path:
    """An XLSX pointing out of itself every way Excel allows: a WEBSERVICE formula, a linked
    workbook on the web and one on disk, a DDE link, a linked picture, hyperlinks to the web
    and to a file, a web query connection; and a VBA project."""
    external = (f'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="{MAIN}" '
                f'xmlns:r="{R}"><externalBook r:id="rId1"><sheetNames><sheetName val="Daten"/>'
                '</sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" '
                't="str"><v>extern gezeigt</v></cell></row></sheetData></sheetDataSet>'
                "</externalBook></externalLink>")
    dde = (f'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="{MAIN}">'
           '<ddeLink ddeService="soffice" ddeTopic="' + escape((private / "geheim.ods")
                                                              .as_uri()) + '"><ddeItems>'
           '<ddeItem name="A1" advise="1"/></ddeItems></ddeLink></externalLink>')
    connections = (f'<?xml version="1.0" encoding="UTF-8"?><connections xmlns="{MAIN}">'
                   '<connection id="1" name="Abfrage" type="4" refreshOnLoad="1">'
                   f'<webPr url="{web}/abfrage.html" sourceData="1"/></connection></connections>')
    return write_xlsx(path, [
        [visible, formula_cell("B1", f'_xlfn.WEBSERVICE("{web}/kurs")', "alter Kurs")],
        ["Verknüpft", formula_cell("B2", "[1]Daten!A1", "extern gezeigt")],
        ["Datei", formula_cell("B3", f"'{(private / 'geheim.xlsx').as_uri()}'#$Daten.A1",
                               "lokal gezeigt")],
        ["Webseite", "Ablage"]],
        sheet_extra='<hyperlinks><hyperlink ref="A4" r:id="rId1"/><hyperlink ref="B4" '
                    'r:id="rId2"/></hyperlinks><drawing r:id="rId3"/>',
        sheet_rels=(("rId1", "hyperlink", f"{web}/seite.html", "External"),
                    ("rId2", "hyperlink", (private / "geheim.txt").as_uri(), "External"),
                    ("rId3", "drawing", "../drawings/drawing1.xml")),
        workbook_extra='<externalReferences><externalReference r:id="rId2"/>'
                       '<externalReference r:id="rId3"/></externalReferences>',
        workbook_rels=(("rId2", "externalLink", "externalLinks/externalLink1.xml"),
                       ("rId3", "externalLink", "externalLinks/externalLink2.xml"),
                       ("rId4", "connections", "connections.xml"),
                       ("rId5", "vbaProject", "vbaProject.bin")),
        types=(f'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="{CT}'
               'externalLink+xml"/><Override PartName="/xl/externalLinks/externalLink2.xml" '
               f'ContentType="{CT}externalLink+xml"/><Override PartName="/xl/drawings/'
               'drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               'drawing+xml"/><Override PartName="/xl/connections.xml" ContentType="'
               f'{CT}connections+xml"/><Default Extension="bin" ContentType="application/'
               'vnd.ms-office.vbaProject"/>'),
        parts={"xl/externalLinks/externalLink1.xml": external,
               "xl/externalLinks/_rels/externalLink1.xml.rels": rels(
                   ("rId1", "externalLinkPath", f"{web}/mappe.xlsx", "External")),
               "xl/externalLinks/externalLink2.xml": dde,
               "xl/drawings/drawing1.xml": linked_picture_drawing("rId1"),
               "xl/drawings/_rels/drawing1.xml.rels": rels(
                   ("rId1", "image", f"{web}/bild.png", "External")),
               "xl/connections.xml": connections,
               "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Attribut VB_Name"})


def hostile_ods(path: Path, web: str, private: Path, visible: str) -> Path:
    """An ODS with a table linked from the web, formulas that fetch or read another file, a
    linked picture, Basic macros and an event listener that would run them."""
    def formula(expression: str, shown: str) -> str:
        return (f'<table:table-cell table:formula={quoteattr(expression)} office:value-type='
                f'"string" office:string-value={quoteattr(shown)}><text:p>{escape(shown)}'
                "</text:p></table:table-cell>")

    shapes = ('<table:shapes><draw:frame draw:name="Bild" svg:width="2cm" svg:height="2cm" '
              'svg:x="5cm" svg:y="1cm"><draw:image xlink:href="' + f"{web}/ods.png"
              + '" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>'
              "</table:shapes>")
    linked = ('<table:table table:name="Verknuepft"><table:table-source xlink:type="simple" '
              f'xlink:href="{web}/quelle.ods" table:table-name="Tabelle1" '
              'table:mode="copy-results-only"/><table:table-row><table:table-cell '
              'office:value-type="string"><text:p>zuletzt geladen</text:p></table:table-cell>'
              "</table:table-row></table:table>")
    events = ('<office:scripts><office:event-listeners><script:event-listener script:language='
              '"ooo:script" script:event-name="dom:load" xlink:href="vnd.sun.star.script:'
              'Standard.Module1.Start?language=Basic&amp;location=document"/>'
              "</office:event-listeners></office:scripts>")
    module = ('<?xml version="1.0" encoding="UTF-8"?><script:module xmlns:script="http://'
              'openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">'
              "Sub Start\nShell(&quot;touch /tmp/makro-lief&quot;)\nEnd Sub</script:module>")
    path = write_ods(path, [
        [visible, formula(f'of:=WEBSERVICE("{web}/kurs")', "alter Kurs")],
        ["Datei", formula(f"of:=['{(private / 'geheim.ods').as_uri()}'#$Tabelle1.A1]",
                          "lokal gezeigt")]],
        table_extra=shapes, body_extra=events,
        parts={"Basic/Standard/Module1.xml": module,
               "Basic/Standard/script-lb.xml": "<library/>",
               "Basic/script-lc.xml": "<libraries/>"},
        manifest_extra=''.join(
            f'<manifest:file-entry manifest:full-path="{p}" manifest:media-type="text/xml"/>'
            for p in ("Basic/Standard/Module1.xml", "Basic/Standard/script-lb.xml",
                      "Basic/script-lc.xml", "Basic/Standard/", "Basic/")))
    # the linked table goes beside the first one
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["content.xml"] = members["content.xml"].replace(
        b"</office:spreadsheet>", linked.encode() + b"</office:spreadsheet>")
    return _zip(path, members)


def jpeg(width: int = 640, height: int = 480, colour=(200, 40, 40), exif=None) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(
        out, "JPEG", quality=90, **({"exif": exif.tobytes()} if exif is not None else {}))
    return out.getvalue()


def png(width: int = 300, height: int = 200, colour=(30, 90, 200, 255)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def gps_exif(orientation: int = 1):
    """EXIF with a GPS position (Bielefeld's town hall) and an orientation."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Kamerahersteller-Geheim"
    exif[0x8825] = {1: "N", 2: (52.0, 1.0, 19.0), 3: "E", 4: (8.0, 31.0, 57.0)}
    return exif
