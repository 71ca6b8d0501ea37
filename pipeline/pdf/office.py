"""Office Anlagen made self-contained before LibreOffice opens them.

A DOCX, ODT, XLSX or ODS may point out of itself: a picture linked from a web server or from
someone's home folder, a field or section that includes another file, an attached template,
a DDE link; a spreadsheet also a linked workbook (xlsx externalLinks, ODS table sources), a data
connection, or a formula that fetches (WEBSERVICE, DDE, a reference into another file).
LibreOffice followed some of these while converting (it fetched linked pictures over
HTTP and embedded pictures from elsewhere on the machine), so `defuse` writes a copy that
keeps only references into the file itself; a formula that fetches is dropped and its cell
keeps the value last calculated. Macros and other active content (VBA projects, ActiveX
controls, Excel 4 macro sheets, ODF Basic and scripts, event listeners) are left out with
every reference to them. The workers' profile refuses the same in
LibreOffice (libreoffice.py), but it misses some (list bullets, backgrounds), so this is the
layer that must be complete. The zip is written afresh, so nothing hidden beside its
directory survives; members that need no change are copied as they are.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from .libreoffice import ConversionError
from .limits import MB, Limits, _num

MAX_MEMBERS = 10_000
MAX_NESTING = 3  # an embedded document (an OLE object) may hold another; deeper is refused
ZIP_MAGIC, OLE2_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Field instructions that load another file, a web address, a database or a DDE server.
FETCHING_FIELDS = {"INCLUDETEXT", "INCLUDE", "INCLUDEPICTURE", "IMPORT", "LINK", "DDE",
                   "DDEAUTO", "DATABASE"}
WEB = ("http://", "https://", "mailto:")  # followed only when a reader clicks
# Elements that exist to pull something in from outside or to run something (DOCX, ODF,
# then XLSX: the DDE and OLE links of a linked workbook, data connections to databases, web
# queries and text files; ODS database ranges; ODF scripts and event listeners): removed
# whole; a section or table keeps what was last shown of the linked content.
DROP = {"altChunk", "subDoc", "attachedTemplate", "mailMerge", "sourceFileName",
        "section-source", "table-source", "cell-range-source", "dde-source",
        "dde-connection-decls", "dde-connection-decl", "dde-links", "dde-link",
        "ddeLink", "oleLink", "webPr", "dbPr", "olapPr", "textPr", "database-source-sql",
        "database-source-table", "database-source-query", "event-listeners", "scripts",
        "script"}
DROP_WHEN_UNLINKED = {"externalData", "OLEObject"}  # embedded ones keep their relationship
URL_ATTRIBUTES = {"href", "src", "image-data", "base"}  # xml:base would move the others
KINDS = {"image": "Bild", "hyperlink": "Link", "attachedTemplate": "Dokumentvorlage",
         "aFChunk": "eingefügtes Dokument", "subDocument": "Filialdokument",
         "oleObject": "verknüpftes Objekt", "frame": "Rahmen",
         "externalLinkPath": "verknüpfte Arbeitsmappe",
         "externalLinkLong": "verknüpfte Arbeitsmappe"}  # relationship types, German
# What the spreadsheet elements removed are called in a message, and where they point.
DROP_NAMES = {"ddeLink": "DDE-Verknüpfung", "oleLink": "OLE-Verknüpfung", "webPr": "Webabfrage",
              "dbPr": "Datenbankverbindung", "olapPr": "OLAP-Verbindung",
              "textPr": "Textimport", "database-source-sql": "Datenbankabfrage",
              "database-source-table": "Datenbankabfrage",
              "database-source-query": "Datenbankabfrage", "event-listeners": "Ereignismakros",
              "scripts": "Makros", "script": "Skript"}
SOURCES = ("href", "url", "sourceFile", "ddeTopic", "connection", "database-name")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Formulas that fetch (functions that reach a server, a DDE server, another program or a
# reference built from text) or name another file ('file:///x.ods'#$Tabelle1.A1, \\server,
# an xlsx workbook link [1]Tabelle1!A1)
FETCHING_FORMULA = re.compile(r"(?i)\b(?:WEBSERVICE|FILTERXML|DDE|RTD|CALL|REGISTER(?:\.ID)?"
                              r"|INDIRECT)\s*\(|\b(?:file|https?|ftp|smb|webdav):|\\\\|\[\d+\]")
# Members with macros or active content: left out, and every reference to them with them.
ACTIVE_MEMBER = re.compile(r"(?i)(^|/)(vbaProject[^/]*\.bin|vbaData\.xml|activeX/.*"
                           r"|macrosheets/.*|dialogsheets/.*|customUI/.*)$|^(Basic|Scripts|"
                           r"Dialogs)/")
SPREADSHEET_NS = ("spreadsheetml", "drawingml/2006/chart")
# ODF attributes holding a formula: a cell's, a validation's or conditional format's
# condition (also LibreOffice's calcext), a named expression
ODF_NS = ("{urn:oasis:names:tc:opendocument", "{urn:org:documentfoundation")
ODF_FORMULAS = {"formula", "condition", "expression", "value"}


class OfficeFileError(ConversionError):
    """An office Anlage that cannot be made self-contained: no package, too large unpacked,
    malformed, or in a format whose references cannot be taken out (binary .doc)."""


def defuse(source: Path, target: Path, limits: Limits = Limits()) -> list[str]:
    """Writes `source` to `target` without references out of the file and returns what was
    removed, in German, for messages."""
    source, label = Path(source), Path(source).name
    with open(source, "rb") as fh:
        head = fh.read(8)
    if zipfile.is_zipfile(source):  # also a zip behind other data: only the zip is written
        removed: list[str] = []
        try:
            with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
                _package(zin, zout, label, [limits.entpackt_mb * MB, limits.entpackt_mb], 0,
                         removed)
        except zipfile.BadZipFile:
            raise OfficeFileError(f"{label} ist beschädigt (ZIP-Archiv unlesbar)") from None
        return list(dict.fromkeys(removed))
    if head == OLE2_MAGIC:
        # Binary Word (and encrypted OOXML) cannot be rewritten here, and LibreOffice still
        # asked the web server about linked pictures with the profile's blocks in place.
        raise OfficeFileError(f"{label}: Word- und Excel-97-Dateien (.doc, .xls) und "
                              "verschlüsselte Dateien werden nicht umgewandelt, weil sich "
                              "Verweise darin auf andere Dateien und Webadressen nicht sicher "
                              "entfernen lassen; bitte als DOCX, ODT, XLSX, ODS oder PDF "
                              "speichern")
    raise OfficeFileError(f"{label} ist keine DOCX-, ODT-, XLSX- oder ODS-Datei (beschädigt "
                          "oder unter falscher Endung gespeichert)")


def _package(zin, zout, label, budget, depth, removed) -> None:
    infos = zin.infolist()
    names = [info.filename for info in infos]
    if len(infos) > MAX_MEMBERS or len(set(names)) != len(names):
        raise OfficeFileError(f"{label}: ungewöhnlicher Aufbau (zu viele oder doppelte Teile)")
    data = {info.filename: _read(zin, info, label, budget) for info in infos}
    active = {name for name in names if ACTIVE_MEMBER.search(name)}
    if active:
        removed.append("Makros und aktive Inhalte (" + ", ".join(sorted(active)[:3])
                       + (" …" if len(active) > 3 else "") + ")")
    infos = [info for info in infos if info.filename not in active]
    inside = {path for info in infos for path in _ancestors(info.filename.rstrip("/"))}
    trees = {info.filename: _parse(data[info.filename], info.filename, label)
             for info in infos}
    changed = {name for name, tree in trees.items() if tree is not None
               and tree.docinfo.doctype}  # a DTD could declare entities: never passed on
    unlinked: dict[str, set[str]] = {}
    for name, tree in trees.items():
        if tree is not None and _local(tree.getroot()) == "Relationships":
            gone = _relationships(tree.getroot(), removed, _rels_owner(name), active)
            if gone:
                unlinked[_rels_owner(name)] = gone
                changed.add(name)
    for name, tree in trees.items():
        if tree is not None and _local(tree.getroot()) != "Relationships":
            root = tree.getroot()
            if _clean(root, inside, unlinked.get(name, set()), removed) | _listing(root, active):
                changed.add(name)
    for info in infos:
        raw, tree = data[info.filename], trees[info.filename]
        if info.filename in changed:
            raw = _serialise(tree, raw)
        elif tree is None and raw.startswith(ZIP_MAGIC):
            raw = _nested(raw, label, budget, depth, removed)
        # a fresh entry: the original's extra fields may carry anything
        entry = zipfile.ZipInfo(info.filename, info.date_time)
        entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
        zout.writestr(entry, raw)


def _ancestors(name: str) -> list[str]:
    """A member and the folders it lies in, as a reference may name either ("./Object 1")."""
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _read(zin, info, label, budget) -> bytes:
    try:
        with zin.open(info) as fh:
            raw = fh.read(int(budget[0]) + 1)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError,
            OSError):
        raise OfficeFileError(f"{label} ist beschädigt oder verschlüsselt") from None
    if len(raw) > budget[0]:
        raise OfficeFileError(f"{label} ist entpackt größer als {_num(budget[1])} MB")
    budget[0] -= len(raw)
    return raw


def _nested(raw, label, budget, depth, removed) -> bytes:
    """An embedded document that is itself a package (a DOCX or XLSX as OLE object)."""
    import io

    if depth + 1 >= MAX_NESTING:
        raise OfficeFileError(f"{label}: zu tief verschachtelte eingebettete Dokumente")
    out = io.BytesIO()  # a broken one is refused: LibreOffice repairs what Python cannot read
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w") as zout:
        _package(zin, zout, label, budget, depth + 1, removed)
    return out.getvalue()


def _parse(raw: bytes, name: str, label: str):
    """The member as an XML tree, or None when it is no XML (pictures, binaries)."""
    if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"<", b"\xff\xfe", b"\xfe\xff")):
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        return etree.fromstring(raw, parser).getroottree()
    except etree.XMLSyntaxError:
        if name.lower().endswith((".xml", ".rels")):
            raise OfficeFileError(f"{label} ist beschädigt ({name} ist kein gültiges XML)") \
                from None
        return None  # e.g. an HTML part; LibreOffice reads no XML out of it either


def _serialise(tree, raw: bytes) -> bytes:
    from lxml import etree

    declared = b"standalone" in raw[:200]  # lxml reports "no" where nothing was declared
    standalone = tree.docinfo.standalone if declared else None
    tree.docinfo.clear()
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _rels_owner(name: str) -> str:
    """word/_rels/document.xml.rels -> word/document.xml (whose r:id values it resolves)."""
    folder, base = posixpath.split(name)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _relationships(root, removed, owner: str, active: set[str]) -> set[str]:
    """Removes relationships out of the package and to the members left out; web and mail
    hyperlinks stay. Returns the ids removed, so the part using them can drop its
    references."""
    gone = set()
    for rel in [child for child in root if isinstance(child.tag, str)]:
        target = (rel.get("Target") or "").strip()
        outside = rel.get("TargetMode") == "External" or SCHEME.match(target) \
            or target.startswith(("//", "\\"))
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if outside and not (kind == "hyperlink" and target.lower().startswith(WEB)):
            root.remove(rel)
            gone.add(rel.get("Id"))
            removed.append(f"{KINDS.get(kind, 'Verknüpfung')} {_short(target)}")
        elif not outside and _member(owner, target) in active:
            root.remove(rel)  # reported with the member
            gone.add(rel.get("Id"))
    return gone


def _member(owner: str, target: str) -> str:
    """The member a package-internal relationship target names, from its owner's folder."""
    target = unquote(target).replace("\\", "/")
    base = "" if target.startswith("/") else posixpath.dirname(owner)
    return posixpath.normpath(posixpath.join(base, target.lstrip("/")))


def _listing(root, active: set[str]) -> bool:
    """Drops the entries of left-out members from a package's list of its parts (OOXML
    [Content_Types].xml, ODF META-INF/manifest.xml); True when it changed."""
    if not active or _local(root) not in ("Types", "manifest"):
        return False
    changed = False
    for el in list(root):
        name = (el.get("PartName") or _attr(el, "full-path") or "").lstrip("/")
        if name and (name in active or any(m.startswith(name.rstrip("/") + "/")
                                           for m in active)):
            root.remove(el)
            changed = True
    return changed


def _clean(root, inside: set[str], unlinked: set[str], removed) -> bool:
    """Drops what points out of the package from one XML part; True when it changed."""
    changed = _unwrap_fields(root, removed)
    shared: set[str] = set()  # shared formulas whose master went: their followers go too
    for el in list(root.iter()):
        if changed and not _attached(el, root):
            continue  # went with an element removed before (nothing went before a change)
        local, spreadsheet = _kind(el.tag)
        if not (spreadsheet or local in SPECIAL or any(map(_telling, el.attrib.keys()))):
            continue  # most elements: nothing below could act on them (a fast path)
        if local in DROP or (local == "OLEObject" and el.get("Type") == "Link"):
            source = next(filter(None, map(lambda a: _attr(el, a), SOURCES)), "")
            removed.append(f"{DROP_NAMES.get(local, _name(el))} {_short(source)}".strip())
            _remove(el)
        elif local in DROP_WHEN_UNLINKED and _relationship_ids(el) & unlinked:
            _remove(el)  # its relationship is already reported
        elif local == "dde-connection":  # an ODF field showing a DDE value: keeps the text
            removed.append(f"{_name(el)} {_attr(el, 'connection-name')}".strip())
            _unwrap(el)
        elif _fetching_formula(el, local, removed, shared):
            pass
        elif not _clean_attributes(el, local, inside, unlinked, removed):
            continue
        changed = True
    return changed


# Elements the checks in _clean act on by name, whatever their attributes.
SPECIAL = DROP | DROP_WHEN_UNLINKED | {"dde-connection"}


@lru_cache(maxsize=4096)
def _kind(tag) -> tuple[str, bool]:
    """(local name, in a spreadsheet namespace) of a tag; comments and the like have none."""
    if not isinstance(tag, str):
        return "", False
    namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    return tag.rsplit("}", 1)[-1], any(mark in namespace for mark in SPREADSHEET_NS)


@lru_cache(maxsize=4096)
def _telling(attr: str) -> bool:
    """Whether _clean_attributes or _fetching_formula could act on an attribute so named:
    a relationship id, an address, an ODF formula."""
    namespace, _, name = attr[1:].partition("}") if attr.startswith("{") else ("", "", attr)
    return (namespace.endswith("relationships") or name in URL_ATTRIBUTES
            or (attr.startswith(ODF_NS) and name in ODF_FORMULAS))


def _clean_attributes(el, local: str, inside: set[str], unlinked: set[str], removed) -> bool:
    changed = False
    for attr, value in list(el.attrib.items()):
        namespace, _, name = attr[1:].partition("}") if attr.startswith("{") else ("", "", attr)
        if namespace.endswith("relationships"):  # r:id, r:link, r:href …: ids, no addresses
            drop = value in unlinked
        else:
            drop = name in URL_ATTRIBUTES and not _inside(value, inside) and not (
                local == "a" and value.strip().lower().startswith(WEB))
            if drop:
                removed.append(f"Verweis auf {_short(value)}")
        if drop:
            del el.attrib[attr]
            changed = True
    return changed


def _fetching_formula(el, local: str, removed, shared: set[str]) -> bool:
    """Drops a formula that fetches; True when it did. A cell (xlsx <f>, ODS table:formula)
    keeps the value last calculated; a rule, condition or name holding one goes whole."""
    namespace = el.tag[1:].partition("}")[0] if isinstance(el.tag, str) else ""
    if any(mark in namespace for mark in SPREADSHEET_NS):
        text = el.text or ""
        if local == "f" and el.get("t") == "shared" and el.get("si") in shared:
            _remove(el)
            return True
        if not FETCHING_FORMULA.search(text) or local in ("v", "t", "is", "r"):
            return False  # values and text are shown, never calculated
        removed.append(f"Formel {_short(text)}")
        if local == "f" and el.get("t") == "shared" and el.get("si") is not None:
            shared.add(el.get("si"))
        target = el.getparent() if local in ("formula", "formula1", "formula2") else el
        _remove(target if target is not None else el)
        return True
    for attr, value in list(el.attrib.items()):
        if attr.startswith(ODF_NS) and attr.rsplit("}", 1)[-1] in ODF_FORMULAS and \
                FETCHING_FORMULA.search(value):
            removed.append(f"Formel {_short(value)}")
            if attr.rsplit("}", 1)[-1] == "formula":
                del el.attrib[attr]  # the cell shows office:value and its text as before
            else:
                _remove(el)
            return True
    return False


def _relationship_ids(el) -> set[str]:
    return {v for k, v in el.attrib.items() if k.startswith("{")
            and k[1:].partition("}")[0].endswith("relationships")}


def _attached(el, root) -> bool:
    while el is not None and el is not root:
        el = el.getparent()
    return el is root


def _inside(value: str, inside: set[str]) -> bool:
    """A fragment of this document or a member of the package; anything else (a scheme,
    an absolute path, `../` out of the package, a name the package lacks) is outside."""
    value = unquote(value.strip())
    if value.startswith("#"):
        return True
    if SCHEME.match(value) or value.startswith(("/", "\\")):
        return False
    path = posixpath.normpath(value.replace("\\", "/"))
    return not path.startswith("..") and path.rstrip("/") in inside


def _unwrap_fields(root, removed) -> bool:
    """Fields that fetch (INCLUDETEXT, INCLUDEPICTURE, LINK, DDE …) lose their instruction
    and keep their last result, in simple and in complex form (fldChar … instrText …)."""
    changed = False
    for el in list(root.iter("{*}fldSimple")):  # any namespace (transitional or strict)
        if _fetches(_attr(el, "instr")):
            removed.append(f"Feld {_short(_attr(el, 'instr'))}")
            _unwrap(el)
            changed = True
    runs: list = []
    position: dict = {}
    stack: list[dict] = []
    fields: list[dict] = []
    for el in root.iter("{*}r", "{*}fldChar", "{*}instrText"):  # in document order
        local = _local(el)
        if local == "r":
            position[el] = len(runs)
            runs.append(el)
        elif local == "fldChar":
            kind, run = _attr(el, "fldCharType"), position.get(el.getparent())
            if kind == "begin":
                stack.append({"first": len(runs) if run is None else run, "instruction": [],
                              "marks": [el]})
            elif stack and kind in ("separate", "end"):
                field = stack[-1]
                field["marks"].append(el)
                # the instruction ends at the first of them
                field.setdefault("last", len(runs) - 1 if run is None else run)
                if kind == "end":
                    fields.append(stack.pop())
        elif local == "instrText" and stack:
            stack[-1]["marks"].append(el)
            if "last" not in stack[-1]:
                stack[-1]["instruction"].append(el.text or "")
    for field in fields:
        instruction = "".join(field["instruction"])
        if _fetches(instruction):
            removed.append(f"Feld {_short(instruction)}")
            # the runs of the instruction go (nested fields in it too); the result stays
            for run in runs[field["first"]:field["last"] + 1] + field["marks"]:
                _remove(run)
            changed = True
    return changed


def _fetches(instruction: str) -> bool:
    words = instruction.split()
    if not words:
        return False
    keyword = words[0].upper()
    if keyword == "HYPERLINK":  # kept when it leads to the web or into the document
        target = words[1].strip('"').lower() if len(words) > 1 else ""
        return not (target == "\\l" or target.startswith(WEB))
    return keyword in FETCHING_FIELDS


def _attr(el, name: str) -> str:
    """An attribute by local name, whatever its namespace (transitional or strict OOXML)."""
    return next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == name), "")


def _name(el) -> str:
    return f"{el.prefix}:{_local(el)}" if el.prefix else _local(el)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _remove(el) -> None:
    """Removes an element; the text after it (mixed content in ODF paragraphs) stays."""
    parent = el.getparent()
    if parent is None:
        return
    _text_before(el, el.tail)
    parent.remove(el)


def _unwrap(el) -> None:
    """Replaces an element by its content."""
    parent = el.getparent()
    _text_before(el, el.text)
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _remove(el)


def _text_before(el, text: str | None) -> None:
    if text:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent = el.getparent()
            parent.text = (parent.text or "") + text
