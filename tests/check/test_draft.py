"""`vorlage check` on one draft: all mistakes in one pass, with positions; exit codes."""

from helpers import MINIMAL, REPO, run

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


def test_unknown_house_style_points_at_the_field(project, write_draft):
    write_draft("h.yaml", "hausstil: gibtsnicht\n" + MINIMAL)
    result = run(["check", "drafts/h.yaml"], project.root)
    assert result.returncode == 1
    assert "drafts/h.yaml:1:11: hausstil: Hausstil „gibtsnicht“ nicht gefunden" in result.stderr


def test_with_a_list_of_aemter_only_listed_ones_pass(project, write_draft):
    """The server decides by the Amt who sees a draft, so with `aemter:` in vorlage.yaml an
    Amt, a mitzeichnende Stelle or a beteiligter Fachbereich must be on the list."""
    config = project.root / "vorlage.yaml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "aemter:\n  - {kennziffer: '40', name: Amt für Tests}\n"
        "  - {kennziffer: '20', name: Kämmerei}\n"), encoding="utf-8")
    write_draft("gut.yaml", MINIMAL + "mitzeichnung:\n  - stelle: Kämmerei\n")
    write_draft("kennziffer.yaml", MINIMAL.replace("amt: Amt für Tests",
                                                   "amt: 40 Amt für Tests"))
    assert run(["check", "drafts/gut.yaml", "drafts/kennziffer.yaml"],
               project.root).returncode == 0
    write_draft("fremd.yaml", MINIMAL.replace("amt: Amt für Tests", "amt: Amt für Träume")
                + "mitzeichnung:\n  - stelle: Rechtsamt\n"
                + "zeichnung:\n  beteiligte_fachbereiche: [Kämmerei, Bauamt]\n")
    result = run(["check", "drafts/fremd.yaml"], project.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    listed = "(vorlage.yaml, aemter:): 40 Amt für Tests, 20 Kämmerei"
    assert f"drafts/fremd.yaml:2:6: amt: „Amt für Träume“ steht nicht in der Liste der " \
           f"Ämter {listed}" in lines
    assert any(line.startswith("drafts/fremd.yaml:15:") and "mitzeichnung[1].stelle: "
               "„Rechtsamt“" in line for line in lines), lines
    assert any("zeichnung.beteiligte_fachbereiche[2]: „Bauamt“" in line for line in lines)
    assert not any("„Kämmerei“" in line for line in lines)
    # Printed as one Amt, filed under another: the server would decide by the Kennziffer.
    write_draft("zwei.yaml", MINIMAL.replace("amt: Amt für Tests",
                                             "amt: Amt für Tests\namt_kennziffer: '20'"))
    result = run(["check", "drafts/zwei.yaml"], project.root)
    assert result.returncode == 1
    assert "amt_kennziffer: nennt das Amt 20 Kämmerei, `amt` aber 40 Amt für Tests" in \
        result.stderr


def test_declared_fields_are_checked_with_the_drafts_own_style(project, write_draft):
    """Two passes: `hausstil` first, then the draft against that style's model."""
    from helpers import DECLARED_DRAFT, declared_style

    declared_style(project.root / "templates")
    write_draft("gut.yaml", DECLARED_DRAFT)
    write_draft("oben.yaml", DECLARED_DRAFT.replace("felder:\n", "klimarelevanz: ja\nfelder:\n"))
    write_draft("falsch.yaml", DECLARED_DRAFT.replace("  frist:", "  fristt:"))
    # a key of another style's declarations, in a draft of the standard style
    write_draft("fremd.yaml", MINIMAL + "felder:\n  klimarelevanz: ja\n")
    assert run(["check", "drafts/gut.yaml"], project.root).returncode == 0
    result = run(["check", "drafts/oben.yaml", "drafts/falsch.yaml", "drafts/fremd.yaml"],
                 project.root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "drafts/oben.yaml:12:1: klimarelevanz: unbekanntes Feld; meinten Sie " \
           "„felder.klimarelevanz“? Eigene Felder des Hausstils stehen unter `felder:`" in lines
    assert "drafts/falsch.yaml:16:3: felder.fristt: unbekanntes Feld; meinten Sie „frist“?" \
        in lines
    assert "drafts/fremd.yaml:15:3: felder.klimarelevanz: unbekanntes Feld: „klimarelevanz“ " \
           "gehört zum Hausstil „musterfeld“ (Stadt Musterfeld), nicht zu „standard“" in lines


def test_without_its_style_a_draft_is_not_judged_by_another_one(project, write_draft):
    """The style decides what is required (`datum` may not be): no guesses without it."""
    write_draft("a.yaml", MINIMAL.replace("vorlagenart:", "hausstil: gibtsnicht\nvorlagenart:")
                .replace("datum: 01.02.2024\n", ""))
    result = run(["check", "drafts/a.yaml"], project.root)
    assert result.stderr.splitlines()[0] == "drafts/a.yaml:1:11: hausstil: Hausstil " \
        "„gibtsnicht“ nicht gefunden; vorhanden: bielefeld, bottrop, kempten, leipzig, " \
        "standard, waiblingen"
    assert "datum" not in result.stderr


def test_text_in_a_section_the_style_does_not_print_is_warned(project, write_draft):
    leipzig = (REPO / "drafts" / "leipzig-gruendach.yaml").read_text(encoding="utf-8")
    write_draft("l.yaml", leipzig + "fruehere_behandlung:\n  - gremium: Ratsversammlung\n"
                "    datum: 01.02.2020\n")
    result = run(["check", "drafts/l.yaml"], project.root)
    assert result.returncode == 0  # a warning: it builds, but the text is not in the PDF
    assert "fruehere_behandlung: Warnung: wird im Hausstil „leipzig“ nicht gedruckt: " \
           "`fruehere_behandlung` steht nicht in `abschnitte` von haus.yaml" in result.stderr
    assert run(["check", str(REPO / "drafts")], project.root).stderr.count("nicht gedruckt") == 0


def test_a_near_miss_style_or_vorlagenart_gets_a_suggestion(project, write_draft):
    write_draft("a.yaml", MINIMAL.replace("vorlagenart: Beschlussvorlage",
                                          "hausstil: leipzg\nvorlagenart: Beschlussvorlage"))
    write_draft("b.yaml", MINIMAL.replace("vorlagenart: Beschlussvorlage",
                                          "vorlagenart: Beschlußvorlage"))
    result = run(["check", "drafts/a.yaml", "drafts/b.yaml"], project.root)
    assert "hausstil: Hausstil „leipzg“ nicht gefunden; meinten Sie „leipzig“? vorhanden:" \
        in result.stderr
    assert "vorlagenart: „Beschlußvorlage“ gibt es im Hausstil standard nicht; meinten Sie " \
           "„Beschlussvorlage“? erlaubt:" in result.stderr
