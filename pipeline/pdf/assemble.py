"""The submission PDF: the converted Vorlage followed by its Anlagen, with pikepdf.

Each Anlage keeps its own pages, gets a bookmark "Anlage N: <Titel>" and a stamp on its first
page ("Anlage N zur Vorlage <Nummer>"), N as the Vorlage's list prints it (3, 3.1, c). The
stamp (stamp.py) uses an embedded font, so the merged file stays valid for PDF/A. Metadata:
title = Betreff, author = Amt, subject = Vorlagenart, language de-DE.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from ..files import atomic_save
from .anlagen import AnlageError, encrypted, unreadable
from .pdfa import withdraw_ua
from .stamp import STAMP, stamp_page


@dataclass(frozen=True)
class Attachment:
    nr: str  # as printed in the Vorlage's list of Anlagen
    titel: str
    pdf: Path


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str


def assemble_pdf(vorlage_pdf: Path, attachments: list[Attachment], nummer: str,
                 meta: Metadata, out: Path, anlage_label: str = "Anlage",
                 final: bool = False) -> int:
    """Writes the complete submission PDF to `out` (atomically); returns its page count.

    With pikepdf (qpdf): copying the Anlage pages, stamping and writing run in C++, where
    pypdf took a quarter of a batch's Python time. A final Vorlage comes from LibreOffice as
    tagged PDF/A-2b with Info and XMP in agreement (Converter.convert repairs LibreOffice's
    escaping); its metadata is left as it is, and since the appended Anlage pages carry no
    structure tags, the PDF/UA claim is withdrawn while the PDF/A-2b claim stays true."""
    import pikepdf

    sources = []  # qpdf copies foreign streams when saving: the sources stay open till then
    try:
        with pikepdf.open(vorlage_pdf) as pdf:
            if final:
                withdraw_ua(pdf)
            with pdf.open_outline() as outline:
                for attachment in attachments:
                    label = f"{anlage_label} {attachment.nr}"
                    sources.append(_open_anlage(attachment.pdf, f"{label} ({attachment.titel})"))
                    first = len(pdf.pages)
                    # With what the document holds for its pages: named destinations of
                    # internal links and form fields (showing their values), as pypdf did.
                    pdf.add_pages_from(sources[-1], outlines="ignore")
                    for appended in pdf.pages[first:]:
                        # Their structure tree stays behind; keys into it would point nowhere.
                        for key in ("/StructParents", "/Tabs"):
                            if key in appended.obj:
                                del appended.obj[key]
                    sources.append(stamp_page(pdf.pages[first], f"{label} zur Vorlage {nummer}",
                                              STAMP))
                    outline.root.append(pikepdf.OutlineItem(f"{label}: {attachment.titel}",
                                                            first))
            if not final:
                for key, value in (("/Title", meta.title), ("/Author", meta.author),
                                   ("/Subject", meta.subject), ("/Keywords", meta.keywords)):
                    pdf.docinfo[key] = pikepdf.String(value)
            pdf.Root.Lang = pikepdf.String("de-DE")
            pdf.Root.PageMode = pikepdf.Name.UseOutlines
            buffer = io.BytesIO()
            pdf.save(buffer)
            pages = len(pdf.pages)
    finally:
        for source in sources:
            source.close()
    atomic_save(lambda path: Path(path).write_bytes(buffer.getvalue()), out, final)
    return pages


def page_count(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _open_anlage(path: Path, label: str):
    """An Anlage's PDF for copying its pages, refusing what would break the submission (the
    same refusals as anlagen.open_pdf, which the checks use)."""
    import pikepdf

    try:
        source = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise AnlageError(encrypted(label)) from None
    except (pikepdf.PdfError, OSError, ValueError):
        raise AnlageError(unreadable(label)) from None
    if source.is_encrypted:
        source.close()
        raise AnlageError(encrypted(label))
    if not len(source.pages):
        source.close()
        raise AnlageError(f"{label} hat keine Seiten")
    return source


def write_pdf(writer: PdfWriter, out: Path, durable: bool = False) -> None:
    """Writes a merged PDF in German, opening with its outline, atomically."""
    writer.root_object[NameObject("/Lang")] = TextStringObject("de-DE")
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()  # pypdf writes a file unbuffered, in tens of thousands of pieces
    writer.write(buffer)
    atomic_save(lambda path: Path(path).write_bytes(buffer.getvalue()), out, durable)
