"""Sessions: agenda checks, Tagesordnung, Sitzungsmappe, the public packet and deadlines."""

import re

from pypdf import PdfReader

from closed_session import (
    MARKER_ANLAGE,
    MARKER_GEHEIMANLAGE,
    MARKER_TITEL,
    MARKER_VORLAGE,
    SESSION,
    all_bytes,
)
from helpers import pdf_text, run

MARKERS = (MARKER_VORLAGE, MARKER_TITEL, MARKER_ANLAGE, MARKER_GEHEIMANLAGE)


def outline(reader):
    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, str(item.title), reader.get_destination_page_number(item) + 1
    return list(walk(reader.outline))


def test_sitzung_build_writes_agenda_and_both_packets(session_project):
    result = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert result.returncode == 0, result.stderr
    folder = session_project.output_dir / "sitzungen" / "rat"
    agenda = pdf_text(folder / "Tagesordnung.pdf")
    for expected in ("Tagesordnung", "Rat der Stadt Bielefeld", "Donnerstag, 03.09.2020",
                     "15:00 Uhr", "Großer Saal", "Öffentlicher Teil", "Nichtöffentlicher Teil",
                     "Ö 1", "Ö 2.1", "Ö 2.2", "Ö 3", "N 1", "Neubau einer Turnhalle",
                     "Grundstücksangelegenheit Testweg"):
        assert expected in agenda, expected

    mappe = PdfReader(str(folder / "Sitzungsmappe.pdf"))
    texts = [page.extract_text() for page in mappe.pages]
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert f"Seite {number} von {total}" in text  # packet page number on every page
    invitation = PdfReader(str(folder / "Tagesordnung.pdf")).pages[0].extract_text()
    assert invitation.count("Stadt Bielefeld") == 1 + invitation.count("Rat der Stadt Bielefeld")
    entries = outline(mappe)
    tops = {title.split(":")[0]: page for depth, title, page in entries if depth == 0}
    assert list(tops) == ["Tagesordnung", "Ö 2.2", "Ö 3", "N 1"]
    assert "Neubau einer Turnhalle" in texts[tops["Ö 2.2"] - 1]
    assert "Kommunales Integrationsmanagement" in texts[tops["Ö 3"] - 1]
    assert "Grundstücksangelegenheit Testweg" in texts[tops["N 1"] - 1]
    nested = [(title, page) for depth, title, page in entries if depth == 1]
    assert [t for t, _ in nested] == ["Anlage 1: Lageplan", f"Anlage 2: {MARKER_TITEL}",
                                      "Anlage 3: Kostenschätzung",
                                      "Anlage 1: Umsetzung des Kommunalen "
                                      "Integrationsmanagements in Bielefeld",
                                      "Anlage 1: Gutachten"]
    for title, page in nested:
        assert f"{title.split(':')[0]} zur Vorlage" in texts[page - 1]
    # The agenda pages carry the packet's count only (a Vorlage keeps its own numbering).
    for text in texts[:tops["Ö 2.2"] - 1]:
        assert len(re.findall(r"Seite \d+ von \d+", text)) == 1, text
    # The agenda lists each TOP's packet page, and the rows link there.
    agenda_page = texts[tops["Tagesordnung"] - 1]
    for label in ("Ö 2.2", "Ö 3", "N 1"):
        assert re.search(rf"{re.escape(label)}\b.*?\b{tops[label]}\b", agenda_page, re.S)
    links = [annot.get_object() for page in mappe.pages[:tops["Ö 2.2"] - 1]
             for annot in page.get("/Annots", []) or []]
    targets = sorted(mappe.get_page_number(link["/Dest"][0].get_object()) + 1
                     for link in links if link.get("/Subtype") == "/Link")
    assert targets == sorted(tops[label] for label in ("Ö 2.2", "Ö 3", "N 1"))
    assert mappe.metadata.title == "Sitzungsmappe Rat der Stadt Bielefeld 03.09.2020"


def test_public_packet_holds_no_trace_of_closed_content(session_project):
    result = run(["sitzung", "build", "sitzungen/rat.yaml"], session_project.root)
    assert result.returncode == 0, result.stderr
    folder = session_project.output_dir / "sitzungen" / "rat"
    members = pdf_text(folder / "Sitzungsmappe.pdf") + all_bytes(
        folder / "Sitzungsmappe.pdf").decode("latin-1")
    assert all(m in members for m in MARKERS)  # the search would find them if they were there
    public_files = [folder / "Tagesordnung-oeffentlich.pdf",
                    folder / "Sitzungsmappe-oeffentlich.pdf",
                    *(folder / ".vorlagen" / "oeffentlich").glob("*.pdf")]
    assert len(public_files) == 4  # the agenda, the packet and the two public Vorlagen
    for path in public_files:
        reader = PdfReader(str(path))
        text = pdf_text(path) + " ".join(t for _, t, _ in outline(reader)) + str(reader.metadata)
        data = all_bytes(path)
        for marker in MARKERS:
            assert marker not in text, (path.name, marker)
            for encoding in ("utf-8", "latin-1", "utf-16-be"):
                assert marker.encode(encoding) not in data, (path.name, marker)
        assert "Grundstücksangelegenheit" not in text and "Testweg" not in text
    public = PdfReader(str(folder / "Sitzungsmappe-oeffentlich.pdf"))
    titles = [t for _, t, _ in outline(public)]
    # bookmarks as the public copy's list numbers them: the closed Anlage 2 is not counted
    assert "Anlage 1: Lageplan" in titles and "Anlage 2: Kostenschätzung" in titles
    assert not any(t.startswith("N ") for t in titles)
    assert public.metadata.title.endswith("(Öffentlicher Teil)")


def test_public_agenda_names_closed_tops_by_number_and_public_title_only(session_project):
    root = session_project.root
    grundstueck = session_project.drafts_dir / "grundstueck.yaml"
    grundstueck.write_text(grundstueck.read_text(encoding="utf-8").replace(
        "amt: Amt für Tests", "amt: Liegenschaftsamt\nvorlagennummer: 4711/2014-2020"),
        encoding="utf-8")
    (root / "sitzungen" / "rat.yaml").write_text(
        SESSION + "  - titel: Personalangelegenheit Müller\n"
                  "    oeffentlicher_titel: Personalsache\n", encoding="utf-8")
    result = run(["sitzung", "build", "sitzungen/rat.yaml"], root)
    assert result.returncode == 0, result.stderr
    folder = session_project.output_dir / "sitzungen" / "rat"
    path = folder / "Tagesordnung-oeffentlich.pdf"
    assert str(path) in result.stdout.splitlines()

    text = pdf_text(path)
    for expected in ("Öffentlicher Teil", "Ö 2.2", "Neubau einer Turnhalle", "Ö 3",
                     "Nichtöffentlicher Teil"):
        assert expected in text, expected
    closed = r"N 1\s+Nichtöffentliche Angelegenheit\s+N 2\s+Personalsache(?!\s*\d)"
    assert re.search(closed, text), text  # the house style's label, or the item's own
    reader = PdfReader(str(path))
    assert reader.metadata.title.endswith("03.09.2020 (öffentlich)")
    text += " ".join(t for _, t, _ in outline(reader)) + str(reader.metadata)
    data = all_bytes(path)  # raw and decompressed, so an XMP packet is searched as well
    # The whole number: bare digits may turn up in a date or an offset.
    for secret in ("Grundstücksangelegenheit", "Testweg", "4711/2014-2020", "Liegenschaftsamt",
                   "Müller", *MARKERS):
        assert secret not in text, secret
        for encoding in ("utf-8", "latin-1", "utf-16-be"):
            assert secret.encode(encoding) not in data, secret

    members = pdf_text(folder / "Tagesordnung.pdf")  # the invitation keeps everything
    assert re.search(r"N 1\s+Grundstücksangelegenheit Testweg\s+4711/2014-2020", members)
    assert "N 2 Personalangelegenheit Müller" in members
    assert "Nichtöffentliche Angelegenheit" not in members and "Personalsache" not in members

    # The public packet's agenda is the same public agenda: closed TOPs without a page or link.
    packet = PdfReader(str(folder / "Sitzungsmappe-oeffentlich.pdf"))
    tops = {title: page for _, title, page in outline(packet)}
    first = tops["Ö 2.2: Neubau einer Turnhalle"]
    agenda = "\n".join(page.extract_text() for page in packet.pages[:first - 1])
    assert re.search(r"Ö 3\s.*?\b\d+\s+Nichtöffentlicher Teil", agenda, re.S)
    assert re.search(closed, agenda), agenda  # no page numbers
    links = [annot.get_object() for page in packet.pages[:first - 1]
             for annot in page.get("/Annots", []) or []]
    assert len([link for link in links if link.get("/Subtype") == "/Link"]) == 2
