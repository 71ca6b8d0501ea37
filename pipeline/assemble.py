"""The submission PDF: the converted Vorlage followed by its Anlagen, with pypdf.

Each Anlage keeps its own pages, gets a bookmark "Anlage N: <Titel>" and a stamp on its first
page ("Anlage N zur Vorlage <Nummer>"). The stamp is drawn by reportlab with an embedded font,
so the merged file stays valid for PDF/A. Metadata: title = Betreff, author = Amt,
subject = Vorlagenart, language de-DE.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from .anlagen import open_pdf
from .files import atomic_save

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")


@dataclass(frozen=True)
class Attachment:
    nr: int
    titel: str
    pdf: Path


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str


@lru_cache(maxsize=1)
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("VorlageSans", str(FONT_DIR / "LiberationSans-Regular.ttf")))
    return "VorlageSans"


@lru_cache(maxsize=256)
def _stamp_pdf(width: float, height: float, text: str) -> bytes:
    """A transparent page with a small framed label in the top right corner. Cached: a
    batch of drafts stamps the same provisional number on many Anlagen."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0  # plain Flate streams: cheaper to write here and to read in pypdf
    buffer = io.BytesIO()
    # initialFontName: otherwise reportlab lists Helvetica, unembedded, in the resources
    c = canvas.Canvas(buffer, pagesize=(width, height), initialFontName=_font())
    font, size = _font(), 9
    text_width = c.stringWidth(text, font, size)
    x, y = width - text_width - 36, height - 28
    c.setFillColorRGB(1, 1, 1)
    c.setStrokeColorRGB(0.3, 0.3, 0.3)
    c.rect(x - 5, y - 4, text_width + 10, size + 8, fill=1, stroke=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(font, size)
    c.drawString(x, y, text)
    c.save()
    return buffer.getvalue()


def stamp_page(width: float, height: float, text: str) -> PdfReader:
    return PdfReader(io.BytesIO(_stamp_pdf(round(width, 2), round(height, 2), text)))


def assemble(vorlage_pdf: Path, attachments: list[Attachment], nummer: str, meta: Metadata,
             out: Path, anlage_label: str = "Anlage", final: bool = False) -> int:
    """Writes the complete submission PDF to `out` (atomically); returns its page count.

    A final Vorlage comes from LibreOffice as tagged PDF/A-2b with Info and XMP in agreement;
    its metadata is left as it is, and since the appended Anlage pages carry no structure
    tags, the PDF/UA claim is withdrawn while the PDF/A-2b claim stays true."""
    writer = PdfWriter(clone_from=str(vorlage_pdf))
    for attachment in attachments:
        label = f"{anlage_label} {attachment.nr}"
        reader = open_pdf(attachment.pdf, f"{label} ({attachment.titel})")
        first = len(writer.pages)
        writer.append(reader, import_outline=False)
        for appended in writer.pages[first:]:
            # Their structure tree stays behind; keys into it would point nowhere.
            for key in ("/StructParents", "/Tabs"):
                if key in appended:
                    del appended[NameObject(key)]
        page = writer.pages[first]
        if page.get("/Rotate", 0):
            page.transfer_rotation_to_content()
        box = page.mediabox
        overlay = stamp_page(float(box.width), float(box.height),
                             f"{label} zur Vorlage {nummer}").pages[0]
        page.merge_translated_page(overlay, float(box.left), float(box.bottom))
        writer.add_outline_item(f"{label}: {attachment.titel}", first)
    if final:
        _withdraw_ua_claim(writer)
    else:
        writer.add_metadata({"/Title": meta.title, "/Author": meta.author,
                             "/Subject": meta.subject, "/Keywords": meta.keywords})
    writer._root_object[NameObject("/Lang")] = TextStringObject("de-DE")
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()  # pypdf writes a file unbuffered, in tens of thousands of pieces
    writer.write(buffer)
    atomic_save(lambda path: Path(path).write_bytes(buffer.getvalue()), out, final)
    return len(writer.pages)


def _withdraw_ua_claim(writer: PdfWriter) -> None:
    from .pdfa import drop_ua_claim

    meta = writer._root_object.get("/Metadata")
    if meta is None:
        return
    stream = meta.get_object()
    xmp = stream.get_data().decode("utf-8")
    changed = drop_ua_claim(xmp)
    if changed != xmp:
        stream.set_data(changed.encode("utf-8"))
