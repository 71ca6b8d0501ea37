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


# The Integrationsrat, first of seed 002's four bodies, recommended it (19.08.2020); its
# session file records the result. The Sozial- und Gesundheitsausschuss meets next.
EARLIER = """\
hausstil: bielefeld
gremium: {gremium}
datum: {datum}
uhrzeit: "17:00"
ort: Raum 101
einladungsdatum: 05.08.2020
oeffentlicher_teil:
  - vorlage: drafts/bielefeld-kim.yaml
{ergebnis}"""


def test_a_later_body_s_packet_shows_the_earlier_result_before_the_final(session_project):
    root = session_project.root
    assert run(["build", "--final", "drafts/bielefeld-kim.yaml"], root).returncode == 0
    from pipeline.records import Archive, Register

    with Register(session_project.register_path) as register:
        archive = Archive(register, session_project.archive_dir, root)
        nummer = register.number_of(session_project.draft_key(
            session_project.drafts_dir / "bielefeld-kim.yaml"))
        before = archive.record(nummer).sha256
    (root / "sitzungen" / "ir.yaml").write_text(EARLIER.format(
        gremium="Integrationsrat", datum="19.08.2020",
        ergebnis="    ergebnis: {status: beschlossen, abstimmung: {ja: 9, nein: 0, "
                 "enthaltungen: 1}}\n"), encoding="utf-8")
    (root / "sitzungen" / "sga.yaml").write_text(EARLIER.format(
        gremium="Sozial- und Gesundheitsausschuss", datum="25.08.2020", ergebnis=""),
        encoding="utf-8")
    result = run(["sitzung", "build", "sitzungen/sga.yaml"], root)
    assert result.returncode == 0, result.stderr
    folder = session_project.output_dir / "sitzungen" / "sga"
    for name in ("Sitzungsmappe.pdf", "Sitzungsmappe-oeffentlich.pdf"):
        mappe = PdfReader(str(folder / name))
        entries = outline(mappe)
        top = next(page for depth, title, page in entries if title.startswith("Ö 1:"))
        cover = " ".join(mappe.pages[top - 1].extract_text().split())
        assert "Ergebnisse der Vorberatung" in cover and "Integrationsrat, 19.08.2020" in cover
        assert "Ergebnis: beschlossen (Ja: 9, Nein: 0, Enthaltungen: 1)" in cover
        assert "Kommunales Integrationsmanagement" in cover
        assert "Kommunales Integrationsmanagement" in mappe.pages[top].extract_text()
        assert (1, "Ergebnisse der Vorberatung", top) in entries
        # The agenda's page number for the TOP is the page of the results.
        agenda = " ".join(mappe.pages[1].extract_text().split())
        assert f"Personal {nummer} {top} " in agenda
    # The Integrationsrat's own packet has no such page, and the final is unchanged.
    run(["sitzung", "build", "sitzungen/ir.yaml"], root)
    first = PdfReader(str(session_project.output_dir / "sitzungen" / "ir" / "Sitzungsmappe.pdf"))
    assert not any("Ergebnisse der Vorberatung" in p.extract_text() for p in first.pages)
    with Register(session_project.register_path) as register:
        assert Archive(register, session_project.archive_dir, root).record(nummer).sha256 \
            == before
    verify = run(["archiv", "verify"], root)
    assert verify.returncode == 0, verify.stdout + verify.stderr
