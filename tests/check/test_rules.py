"""The rules across fields: order, confidentiality, summary, Vorlagenart, numbering fields."""



from helpers import MINIMAL, run


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
