"""The write-once archive of final Vorlagen: stored once, read-only, verified, exported."""

import os
import sqlite3

from helpers import MINIMAL, final_pdf, run


def test_archive_is_write_once_and_verified(project, write_draft):
    write_draft("v.yaml")
    result = run(["build", "--final", "--by", "Sachbearbeiterin Test", "drafts/v.yaml"],
                 project.root)
    assert result.returncode == 0, result.stderr
    path = final_pdf(project)
    assert path == project.output_dir / "archiv" / "2024" / "2024-0001.pdf"
    assert oct(path.stat().st_mode & 0o777) == "0o444"
    with sqlite3.connect(project.register_path) as db:
        row = db.execute("SELECT nummer, sha256, groesse, finalisiert_von, entwurf FROM "
                         "archiv").fetchone()
    import hashlib

    assert row == ("2024-0001".replace("-", "/"), hashlib.sha256(path.read_bytes()).hexdigest(),
                   path.stat().st_size, "Sachbearbeiterin Test", "drafts/v.yaml")
    assert run(["archiv", "verify"], project.root).returncode == 0
    # The same content again: nothing is written.
    mtime = path.stat().st_mtime_ns
    again = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert "unverändert" in again.stdout and path.stat().st_mtime_ns == mtime
    # One flipped byte is found and named.
    os.chmod(path, 0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    verify = run(["archiv", "verify"], project.root)
    assert verify.returncode == 1
    assert f"{path}: verändert (Prüfsumme stimmt nicht, Vorlage 2024/0001)" in verify.stdout \
        + verify.stderr
    stray = path.with_name("fremd.pdf")
    stray.write_bytes(b"%PDF-1.4\n")
    path.unlink()
    verify = run(["archiv", "verify"], project.root)
    out = verify.stdout + verify.stderr
    assert f"{path}: fehlt (Vorlage 2024/0001)" in out
    assert f"{stray}: nicht registriert" in out


def test_numbers_differing_only_in_separators_keep_their_own_finals(project, write_draft):
    # Finding 1: 2024/0001 and 2024-0001 (two styles) shared one archive file; the second
    # final replaced the first one's read-only PDF.
    import shutil

    from helpers import STYLES, pdf_text

    style = project.root / "templates" / "strich"
    shutil.copytree(STYLES / "standard", style)
    text = (style / "haus.yaml").read_text(encoding="utf-8")
    (style / "haus.yaml").write_text(text.replace('muster: "{jahr}/{lfd:04}"',
                                                  'muster: "{jahr}-{lfd:04}"'), encoding="utf-8")
    write_draft("a.yaml")
    write_draft("b.yaml", "hausstil: strich\n" + MINIMAL.replace("Testgeräten", "Stühlen"))
    assert run(["build", "--final", "drafts/a.yaml"], project.root).returncode == 0
    first = final_pdf(project)
    before = first.read_bytes()
    second = run(["build", "--final", "drafts/b.yaml"], project.root)
    assert second.returncode == 0, second.stderr
    assert "2024-0001 ->" in second.stdout
    folder = project.archive_dir / "2024"
    assert first.read_bytes() == before
    assert "Testgeräten" in pdf_text(folder / "2024-0001.pdf")
    assert "Stühlen" in pdf_text(folder / "2024--0001.pdf")
    assert run(["archiv", "verify"], project.root).returncode == 0


def _record(nummer: str, datei: str) -> dict:
    return {"nummer": nummer, "version": 0, "basis": None, "datei": datei,
            "entwurf": "drafts/a.yaml", "entwurf_sha256": "e", "anlagen_sha256": "[]",
            "hausstil_sha256": "h", "finalisiert_von": "t", "betreff": "B",
            "vorlagenart": "Beschlussvorlage", "datum": "2024-02-01", "gremien": "[]",
            "oeffentlich": 1, "kopie_datei": datei, "entwurf_datei": None, "anlagen": "[]"}


def test_store_refuses_an_existing_file_registered_or_not_and_writes_nothing(tmp_path):
    import pytest

    from pipeline.errors import UserError
    from pipeline.records import Archive, Register

    with Register(tmp_path / "r.sqlite") as reg:
        archive = Archive(reg, tmp_path / "archiv")
        reg.assign("drafts/a.yaml", "s", lambda n: f"2024/{n:04d}", "standard")
        target = archive.path_for("2024/0001", 2024)
        target.parent.mkdir(parents=True)
        target.write_bytes(b"fremd")
        source = tmp_path / "final.pdf"
        source.write_bytes(b"%PDF final")
        with pytest.raises(UserError, match="Im Archiv liegt schon .*nichts wurde geschrieben"):
            archive.store(source, _record("2024/0001", "2024/2024-0001.pdf"))
        assert target.read_bytes() == b"fremd"
        assert archive.records() == [] and archive.manifest.entries() == []
        target.unlink()
        assert archive.store(source, _record("2024/0001", "2024/2024-0001.pdf"))
        assert [e["nummer"] for e in archive.manifest.entries()] == ["2024/0001"]


def test_verify_sees_register_edits_links_and_non_files(project, write_draft):
    write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    folder = project.archive_dir / "2024"
    with sqlite3.connect(project.register_path) as db:
        db.execute("UPDATE archiv SET betreff = 'Harmlos' WHERE nummer = '2024/0001'")
    os.symlink("/etc/hostname", folder / "link.pdf")
    os.mkfifo(folder / "rohr")
    out = run(["archiv", "verify"], project.root)
    text = out.stdout + out.stderr
    assert out.returncode == 1
    assert "Vorlage 2024/0001: Register weicht vom Manifest ab (betreff)" in text
    assert f"{folder / 'link.pdf'}: symbolischer Verweis im Archiv" in text
    assert f"{folder / 'rohr'}: keine gewöhnliche Datei" in text
