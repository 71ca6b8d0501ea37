"""checks.py and `vorlage check`: rules across fields, all mistakes in one pass, exit codes."""

from conftest import MINIMAL

from conftest import run


BROKEN = """\
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.02.2024
betref: Beschaffung von Testgeräten
beratungsfolge:
  - gremium: Hauptausschuss
    sitzung: 30.04.2024
  - gremium: Finanzausschuss
    sitzung: 31.04.2024
  - gremium: Rat
    sitzung: 15.03.2024
    zustaendigkeit: Entscheidung
beschlussvorschlag: Der Rat beschließt die Beschaffung.
anlagen:
  - titel: Passwörter
    datei: ../../etc/passwd.pdf
"""


def test_every_mistake_reported_with_position_and_nothing_written(project, write_draft):
    path = write_draft("kaputt.yaml", BROKEN)
    before = sorted(p.name for p in project.root.rglob("*"))
    result = run(["check", "drafts/kaputt.yaml"], project.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "drafts/kaputt.yaml:4:1: betref: unbekanntes Feld; meinten Sie „betreff“?" in lines
    assert "drafts/kaputt.yaml:9:14: beratungsfolge[2].sitzung: dieses Datum gibt es nicht: " \
           "'31.04.2024'" in lines
    assert "drafts/kaputt.yaml:11:14: beratungsfolge[3].sitzung: Beratungsfolge nicht in " \
           "zeitlicher Reihenfolge: Rat am 15.03.2024 liegt vor Hauptausschuss am 30.04.2024" \
           in lines
    assert "drafts/kaputt.yaml:16:12: anlagen[1].datei: liegt außerhalb des Entwurfsordners " \
           "(drafts/)" in lines
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in project.root.rglob("*")) == before
    assert path.exists()


def test_clean_draft_exits_zero(project, write_draft):
    write_draft("gut.yaml")
    result = run(["check", "drafts"], project.root)
    assert result.returncode == 0, result.stderr
    assert "1 Entwurf/Entwürfe geprüft: 0 Fehler, 0 Warnungen" in result.stderr


def test_warnings_do_not_fail(project, write_draft):
    long_text = MINIMAL.replace("  Die Geräte sind veraltet.\n",
                                "  " + "Wort " * 1300 + "\n")
    text = long_text.replace("    zustaendigkeit: Entscheidung\n", "") \
        .replace("  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n",
                 "  - gremium: Hauptausschuss\n    sitzung: 01.03.2024\n"
                 "    zustaendigkeit: Entscheidung\n")
    write_draft("lang.yaml", text)
    result = run(["check", "drafts/lang.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    assert "begruendung: Warnung: Begründung ist etwa 3.4 Seiten lang" in result.stderr
    assert "beratungsfolge[1].zustaendigkeit: Warnung: das entscheidende Gremium " \
           "(Hauptausschuss) steht nicht am Ende" in result.stderr


def test_closed_vorlage_in_public_session(project, write_draft):
    write_draft("geheim.yaml", MINIMAL.replace("amt: Amt für Tests",
                                               "amt: Amt für Tests\noeffentlich: nein"))
    result = run(["check", "drafts/geheim.yaml"], project.root)
    assert result.returncode == 1
    assert "drafts/geheim.yaml:7:5: beratungsfolge[1].oeffentlich: nichtöffentliche Vorlage " \
           "in öffentlicher Sitzung (Hauptausschuss)" in result.stderr


def test_beschlussvorlage_needs_beschlussvorschlag(project, write_draft):
    text = MINIMAL.replace("beschlussvorschlag: Der Rat beschließt die Beschaffung.\n", "")
    write_draft("ohne.yaml", text)
    result = run(["check", "drafts/ohne.yaml"], project.root)
    assert "drafts/ohne.yaml:1:1: beschlussvorschlag: eine Beschlussvorlage braucht einen " \
           "Beschlussvorschlag" in result.stderr
    assert result.returncode == 1


def test_anlage_symlink_out_of_folder_and_missing_file(project, write_draft):
    outside = project.root / "geheim.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    (project.drafts_dir / "link.pdf").symlink_to(outside)
    write_draft("a.yaml", MINIMAL + "anlagen:\n  - titel: Link\n    datei: link.pdf\n"
                "  - titel: Fehlt\n    datei: fehlt.pdf\n  - titel: Absolut\n"
                "    datei: /etc/hosts\n")
    result = run(["check", "drafts/a.yaml"], project.root)
    assert "anlagen[1].datei: liegt außerhalb des Entwurfsordners" in result.stderr
    assert "anlagen[2].datei: Datei fehlt.pdf nicht gefunden" in result.stderr
    assert "anlagen[3].datei: absolute Pfade sind nicht erlaubt" in result.stderr


def test_unknown_house_style_points_at_the_field(project, write_draft):
    write_draft("h.yaml", "hausstil: gibtsnicht\n" + MINIMAL)
    result = run(["check", "drafts/h.yaml"], project.root)
    assert result.returncode == 1
    assert "drafts/h.yaml:1:11: hausstil: Hausstil „gibtsnicht“ nicht gefunden" in result.stderr
