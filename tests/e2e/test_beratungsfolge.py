"""A Beratungsfolge as real towns have it: a body known but its session not, the house
style's own roles, a session's name and a result reached before, through check, build,
`sitzung status` and the OParl export; and a Beratungsfolge still empty while drafting."""

import json
import shutil

import pytest

from helpers import STYLES, pdf_text, run

STYLE = """\
name: Bezirksamt Musterbezirk
nummer:
  muster: "DS/{lfd:04}/{jahr}"
vorlagenarten:
  - name: Beschlussvorlage
  - name: Vorlage zur Kenntnisnahme
    beschluss: nein
rollen:
  - name: Vorberatung
    text: Empfehlung
  - name: Beschluss
    text: Beschlussfassung
    entscheidend: ja
  - name: Kenntnis
    text: Information zur Kenntnis
    oparl: Kenntnisnahme
"""

DRAFT = """\
hausstil: bezirk
vorlagenart: Beschlussvorlage
amt: Stadtentwicklungsamt
datum: 01.02.2025
beratungsfolge:
  - gremium: Ausschuss für Umwelt
    sitzung: 20.02.2025
    ergebnis: {status: geändert beschlossen, abstimmung: {ja: 7, nein: 2, enthaltungen: 1}}
  - gremium: Stadtentwicklungsausschuss
  - gremium: Bezirksverordnetenversammlung
    sitzung: 27.03.2025
    sitzungsname: 33. öffentliche Sitzung der Bezirksverordnetenversammlung
    zustaendigkeit: Beschluss
betreff: Bebauungsplan Am Teich
beschlussvorschlag: Die Bezirksverordnetenversammlung beschließt den Bebauungsplan.
"""

# Also planned for the committee, date open, but not on its agenda yet.
PLANNED = DRAFT.replace("Bebauungsplan Am Teich", "Spielplatz Lindenweg")

SESSION = """\
hausstil: bezirk
gremium: Stadtentwicklungsausschuss
datum: 10.03.2025
uhrzeit: "17:00"
ort: Rathaus, Raum 101
einladungsdatum: 20.02.2025
oeffentlicher_teil:
  - titel: Eröffnung
  - vorlage: drafts/teich.yaml
"""


@pytest.fixture
def bezirk(project, write_draft):
    folder = project.root / "templates" / "bezirk"
    shutil.copytree(STYLES / "standard", folder)
    (folder / "haus.yaml").write_text(STYLE, encoding="utf-8")
    write_draft("teich.yaml", DRAFT)
    write_draft("spielplatz.yaml", PLANNED)
    (project.root / "sitzungen").mkdir()
    (project.root / "sitzungen" / "sta.yaml").write_text(SESSION, encoding="utf-8")
    return project


def test_a_step_without_a_date_through_check_build_status_and_oparl(bezirk):
    root = bezirk.root
    checked = run(["check", "drafts/teich.yaml"], root)
    assert checked.returncode == 0 and "0 Fehler, 0 Warnungen" in checked.stderr, \
        checked.stderr

    assert run(["build", "drafts/teich.yaml"], root).returncode == 0
    text = " ".join(pdf_text(bezirk.output_dir / "teich-ENTWURF.pdf").split())
    assert "Stadtentwicklungsausschuss Termin offen" in text
    assert "Empfehlung" in text and "Beschlussfassung" in text
    assert "33. öffentliche Sitzung der Bezirksverordnetenversammlung" in text
    assert "Ergebnis: geändert beschlossen (Ja: 7, Nein: 2, Enthaltungen: 1)" in text

    status = run(["sitzung", "status", "sitzungen/sta.yaml", "--json"], root)
    assert status.returncode == 1, status.stderr  # a draft, not final yet
    rows = {r["top"]: r for r in json.loads(status.stdout)}
    assert rows["Ö 2"]["status"] == "entwurf"
    assert rows["Ö 2"]["hinweis"].startswith("Termin in der Beratungsfolge offen")
    assert rows["Ö 2"]["frist"] == "24.02.2025"  # the session's own deadline, 14 days
    table = run(["sitzung", "status", "sitzungen/sta.yaml"], root)
    assert "Vorgesehen, noch nicht auf der Tagesordnung:" in table.stdout
    assert "drafts/spielplatz.yaml: Spielplatz Lindenweg (öffentlich; Termin in der " \
           "Beratungsfolge offen)" in table.stdout
    assert "Bebauungsplan Am Teich (" not in table.stdout  # on the agenda already

    assert run(["build", "--final", "drafts/teich.yaml"], root).returncode == 0
    status = run(["sitzung", "status", "sitzungen/sta.yaml", "--json"], root)
    assert {r["top"]: r for r in json.loads(status.stdout)}["Ö 2"]["status"] in (
        "ok", "tischvorlage")  # finalised today, long after the 2025 deadline

    exported = run(["export", "oparl", "--out", "ris"], root)
    assert exported.returncode == 0, exported.stderr
    consultations = [json.loads(p.read_text(encoding="utf-8"))
                     for p in (root / "ris" / "consultation").glob("*.json")]
    assert [(c["role"], c["authoritative"]) for c in consultations] == [("Empfehlung", False)]


def test_the_roles_of_the_house_style(bezirk, write_draft):
    root = bezirk.root
    write_draft("falsch.yaml", DRAFT.replace("zustaendigkeit: Beschluss",
                                             "zustaendigkeit: Entscheidung"))
    result = run(["check", "drafts/falsch.yaml"], root)
    assert result.returncode == 1
    assert "drafts/falsch.yaml:13:21: beratungsfolge[3].zustaendigkeit: erwartet einen von: " \
           "Vorberatung, Beschluss oder Kenntnis, gefunden: 'Entscheidung'" in result.stderr
    # The deciding body is the style's: Beschluss, not the built-in Entscheidung.
    write_draft("vorne.yaml", DRAFT.replace(
        "  - gremium: Ausschuss für Umwelt\n",
        "  - gremium: Ausschuss für Umwelt\n    zustaendigkeit: Beschluss\n").replace(
        "    zustaendigkeit: Beschluss\nbetreff", "betreff"))
    result = run(["check", "drafts/vorne.yaml"], root)
    assert "das entscheidende Gremium (Ausschuss für Umwelt) steht nicht am Ende der " \
           "Beratungsfolge" in result.stderr


def test_an_empty_beratungsfolge_is_a_draft_not_a_final(project, write_draft):
    root = project.root
    write_draft("leer.yaml", """\
        vorlagenart: Beschlussvorlage
        amt: Amt für Tests
        datum: 01.02.2024
        betreff: Noch ohne Gremium
        beratungsfolge: []
        beschlussvorschlag: Der Rat beschließt.
        """)
    checked = run(["check", "drafts/leer.yaml"], root)
    assert checked.returncode == 0
    assert "drafts/leer.yaml:5:17: beratungsfolge: Warnung: die Beratungsfolge ist noch leer" \
        in checked.stderr
    assert run(["build", "drafts/leer.yaml"], root).returncode == 0
    assert "Noch ohne Gremium" in pdf_text(project.output_dir / "leer-ENTWURF.pdf")
    final = run(["build", "--final", "drafts/leer.yaml"], root)
    assert final.returncode == 1
    assert "beratungsfolge: eine finale Vorlage braucht mindestens ein Gremium" in final.stderr
    assert "Traceback" not in final.stderr
    assert not (project.output_dir / "archiv").exists() or not any(
        (project.output_dir / "archiv").rglob("*.pdf"))
    # No number was used up: the next final gets the first one.
    write_draft("voll.yaml")
    assert run(["build", "--final", "drafts/voll.yaml"], root).returncode == 0
    listed = run(["number"], root)
    assert "2024/0001" in listed.stdout and "leer" not in listed.stdout
