"""reconcile.py: a register restored from a backup gives no number out again, and
`vorlage archiv abgleichen` settles it from the archive's manifest."""

import shutil

from helpers import MINIMAL, run


def _files(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_restored_register_is_refused_until_settled_from_the_archive(project, write_draft):
    # Finding 2: after restoring the backup, build --final reissued archived numbers.
    for name, subject in (("a", "Tischen"), ("b", "Stühlen"), ("c", "Lampen")):
        write_draft(f"{name}.yaml", MINIMAL.replace("Testgeräten", subject))
    assert run(["build", "drafts/c.yaml"], project.root).returncode == 0  # a draft build
    backup = project.root / "sicherung.sqlite"
    shutil.copy(project.register_path, backup)  # the nightly backup, before the finals
    assert run(["build", "--final", "drafts/a.yaml", "drafts/b.yaml"],
               project.root).returncode == 0
    before = _files(project.archive_dir)
    shutil.copy(backup, project.register_path)
    for extra in ("-wal", "-shm"):
        project.register_path.with_name(project.register_path.name + extra).unlink(
            missing_ok=True)
    refused = run(["build", "--final", "drafts/c.yaml"], project.root)
    assert refused.returncode == 1
    assert "Nummernregister und Archiv stimmen nicht überein" in refused.stderr
    assert "vorlage archiv abgleichen" in refused.stderr and "Traceback" not in refused.stderr
    assert _files(project.archive_dir) == before
    assert run(["archiv", "verify"], project.root).returncode == 0
    shown = run(["archiv", "abgleichen"], project.root)
    assert shown.returncode == 1
    assert "2024/0001: archiviert (drafts/a.yaml), fehlt im Register" in shown.stdout
    assert "2024/0002: archiviert (drafts/b.yaml), fehlt im Register" in shown.stdout
    assert run(["archiv", "abgleichen"], project.root).stdout == shown.stdout  # changed nothing
    applied = run(["archiv", "abgleichen", "--anwenden"], project.root)
    assert applied.returncode == 0, applied.stderr
    built = run(["build", "--final", "drafts/c.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    assert "drafts/c.yaml: 2024/0003 ->" in built.stdout
    assert run(["archiv", "abgleichen"], project.root).returncode == 0
    assert run(["archiv", "verify"], project.root).returncode == 0
    again = run(["build", "--final", "drafts"], project.root)
    assert again.returncode == 0 and again.stdout.count("unverändert") == 3


def test_numbers_without_an_archive_file_are_no_disagreement(project, write_draft):
    # Numbers given out before this tool (typed), or numbered but not yet final.
    write_draft("alt.yaml", "vorlagennummer: 2024/0850\n" + MINIMAL)
    write_draft("neu.yaml", MINIMAL.replace("Testgeräten", "Bänken"))
    assert run(["number", "assign", "drafts/alt.yaml", "drafts/neu.yaml"],
               project.root).returncode == 0
    assert run(["archiv", "abgleichen"], project.root).returncode == 0
    write_draft("x.yaml", MINIMAL.replace("Testgeräten", "Lampen"))
    built = run(["build", "--final", "drafts/x.yaml"], project.root)
    assert built.returncode == 0 and "2024/0852" in built.stdout


def test_anwenden_gives_an_archived_number_back_to_its_draft(project, write_draft):
    from pipeline.records import Archive, Register, apply_manifest, differences

    write_draft("a.yaml")
    assert run(["build", "--final", "drafts/a.yaml"], project.root).returncode == 0
    with Register(project.register_path) as reg:
        with reg.transaction() as db:  # as a careless restore plus a new assignment might
            db.execute("DELETE FROM archiv")
            db.execute("UPDATE nummern SET entwurf = 'drafts/fremd.yaml'")
        archive = Archive(reg, project.archive_dir)
        assert any("im Register an drafts/fremd.yaml vergeben" in d
                   for d in differences(reg, archive))
        apply_manifest(reg, archive)
        assert differences(reg, archive) == []
        assert reg.number_of("drafts/a.yaml") == "2024/0001"
        assert reg.number_of("drafts/fremd.yaml") is None
