"""The submission PDF: the converted Vorlage followed by its Anlagen, with pypdf.

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
from .anlagen import open_pdf
from .pdfa import drop_ua_claim
from .stamp import STAMP, put_label


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

    A final Vorlage comes from LibreOffice as tagged PDF/A-2b with Info and XMP in agreement
    (Converter.convert repairs LibreOffice's escaping); its metadata is left as it is, and
    since the appended Anlage pages carry no structure tags, the PDF/UA claim is withdrawn
    while the PDF/A-2b claim stays true."""
    if final:
        drop_ua_claim(vorlage_pdf)
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
        put_label(writer.pages[first], f"{label} zur Vorlage {nummer}", STAMP)
        writer.add_outline_item(title=f"{label}: {attachment.titel}", page_number=first)
    if not final:
        writer.add_metadata({"/Title": meta.title, "/Author": meta.author,
                             "/Subject": meta.subject, "/Keywords": meta.keywords})
    write_pdf(writer, out, durable=final)
    return len(writer.pages)


def write_pdf(writer: PdfWriter, out: Path, durable: bool = False) -> None:
    """Writes a merged PDF in German, opening with its outline, atomically."""
    writer.root_object[NameObject("/Lang")] = TextStringObject("de-DE")
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()  # pypdf writes a file unbuffered, in tens of thousands of pieces
    writer.write(buffer)
    atomic_save(lambda path: Path(path).write_bytes(buffer.getvalue()), out, durable)
