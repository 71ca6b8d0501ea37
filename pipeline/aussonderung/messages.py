"""The xdomea 3.0.0 messages of the Aussonderung, written and read with lxml.

Every xdomea element carries the `xdomea:` prefix the standard asks for; the `code` and
`name` children of a code are in no namespace (the XÖV code type declares them
unqualified). A code names its list by `listURI` and `listVersionID`, as the schema fixes
them. The messages the archive sends (0502 Bewertungsverzeichnis, 0506 and 0507
confirmations) are read by their content only: no entity, no DTD, no network.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import etree

from ..errors import UserError
from .records import Vorgang

NS = "urn:xoev-de:xdomea:schema:3.0.0"
X = f"{{{NS}}}"
TYPES = {"0501": "Aussonderung.Anbieteverzeichnis", "0502": "Aussonderung.Bewertungsverzeichnis",
         "0503": "Aussonderung.Aussonderung", "0506": "Aussonderung.AussonderungImportBestaetigen",
         "0507": "Aussonderung.AussonderungEmpfangBestaetigen"}
LISTS = {"nachrichtentyp": "2.0", "vertraulichkeitsstufe": "1.0", "medium": "1.0",
         "aussonderungsart": "1.0", "dateiformat": "1.0", "datentyp": "1.1"}
PDF_A = "044"  # Dateiformat: pdf - Portable Document Format (Archival)
OFFEN, NFD = ("003", "Offen"), ("002", "NfD")
PRODUCT = "Ratsvorlagen"
EXTENSION = "urn:ratsvorlagen:xdomea:vorlage"


def message_name(kind: str) -> str:
    """The message's full name: "Aussonderung.Aussonderung.0503"."""
    return f"{TYPES[kind]}.{kind}"


def file_stem(prozess_id: str, kind: str) -> str:
    """How xdomea 3.0.0 names a message's file and its package: "<ProzessID>_<name>"."""
    return f"{prozess_id}_{message_name(kind)}"


def _el(parent, name: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, X + name, attrs)
    if text is not None:
        node.text = text
    return node


def _code(parent, name: str, lst: str | None, code: str, label: str | None = None):
    attrs = {"listURI": f"urn:xoev-de:xdomea:codeliste:{lst}",
             "listVersionID": LISTS[lst]} if lst else {}
    node = _el(parent, name, **attrs)
    etree.SubElement(node, "code").text = code
    if label:
        etree.SubElement(node, "name").text = label
    return node


def _party(parent, name: str, stelle) -> None:
    node = _el(parent, name)
    ident = _el(node, "Behoerdenkennung")
    _code(ident, "Behoerdenschluessel", None, stelle.behoerdenschluessel)
    _code(ident, "Praefix", None, stelle.praefix)
    _el(_el(node, "Institution"), "Name", stelle.name)
    if stelle.organisationseinheit:
        _el(_el(node, "Organisationseinheit"), "Name", stelle.organisationseinheit)


def _head(root, kind: str, prozess_id: str, config, version: str) -> None:
    head = _el(root, "Kopf")
    _el(head, "ProzessID", prozess_id)
    _code(head, "Nachrichtentyp", "nachrichtentyp", kind, TYPES[kind])
    _el(head, "Erstellungszeitpunkt", datetime.now().astimezone().isoformat(timespec="seconds"))
    _party(head, "Absender", config.absender)
    _party(head, "Empfaenger", config.empfaenger)
    system = _el(head, "SendendesSystem")
    _el(system, "Produktname", PRODUCT)
    _el(system, "Version", version)
    if kind == "0503":  # the archive confirms import, returns its signatures, and receipt
        for flag in ("Importbestaetigung", "RueckmeldungArchivkennung"):
            _el(head, flag, "1")
    _el(head, "Empfangsbestaetigung", "1")


def _metadata(parent, betreff: str, kennzeichen: str | None, federfuehrung: str | None,
              offen: bool, bemerkung: str | None = None) -> None:
    meta = _el(parent, "AllgemeineMetadaten")
    _el(meta, "Betreff", betreff)
    if kennzeichen:
        _el(meta, "Kennzeichen", kennzeichen)
    if federfuehrung:
        _el(meta, "Federfuehrung", federfuehrung)
    _code(meta, "Vertraulichkeitsstufe", "vertraulichkeitsstufe", *(OFFEN if offen else NFD))
    if bemerkung:
        _el(meta, "Bemerkung", bemerkung)
    _code(meta, "Medium", "medium", "001")


def _field(parent, name: str, value: str, datatype: str = "038") -> None:
    node = _el(parent, "Feld")
    _el(node, "Name", name)
    _code(node, "Datentyp", "datentyp", datatype)
    _el(node, "Wert", value)


def _extension(parent, v: Vorgang) -> None:
    ext = _el(parent, "AnwendungsspezifischeErweiterung")
    _el(ext, "Kennung", EXTENSION)
    _el(ext, "Name", "Ratsvorlagen")
    if v.beratungsfolge:
        group = _el(ext, "Feldgruppe")
        _el(group, "Name", "Beratungsfolge")
        _el(group, "Beschreibung", "Beratungen der Vorlage in den Gremien mit Ergebnis")
        for i, step in enumerate(v.beratungsfolge, 1):
            sub = _el(group, "Unterfeldgruppe")
            _el(sub, "Name", "Beratung")
            _el(sub, "Beschreibung", str(i))
            _field(sub, "Gremium", step.gremium)
            if step.datum:
                _field(sub, "Sitzungsdatum", step.datum, "005")
            if step.zustaendigkeit:
                _field(sub, "Zustaendigkeit", step.zustaendigkeit)
            if step.ergebnis:
                _field(sub, "Ergebnis", step.ergebnis)
    for name, value in v.felder.items():
        _field(ext, name, value, {"oeffentlich": "003", "Datum": "005"}.get(name, "038"))


def _beratung_text(v: Vorgang) -> str | None:
    parts = [f"{s.gremium}{' am ' + _german(s.datum) if s.datum else ''}: "
             f"{s.ergebnis or 'kein Ergebnis verzeichnet'}" for s in v.beratungsfolge]
    text = "Beratungsfolge: " + "; ".join(parts) if parts else ""
    if v.nachlieferung:
        text = "Nachlieferung zu einem früher abgegebenen Vorgang. " + text
    return text.strip() or None


def _german(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"


def _vorgang(parent, v: Vorgang, with_files: bool) -> None:
    node = _el(_el(parent, "Schriftgutobjekt"), "Vorgang")
    _el(_el(node, "Identifikation"), "ID", v.id)
    _metadata(node, v.betreff, v.kennzeichen, v.federfuehrung, v.offen, _beratung_text(v))
    archival = _el(_el(node, "ArchivspezifischeMetadaten"), "Aussonderungsart")
    _code(archival, "Aussonderungsart", "aussonderungsart", "B")  # for the archive to appraise
    _el(node, "Typ", v.typ)
    span = _el(node, "Laufzeit")
    _el(span, "Beginn", v.beginn)
    _el(span, "Ende", v.ende)
    for i, doc in enumerate(v.dokumente, 1):
        d = _el(node, "Dokument")
        ident = _el(d, "Identifikation")
        _el(ident, "ID", doc.id)
        _el(ident, "NummerImUebergeordnetenContainer", str(i))
        _metadata(d, doc.betreff, v.kennzeichen if v.art == "vorlage" else None, None,
                  doc.offen)
        _el(d, "DatumDesSchreibens", doc.datum)
        _el(d, "Typ", doc.typ)
        if with_files:
            version = _el(d, "Version")
            _el(version, "Nummer", "1")
            fmt = _el(version, "Format")
            _code(fmt, "Name", "dateiformat", PDF_A)
            _el(fmt, "Version", "2b")  # PDF/A-2b, as the build exports finals
            primary = _el(fmt, "Primaerdokument")
            _el(primary, "Dateiname", doc.name)
            _el(primary, "DateinameOriginal", doc.original)
    _extension(node, v)


def message(kind: str, prozess_id: str, config, vorgaenge: list[Vorgang], version: str
            ) -> bytes:
    """The 0501 (offer, metadata only) or the 0503 (hand-over, with the files' names)."""
    root = etree.Element(X + message_name(kind), nsmap={"xdomea": NS})
    _head(root, kind, prozess_id, config, version)
    for v in vorgaenge:
        _vorgang(root, v, with_files=kind == "0503")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# Reading what the archive sends ---------------------------------------------------------

def _parse(path: Path, kinds: tuple[str, ...]):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise UserError(f"{path}: keine lesbare XML-Datei ({exc})") from None
    name = etree.QName(root)
    wanted = [message_name(k) for k in kinds]
    if name.namespace != NS or name.localname not in wanted:
        raise UserError(f"{path}: erwartet eine xdomea-3.0.0-Nachricht {' oder '.join(wanted)}, "
                        f"gefunden {name.localname}")
    prozess = root.findtext(f"{X}Kopf/{X}ProzessID")
    if not prozess:
        raise UserError(f"{path}: Kopf/ProzessID fehlt")
    return root, prozess.strip(), name.localname.rsplit(".", 1)[-1]


def read_appraisal(path: Path) -> tuple[str, dict[str, str]]:
    """The 0502: its ProzessID, and per appraised object ID its code (A or V; B, still to
    be appraised, is left out)."""
    root, prozess, _ = _parse(path, ("0502",))
    out, seen = {}, set()
    for item in root.iter(f"{X}BewertetesObjekt"):
        oid = (item.findtext(f"{X}ID") or "").strip()
        code = (item.findtext(f"{X}Aussonderungsart/{X}Aussonderungsart/code") or "").strip()
        where = f"{path}:{item.sourceline}: BewertetesObjekt"
        if not oid:
            raise UserError(f"{where} ohne ID")
        if code not in ("A", "B", "V"):
            raise UserError(f"{where} {oid}: unbekannte Aussonderungsart „{code}“ (erwartet A "
                            "archivieren, V vernichten oder B noch zu bewerten)")
        if oid in seen:
            raise UserError(f"{where} {oid}: zweimal bewertet")
        seen.add(oid)
        if code != "B":
            out[oid] = code
    return prozess, out


def read_confirmation(path: Path) -> tuple[str, str, dict[str, str | None], dict[str, str]]:
    """A 0506 (import confirmed, per object, with the archive's signature) or a 0507
    (receipt of the 0503): ProzessID, kind, the objects imported (with their
    Archivkennung) and those that failed (with the archive's message); both empty for a
    0507."""
    root, prozess, kind = _parse(path, ("0506", "0507"))
    done: dict[str, str | None] = {}
    failed: dict[str, str] = {}
    for item in root.iter(f"{X}AusgesondertesSGO"):
        oid = (item.findtext(f"{X}IDSGO") or "").strip()
        if (item.findtext(f"{X}Erfolgreich") or "").strip().lower() in ("1", "true"):
            done[oid] = (item.findtext(f"{X}Archivkennung") or "").strip() or None
        else:
            failed[oid] = " ".join((item.findtext(f"{X}Fehlermeldung") or "").split())[:300] \
                or "ohne Angabe des Archivs"
    return prozess, kind, done, failed
