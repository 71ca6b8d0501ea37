"""Numbers as real towns have them, through `check`, `build --final` and the register:
Wahlperioden with any name typed back, the Vorlagenart's code, typed follow-up and older
numbers, a `bezug` to a Vorlage from before the tool, original and follow-up in one run."""

import re
import shutil
import sqlite3

from helpers import MINIMAL, STYLES, pdf_text, run

FOLLOW = MINIMAL.replace("Beschlussvorlage", "Ergänzungsvorlage")


def _style(project, muster: str, extra: str = "", arten: str = "") -> None:
    """A copy of the standard style as the project's default with another pattern."""
    folder = project.root / "templates" / "stadt"
    shutil.copytree(STYLES / "standard", folder)
    text = (STYLES / "standard" / "haus.yaml").read_text(encoding="utf-8")
    text = text.replace('muster: "{jahr}/{lfd:04}"', f'muster: "{muster}"')
    if arten:
        text = re.sub(r"vorlagenarten:\n(  - .*\n(    .*\n)*)+", arten, text)
    (folder / "haus.yaml").write_text(text + extra, encoding="utf-8")
    config = project.root / "vorlage.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("hausstil: standard",
                                                                 "hausstil: stadt"),
                      encoding="utf-8")


def _rows(project) -> dict:
    with sqlite3.connect(project.register_path) as db:
        return {r[0]: r[1:] for r in db.execute(
            "SELECT nummer, serie, lfd, entwurf, herkunft, basis, version FROM nummern")}


def _archived(project, number: str) -> str:
    name = number.replace("-", "--").replace("/", "-")
    return pdf_text(next(project.output_dir.glob(f"archiv/*/{name}.pdf")))


ROMAN = """\
wahlperioden:
  - {name: V, von: 01.06.2004, bis: 31.05.2009}
  - {name: VII, von: 01.06.2019, bis: 31.05.2024}
"""


def test_a_roman_wahlperiode_number_is_issued_and_typed_back(project, write_draft):
    _style(project, "{lfd}/{wahlperiode}", ROMAN)
    write_draft("a.yaml")
    built = run(["build", "--final", "drafts/a.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    assert "drafts/a.yaml: 1/VII" in built.stdout
    # the number the tool gave, typed in another draft of the period, and an older one
    write_draft("b.yaml", "vorlagennummer: 1/VII\n" + MINIMAL.replace("Testgeräten", "Stühlen"))
    write_draft("c.yaml", "vorlagennummer: 7/VII\n" + MINIMAL.replace("Testgeräten", "Bänken"))
    checked = run(["check", "drafts/b.yaml", "drafts/c.yaml"], project.root)
    assert checked.returncode == 1, checked.stderr
    assert "passt nicht zum Nummernschema" not in checked.stderr
    assert "Vorlagennummer 1/VII gehört im Register schon zu drafts/a.yaml" in checked.stderr
    built = run(["build", "--final", "drafts/c.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    assert _rows(project)["7/VII"] == ("#/VII", 7, "drafts/c.yaml", "entwurf", None, 0)
    write_draft("d.yaml", MINIMAL.replace("Testgeräten", "Tischen"))
    built = run(["build", "--final", "drafts/d.yaml"], project.root)
    assert "drafts/d.yaml: 8/VII" in built.stdout, built.stdout + built.stderr
    assert "8/VII" in _archived(project, "8/VII")


ARTEN = """vorlagenarten:
  - name: Beschlussvorlage
    kuerzel: BV
  - name: Informationsvorlage
    kuerzel: Ifo
    beschluss: nein
"""


def test_the_vorlagenart_code_in_the_number(project, write_draft):
    _style(project, "{jahr}/{art}/{lfd}", arten=ARTEN)
    write_draft("a.yaml")
    write_draft("b.yaml", MINIMAL.replace("Beschlussvorlage", "Informationsvorlage")
                .replace("beschlussvorschlag: Der Rat beschließt die Beschaffung.\n", ""))
    built = run(["build", "--final", "drafts"], project.root)
    assert built.returncode == 0, built.stderr
    assert "drafts/a.yaml: 2024/BV/1" in built.stdout
    assert "drafts/b.yaml: 2024/Ifo/1" in built.stdout  # a series per Vorlagenart
    write_draft("c.yaml", "vorlagennummer: 2024/Ifo/2114\n" + MINIMAL.replace(
        "Beschlussvorlage", "Informationsvorlage").replace("Testgeräten", "Stühlen"))
    assert run(["check", "drafts/c.yaml"], project.root).returncode == 0


def test_a_pattern_with_art_needs_every_code(project, write_draft):
    _style(project, "{jahr}/{art}/{lfd}", arten=ARTEN + "  - name: Mitteilungsvorlage\n")
    write_draft("a.yaml")
    checked = run(["check", "drafts/a.yaml"], project.root)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "die Vorlagenart Mitteilungsvorlage braucht ein `kuerzel`" in checked.stderr


def test_typed_follow_up_and_older_numbers_are_registered_as_such(project, write_draft):
    write_draft("neu.yaml", "vorlagennummer: 2015/0288-1\n" + MINIMAL)
    write_draft("alt.yaml", "vorlagennummer: VO/2011/42\n"
                + MINIMAL.replace("Testgeräten", "Stühlen"))
    checked = run(["check", "drafts"], project.root)
    assert checked.returncode == 0, checked.stderr
    assert ("drafts/alt.yaml:1:17: vorlagennummer: Warnung: „VO/2011/42“ passt nicht zum "
            "Nummernschema {jahr}/{lfd:04}") in checked.stderr
    assert "neu.yaml" not in checked.stderr
    built = run(["build", "--final", "drafts"], project.root)
    assert built.returncode == 0, built.stderr
    rows = _rows(project)
    assert rows["2015/0288"] == ("2015/#", 288, None, "extern", None, 0)
    assert rows["2015/0288-1"] == ("2015/#", 288, "drafts/neu.yaml", "entwurf_folge",
                                   "2015/0288", 1)
    assert rows["VO/2011/42"] == ("einzeln:VO/2011/42", 0, "drafts/alt.yaml", "frueher",
                                  None, 0)
    # neither counts: the next number of 2024 is the first
    write_draft("n.yaml", MINIMAL.replace("Testgeräten", "Tischen"))
    assert "drafts/n.yaml: 2024/0001" in run(["build", "--final", "drafts/n.yaml"],
                                             project.root).stdout


WORDED = """vorlagenarten:
  - name: Beschlussvorlage
  - name: Ergänzungsvorlage
    bezug_text: "{version}. Ergänzung zur Vorlage {bezug}"
  - name: Neufassung
    bezug_text: "Bezüglich: {bezug}"
"""


def test_a_bezug_to_a_vorlage_from_before_the_tool(project, write_draft):
    _style(project, "{jahr}/{lfd:04}", arten=WORDED)
    write_draft("e.yaml", "bezug: 2015/0288\n" + FOLLOW)
    checked = run(["check", "drafts/e.yaml"], project.root)
    assert checked.returncode == 0, checked.stderr
    draft = run(["build", "drafts/e.yaml"], project.root)
    assert draft.returncode == 0, draft.stderr
    text = pdf_text(next(project.output_dir.glob("e*ENTWURF.pdf")))
    assert "X. Ergänzung zur Vorlage 2015/0288" in text and "2015/0288-X" in text
    built = run(["build", "--final", "drafts/e.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    assert "drafts/e.yaml: 2015/0288-1" in built.stdout
    assert "Vorlage 2015/0288 ist nicht im Archiv; sie wird als frühere Vorlage" \
        in built.stderr + built.stdout
    assert "1. Ergänzung zur Vorlage 2015/0288" in _archived(project, "2015/0288-1")
    assert _rows(project)["2015/0288"][2:4] == (None, "extern")
    write_draft("n.yaml", "bezug: 2015/0288\n" + MINIMAL.replace("Beschlussvorlage",
                                                                 "Neufassung"))
    assert run(["check", "drafts/n.yaml"], project.root).stderr.count("Hinweis: Vorlage "
                                                                      "2015/0288 ist als") == 1
    built = run(["build", "--final", "drafts/n.yaml"], project.root)
    assert "drafts/n.yaml: 2015/0288-2" in built.stdout, built.stderr
    assert "Bezüglich: 2015/0288" in _archived(project, "2015/0288-2")
    # a register lost and rebuilt from the archive knows the base again
    for path in project.register_path.parent.glob("register.sqlite*"):
        path.unlink()
    restored = run(["archiv", "abgleichen", "--anwenden"], project.root)
    assert restored.returncode == 0, restored.stderr
    assert _rows(project)["2015/0288"] == ("2015/#", 288, None, "extern", None, 0)


def test_an_original_and_its_follow_up_in_one_final_run(project, write_draft):
    write_draft("b-folge.yaml", "bezug: 2024/0007\n" + FOLLOW)  # sorted before its original
    write_draft("c-original.yaml", "vorlagennummer: 2024/0007\n" + MINIMAL)
    alone = run(["check", "drafts/b-folge.yaml"], project.root)
    assert alone.returncode == 0  # no register yet: nothing to compare with
    both = run(["check", "drafts"], project.root)
    assert both.returncode == 0, both.stderr
    built = run(["build", "--final", "drafts"], project.root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "drafts/b-folge.yaml: 2024/0007-1" in built.stdout
    assert "1. Ergänzung zur Vorlage 2024/0007" in _archived(project, "2024/0007-1")
    assert "Beschaffung von Testgeräten" in _archived(project, "2024/0007")
    assert _rows(project)["2024/0007-1"][3:] == ("folge", "2024/0007", 1)


def test_a_follow_up_of_a_draft_not_final_waits(project, write_draft):
    write_draft("o.yaml")
    assert run(["number", "assign", "drafts/o.yaml"], project.root).returncode == 0
    write_draft("f.yaml", "bezug: 2024/0001\n" + FOLLOW)
    checked = run(["check", "drafts/f.yaml"], project.root)
    assert checked.returncode == 1
    assert ("bezug: Vorlage 2024/0001 (drafts/o.yaml) ist noch nicht final; eine "
            "Folgevorlage wird erst nach ihr final") in checked.stderr
    refused = run(["build", "--final", "drafts/f.yaml"], project.root)
    assert refused.returncode == 1 and "ist noch nicht final" in refused.stderr
    assert run(["build", "drafts/f.yaml"], project.root).returncode == 0  # a draft may
