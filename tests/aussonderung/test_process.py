"""The Aussonderung of a year with the finals of the bundled drafts and the bundled
session's approved Niederschrift: the 0501 offer, a 0502 as an archive sends it, the 0503
package with the archived PDF/A files, the archive's confirmation, and the local copies
removed only after it, with `archiv verify` still in order. Every message is validated
against the xdomea 3.0.0 schemas with lxml."""

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import REPO, run

XSD = REPO / "tests" / "xdomea-schema" / "xdomea_3.0.0" / \
    "xdomea-Nachrichten-AussonderungDurchfuehren.xsd"
NS = "urn:xoev-de:xdomea:schema:3.0.0"
X = f"{{{NS}}}"
SESSION = "sitzungen/bielefeld-rat-2020-09-03.yaml"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def valid(schema, data: bytes):
    doc = etree.fromstring(data)
    assert schema.validate(doc), [str(e) for e in schema.error_log]
    return doc


@pytest.fixture
def finals(project_root):
    """The example project with its 2020 finals and the approved Niederschrift archived."""
    root = project_root
    (root / "gremien.yaml").write_bytes((REPO / "gremien.yaml").read_bytes())
    built = run(["build", "--final", "drafts/"], root)
    assert "2/2014-2020" in built.stdout and "1/2014-2020" in built.stdout, built.stderr
    session = root / SESSION
    session.write_text(session.read_text(encoding="utf-8") + "niederschrift: {status: genehmigt, "
                       "unterzeichnet_am: 10.09.2020, genehmigt_am: 05.11.2020}\n",
                       encoding="utf-8")
    archived = run(["sitzung", "niederschrift", SESSION, "--final"], root)
    assert archived.returncode == 0, archived.stderr
    return root


def appraisal(offer, keep_not: set[str]) -> bytes:
    """A 0502 as an archive sends it: every offered Vorgang A, those named V."""
    out = etree.Element(X + "Aussonderung.Bewertungsverzeichnis.0502", nsmap={"xdomea": NS})
    head = etree.SubElement(out, X + "Kopf")
    etree.SubElement(head, X + "ProzessID").text = offer.findtext(f"{X}Kopf/{X}ProzessID")
    kind = etree.SubElement(head, X + "Nachrichtentyp",
                            listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp",
                            listVersionID="2.0")
    etree.SubElement(kind, "code").text = "0502"
    etree.SubElement(head, X + "Erstellungszeitpunkt").text = "2026-12-01T10:00:00+01:00"
    for side, name in (("Absender", "Stadtarchiv Bielefeld"), ("Empfaenger", "Stadt Bielefeld")):
        party = etree.SubElement(head, X + side)
        etree.SubElement(etree.SubElement(party, X + "Institution"), X + "Name").text = name
    etree.SubElement(head, X + "Empfangsbestaetigung").text = "1"
    for vorgang in offer.iter(X + "Vorgang"):
        item = etree.SubElement(out, X + "BewertetesObjekt")
        etree.SubElement(item, X + "ID").text = vorgang.findtext(f"{X}Identifikation/{X}ID")
        code = etree.SubElement(etree.SubElement(item, X + "Aussonderungsart"),
                                X + "Aussonderungsart",
                                listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart",
                                listVersionID="1.0")
        kz = vorgang.findtext(f"{X}AllgemeineMetadaten/{X}Kennzeichen")
        etree.SubElement(code, "code").text = "V" if kz in keep_not else "A"
    return etree.tostring(out, xml_declaration=True, encoding="UTF-8")


def confirmation(prozess: str, imported: dict[str, bool] | None = None) -> bytes:
    """The archive's 0507 (the 0503 package was received), or with `imported` its 0506
    (per Vorgang ID: imported or not)."""
    kind = "0507" if imported is None else "0506"
    name = "AussonderungEmpfangBestaetigen" if imported is None else \
        "AussonderungImportBestaetigen"
    out = etree.Element(f"{X}Aussonderung.{name}.{kind}", nsmap={"xdomea": NS})
    head = etree.SubElement(out, X + "Kopf")
    etree.SubElement(head, X + "ProzessID").text = prozess
    code = etree.SubElement(head, X + "Nachrichtentyp")
    etree.SubElement(code, "code").text = kind
    etree.SubElement(head, X + "Erstellungszeitpunkt").text = "2026-12-02T09:00:00"
    for side in ("Absender", "Empfaenger"):
        etree.SubElement(etree.SubElement(etree.SubElement(head, X + side), X + "Institution"),
                         X + "Name").text = side
    for oid, ok in (imported or {}).items():
        item = etree.SubElement(out, X + "AusgesondertesSGO")
        etree.SubElement(item, X + "IDSGO").text = oid
        etree.SubElement(item, X + "Erfolgreich").text = "1" if ok else "0"
        if ok:
            etree.SubElement(item, X + "Archivkennung").text = f"Best. 1 Nr. {oid[:4]}"
        else:
            etree.SubElement(item, X + "Fehlermeldung").text = "Primärdokument unlesbar"
    return etree.tostring(out, xml_declaration=True, encoding="UTF-8")


def offer_item(message: bytes):
    """The first BewertetesObjekt of a 0502, to name its ID twice."""
    return etree.fromstring(message).find(f"{X}BewertetesObjekt")


def _only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def _vorgaenge(doc) -> dict[str, etree._Element]:
    return {v.findtext(f"{X}AllgemeineMetadaten/{X}Kennzeichen"): v
            for v in doc.iter(X + "Vorgang")}


def test_offer_appraisal_and_handover_validate_and_what_goes_is_what_the_archive_keeps(
        finals, schema, tmp_path):
    root = finals
    result = run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path / "0501"], root)
    assert result.returncode == 0, result.stderr
    package = _only(tmp_path / "0501", "*_Aussonderung.Anbieteverzeichnis.0501.zip")
    prozess = package.name.split("_")[0]
    with zipfile.ZipFile(package) as z:
        assert z.namelist() == [f"{prozess}_Aussonderung.Anbieteverzeichnis.0501.xml"]
        offer = valid(schema, z.read(z.namelist()[0]))
    assert offer.findtext(f"{X}Kopf/{X}ProzessID") == prozess
    assert offer.findtext(f"{X}Kopf/{X}Absender/{X}Behoerdenkennung/{X}Behoerdenschluessel/code"
                          ) == "05711000"  # from vorlage.yaml
    assert offer.findtext(f"{X}Kopf/{X}Empfaenger/{X}Institution/{X}Name") == \
        "Stadtarchiv Bielefeld"
    offered = _vorgaenge(offer)
    assert {"2/2014-2020", "1/2014-2020", "2020/53/037",
            "Niederschriften Rat der Stadt Bielefeld 2020"} <= set(offered)
    assert not any(k.startswith("2019") for k in offered)  # another year
    kim, closed = offered["2/2014-2020"], offered["1/2014-2020"]
    assert kim.findtext(f"{X}AllgemeineMetadaten/{X}Federfuehrung") == \
        "54 Kommunales Integrationszentrum"
    fields = {f.findtext(f"{X}Name"): f.findtext(f"{X}Wert") for f in kim.iter(X + "Feld")}
    assert fields["Vorlagenart"] == "Beschlussvorlage" and fields["oeffentlich"] == "true"
    assert fields["Ergebnis"] == "beschlossen (Ja: 6, Nein: 0, Enthaltungen: 1)"  # the session's
    assert closed.findtext(f"{X}AllgemeineMetadaten/{X}Vertraulichkeitsstufe/code") == "002"
    assert kim.findtext(f"{X}AllgemeineMetadaten/{X}Vertraulichkeitsstufe/code") == "003"
    assert offer.find(f".//{X}Primaerdokument") is None  # the offer carries no files

    answer = tmp_path / "0502.xml"
    answer.write_bytes(appraisal(offer, {"2020/53/037"}))
    valid(schema, answer.read_bytes())
    result = run(["archiv", "aussondern", "--year", "2020", "--bewertung", answer,
                  "--out", tmp_path / "0503"], root)
    assert result.returncode == 0, result.stderr
    assert "nicht übernommen: 2020/53/037" in result.stdout
    package = _only(tmp_path / "0503", f"{prozess}_Aussonderung.Aussonderung.0503.zip")
    with zipfile.ZipFile(package) as z:
        names = z.namelist()
        handover = valid(schema, z.read(f"{prozess}_Aussonderung.Aussonderung.0503.xml"))
        contents = {n: z.read(n) for n in names}
    kept = _vorgaenge(handover)
    assert "2020/53/037" not in kept  # vernichten: absent, with its file
    assert offered["2020/53/037"].findtext(f"{X}Identifikation/{X}ID") not in \
        etree.tostring(handover).decode()
    assert set(kept) == set(offered) - {"2020/53/037"}
    # Same IDs as offered, and every primary file named in the message is in the package,
    # with the bytes the local archive holds.
    for kz, vorgang in kept.items():
        assert vorgang.findtext(f"{X}Identifikation/{X}ID") == \
            offered[kz].findtext(f"{X}Identifikation/{X}ID")
    files = [p.findtext(f"{X}Dateiname") for p in handover.iter(X + "Primaerdokument")]
    assert sorted(files) == sorted(n for n in names if n.endswith(".pdf"))
    archived = {hashlib.sha256(p.read_bytes()).hexdigest()
                for p in (root / "output" / "archiv").rglob("*.pdf")}
    assert all(hashlib.sha256(contents[f]).hexdigest() in archived for f in files)
    assert all(contents[f].startswith(b"%PDF") for f in files)
    listed = run(["archiv", "verify"], root)
    assert listed.returncode == 0, listed.stdout + listed.stderr


def test_files_leave_the_local_archive_only_after_the_archive_confirms(finals, schema,
                                                                      tmp_path):
    root = finals
    run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path], root)
    offer = etree.fromstring(zipfile.ZipFile(_only(tmp_path, "*0501.zip")).read(
        _only(tmp_path, "*0501.xml").name))
    (tmp_path / "0502.xml").write_bytes(appraisal(offer, set()))
    run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "0502.xml",
         "--out", tmp_path], root)
    archive = root / "output" / "archiv"
    before = sorted(archive.rglob("*.pdf"))
    prozess = offer.findtext(f"{X}Kopf/{X}ProzessID")
    ids = {kz: v.findtext(f"{X}Identifikation/{X}ID") for kz, v in _vorgaenge(offer).items()}
    receipt = confirmation(prozess)
    valid(schema, receipt)
    (tmp_path / "0507.xml").write_bytes(receipt)
    received = run(["archiv", "aussondern", "--year", "2020", "--bestaetigung",
                    tmp_path / "0507.xml", "--entfernen"], root)
    assert received.returncode == 0, received.stderr
    assert "0 bestätigte" in received.stdout  # received is not imported: nothing goes
    assert sorted(archive.rglob("*.pdf")) == before
    # The import confirmed for all but the closed Vorlage, which failed there.
    answer = confirmation(prozess, {i: kz != "1/2014-2020" for kz, i in ids.items()})
    valid(schema, answer)
    (tmp_path / "0506.xml").write_bytes(answer)
    other_year = run(["archiv", "aussondern", "--year", "2019", "--bestaetigung",
                      tmp_path / "0506.xml", "--entfernen"], root)
    assert other_year.returncode == 0 and "0 bestätigte" in other_year.stdout
    assert "1/2014-2020: Primärdokument unlesbar" in other_year.stderr
    confirmed = run(["archiv", "aussondern", "--year", "2020", "--entfernen"], root)
    assert confirmed.returncode == 0, confirmed.stderr
    left = sorted(archive.rglob("*.pdf"))
    assert [p.name for p in left if p.parent.name == "2020"] == ["1-2014--2020.pdf"]
    assert not any("niederschriften" in p.parts for p in left)
    assert any("2019" in str(p) for p in left)  # other years stay
    # Building the drafts again: a Vorlage at the Kommunalarchiv is unchanged, and says so.
    again = run(["build", "--final", "drafts/bielefeld-kim.yaml"], root)
    assert again.returncode == 0, again.stderr
    assert "beim Kommunalarchiv" in again.stdout and "an das Kommunalarchiv" in again.stderr
    verify = run(["archiv", "verify"], root)
    assert verify.returncode == 0, verify.stdout + verify.stderr  # gone, and recorded so
    exported = run(["archiv", "export", "--year", "2020", "--out", tmp_path / "export"], root)
    assert exported.returncode == 0, exported.stderr
    index = json.loads((tmp_path / "export" / "index.json").read_text(encoding="utf-8"))
    assert {r["nummer"]: r["beim_kommunalarchiv"] for r in index["vorlagen"]}["1/2014-2020"] \
        is False
    assert all(r["beim_kommunalarchiv"] for r in index["vorlagen"] if r["nummer"] !=
               "1/2014-2020")
    assert [p.name for p in (tmp_path / "export").glob("*.pdf")] == ["1-2014--2020.pdf"]
    # A file removed without a confirmation is still a fault.
    other = next(p for p in left if "2019" in str(p))
    other.chmod(0o644)
    other.unlink()
    verify = run(["archiv", "verify"], root)
    assert verify.returncode == 1 and "fehlt" in verify.stdout + verify.stderr


def test_a_wrong_appraisal_is_refused_and_writes_nothing(finals, tmp_path):
    root = finals
    run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path / "a"], root)
    offer = etree.fromstring(_only(tmp_path / "a", "*0501.xml").read_bytes())
    good = appraisal(offer, set())
    cases = {
        "fremd.xml": good.replace(offer.findtext(f"{X}Kopf/{X}ProzessID").encode(),
                                  b"00000000-0000-4000-8000-000000000000"),
        "unbekannt.xml": good.replace(b"</xdomea:Aussonderung.Bewertungsverzeichnis.0502>",
                                      b"<xdomea:BewertetesObjekt><xdomea:ID>11111111-1111-4111-"
                                      b"8111-111111111111</xdomea:ID><xdomea:Aussonderungsart>"
                                      b"<xdomea:Aussonderungsart><code>A</code>"
                                      b"</xdomea:Aussonderungsart></xdomea:Aussonderungsart>"
                                      b"</xdomea:BewertetesObjekt>"
                                      b"</xdomea:Aussonderung.Bewertungsverzeichnis.0502>"),
        "kaputt.xml": good[:200],
        "doppelt.xml": good.replace(b"</xdomea:Aussonderung.Bewertungsverzeichnis.0502>",
                                    etree.tostring(offer_item(good)) +
                                    b"</xdomea:Aussonderung.Bewertungsverzeichnis.0502>"),
        # An external entity is never resolved: the reader loads no DTD and no file.
        "entity.xml": good.replace(b"<?xml version='1.0' encoding='UTF-8'?>",
                                   b"<?xml version='1.0' encoding='UTF-8'?><!DOCTYPE x ["
                                   b"<!ENTITY e SYSTEM 'file:///etc/passwd'>]>").replace(
            b"<code>A</code>", b"<code>&e;</code>", 1),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = run(["archiv", "aussondern", "--year", "2020", "--bewertung",
                      tmp_path / name, "--out", tmp_path / "b"], root)
        assert result.returncode == 1, name
        assert "Traceback" not in result.stderr and "root:" not in result.stderr, name
        assert name in result.stderr, (name, result.stderr)
        assert not list((tmp_path / "b").glob("*.zip")), name
    (tmp_path / "ok.xml").write_bytes(good)
    assert run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "ok.xml",
                "--out", tmp_path / "b"], root).returncode == 0
    # Handed over once; an offer of the same year now has nothing left to offer.
    again = run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path / "c"], root)
    assert again.returncode == 1 and "nichts anzubieten" in again.stderr


def test_an_open_offer_is_not_offered_twice_and_a_later_follow_up_comes_as_nachlieferung(
        finals, tmp_path):
    root = finals
    run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path / "a"], root)
    offer = etree.fromstring(_only(tmp_path / "a", "*0501.xml").read_bytes())
    twice = run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path / "b"], root)
    assert twice.returncode == 1 and offer.findtext(f"{X}Kopf/{X}ProzessID") in twice.stderr
    # The archive keeps none of it: the appraisal is recorded, no package is written.
    (tmp_path / "0502.xml").write_bytes(appraisal(offer, set(_vorgaenge(offer)) - {
        "2/2014-2020"}))
    run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "0502.xml",
         "--out", tmp_path / "c"], root)
    # A follow-up of the kept Vorlage, final later, is offered with its own document only.
    amended = run(["amend", "2/2014-2020", "--art", "Ergänzungsvorlage",
                   "--out", "drafts/kim-ergaenzung.yaml"], root)
    assert amended.returncode == 0, amended.stderr
    follow_up = root / "drafts" / "kim-ergaenzung.yaml"
    follow_up.write_text(follow_up.read_text(encoding="utf-8").replace("status: offen",
                                                                       "status: erteilt"),
                         encoding="utf-8")
    built = run(["build", "--final", "drafts/kim-ergaenzung.yaml"], root)
    assert built.returncode == 0, built.stderr
    year = next(p for p in (root / "output" / "archiv").iterdir()
                if (p / "2-2014--2020--1.pdf").exists()).name
    later = run(["archiv", "aussondern", "--year", year, "--out", tmp_path / "d"], root)
    assert later.returncode == 0, later.stderr
    supplement = _vorgaenge(etree.fromstring(_only(tmp_path / "d", "*0501.xml").read_bytes()))
    kim = supplement["2/2014-2020"]
    assert [d.findtext(f"{X}AllgemeineMetadaten/{X}Betreff").split(":")[0]
            for d in kim.iter(X + "Dokument")] == ["Ergänzungsvorlage 2/2014-2020-1"]
    assert "Nachlieferung" in kim.findtext(f"{X}AllgemeineMetadaten/{X}Bemerkung")
    # What the archive had destroyed is not offered again.
    assert "1/2014-2020" not in supplement


def test_an_archive_may_appraise_single_documents(finals, schema, tmp_path):
    root = finals
    run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path], root)
    offer = etree.fromstring(_only(tmp_path, "*0501.xml").read_bytes())
    offered = _vorgaenge(offer)
    minutes = offered["Niederschriften Rat der Stadt Bielefeld 2020"]
    docs = {d.findtext(f"{X}AllgemeineMetadaten/{X}Betreff"): d.findtext(
        f"{X}Identifikation/{X}ID") for d in minutes.iter(X + "Dokument")}
    public_copy = next(i for b, i in docs.items() if "öffentliche Fassung" in b)
    kim_doc = next(offered["2/2014-2020"].iter(X + "Dokument")).findtext(
        f"{X}Identifikation/{X}ID")
    answer = etree.fromstring(appraisal(offer, {"1/2014-2020", "2020/53/037"}))
    for item in answer.findall(f"{X}BewertetesObjekt"):  # KIM: only its document is rated
        if item.findtext(f"{X}ID") == offered["2/2014-2020"].findtext(f"{X}Identifikation/{X}ID"):
            item.find(f"{X}ID").text = kim_doc
    extra = etree.fromstring(appraisal(offer, set())).find(f"{X}BewertetesObjekt")
    extra.find(f"{X}ID").text = public_copy
    extra.find(f".//{X}Aussonderungsart/{X}Aussonderungsart/code").text = "V"
    answer.append(extra)
    data = etree.tostring(answer, xml_declaration=True, encoding="UTF-8")
    valid(schema, data)
    (tmp_path / "0502.xml").write_bytes(data)
    result = run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "0502.xml",
                  "--out", tmp_path / "out"], root)
    assert result.returncode == 0, result.stderr
    handover = valid(schema, _only(tmp_path / "out", "*0503.xml").read_bytes())
    kept = _vorgaenge(handover)
    assert set(kept) == {"2/2014-2020", "Niederschriften Rat der Stadt Bielefeld 2020"}
    kept_docs = {d.findtext(f"{X}Identifikation/{X}ID") for d in handover.iter(X + "Dokument")}
    assert kim_doc in kept_docs and public_copy not in kept_docs
    assert len(kept_docs) == 2
    # The document it had destroyed is not offered again.
    again = run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path / "again"], root)
    assert again.returncode == 1 and "nichts anzubieten" in again.stderr


def test_an_appraisal_that_decides_nothing_leaves_the_offer_open(finals, tmp_path):
    root = finals
    run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path], root)
    offer = etree.fromstring(_only(tmp_path, "*0501.xml").read_bytes())
    undecided = appraisal(offer, set()).replace(b"<code>A</code>", b"<code>B</code>")
    (tmp_path / "b.xml").write_bytes(undecided)
    result = run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "b.xml",
                  "--out", tmp_path / "x"], root)
    assert result.returncode == 1 and "bleibt offen" in result.stderr
    (tmp_path / "ok.xml").write_bytes(appraisal(offer, set()))
    assert run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "ok.xml",
                "--out", tmp_path / "x"], root).returncode == 0


def test_the_register_records_each_step(finals, tmp_path):
    from pipeline.project import Project
    from pipeline.records import Register
    from pipeline.records.handover import Handover

    root = finals
    run(["archiv", "aussondern", "--year", "2020", "--out", tmp_path], root)
    offer = etree.fromstring(_only(tmp_path, "*0501.xml").read_bytes())
    (tmp_path / "0502.xml").write_bytes(appraisal(offer, {"1/2014-2020"}))
    run(["archiv", "aussondern", "--year", "2020", "--bewertung", tmp_path / "0502.xml",
         "--out", tmp_path], root)
    with Register(Project.find(root).register_path) as register:
        store = Handover(register)
        (process,) = store.processes(2020)
        objects = {o.kennzeichen: o for o in store.objects(process.prozess_id)}
        files = store.files(process.prozess_id)
    assert process.angeboten and process.abgegeben and process.bestaetigt is None
    assert objects["1/2014-2020"].bewertung == "V" and objects["1/2014-2020"].abgegeben is None
    assert objects["2/2014-2020"].bewertung == "A" and objects["2/2014-2020"].abgegeben
    assert {f.objekt_id for f in files} == {o.objekt_id for o in objects.values()
                                            if o.bewertung == "A"}
