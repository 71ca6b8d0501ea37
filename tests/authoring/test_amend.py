"""`vorlage amend`: a follow-up draft of a final Vorlage, copied with its layout."""

import sqlite3
from datetime import date

from helpers import MINIMAL, pdf_text, run


def test_changed_final_is_refused_and_amended(project, write_draft):
    draft = write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    draft.write_text(draft.read_text(encoding="utf-8").replace("veraltet", "kaputt"),
                     encoding="utf-8")
    refused = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert refused.returncode == 1
    assert "Vorlage 2024/0001 ist final und archiviert" in refused.stderr
    assert "vorlage amend 2024/0001 --art Änderungsvorlage" in refused.stderr
    amended = run(["amend", "2024/0001", "--art", "Ergänzungsvorlage"], project.root)
    assert amended.returncode == 0, amended.stderr
    new = project.drafts_dir / "v-ergaenzung-1.yaml"
    text = new.read_text(encoding="utf-8")
    assert "bezug: 2024/0001" in text and "vorlagenart: Ergänzungsvorlage" in text
    assert "Die Geräte sind kaputt." in text  # the content is copied
    assert f"datum: {date.today():%d.%m.%Y}" in text  # a new Vorlage, dated today
    built = run(["build", "--final", "drafts/v-ergaenzung-1.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    assert "drafts/v-ergaenzung-1.yaml: 2024/0001-1 ->" in built.stdout
    pdf = project.output_dir / "archiv" / str(date.today().year) / "2024-0001--1.pdf"
    assert "1. Ergänzung zur Vorlage 2024/0001" in pdf_text(pdf)
    show = run(["archiv", "show", "2024/0001"], project.root).stdout.splitlines()
    assert show[0].split()[:2] == ["0", "2024/0001"]
    assert show[1].split()[:2] == ["1", "2024/0001-1"] and "(zu 2024/0001)" in show[1]
    with sqlite3.connect(project.register_path) as db:
        assert db.execute("SELECT basis, version FROM nummern WHERE nummer = '2024/0001-1'"
                          ).fetchone() == ("2024/0001", 1)
    # The next regular number is not affected by the follow-up.
    write_draft("w.yaml", MINIMAL.replace("Testgeräten", "Tischen"))
    assert "drafts/w.yaml: 2024/0002" in run(["build", "--final", "drafts/w.yaml"],
                                             project.root).stdout


def test_amend_needs_an_archived_vorlage(project):
    result = run(["amend", "2024/0042", "--art", "Änderungsvorlage"], project.root)
    assert result.returncode == 1 and "nicht final archiviert" in result.stderr
