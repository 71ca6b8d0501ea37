"""The template's values: German formats, the follow-up wording, public copies."""


import pytest

from helpers import pdf_text, run


@pytest.mark.parametrize("art", ["Ergänzungsvorlage", "Änderungsvorlage"])
def test_follow_up_wording(project, write_draft, art):
    write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    assert run(["amend", "2024/0001", "--art", art], project.root).returncode == 0
    new = next(project.drafts_dir.glob("v-*-1.yaml"))
    assert run(["build", "--final", str(new.relative_to(project.root))],
               project.root).returncode == 0
    word = "Ergänzung" if art == "Ergänzungsvorlage" else "Änderung"
    assert f"1. {word} zur Vorlage 2024/0001" in pdf_text(
        project.output_dir / "archiv" / "2024" / "2024-0001-1.pdf")
