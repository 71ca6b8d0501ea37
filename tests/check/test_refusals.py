"""refusals.py: `vorlage check` reports, with file:line, what `build --final` would refuse,
reading the register without changing it."""

import hashlib

from helpers import MINIMAL, run


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_reports_what_a_final_build_refuses(project, write_draft):
    write_draft("a.yaml", "vorlagennummer: 2025/0001\n" + MINIMAL)
    assert run(["build", "--final", "drafts/a.yaml"], project.root).returncode == 0
    # Finding 3: the same number in another spelling. A bezug to a number nothing here holds
    # is a Vorlage from before the tool: said, not refused.
    write_draft("b.yaml", "vorlagennummer: 2025/1\n" + MINIMAL.replace("Testgeräten", "Bänken"))
    write_draft("c.yaml", "bezug: 2024/0042\n" + MINIMAL.replace("Beschlussvorlage",
                                                                 "Ergänzungsvorlage"))
    register = _digest(project.register_path)
    checked = run(["check", "drafts/b.yaml", "drafts/c.yaml"], project.root)
    assert checked.returncode == 1
    assert ("drafts/b.yaml:1:17: vorlagennummer: Vorlagennummer 2025/1 gehört im Register "
            "schon zu drafts/a.yaml (als 2025/0001)") in checked.stderr
    assert ("drafts/c.yaml:1:8: bezug: Warnung: Vorlage 2024/0042 ist nicht im Archiv; sie "
            "wird als frühere Vorlage (vor dem Werkzeug) ins Register eingetragen") \
        in checked.stderr
    assert _digest(project.register_path) == register  # read only
    built = run(["build", "--final", "drafts/b.yaml", "drafts/c.yaml"], project.root)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "2025/1 gehört im Register schon zu drafts/a.yaml" in built.stderr
    assert "drafts/c.yaml: 2024/0042-1" in built.stdout


def test_a_follow_up_checked_with_its_original_is_no_refusal(project, write_draft):
    write_draft("a.yaml")
    assert run(["number", "assign", "drafts/a.yaml"], project.root).returncode == 0
    write_draft("f.yaml", "bezug: 2024/0001\n" + MINIMAL.replace("Beschlussvorlage",
                                                                 "Ergänzungsvorlage"))
    assert "ist noch nicht final" in run(["check", "drafts/f.yaml"], project.root).stderr
    both = run(["check", "drafts/a.yaml", "drafts/f.yaml"], project.root)
    assert both.returncode == 0, both.stderr


def test_check_reports_a_changed_final_draft(project, write_draft):
    draft = write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    assert run(["check", "drafts/v.yaml"], project.root).returncode == 0
    draft.write_text(draft.read_text(encoding="utf-8") + "# Nachtrag\n", encoding="utf-8")
    checked = run(["check", "drafts/v.yaml"], project.root)
    assert checked.returncode == 1
    assert "Vorlage 2024/0001 ist final und archiviert" in checked.stderr
    assert "vorlage amend 2024/0001" in checked.stderr
