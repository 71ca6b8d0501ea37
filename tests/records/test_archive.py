"""The write-once archive of final Vorlagen: stored once, read-only, verified, exported."""

import json
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


def test_archive_export_for_the_records_office(project, write_draft):
    write_draft("a.yaml")
    write_draft("b.yaml", MINIMAL.replace("Testgeräten", "Stühlen"))
    write_draft("c.yaml", MINIMAL.replace("01.02.2024", "05.01.2025")
                .replace("01.03.2024", "01.03.2025").replace("15.03.2024", "15.03.2025"))
    assert run(["build", "--final", "drafts"], project.root).returncode == 0
    result = run(["archiv", "export", "--year", "2024", "--out", "abgabe"], project.root)
    assert result.returncode == 0, result.stderr
    out = project.root / "abgabe"
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [v["nummer"] for v in index["vorlagen"]] == ["2024/0001", "2024/0002"]
    first = index["vorlagen"][0]
    assert first["betreff"] == "Beschaffung von Testgeräten"
    assert first["vorlagenart"] == "Beschlussvorlage" and first["datum"] == "2024-02-01"
    assert [g["gremium"] for g in first["gremien"]] == ["Hauptausschuss", "Rat"]
    import hashlib

    assert first["sha256"] == hashlib.sha256((out / first["datei"]).read_bytes()).hexdigest()
    csv = (out / "index.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0].startswith("nummer;version;basis;betreff")
    assert len(csv) == 3 and "Hauptausschuss 2024-03-01 | Rat 2024-03-15" in csv[1]
