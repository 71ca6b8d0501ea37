"""history.py: the audit trail as each person may read it. Entries about a Vorlage only for
those who may read its group items (also of a public final), entries about accounts only for
`admin`; exported as CSV or JSON, also through `vorlage audit export --als`."""

import csv
import io
import json

import pytest

from helpers import MINIMAL, run

from pipeline.accounts import Accounts, Role, User
from pipeline.project import Project
from pipeline.records import AuditTrail, Register
from pipeline.workflow import export_audit, visible_entries

AEMTER = """\
aemter:
  - kennziffer: "53"
    name: Amt für Tests
  - kennziffer: "32"
    name: Ordnungsamt
  - kennziffer: "20"
    name: Kämmerei
  - kennziffer: "37"
    name: Feuerwehr
"""
OTHER = (MINIMAL.replace("amt: Amt für Tests", "amt: Ordnungsamt")
         + "finanzen:\n  auswirkungen: ja\n  erlaeuterung: 500 Euro\n")
A, B, GONE, PUBLIC = ("drafts/a.yaml", "drafts/amt/b.yaml", "drafts/geloescht.yaml",
                      "drafts/oeffentlich.yaml")


def user(*roles: str, aktiv: bool = True) -> User:
    return User("x", "X", tuple(Role(*r.split(":")) for r in roles), aktiv)


@pytest.fixture
def listed(project, write_draft):
    """Drafts of Amt 53 (a, and a public final) and of Amt 32 with costs (b, so the Kämmerei
    signs), a draft since deleted, and entries about each and about accounts."""
    config = project.root / "vorlage.yaml"
    config.write_text(config.read_text(encoding="utf-8") + AEMTER, encoding="utf-8")
    project = Project.find(project.root)
    write_draft("a.yaml")
    write_draft("amt/b.yaml", OTHER)
    public = write_draft("oeffentlich.yaml", MINIMAL.replace("Testgeräten", "Bänken"))
    with Register(project.register_path) as reg, reg.transaction() as db:
        key = project.draft_key(public)
        assert key == PUBLIC
        db.execute("INSERT INTO nummern (nummer, serie, lfd, entwurf, hausstil, herkunft, "
                   "vergeben) VALUES ('2024/0001', '2024/#', 1, ?, 'standard', 'register', "
                   "'2024-02-01')", (key,))
        db.execute("INSERT INTO archiv (nummer, datei, sha256, groesse, zeit, entwurf, "
                   "entwurf_sha256, anlagen_sha256, hausstil_sha256, finalisiert_von, "
                   "betreff, vorlagenart, datum, gremien, oeffentlich, kopie_datei) VALUES "
                   "('2024/0001', '2024/2024-0001.pdf', '', 1, '', ?, '', '[]', '', 'sd', "
                   "'Bänke', 'Beschlussvorlage', '2024-02-01', '[]', 1, "
                   "'2024/2024-0001.pdf')", (key,))
    with AuditTrail(project.audit_path) as audit:
        audit.write("anna", "speichern", A, diff="- alt\n+ neu")
        audit.write("olaf", "speichern", B, diff="+ Ordnung")
        audit.write("kaemmerer", "mitzeichnen", B, stelle="20", ergebnis="erteilt")
        audit.write("anna", "speichern", GONE, diff="+ weg")
        audit.write("anna", "anmeldung", "konto:anna", konto="anna", adresse="127.0.0.1")
        audit.write("admin", "rollen_geaendert", "konto:olaf", vorher=["sachbearbeitung:32"])
        audit.write("sd", "finalisiert", PUBLIC)
        audit.write("anna", "speichern", A, diff="+ noch")
    return project


def seen(project, who: User, gegenstand=None, with_register=True) -> list[tuple[int, str]]:
    register = Register.read_only(project.register_path) if with_register else None
    try:
        with AuditTrail(project.audit_path) as audit:
            return [(e.nr, e.gegenstand)
                    for e in visible_entries(project, who, audit, register, gegenstand)]
    finally:
        if register is not None:
            register.close()


@pytest.mark.parametrize("who, numbers", [
    (user("sachbearbeitung:53"), [1, 7, 8]),
    (user("amtsleitung:53"), [1, 7, 8]),
    (user("dezernat:53"), [1, 7, 8]),
    (user("sachbearbeitung:32"), [2, 3]),
    (user("mitzeichnung:20"), [2, 3]),  # the Kämmerei, asked by the house style
    (user("mitzeichnung:32"), []),
    (user("sachbearbeitung:37"), []),  # not even the public final's entries
    (user("sitzungsdienst"), [1, 2, 3, 4, 7, 8]),  # the office, also of a deleted draft
    (user("verwaltungsleitung"), [1, 2, 3, 4, 7, 8]),
    (user("admin"), [5, 6]),  # accounts only, no content
    (user("admin", "sachbearbeitung:53"), [1, 5, 6, 7, 8]),
    (user("sitzungsdienst", "admin", aktiv=False), []),
    (None, []),
], ids=["sb53", "al53", "dez53", "sb32", "mz20", "mz32", "sb37", "sd", "vl", "admin",
        "admin+sb53", "deaktiviert", "niemand"])
def test_each_person_sees_the_entries_of_what_they_may_read(listed, who, numbers):
    assert [nr for nr, _ in seen(listed, who)] == numbers


def test_without_a_register_the_public_final_is_still_its_groups_draft(listed):
    who = user("sachbearbeitung:53")
    assert [nr for nr, _ in seen(listed, who, with_register=False)] == [1, 7, 8]
    assert seen(listed, user("sachbearbeitung:37"), with_register=False) == []


def test_the_entries_of_one_draft(listed):
    assert seen(listed, user("sachbearbeitung:53"), A) == [(1, A), (8, A)]
    assert seen(listed, user("sachbearbeitung:53"), B) == []
    assert seen(listed, user("mitzeichnung:20"), B) == [(2, B), (3, B)]
    assert seen(listed, user("admin"), "konto:olaf") == [(6, "konto:olaf")]
    assert seen(listed, user("sitzungsdienst"), "konto:olaf") == []


def test_a_draft_that_changes_amt_takes_its_history_along(listed, write_draft):
    write_draft("a.yaml", MINIMAL.replace("amt: Amt für Tests", "amt: Feuerwehr"))
    assert seen(listed, user("sachbearbeitung:53"), A) == []
    assert seen(listed, user("sachbearbeitung:37"), A) == [(1, A), (8, A)]


def test_an_unreadable_draft_leaves_its_history_to_the_office(listed, write_draft):
    write_draft("a.yaml", "betreff: [kaputt\n")
    assert seen(listed, user("sachbearbeitung:53"), A) == []
    assert seen(listed, user("sitzungsdienst"), A) == [(1, A), (8, A)]


# --- export ---------------------------------------------------------------------------------

def test_export_as_json(listed):
    rows = json.loads(export_audit(listed, user("mitzeichnung:20"), "json"))
    assert [r["nr"] for r in rows] == [2, 3]
    assert set(rows[1]) == {"nr", "zeit", "konto", "aktion", "gegenstand", "daten", "hash"}
    assert rows[1]["konto"] == "kaemmerer" and rows[1]["aktion"] == "mitzeichnen"
    assert rows[1]["daten"] == {"stelle": "20", "ergebnis": "erteilt"}
    with AuditTrail(listed.audit_path) as audit:
        assert rows[1]["hash"] == audit.entries(B)[1].hash


def test_export_as_csv(listed):
    text = export_audit(listed, user("sachbearbeitung:53"), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "nr,zeit,konto,aktion,gegenstand,daten,hash"
    assert [r["nr"] for r in rows] == ["1", "7", "8"]
    assert json.loads(rows[0]["daten"]) == {"diff": "- alt\n+ neu"}  # a line break survives
    assert rows[1]["gegenstand"] == PUBLIC and rows[1]["aktion"] == "finalisiert"
    assert "konto:" not in text and "Ordnung" not in text


def test_export_for_admin_holds_only_account_entries(listed):
    rows = json.loads(export_audit(listed, user("admin"), "json"))
    assert [r["gegenstand"] for r in rows] == ["konto:anna", "konto:olaf"]
    assert rows[1]["daten"] == {"vorher": ["sachbearbeitung:32"]}


@pytest.mark.parametrize("fmt, empty", [("csv", "nr,zeit,konto,aktion,gegenstand,daten,hash"),
                                        ("json", "[]")])
def test_an_export_with_nothing_to_see_is_empty(listed, fmt, empty):
    assert export_audit(listed, user("sachbearbeitung:37"), fmt).strip() == empty


def test_export_without_a_register_or_trail(project):
    assert not project.register_path.exists() and not project.audit_path.exists()
    assert json.loads(export_audit(project, user("sitzungsdienst"), "json")) == []


def test_cli_export_as_an_account(listed):
    with Accounts(listed.accounts_path) as accounts:
        accounts.add("kaemmerer", (Role("mitzeichnung", "20"),), None, "K. Kämmerer")
        accounts.add("admin", (Role("admin"),), None)
    result = run(["audit", "export", "--als", "kaemmerer", "--format", "json"], listed.root)
    assert result.returncode == 0, result.stderr
    assert [r["nr"] for r in json.loads(result.stdout)] == [2, 3]
    result = run(["audit", "export", "--als", "admin"], listed.root)
    assert result.returncode == 0, result.stderr
    assert [r["nr"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["5", "6"]
    result = run(["audit", "export", "--als", "niemand"], listed.root)
    assert result.returncode == 1 and "Das Konto niemand gibt es nicht" in result.stderr
