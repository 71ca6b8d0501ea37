"""A project with `workflow: ja` for the tests of the way of a Vorlage: the example's Ämter, a
house style whose Kämmerei signs finances, Beschlussvorschlag and Anlagen and whose
Gleichstellungsstelle is heard, one draft with an amount, and five people."""

import shutil
from pathlib import Path

from helpers import REPO

PASSWORD = "Weg-Passwort-123"
PEOPLE = {
    "sb": ("Sina Berger", ["sachbearbeitung:54"]),
    "kae": ("Karl Kämmerer", ["mitzeichnung:20"]),
    "gs": ("Gerda Gleich", ["mitzeichnung:16"]),
    "al": ("Anton Leiter", ["amtsleitung:54"]),
    "sd": ("Silke Dienst", ["sitzungsdienst"]),
}
DRAFT = "turnhalle.yaml"
TEXT = """\
hausstil: wegstil
vorlagenart: Beschlussvorlage
amt: Kommunales Integrationszentrum
datum: 01.02.2024
betreff: Neubau einer Turnhalle an der Grundschule Nord
beratungsfolge:
  - gremium: Rat
    sitzung: 15.03.2024
    zustaendigkeit: Entscheidung
beschlussvorschlag: Der Rat beschließt den Neubau.
finanzen:
  auswirkungen: ja
  haushalt:
    haushaltsjahr: 2024
    bedarf: 100000
begruendung: |
  Die alte Halle ist marode.
"""


def make_workflow_project(root: Path, people: dict | None = None) -> Path:
    from pipeline.accounts import Accounts, parse_roles
    from pipeline.project import Project

    (root / "drafts").mkdir(parents=True)
    style = root / "templates" / "wegstil"
    shutil.copytree(REPO / "pipeline" / "haus" / "styles" / "bielefeld", style)
    config = style / "haus.yaml"
    text = config.read_text(encoding="utf-8")
    text = text[:text.index("\nfinanzen:")]  # the bundled finance form, with the Formblock
    rule = "mitzeichnung:\n  - stelle: Kämmerei\n    wenn: finanzen\n"
    assert rule in text
    config.write_text(text.replace(rule, rule + (
        "    umfang: [finanzen, beschlussvorschlag, anlagen]\n"
        "  - stelle: Gleichstellungsstelle\n    art: beteiligung\n")), encoding="utf-8")
    (root / "vorlage.yaml").write_text(
        (REPO / "vorlage.yaml").read_text(encoding="utf-8") + "workflow: ja\n",
        encoding="utf-8")
    (root / "drafts" / DRAFT).write_text(TEXT, encoding="utf-8")
    project = Project.find(root)
    with Accounts(project.accounts_path) as accounts:
        for name, (shown, roles) in (people or PEOPLE).items():
            accounts.add(name, parse_roles(roles, None, project.amt_key), PASSWORD, shown)
    return root
