"""PDF/A-2b for final Vorlagen: checking files and normalising Anlagen.

LibreOffice exports the Vorlage itself as tagged PDF/A-2b. Anlagen are appended page by page,
so their pages must meet the same rules. A PDF Anlage with text on every page and every font
embedded is taken as it is; a scanned one (pages without text), or one whose pages break the
rules (fonts not embedded, LZW), is turned into PDF/A-2b by OCRmyPDF with a German text layer,
so every final PDF stays searchable. (Debian 12's Ghostscript 10.0.0 corrupts existing text
when converting it, which OCRmyPDF refuses; rasterising with OCR avoids that path.)

`problems()` is the validator used after every final build and by the tests. veraPDF is not
available from the registries here, so it checks the machine-checkable clauses that matter for
these files: XMP identification, output intent, embedded fonts, no encryption, no LZW, a
trailer ID, annotations that print, Info and XMP in agreement, and no active content:
sanitise.active_content walks every object (all annotations, links too, action chains, the
catalog's actions, name trees, the form) for actions other than navigation, scripts and
embedded files. `qpdf --check` adds a structural check when qpdf is installed.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from .limits import Limits, run_bounded


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


@dataclass(frozen=True)
class Identification:
    """What a file says about itself in its XMP and Info metadata."""

    pdfa: str            # the PDF/A level it claims, e.g. "2B"; empty for none
    pdfua: bool          # whether it claims PDF/UA
    xmp_title: str | None
    info_title: str | None


def identification(path: Path) -> Identification:
    """Read with pikepdf, whose XMP parser decodes what a text search would misread."""
    import pikepdf  # only final builds need it; imported here, it costs drafts nothing

    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        title = meta.get("dc:title")
        info = pdf.docinfo.get("/Title")
        return Identification(meta.pdfa_status, "pdfuaid:part" in meta,
                              str(title) if title is not None else None,
                              str(info) if info is not None else None)


def drop_ua_claim(path: Path) -> None:
    """Removes the PDF/UA identification from a file, in place (withdraw_ua)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if withdraw_ua(pdf):
            pdf.save(path)


def withdraw_ua(pdf) -> bool:
    """Removes the PDF/UA identification from an open file; True when it had one. Appended
    Anlage pages carry no tags, so the merged file may keep claiming PDF/A-2b but no longer
    PDF/UA. Nothing else in the metadata changes (no editor mark, no new date), so Info and
    XMP agree."""
    if "/Metadata" not in pdf.Root:
        return False
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if "pdfuaid:part" not in meta:
            return False
        del meta["pdfuaid:part"]
    return True


# The XMP properties LibreOffice fills from the document properties, with their Info keys.
_XMP_FROM_INFO = {"dc:title": "/Title", "dc:creator": "/Author", "dc:description": "/Subject",
                  "pdf:Keywords": "/Keywords"}


def match_xmp_to_info(path: Path) -> None:
    """Makes the XMP text fields say what the Info dictionary says, in place.

    LibreOffice 7.4 escapes these fields for XML twice (the packet holds `&amp;quot;`), so
    a Betreff with `"`, `&`, `'`, `<` or `>` reads `&quot;` in the XMP while Info holds the
    text itself, and PDF/A requires both to agree. Info is taken as the truth, so
    no escaping has to be guessed; a file already in agreement is not written at all, and
    a written one gets no editor mark or new dates."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if "/Metadata" not in pdf.Root:
            return  # untagged drafts carry no XMP, so nothing can disagree
        changed = False
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            for prop, key in _XMP_FROM_INFO.items():
                if key not in pdf.docinfo:
                    continue
                text = str(pdf.docinfo[key])
                wanted = [text] if prop == "dc:creator" else text  # an ordered list in XMP
                if meta.get(prop) != wanted:
                    meta[prop] = wanted
                    changed = True
        if changed:
            pdf.save(path)


def _fonts(resources, seen: set) -> list[tuple[str, DictionaryObject]]:
    """Every font used by a resource dictionary, including those of form XObjects."""
    out = []
    resources = _resolve(resources) or {}
    for ref in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(ref)
        out.append((str(font.get("/BaseFont", "?")), font))
    for ref in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(ref)
        key = id(xobject)
        if key in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(key)
        out.extend(_fonts(xobject.get("/Resources"), seen))
    return out


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by the font's own procedures
    if font.get("/Subtype") == "/Type0":
        font = _resolve(font["/DescendantFonts"][0])
    descriptor = _resolve(font.get("/FontDescriptor"))
    return descriptor is not None and any(k in descriptor for k in
                                          ("/FontFile", "/FontFile2", "/FontFile3"))


def page_problems(reader: PdfReader, first: int = 0, last: int | None = None) -> list[str]:
    """Rules each page must meet to be part of a PDF/A-2b file: embedded fonts, printing
    annotations. Actions are checked by `problems()` through sanitise.active_content, over
    every object: a check here saw only some annotations and no links (issue 14)."""
    out = []
    pages = reader.pages[first:last]
    for number, page in enumerate(pages, first + 1):
        for name, font in _fonts(page.get("/Resources"), set()):
            if not _embedded(font):
                out.append(f"Seite {number}: Schrift {name.lstrip('/')} nicht eingebettet")
        for ref in page.get("/Annots", []) or []:
            annot = _resolve(ref)
            if annot.get("/Subtype") in ("/Popup", "/Link"):
                continue
            if not int(annot.get("/F", 0)) & 4:
                out.append(f"Seite {number}: Anmerkung {annot.get('/Subtype')} ohne Druck-Flag")
    return sorted(set(out), key=out.index)


STREAM_DATA = re.compile(rb"(?<=[>\s])stream\r?\n.*?endstream", re.S)


def problems(path: Path) -> list[str]:
    """Everything that keeps `path` from being a valid PDF/A-2b file (empty when fine)."""
    from .sanitise import active_content

    reader = PdfReader(str(path))
    out = []
    if reader.is_encrypted:
        return ["verschlüsselt"]
    root = reader.trailer["/Root"]
    if "/ID" not in reader.trailer:
        out.append("keine Dokument-ID im Trailer")
    ident = identification(path)
    if not ident.pdfa:
        out.append("XMP-Metadaten erklären kein PDF/A")
    elif ident.pdfa != "2B":
        out.append(f"XMP erklärt PDF/A-{ident.pdfa[0]}{ident.pdfa[1:].lower()}, nicht PDF/A-2b")
    intents = [_resolve(i) for i in _resolve(root.get("/OutputIntents")) or []]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        out.append("kein PDF/A-Output-Intent mit ICC-Profil")
    out.extend(active_content(path))
    raw = path.read_bytes()
    if b"/LZWDecode" in raw:
        out.append("LZW-komprimierte Inhalte")
    # Over the file's objects, not its stream data: compressed bytes of a page or font hold
    # "/JS(" by chance (about one final in a few hundred did), and JavaScript in an object
    # stream is compressed too; the structural walk (active_content) finds both.
    if re.search(rb"/S\s*/JavaScript|/JS\s*[(<]", STREAM_DATA.sub(b"stream endstream", raw)):
        out.append("enthält JavaScript")
    if ident.info_title and ident.info_title != ident.xmp_title:
        out.append("Titel im Info-Verzeichnis und in XMP verschieden")
    out.extend(page_problems(reader))
    qpdf = shutil.which("qpdf")
    if qpdf:
        result = run_bounded([qpdf, "--check", str(path)], Limits())
        if result.returncode not in (0, 3):  # 3: warnings only
            out.append("qpdf --check: " + (result.stdout + result.stderr).strip()[-200:])
    return list(dict.fromkeys(out))


_NORMALISING: dict[str, tuple[bool, str]] = {}  # by content: a batch asks per Vorlage


def needs_normalising(path: Path) -> tuple[bool, str]:
    """Whether a PDF Anlage must be turned into PDF/A before it joins a final Vorlage, and
    the note the build prints about it (once per content: reading every page's text is the
    dearest part of a final's Anlagen)."""
    from ..files import file_hash

    key = file_hash(path)
    if key not in _NORMALISING:
        _NORMALISING[key] = _needs_normalising(path)
    return _NORMALISING[key]


def _needs_normalising(path: Path) -> tuple[bool, str]:
    reader = PdfReader(str(path))
    texts = [page.extract_text() or "" for page in reader.pages]
    empty = [i + 1 for i, text in enumerate(texts) if not text.strip()]
    if empty:
        pages = "alle Seiten" if len(empty) == len(texts) else \
            "Seite(n) " + ", ".join(map(str, empty))
        return True, f"gescannt ({pages} ohne Text): deutsche Texterkennung ergänzt"
    issues = page_problems(reader)
    if issues or b"/LZWDecode" in path.read_bytes():
        reason = issues[0] if issues else "LZW-komprimierte Inhalte"
        return True, f"nicht PDF/A-tauglich ({reason}): als Bild mit Texterkennung nach " \
                     "PDF/A-2b gewandelt"
    return False, ""


def normalise(source: Path, target: Path, limits: Limits = Limits()) -> None:
    """PDF/A-2b with a German OCR text layer (OCRmyPDF, pages rasterised).

    Runs OCRmyPDF as its own process: its Python API swaps sys.stderr for its own buffer and
    leaves it there, which would swallow the messages of every other thread of a batch."""
    result = run_bounded([sys.executable, "-m", "ocrmypdf", "--output-type", "pdfa-2",
                          "--force-ocr", "--language", "deu", "--optimize", "0", "--quiet",
                          str(source), str(target)], limits)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip()
        raise RuntimeError(said.splitlines()[-1] if said else
                           f"OCRmyPDF endete mit Code {result.returncode}")
