"""A house style that drops a field or option its archived finals use is warned; the finals
stay as they are; a draft that uses it fails."""

from helpers import DECLARED_DRAFT, declared_style, run


def test_a_declaration_change_is_a_house_style_change(project, write_draft):
    """The draft PDF is built again; the archived final stays as it is."""
    folder = declared_style(project.root / "templates")
    write_draft("d.yaml", DECLARED_DRAFT)
    assert run(["build", "--final", "drafts/d.yaml"], project.root).returncode == 0
    assert "1 gebaut" in run(["build", "drafts/d.yaml"], project.root).stderr
    assert "1 unverändert" in run(["build", "drafts/d.yaml"], project.root).stderr
    haus = folder / "haus.yaml"
    haus.write_text(haus.read_text(encoding="utf-8").replace("Umsetzung bis", "Erledigen bis"),
                    encoding="utf-8")
    again = run(["build", "drafts/d.yaml"], project.root)
    assert "1 gebaut" in again.stderr, again.stderr
    final = run(["build", "--final", "drafts/d.yaml"], project.root)
    assert final.returncode == 0 and "unverändert" in final.stdout + final.stderr
    assert run(["archiv", "verify"], project.root).returncode == 0


def test_dropping_a_used_field_or_option(project, write_draft):
    folder = declared_style(project.root / "templates")
    write_draft("d.yaml", DECLARED_DRAFT)
    built = run(["build", "--final", "drafts/d.yaml"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "in Ordnung" in run(["templates", "check", "musterfeld"], project.root).stdout
    haus = folder / "haus.yaml"
    text = haus.read_text(encoding="utf-8")
    haus.write_text(text.replace("  - {schluessel: frist, beschriftung: Umsetzung bis, typ: "
                                 "datum}\n", "")
                    .replace(", {schluessel: nein, beschriftung: nicht klimarelevant}", "")
                    .replace("{schluessel: ja, beschriftung: klimarelevant}",
                             "{schluessel: jaa, beschriftung: klimarelevant}")
                    .replace("{feld: klimarelevanz, ist: ja}", "{feld: klimarelevanz, ist: jaa}"),
                    encoding="utf-8")
    result = run(["templates", "check", "musterfeld"], project.root)
    assert result.returncode == 0  # warnings only
    lines = [line for line in result.stderr.splitlines() if "Warnung" in line]
    assert len(lines) == 2, result.stderr
    assert "Feld „frist“ ist nicht mehr erklärt, finale Vorlagen nutzen es" in lines[0] + lines[1]
    assert "Option „ja“ von „klimarelevanz“ ist nicht mehr erklärt" in lines[0] + lines[1]
    assert "2 Warnung(en)" in result.stdout
    assert run(["archiv", "verify"], project.root).returncode == 0  # the final is untouched
    checked = run(["check", "drafts/d.yaml"], project.root)
    assert checked.returncode == 1
    assert "felder.frist: unbekanntes Feld" in checked.stderr
    assert "felder.klimarelevanz: „ja“ ist keine Möglichkeit" in checked.stderr
