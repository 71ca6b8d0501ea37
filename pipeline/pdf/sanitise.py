"""Active content out of Anlagen: what leaves the tool is for reading, nothing in it runs.

An Anlage comes from anywhere and may carry actions that start programs (Launch), run
JavaScript, send form data (SubmitForm), open local files (`file:` links, GoToR), play media
or hold embedded files; appended as it is, all of it would reach drafts, finals, the packets
and the OParl copies. `sanitise_pdf` writes a copy without it, with pikepdf:

- kept: links within the document (GoTo, named destinations), `http(s)` and `mailto` links,
  the four page-turning named actions, outlines, page labels, the page content;
- removed: every other action (also deep in `/Next` chains), additional actions (`/AA`) and
  the opening action, the JavaScript and EmbeddedFiles name trees, associated and embedded
  files, file-attachment, media and 3D annotations, the form (fields are flattened into the
  page first, so filled-in values stay visible; XFA goes with it);
- a fresh file: qpdf writes only what the current revision reaches, so text "blacked out" by
  an incremental update does not survive in an earlier one;
- `public`: also the Info dictionary, XMP metadata and applications' private data.

`active_content` reports what of this a PDF holds, for the PDF/A check and the tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Stream

from .anlagen import AnlageError

# Named actions that only turn pages; the others are viewer menu commands (print, save, …).
NAVIGATION = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
SAFE_URI = re.compile(r"(?i)(https?://|mailto:)[^\x00-\x1f\x7f]*\Z")
# Annotations that only show something; the rest play media, hold files or are form fields.
SHOWING = {"/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
           "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Caret", "/Stamp", "/Ink",
           "/Popup", "/PrinterMark", "/TrapNet", "/Watermark", "/Redact"}
ACTIVE = {"/FileAttachment": "Dateianhang", "/Sound": "Ton", "/Movie": "Film",
          "/Screen": "Medien", "/RichMedia": "Medien", "/3D": "3D-Inhalt"}
# Catalog entries that act, hold files or belong to the form, with what the build reports
# (None: nothing worth a note, such as the opening view LibreOffice sets or a form without
# fields). The outline, page labels and named destinations (/Dests, /Names /Dests) stay.
CATALOG = {"/OpenAction": None, "/AA": "automatische Aktionen", "/AcroForm": None,
           "/Collection": "PDF-Portfolio", "/AF": "zugeordnete Dateien",
           "/NeedsRendering": None, "/URI": None, "/Perms": None}
NAME_TREES = {"/JavaScript": "JavaScript", "/EmbeddedFiles": "eingebettete Dateien"}


def _is_action(obj) -> bool:
    return isinstance(obj, Dictionary) and ("/S" in obj or obj.get("/Type") == "/Action")


def _verdict(action: Dictionary) -> str | None:
    """None for an action that only navigates, else what it is."""
    kind = str(action.get("/S", ""))
    if kind == "/GoTo":  # within the document (OCRmyPDF leaves some without a target)
        return None
    if kind == "/Named" and str(action.get("/N", "")) in NAVIGATION:
        return None
    if kind == "/URI":
        uri = action.get("/URI")
        text = str(uri) if isinstance(uri, pikepdf.String) else ""
        if SAFE_URI.match(text):
            return None
        scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]{0,15}:", text)
        return f"URI-Aktion ({scheme.group(0) if scheme else 'ohne http, https, mailto'})"
    return f"{kind[1:] or 'unbekannte'}-Aktion"


def _chain(action: Dictionary) -> list[Dictionary]:
    """The action and those it triggers through /Next, in the order they run."""
    out, stack, seen = [], [action], set()
    while stack:
        item = stack.pop()
        if not isinstance(item, Dictionary):
            continue
        if item.is_indirect:  # a chain may loop back on itself
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        out.append(item)
        following = item.get("/Next")
        if isinstance(following, Array):
            stack.extend(reversed(list(following)))
        elif following is not None:
            stack.append(following)
    return out


def unsafe_actions(action) -> list[str]:
    """What each non-navigating action of a chain is (empty when all of it navigates)."""
    return [v for item in _chain(action) if (v := _verdict(item))] if _is_action(action) else []


def _walk(start, visit) -> None:
    """Calls `visit` on every dictionary and stream reachable from `start`, once each; what
    `visit` deletes is not followed."""
    seen, stack = set(), [start]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:  # direct objects have no number but cannot form cycles
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (Dictionary, Stream)):
            visit(obj)
            children = [value for _, value in obj.items()]
        else:
            children = list(obj)
        stack.extend(c for c in children if isinstance(c, (Dictionary, Stream, Array)))


def _empty(obj) -> None:
    """Clears a removed object that something else (the structure tree) still reaches."""
    for key in list(obj.keys()):
        del obj[key]


def _flatten_form(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    """Draws the form fields into their pages and drops them: an Anlage is for reading.
    Other annotations are taken off the pages meanwhile, as qpdf would flatten them too."""
    form = pdf.Root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:  # qpdf drops the form with it
        removed.append("XFA-Formular")
    pages = [page.obj for page in pdf.pages]
    widgets, others = [], []
    for page in pages:
        annots = [a for a in page.get("/Annots") or [] if isinstance(a, Dictionary)]
        widgets.append([a for a in annots if a.get("/Subtype") == "/Widget"])
        others.append([a for a in annots if a.get("/Subtype") != "/Widget"])
    if not any(widgets):
        return
    for page, own in zip(pages, widgets, strict=True):
        page.Annots = Array(own)
    if isinstance(form, Dictionary) and form.get("/NeedAppearances"):
        pdf.generate_appearance_streams()
    pdf.flatten_annotations("all")
    for page, kept in zip(pages, others, strict=True):  # hidden widgets are not flattened
        page.Annots = Array(kept)                       # and go as well
    for widget in (w for own in widgets for w in own if w.is_indirect):
        _empty(widget)
    removed.append("Formularfelder (in die Seite übernommen)")


def _clean_catalog(pdf: pikepdf.Pdf, removed: list[str]) -> None:
    root = pdf.Root
    removed.extend(unsafe_actions(root.get("/OpenAction")))
    for key, what in CATALOG.items():
        if key in root:
            del root[key]
            if what:
                removed.append(what)
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in list(names.keys()):
            if key != "/Dests":  # named destinations are what internal links point to
                del names[key]
                removed.append(NAME_TREES.get(key, f"Namensbaum {key[1:]}"))


def _clean_object(obj, removed: list[str], public: bool) -> None:
    """Strips one dictionary of actions, embedded files and (public, not reported)
    metadata."""
    if "/AA" in obj:
        del obj["/AA"]
        removed.append("automatische Aktionen")
    for key in ("/A", "/PA"):  # /A of other dictionaries (structure attributes) is no action
        if _is_action(obj.get(key)):
            judged = [(item, _verdict(item)) for item in _chain(obj[key])]
            removed.extend(v for _, v in judged if v)
            kept = [item for item, verdict in judged if not verdict]
            for item in kept:  # the navigating rest of the chain, in the order it ran
                if "/Next" in item:
                    del item["/Next"]
            if kept:
                if len(kept) > 1:
                    kept[0].Next = Array(kept[1:])
                obj[key] = kept[0]
            else:
                del obj[key]
    if "/JS" in obj:  # a script where no viewer would look for one: gone all the same
        del obj["/JS"]
        removed.append("JavaScript")
    for key, what in (("/EF", "eingebettete Dateien"), ("/AF", "zugeordnete Dateien")):
        if key in obj:
            del obj[key]
            removed.append(what)
    for key in ("/Metadata", "/PieceInfo") if public else ():  # XMP, applications' own data
        if key in obj:
            del obj[key]


def _clean_annotations(page: Dictionary, removed: list[str]) -> None:
    """Drops annotations that play, hold files or lead nowhere any more (a link whose
    action was removed), and the pop-ups of those dropped."""
    if "/Annots" not in page:
        return
    kept, dropped = [], []
    for annot in page.Annots:
        if not isinstance(annot, Dictionary):
            continue
        subtype = annot.get("/Subtype")
        if subtype not in SHOWING:
            removed.append(f"Anmerkung {str(subtype)[1:]}")
            dropped.append(annot)
        elif subtype == "/Link" and "/A" not in annot and "/Dest" not in annot:
            dropped.append(annot)
        else:
            kept.append(annot)
    gone = {a.objgen for a in dropped if a.is_indirect}
    kept = [a for a in kept if not (a.get("/Subtype") == "/Popup" and isinstance(
        a.get("/Parent"), Dictionary) and a.Parent.objgen in gone)]
    page.Annots = Array(kept)
    for annot in dropped:
        if annot.is_indirect:
            _empty(annot)


def sanitise_pdf(source: Path, target: Path, public: bool) -> list[str]:
    """Writes `source` to `target` without active content; returns what active content was
    removed, for the build's note (metadata dropped from public copies is not listed)."""
    removed: list[str] = []
    try:
        with pikepdf.open(source) as pdf:
            _flatten_form(pdf, removed)
            _clean_catalog(pdf, removed)
            _walk(pdf.trailer, lambda obj: _clean_object(obj, removed, public))
            for page in pdf.pages:
                _clean_annotations(page.obj, removed)
            if public and "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            # Only what this revision reaches is written; the same input, the same bytes.
            pdf.save(target, deterministic_id=True)
    except (pikepdf.PdfError, TypeError, ValueError, KeyError, AttributeError):
        # qpdf's message names the file's path on this machine; the user gets ours.
        raise AnlageError("keine lesbare PDF-Datei (beschädigt oder unvollständig)") from None
    return list(dict.fromkeys(removed))


# The keys active_content looks at: an object without any of them cannot act.
TELLING = {"/AA", "/A", "/PA", "/Subtype", "/JS", "/EF", "/Type"}


def active_content(path: Path) -> list[str]:
    """What in a PDF could act (actions other than navigation, automatic actions, scripts,
    forms with XFA, media) or hides files; empty for a file that is only for reading."""
    out: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        for verdict in unsafe_actions(root.get("/OpenAction")):
            out.append("enthält JavaScript (OpenAction)" if verdict == "JavaScript-Aktion"
                       else f"{verdict} beim Öffnen (OpenAction)")
        if "/AA" in root:
            out.append("automatische Aktionen im Katalog (/AA)")
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            out += [f"enthält {NAME_TREES[k]}" for k in NAME_TREES if k in names]
        form = root.get("/AcroForm")
        if isinstance(form, Dictionary) and "/XFA" in form:
            out.append("enthält ein XFA-Formular")
        where = {}
        for number, page in enumerate(pdf.pages, 1):
            where[page.obj.objgen] = f"Seite {number}"
            for annot in page.obj.get("/Annots") or []:
                if isinstance(annot, Dictionary) and annot.is_indirect:
                    where.setdefault(annot.objgen, f"Seite {number}: Anmerkung "
                                                   f"{str(annot.get('/Subtype'))[1:]}")

        def visit(obj) -> None:
            keys = set(obj.keys())  # one call into qpdf; most objects hold none of these
            if not keys & TELLING or (obj.is_indirect and obj.objgen == root.objgen):
                return  # nothing that could act; the catalog is reported above

            def label() -> str:
                return (where.get(obj.objgen) if obj.is_indirect else None) or _label(obj)
            if "/AA" in keys:
                out.append(f"{label()}: automatische Aktionen (/AA)")
            for key in ("/A", "/PA"):
                if key in keys:
                    out.extend(f"{label()} mit {v}" for v in unsafe_actions(obj.get(key)))
            if "/Subtype" in keys and obj.get("/Subtype") in ACTIVE and "/Rect" in keys:
                out.append(f"{label()} ({ACTIVE[obj.Subtype]})")
            if "/JS" in keys:
                out.append("enthält JavaScript")
            if "/EF" in keys or ("/Type" in keys and obj.get("/Type") == "/EmbeddedFile"):
                out.append("enthält eingebettete Dateien")

        _walk(pdf.trailer, visit)
    return list(dict.fromkeys(out))


def _label(obj) -> str:
    if "/Rect" in obj and "/Subtype" in obj:
        return f"Anmerkung {str(obj.Subtype)[1:]}"
    if "/FT" in obj or "/T" in obj:
        return "Formularfeld"
    return "Lesezeichen" if "/Title" in obj else "Objekt"
