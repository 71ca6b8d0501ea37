"""scope.py: what a sign-off covers, hashed by parts of the printed Vorlage. A change inside a
Stelle's declared scope changes its hash, a change outside does not; what the Sitzungsdienst
schedules, the number and the sign-off block itself are never part of it."""

import pytest

from helpers import MINIMAL

from pipeline.haus import SCOPES
from pipeline.schema import Draft, load_yaml, validate
from pipeline.workflow import PART_NAMES, changed_parts, scope_hash

KAEMMEREI = ["finanzen", "beschlussvorschlag", "anlagen"]
BASE = MINIMAL + """\
aktenzeichen: 10-2024
finanzen:
  auswirkungen: ja
  erlaeuterung: Kosten von 12.000 Euro im Jahr 2024.
zusammenfassung: Neue Geräte.
fruehere_behandlung:
  - gremium: Rat
    datum: 01.12.2023
zeichnung:
  unterzeichner:
    - rolle: Oberbürgermeister
anlagen:
  - titel: Angebot
    datei: angebot.pdf
"""


@pytest.fixture
def load(write_draft):
    def load(text: str = BASE, name: str = "a.yaml") -> Draft:
        return validate(load_yaml(write_draft(name, text)), Draft)
    return load


@pytest.fixture
def folder(project):
    (project.drafts_dir / "angebot.pdf").write_bytes(b"%PDF-1.4 Angebot: 12.000 Euro")
    return project.drafts_dir


def test_the_hash_is_stable_and_covers_every_part_without_a_scope(load, folder):
    draft = load()
    digest = scope_hash(draft, None, folder)
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")
    assert scope_hash(load(), None, folder) == digest  # read again: the same
    assert scope_hash(draft, list(SCOPES), folder) == digest
    assert scope_hash(draft, [], folder) == digest  # an empty scope is everything
    # The order a house style lists its scope in does not matter.
    assert scope_hash(draft, KAEMMEREI, folder) == scope_hash(draft, KAEMMEREI[::-1], folder)
    assert scope_hash(draft, KAEMMEREI, folder) != digest
    assert set(PART_NAMES) == set(SCOPES)  # every part has a name for the reset message


# One change inside each part: (part, text before, text after).
CHANGES = [
    ("betreff", "betreff: Beschaffung von Testgeräten", "betreff: Beschaffung von Stühlen"),
    ("beschlussvorschlag", "beschlussvorschlag: Der Rat beschließt die Beschaffung.",
     "beschlussvorschlag: Der Rat lehnt die Beschaffung ab."),
    ("finanzen", "12.000 Euro", "15.000 Euro"),
    ("begruendung", "Die Geräte sind veraltet.", "Die Geräte sind kaputt."),
    ("zusammenfassung", "zusammenfassung: Neue Geräte.", "zusammenfassung: Bessere Geräte."),
    ("anlagen", "titel: Angebot", "titel: Zweites Angebot"),
    ("beratungsfolge", "gremium: Hauptausschuss", "gremium: Finanzausschuss"),
    ("beratungsfolge", "    zustaendigkeit: Entscheidung", "    zustaendigkeit: Kenntnisnahme"),
    ("fruehere_behandlung", "datum: 01.12.2023", "datum: 02.12.2023"),
    ("kopf", "amt: Amt für Tests", "amt: Amt für Prüfungen"),
    ("kopf", "datum: 01.02.2024", "datum: 02.02.2024"),
    ("kopf", "aktenzeichen: 10-2024", "aktenzeichen: 11-2024"),
    ("kopf", "vorlagenart: Beschlussvorlage", "vorlagenart: Sitzungsvorlage"),
    ("zeichnung", "rolle: Oberbürgermeister", "rolle: Bürgermeisterin"),
]


@pytest.mark.parametrize("part, before, after", CHANGES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CHANGES)])
def test_a_change_inside_a_part_changes_only_that_part(load, folder, part, before, after):
    assert BASE.count(before) == 1, before
    old, new = load(), load(BASE.replace(before, after), "b.yaml")
    assert changed_parts(old, new, None, folder) == [part]
    assert scope_hash(old, [part], folder) != scope_hash(new, [part], folder)
    assert scope_hash(old, None, folder) != scope_hash(new, None, folder)
    others = [p for p in SCOPES if p != part]
    assert scope_hash(old, others, folder) == scope_hash(new, others, folder)
    assert changed_parts(old, new, others, folder) == []


def test_the_kaemmerei_scope_ignores_the_begruendung_but_not_the_money(load, folder):
    old = load()
    text = load(BASE.replace("sind veraltet", "sind sehr alt"), "b.yaml")
    money = load(BASE.replace("12.000 Euro", "12.500 Euro"), "c.yaml")
    decision = load(BASE.replace("die Beschaffung.", "die Beschaffung im Jahr 2024."), "d.yaml")
    kept = scope_hash(old, KAEMMEREI, folder)
    assert scope_hash(text, KAEMMEREI, folder) == kept
    assert scope_hash(text, None, folder) != scope_hash(old, None, folder)
    assert scope_hash(money, KAEMMEREI, folder) != kept
    assert scope_hash(decision, KAEMMEREI, folder) != kept
    assert changed_parts(old, text, KAEMMEREI, folder) == []
    assert changed_parts(old, money, KAEMMEREI, folder) == ["finanzen"]


def test_what_the_sitzungsdienst_schedules_is_left_out(load, folder):
    old = load()
    moved = load(BASE.replace("sitzung: 01.03.2024", "sitzung: 08.03.2024\n    top: '6'")
                 .replace("sitzung: 15.03.2024", "sitzung: 22.03.2024\n    top: 13.2"),
                 "b.yaml")
    assert [b.top for b in moved.beratungsfolge] == ["6", "13.2"]  # the change took
    assert scope_hash(moved, None, folder) == scope_hash(old, None, folder)
    assert changed_parts(old, moved, None, folder) == []
    # A step added to the Beratungsfolge is not scheduling: it changes what is decided where.
    added = load(BASE.replace("beratungsfolge:\n", "beratungsfolge:\n  - gremium: Bauausschuss"
                                                    "\n    sitzung: 20.02.2024\n"), "c.yaml")
    assert changed_parts(old, added, None, folder) == ["beratungsfolge"]


def test_the_number_and_the_signoff_block_are_left_out(load, folder):
    old = load()
    signed = load(BASE + "vorlagennummer: 2024/0007\nmitzeichnung:\n  - stelle: Kämmerei\n"
                  "    status: erteilt\n    name: K. Kämmerer\n    datum: 03.02.2024\n",
                  "b.yaml")
    assert signed.vorlagennummer == "2024/0007" and len(signed.mitzeichnung) == 1
    assert scope_hash(signed, None, folder) == scope_hash(old, None, folder)
    assert changed_parts(old, signed, None, folder) == []


def test_how_a_date_is_written_does_not_matter(load, folder):
    old = load()
    iso = load(BASE.replace("datum: 01.02.2024", "datum: 2024-02-01")
               .replace("sitzung: 15.03.2024", "sitzung: 15.3.2024"), "b.yaml")
    assert scope_hash(iso, None, folder) == scope_hash(old, None, folder)


def test_an_anlage_file_is_covered_by_its_content(load, folder):
    draft = load()
    before = scope_hash(draft, KAEMMEREI, folder)
    betreff = scope_hash(draft, ["betreff"], folder)
    (folder / "angebot.pdf").write_bytes(b"%PDF-1.4 Angebot: 19.000 Euro")  # new content
    assert scope_hash(draft, KAEMMEREI, folder) != before
    assert scope_hash(draft, ["betreff"], folder) == betreff
    (folder / "angebot.pdf").unlink()  # gone: that changes it too
    gone = scope_hash(draft, ["anlagen"], folder)
    (folder / "angebot.pdf").write_bytes(b"%PDF-1.4 Angebot: 19.000 Euro")
    assert scope_hash(draft, ["anlagen"], folder) != gone


def test_the_same_bytes_give_the_same_hash(load, folder):
    draft = load()
    data = (folder / "angebot.pdf").read_bytes()
    before = scope_hash(draft, ["anlagen"], folder)
    (folder / "angebot.pdf").write_bytes(data)  # rewritten, unchanged
    assert scope_hash(draft, ["anlagen"], folder) == before


def test_an_anlage_marked_closed_changes_the_anlagen_part(load, folder):
    old = load()
    closed = load(BASE.replace("datei: angebot.pdf", "datei: angebot.pdf\n    oeffentlich: nein"),
                  "b.yaml")
    assert changed_parts(old, closed, None, folder) == ["anlagen"]


def test_anlagen_are_read_from_the_folder_given(project, write_draft):
    # The folder is where the draft's Anlagen lie (they are relative to the draft).
    sub = project.drafts_dir / "amt"
    sub.mkdir()
    path = write_draft("amt/a.yaml", BASE)
    draft = validate(load_yaml(path), Draft)
    (sub / "angebot.pdf").write_bytes(b"%PDF-1.4 Erstes Angebot")
    first = scope_hash(draft, ["anlagen"], path.parent)
    (sub / "angebot.pdf").write_bytes(b"%PDF-1.4 Zweites Angebot")
    assert scope_hash(draft, ["anlagen"], path.parent) != first
