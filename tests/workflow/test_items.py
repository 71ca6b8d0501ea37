"""items.py: a draft as the permission rules see it. Its Amt, the Stellen asked to sign it
(from the YAML and from the house style's `mitzeichnung:` rules), the Ämter named as
beteiligt, and once final what the archive recorded. A draft that does not validate keeps
what can be read of it."""

import shutil
import sqlite3
import textwrap

import pytest

from helpers import MINIMAL, STYLES

from pipeline.accounts import Item, Role, User, allowed
from pipeline.project import Project
from pipeline.records import Register
from pipeline.workflow import draft_state, full_pdf_item, group_item

AEMTER = """\
aemter:
  - kennziffer: "53"
    name: Amt für Tests
  - kennziffer: "20"
    name: Kämmerei
  - kennziffer: "32"
    name: Ordnungsamt
  - kennziffer: "13"
    name: Gleichstellungsstelle
"""
COSTS = "finanzen:\n  auswirkungen: ja\n  erlaeuterung: 12.000 Euro\n"


def user(*roles: str) -> User:
    return User("x", "X", tuple(Role(*r.split(":")) for r in roles))


@pytest.fixture
def listed(project):
    """The project with a list of its Ämter, so each Amt is kept by its Kennziffer."""
    config = project.root / "vorlage.yaml"
    config.write_text(config.read_text(encoding="utf-8") + AEMTER, encoding="utf-8")
    return Project.find(project.root)


@pytest.fixture
def state(listed, write_draft):
    def state(text: str = MINIMAL, name: str = "a.yaml", register=None):
        return draft_state(listed, write_draft(name, text), register)
    return state


def test_a_plain_draft(state):
    seen = state()
    assert seen.item == Item("vorlage", amt="53", stellen=frozenset(), beteiligt=frozenset(),
                             final=False, oeffentlich=True)
    assert seen.number is None and seen.record is None
    assert seen.data["betreff"] == "Beschaffung von Testgeräten"


def test_the_kennziffer_counts_before_the_name(state):
    assert state(MINIMAL + "amt_kennziffer: 32\n").item.amt == "32"
    # A name the list does not hold leaves the Amt unknown, unless the Kennziffer names one.
    other = MINIMAL.replace("amt: Amt für Tests", "amt: 99 Unbekanntes Amt")
    assert state(other).item.amt is None
    assert state(other + "amt_kennziffer: '53'\n").item.amt == "53"
    assert state(MINIMAL.replace("amt: Amt für Tests", "amt: 53 Amt für Tests")).item.amt == "53"


def test_without_a_list_the_amt_is_kept_by_its_name(project, write_draft):
    seen = draft_state(project, write_draft("a.yaml", MINIMAL + "mitzeichnung:\n"
                                            "  - stelle: Rechtsamt\n"), None)
    assert seen.item.amt == "amt für tests"
    assert seen.item.stellen == {"rechtsamt"}


def test_stellen_and_beteiligte_from_the_yaml(state):
    seen = state(MINIMAL + textwrap.dedent("""\
        mitzeichnung:
          - stelle: Ordnungsamt
          - stelle: 13
            status: erteilt
          - stelle: Nicht in der Liste
          - ohne: stelle
        zeichnung:
          beteiligte_fachbereiche:
            - Kämmerei
            - 32 Ordnungsamt
        """))
    assert seen.item.stellen == {"32", "13"}
    assert seen.item.beteiligt == {"20", "32"}


@pytest.mark.parametrize("finanzen, asked", [
    (COSTS, True),
    ("finanzen:\n  haushalt:\n    bedarf: 5000\n", True),  # auswirkungen defaults to ja
    ("", False),
    ("finanzen: keine\n", False),
    ("finanzen: Keine\n", False),
    ("finanzen: nein\n", False),
    ("finanzen: false\n", False),
    ("finanzen:\n  auswirkungen: nein\n", False),
    ("finanzen:\n  auswirkungen: Nein\n", False),
    ("finanzen:\n  auswirkungen: false\n", False),
])
def test_the_kaemmerei_is_asked_by_the_house_style_only_when_money_is_affected(
        state, finanzen, asked):
    seen = state(MINIMAL + finanzen)
    assert seen.item.stellen == ({"20"} if asked else set())
    kaemmerei = user("mitzeichnung:20")
    assert allowed(kaemmerei, "lesen", seen.item) is asked
    assert allowed(kaemmerei, "lesen", group_item(seen)) is asked
    assert not allowed(kaemmerei, "bearbeiten", seen.item)


def test_rules_of_the_drafts_own_house_style(listed, write_draft):
    folder = listed.template_dirs[0] / "eigen"
    shutil.copytree(STYLES / "standard", folder)
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace(
        "mitzeichnung:\n  - stelle: Kämmerei\n    wenn: finanzen",
        "mitzeichnung:\n  - stelle: Gleichstellungsstelle\n    art: beteiligung\n"
        "  - stelle: Kämmerei\n    wenn: finanzen"), encoding="utf-8")
    own = draft_state(listed, write_draft("a.yaml", "hausstil: eigen\n" + MINIMAL), None)
    assert own.item.stellen == {"13"}  # `wenn: immer` is the default
    both = draft_state(listed, write_draft("b.yaml", "hausstil: eigen\n" + MINIMAL + COSTS),
                       None)
    assert both.item.stellen == {"13", "20"}
    standard = draft_state(listed, write_draft("c.yaml", MINIMAL), None)
    assert standard.item.stellen == set()
    # A house style that cannot be found asks for nobody; the YAML's Stellen stay.
    lost = draft_state(listed, write_draft("d.yaml", "hausstil: gibtsnicht\n" + MINIMAL + COSTS
                                           + "mitzeichnung:\n  - stelle: Ordnungsamt\n"),
                       None)
    assert lost.item.amt == "53" and lost.item.stellen == {"32"}


def test_the_projects_house_style_applies_when_the_draft_names_none(listed, write_draft):
    folder = listed.template_dirs[0] / "eigen"
    shutil.copytree(STYLES / "standard", folder)
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace(
        "stelle: Kämmerei\n    wenn: finanzen", "stelle: Ordnungsamt"), encoding="utf-8")
    config = listed.root / "vorlage.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("hausstil: standard",
                                                                 "hausstil: eigen"),
                      encoding="utf-8")
    project = Project.find(listed.root)
    assert draft_state(project, write_draft("a.yaml"), None).item.stellen == {"32"}


# --- drafts that do not validate -------------------------------------------------------------

def test_a_draft_that_does_not_validate_keeps_its_amt_and_stellen(state):
    broken = (MINIMAL.replace("betreff: Beschaffung von Testgeräten\n", "")
              .replace("datum: 01.02.2024", "datum: irgendwann")
              + COSTS + "unbekannt: feld\nmitzeichnung:\n  - stelle: Ordnungsamt\n")
    seen = state(broken)
    assert seen.item.amt == "53" and seen.item.stellen == {"20", "32"}
    assert allowed(user("sachbearbeitung:53"), "bearbeiten", seen.item)
    assert allowed(user("mitzeichnung:32"), "lesen", seen.item)
    assert not allowed(user("sachbearbeitung:37"), "lesen", seen.item)


def test_fields_of_the_wrong_kind_are_left_out_one_by_one(state):
    seen = state(MINIMAL + "amt_kennziffer: [53]\nmitzeichnung: Kämmerei\n"
                 "zeichnung: [Ordnungsamt]\n" + COSTS)
    assert seen.item.amt == "53"  # from `amt`, the list is skipped
    assert seen.item.stellen == {"20"} and seen.item.beteiligt == set()
    odd = state("amt:\n  name: Amt für Tests\nmitzeichnung:\n  - Kämmerei\n  - stelle: 32\n"
                "zeichnung:\n  beteiligte_fachbereiche: Ordnungsamt\n", "b.yaml")
    assert odd.item.amt is None
    assert odd.item.stellen == {"32"} and odd.item.beteiligt == set()


@pytest.mark.parametrize("text", ["", "betreff: [nicht geschlossen\namt: Amt für Tests\n",
                                  "- eine\n- Liste\n", "nur ein Satz\n", "amt: \x01\n"],
                         ids=["leer", "syntaxfehler", "liste", "text", "steuerzeichen"])
def test_unreadable_yaml_leaves_the_draft_to_the_office(state, text):
    seen = state(text)
    assert seen.item == Item("vorlage", oeffentlich=True)
    assert seen.data == {}
    assert not allowed(user("sachbearbeitung:53"), "lesen", seen.item)
    assert allowed(user("sitzungsdienst"), "bearbeiten", seen.item)
    assert allowed(user("verwaltungsleitung"), "lesen", seen.item)


def test_a_missing_file_is_an_empty_draft(listed):
    seen = draft_state(listed, listed.drafts_dir / "fehlt.yaml", None)
    assert seen.item.amt is None and seen.data == {}


# --- öffentlich, and finals ---------------------------------------------------------------

@pytest.mark.parametrize("value, public", [("ja", True), ("nein", False), ("Nein", False),
                                           ("false", False), ("nichtöffentlich", False),
                                           ("NEIN", False)])
def test_oeffentlich_is_read_as_the_schema_reads_it(state, value, public):
    assert state(MINIMAL + f"oeffentlich: {value}\n").item.oeffentlich is public


def final(project, key: str, nummer: str = "2024/0001", **columns) -> None:
    """Registers `key` as an archived final, as a build would have left the rows."""
    row = {"nummer": nummer, "version": 0, "basis": None, "datei": "2024/2024-0001.pdf",
           "sha256": "0" * 64, "groesse": 1, "zeit": "2024-02-01T10:00:00+00:00",
           "entwurf": key, "entwurf_sha256": "0" * 64, "anlagen_sha256": "[]",
           "hausstil_sha256": "0" * 64, "finalisiert_von": "sd", "betreff": "Beschaffung",
           "vorlagenart": "Beschlussvorlage", "datum": "2024-02-01", "gremien": "[]",
           **columns}
    with Register(project.register_path) as reg, reg.transaction() as db:
        db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                   "vergeben) VALUES (?, '2024/#', ?, ?, 'standard', 'register', ?)",
                   (nummer, int(nummer.split("/")[1]), key, row["zeit"]))
        db.execute(f"INSERT INTO archiv ({', '.join(row)}) VALUES "
                   f"({', '.join('?' * len(row))})", list(row.values()))


@pytest.fixture
def reader(listed):
    registers = []

    def reader():
        registers.append(Register.read_only(listed.register_path))
        return registers[-1]
    yield reader
    for reg in registers:
        reg.close()


def test_a_draft_with_a_number_but_no_final(listed, write_draft, reader):
    path = write_draft("a.yaml")
    with Register(listed.register_path) as reg:
        reg.assign(listed.draft_key(path), "2024/#", lambda n: f"2024/{n:04d}", "standard")
    seen = draft_state(listed, path, reader())
    assert seen.number == "2024/0001" and seen.record is None and not seen.item.final


def test_a_public_final_is_open_to_all_but_its_yaml_stays_with_the_group(listed, write_draft,
                                                                        reader):
    path = write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: Preise\n    datei: p.pdf\n"
                       "    oeffentlich: nein\n")
    final(listed, listed.draft_key(path), oeffentlich=1, kopie_datei="2024/2024-0001."
          "oeffentlich.pdf")
    seen = draft_state(listed, path, reader())
    assert seen.number == "2024/0001" and seen.record.nummer == "2024/0001"
    assert seen.item.final and seen.item.oeffentlich and seen.item.amt == "53"
    stranger = user("sachbearbeitung:37")
    assert allowed(stranger, "lesen", seen.item)
    assert not allowed(stranger, "lesen", group_item(seen))
    assert allowed(user("sachbearbeitung:53"), "lesen", group_item(seen))
    assert not allowed(user("sachbearbeitung:53"), "bearbeiten", seen.item)
    # The full PDF carries the closed Anlage; the publication copy is another file.
    assert not full_pdf_item(seen).oeffentlich
    assert not allowed(stranger, "lesen", full_pdf_item(seen))


def test_a_public_final_without_closed_anlagen_is_its_own_copy(listed, write_draft, reader):
    path = write_draft("a.yaml")
    final(listed, listed.draft_key(path), oeffentlich=1, kopie_datei="2024/2024-0001.pdf")
    seen = draft_state(listed, path, reader())
    assert full_pdf_item(seen).oeffentlich and full_pdf_item(seen).final


def test_the_archive_decides_over_the_yaml(listed, write_draft, reader):
    path = write_draft("a.yaml")  # öffentlich in the YAML, closed in the archive
    final(listed, listed.draft_key(path), oeffentlich=0, kopie_datei="2024/2024-0001.pdf")
    seen = draft_state(listed, path, reader())
    assert seen.item.final and not seen.item.oeffentlich
    assert not allowed(user("sachbearbeitung:37"), "lesen", seen.item)
    assert not full_pdf_item(seen).oeffentlich


@pytest.mark.parametrize("closed", ["nein", "Nein", "nichtöffentlich", "false"])
def test_a_final_archived_before_the_archive_said_so_reads_the_yaml(listed, write_draft,
                                                                  reader, closed):
    # oeffentlich and kopie_datei are NULL for finals archived before version 2.
    public = write_draft("a.yaml", MINIMAL + f"anlagen:\n  - titel: Preise\n    datei: p.pdf\n"
                         f"    oeffentlich: {closed}\n")
    final(listed, listed.draft_key(public))
    seen = draft_state(listed, public, reader())
    assert seen.record.oeffentlich is None and seen.record.kopie_datei is None
    assert seen.item.final and seen.item.oeffentlich
    assert not full_pdf_item(seen).oeffentlich  # a closed Anlage keeps the full PDF closed
    hidden = write_draft("b.yaml", MINIMAL + f"oeffentlich: {closed}\n")
    final(listed, listed.draft_key(hidden), "2024/0002", datei="2024/2024-0002.pdf")
    seen = draft_state(listed, hidden, reader())
    assert seen.item.final and not seen.item.oeffentlich
    assert not allowed(user("sachbearbeitung:37"), "lesen", seen.item)


def test_a_final_archived_before_without_closed_anlagen_is_public(listed, write_draft,
                                                                  reader):
    path = write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: Plan\n    datei: p.pdf\n")
    final(listed, listed.draft_key(path))
    assert full_pdf_item(draft_state(listed, path, reader())).oeffentlich


def test_reading_a_final_does_not_write_to_the_register(listed, write_draft, reader):
    path = write_draft("a.yaml")
    final(listed, listed.draft_key(path), oeffentlich=1, kopie_datei="2024/2024-0001.pdf")
    before = listed.register_path.read_bytes()
    draft_state(listed, path, reader())
    assert not (listed.archive_dir / "manifest.jsonl").exists()
    with sqlite3.connect(listed.register_path) as db:
        assert db.execute("SELECT COUNT(*) FROM archiv").fetchone()[0] == 1
    db.close()
    assert listed.register_path.read_bytes() == before
