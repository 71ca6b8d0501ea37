"""Writes the corpus of broken drafts (tests/bad_drafts/*.yaml and anlagen/).

Each draft breaks one rule of a valid draft. The line every draft must produce is kept in
erwartet.tsv and checked by tests/test_bad_drafts.py; run this script only to change the
corpus, then review the messages it prints before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The valid draft every case breaks in one place: the test suite's minimal draft.
sys.path.insert(0, str(HERE.parent))
from helpers import MINIMAL as VALID  # noqa: E402


def swap(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


ANLAGE = "anlagen:\n  - titel: Anlage\n    datei: {}\n"
FINANZEN = """\
finanzen:
  teilergebnisplaene:
    - teilergebnisplan: "11.01"
      mehraufwand:
        - von: 01.01.2024
          bis: 31.12.2024
          betrag: 1000
      deckung:
        teilergebnisplan: "11.01"
        posten:
          - jahr: 2024
            betrag: 600
  restdeckung:
    jahr: 2024
    durch: aus Mitteln
    stellen:
      - stelle: "170"
        betrag: 300
"""

TEXT_CASES = {
    "01-unbekannter-schluessel": swap("betreff:", "betref:"),
    "02-unbekannter-schluessel-tief": swap("  - gremium: Rat", "  - gremum: Rat"),
    "03-synonym": swap("begruendung:", "sachverhalt:"),
    "04-liste-statt-text": swap("betreff: Beschaffung von Testgeräten", "betreff: [a, b]"),
    "05-abschnitt-statt-liste": swap(
        "beratungsfolge:\n  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n"
        "  - gremium: Rat\n    sitzung: 15.03.2024\n    zustaendigkeit: Entscheidung\n",
        "beratungsfolge:\n  gremium: Rat\n  sitzung: 15.03.2024\n"),
    "06-text-statt-liste": VALID + "anlagen: gutachten.pdf\n",
    "07-kein-ja-nein": swap("amt: Amt für Tests", "amt: Amt für Tests\noeffentlich: vielleicht"),
    "08-unbekannte-zustaendigkeit": swap("zustaendigkeit: Entscheidung",
                                         "zustaendigkeit: Beschluss"),
    "09-unmoegliches-datum": swap("sitzung: 15.03.2024", "sitzung: 31.02.2024"),
    "10-datum-falsches-format": swap("datum: 01.02.2024", "datum: 2024/02/01"),
    "11-unmoegliches-iso-datum": swap("datum: 01.02.2024", "datum: 2024-02-30"),
    "12-leeres-pflichtfeld": swap("amt: Amt für Tests", 'amt: ""'),
    "13-fehlendes-pflichtfeld": swap("datum: 01.02.2024\n", ""),
    "14-nur-leerzeichen": swap("betreff: Beschaffung von Testgeräten", 'betreff: "   "'),
    # An empty Beratungsfolge is allowed while drafting; a result needs what the vocabulary
    # asks for (verwiesen: to whom).
    "15-verwiesen-ohne-an": swap(
        "  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n",
        "  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n    ergebnis: verwiesen\n"),
    "16-doppelter-schluessel": VALID + "betreff: Noch ein Betreff\n",
    "17-tabulator": swap("  - gremium: Hauptausschuss", "\t- gremium: Hauptausschuss"),
    "20-alias-bombe": VALID + "".join(
        f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9) if i else 'a, a, a, a, a, a, a, a, a'}]\n"
        for i in range(12)),
    "22-leere-datei": "",
    "23-offenes-anfuehrungszeichen": swap("betreff: Beschaffung von Testgeräten",
                                          'betreff: "Beschaffung von Testgeräten'),
    "24-einrueckung": swap("    sitzung: 01.03.2024", "   sitzung: 01.03.2024"),
    "25-liste-oben": "- vorlagenart: Beschlussvorlage\n- amt: Amt für Tests\n",
    "26-mehrdeutiger-betrag": VALID + "finanzen:\n  haushalt:\n    bedarf: 30.000\n",
    "27-kein-betrag": VALID + "finanzen:\n  haushalt:\n    bedarf: dreißig Euro\n",
    "28-restdeckung-stimmt-nicht": VALID + FINANZEN,
    "29-beratungsfolge-reihenfolge": swap("sitzung: 15.03.2024", "sitzung: 15.02.2024"),
    "30-nichtoeffentlich-in-oeffentlicher-sitzung": swap(
        "amt: Amt für Tests", "amt: Amt für Tests\noeffentlich: nein"),
    "31-ohne-beschlussvorschlag": swap("beschlussvorschlag: Der Rat beschließt die "
                                       "Beschaffung.\n", ""),
    "32-unbekannte-vorlagenart": swap("vorlagenart: Beschlussvorlage",
                                      "vorlagenart: Wunschzettel"),
    "33-unbekannter-hausstil": "hausstil: musterhausen\n" + VALID,
    "34-anlage-mit-punkt-punkt": VALID + ANLAGE.format("../conftest.py"),
    "35-anlage-absoluter-pfad": VALID + ANLAGE.format("/etc/hostname"),
    "36-anlage-fehlt": VALID + ANLAGE.format("anlagen/gibtsnicht.pdf"),
    "37-anlage-falscher-typ": VALID + ANLAGE.format("anlagen/notiz.txt"),
    "38-anlage-kaputt": VALID + ANLAGE.format("anlagen/kaputt.pdf"),
    "39-anlage-verschluesselt": VALID + ANLAGE.format("anlagen/verschluesselt.pdf"),
    "40-anlage-null-byte": VALID + ANLAGE.format("anlagen/leer.pdf"),
    "41-steuerzeichen-per-escape": swap("betreff: Beschaffung von Testgeräten",
                                        'betreff: "Beschaffung\\avon Testgeräten"'),
    "42-yaml-tag": swap("betreff: Beschaffung von Testgeräten",
                        "betreff: !!python/object:os.system echo"),
    "43-falscher-schluessel-im-punkt": swap(
        "beschlussvorschlag: Der Rat beschließt die Beschaffung.",
        "beschlussvorschlag:\n  punkte:\n    - txt: Die Beschaffung."),
    # A typed number that fits no pattern is an earlier Vorlage's (a warning), not an error.
    "44-unbekanntes-ergebnis": swap("    sitzung: 01.03.2024\n",
                                    "    sitzung: 01.03.2024\n    ergebnis: angenommen\n"),
    "45-person-ohne-alles": VALID + "zeichnung:\n  unterzeichner:\n    - {}\n",
    "46-zeitraum-rueckwaerts": VALID + FINANZEN.replace("bis: 31.12.2024", "bis: 31.12.2023")
    .replace("  restdeckung:\n    jahr: 2024\n    durch: aus Mitteln\n    stellen:\n"
             "      - stelle: \"170\"\n        betrag: 300\n", ""),
    "47-platzhalter": swap("betreff: Beschaffung von Testgeräten", 'betreff: "«Betreff»"'),
    "48-null-pflichtfeld": swap("betreff: Beschaffung von Testgeräten", "betreff:"),
    "49-zahl-statt-abschnitt": VALID + "zeichnung: 42\n",
    "50-unbekannter-schluessel-finanzen": VALID + "finanzen:\n  haushalt:\n    bedraf: 100\n",
    "51-hausstil-als-pfad": "hausstil: /etc\n" + VALID,
    "52-hausstil-nach-oben": "hausstil: ../templates/standard\n" + VALID,
    "53-zu-tief-verschachtelt": VALID + "zeichnung: " + "[" * 5000 + "]" * 5000 + "\n",
    # YAML's traps, explained in German at the line where the mistake is
    "70-doppelpunkt-im-betreff": swap("betreff: Beschaffung von Testgeräten",
                                      "betreff: Stand: 31.10.2015"),
    "71-doppelpunkt-im-listeneintrag": swap(
        "beschlussvorschlag: Der Rat beschließt die Beschaffung.",
        "beschlussvorschlag:\n  punkte:\n    - Sachstand: siehe Anlage"),
    "72-doppelpunkt-am-ende-eines-punktes": swap(
        "beschlussvorschlag: Der Rat beschließt die Beschaffung.",
        "beschlussvorschlag:\n  punkte:\n    - Der Rat beschließt:"),
    "73-text-nach-anfuehrungszeichen": swap("betreff: Beschaffung von Testgeräten",
                                            'betreff: "Beschaffung" von Testgeräten'),
    "74-doppelpunkt-fehlt": swap("betreff: Beschaffung", "betreff Beschaffung"),
    "75-zeichen-am-anfang": swap("betreff: Beschaffung", "betreff: @Beschaffung"),
    "76-stern-am-anfang": swap("betreff: Beschaffung", "betreff: *Eilige* Beschaffung"),
    "77-zweites-dokument": VALID + "---\nbetreff: Noch eine Vorlage\n",
    "78-programm-als-pdf": VALID + ANLAGE.format("anlagen/programm.pdf"),
    # The test project's gremien.yaml lists Hauptausschuss and Rat (test_bad_drafts.py).
    "79-unbekanntes-gremium": swap("  - gremium: Rat", "  - gremium: Raat"),
}

BYTE_CASES = {
    "18-latin-1": VALID.replace("Testgeräten", "Testger\xe4ten").encode("latin-1"),
    "19-utf-16": VALID.encode("utf-16"),
    "21-binaerdaten": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
}


def anlagen() -> None:
    from pypdf import PdfWriter

    folder = HERE / "anlagen"
    folder.mkdir(exist_ok=True)
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog \ntrailer\n")
    (folder / "leer.pdf").write_bytes(b"")
    # The start of a Windows program (MZ header, DOS stub), renamed to look like a PDF.
    (folder / "programm.pdf").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00"
                                          b"\xff\xff\x00\x00" + bytes(48)
                                          + b"This program cannot be run in DOS mode.\r\n")
    (folder / "notiz.txt").write_text("Keine Anlage, nur eine Notiz.\n", encoding="utf-8")
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    writer.write(str(folder / "verschluesselt.pdf"))


def main() -> None:
    for name, text in TEXT_CASES.items():
        (HERE / f"{name}.yaml").write_text(text, encoding="utf-8")
    for name, data in BYTE_CASES.items():
        (HERE / f"{name}.yaml").write_bytes(data)
    anlagen()
    print(f"{len(TEXT_CASES) + len(BYTE_CASES)} Entwürfe geschrieben")


if __name__ == "__main__":
    main()
