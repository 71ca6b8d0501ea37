"""Short labels drawn onto existing PDF pages: the Anlage stamp and the packet's page numbers.

reportlab draws the label with an embedded Liberation Sans on a transparent page of the same
size, which is then laid over the target page (pypdf for the packets, pikepdf for a Vorlage's
Anlagen); an embedded font keeps merged files valid for PDF/A.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypdf import PageObject, PdfReader

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")


@dataclass(frozen=True)
class LabelStyle:
    size: float
    top_right: bool  # otherwise bottom centre
    framed: bool
    grey: float  # text colour, 0 = black


STAMP = LabelStyle(size=9, top_right=True, framed=True, grey=0)
PAGE_NUMBER = LabelStyle(size=7.5, top_right=False, framed=False, grey=0.25)


@lru_cache(maxsize=1)
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("VorlageSans", str(FONT_DIR / "LiberationSans-Regular.ttf")))
    return "VorlageSans"


@lru_cache(maxsize=4096)
def _label_pdf(width: float, height: float, text: str, style: LabelStyle) -> bytes:
    """Cached: a batch stamps the same provisional number on many Anlagen, and packet pages
    share their size."""
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.useA85 = 0  # plain Flate streams: cheaper to write here and to read in pypdf
    buffer = io.BytesIO()
    # initialFontName: otherwise reportlab lists Helvetica, unembedded, in the resources
    c = canvas.Canvas(buffer, pagesize=(width, height), initialFontName=_font())
    text_width = c.stringWidth(text, _font(), style.size)
    if style.top_right:
        x, y = width - text_width - 36, height - 28
    else:
        x, y = (width - text_width) / 2, 9
    pad = 5 if style.framed else 4
    c.setFillColorRGB(1, 1, 1)
    c.setStrokeColorRGB(0.3, 0.3, 0.3)
    c.rect(x - pad, y - pad + 1, text_width + 2 * pad, style.size + 2 * pad - 2,
           fill=1, stroke=int(style.framed))
    c.setFillColorRGB(style.grey, style.grey, style.grey)
    c.setFont(_font(), style.size)
    c.drawString(x, y, text)
    c.save()
    return buffer.getvalue()


def put_label(page: PageObject, text: str, style: LabelStyle) -> None:
    """Draws `text` onto `page` in place; a rotated page is turned upright first, so the
    label sits where a reader sees the corner."""
    if page.get("/Rotate", 0):
        page.transfer_rotation_to_content()
    box = page.mediabox
    label = PdfReader(io.BytesIO(_label_pdf(
        round(float(box.width), 2), round(float(box.height), 2), text, style))).pages[0]
    page.merge_translated_page(label, float(box.left), float(box.bottom))


def stamp_page(page, text: str, style: LabelStyle):
    """put_label for a pikepdf page: the label's page laid over it as a form XObject, a
    rotated page turned upright first. Returns the label's file, which must stay open until
    the page's file is saved (qpdf copies its streams then)."""
    import pikepdf

    if page.obj.get("/Rotate", 0):
        page.flatten_rotation()
    left, bottom, right, top = (float(v) for v in page.mediabox)
    label = pikepdf.open(io.BytesIO(_label_pdf(round(right - left, 2), round(top - bottom, 2),
                                               text, style)))
    page.add_overlay(label.pages[0], pikepdf.Rectangle(left, bottom, right, top))
    return label
