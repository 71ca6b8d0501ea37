"""export.py: a year's finals for the records office, only archived bytes, with an index
that says what is öffentlich."""

import json
import os
import sqlite3

from helpers import MINIMAL, final_pdf, helvetica_pdf, pdf_text, run


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


def test_the_index_carries_only_published_declared_fields(project, write_draft):
    from datetime import date

    from helpers import DECLARED_DRAFT, declared_style

    declared_style(project.root / "templates")
    write_draft("d.yaml", DECLARED_DRAFT)
    assert run(["build", "--final", "drafts/d.yaml"], project.root).returncode == 0
    year = date.today().year  # the style dates a final without `datum` on its day
    result = run(["archiv", "export", "--year", str(year), "--out", "abgabe"], project.root)
    assert result.returncode == 0, result.stderr
    index = json.loads((project.root / "abgabe" / "index.json").read_text(encoding="utf-8"))
    felder = index["vorlagen"][0]["felder"]
    assert felder["anlass"] == {"beschriftung": "Anlass", "wert": "Stadtratsbeschluss, "
                                "Sonstiges: Bürgerantrag vom Mai"}
    assert felder["rechtsgrundlage"]["wert"] == "§ 41 GO NRW"
    assert "verfasser" not in felder and "intern" not in felder  # not published
    assert index["vorlagen"][0]["datum"] == date.today().isoformat()
    # the file to publish is the copy without them, handed over beside the final
    copy = index["vorlagen"][0]["oeffentliche_fassung"]
    assert copy.endswith(".oeffentlich.pdf") and copy != index["vorlagen"][0]["datei"]
    assert "Erika Mustermann" not in pdf_text(project.root / "abgabe" / copy)
    assert "Erika Mustermann" in pdf_text(project.root / "abgabe" / index["vorlagen"][0]["datei"])


def test_export_copies_only_archived_bytes_from_inside_the_archive(project, write_draft):
    # Finding 4: a row edited to ../../../../etc/hostname exported that file, unchecked.
    write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: Plan\n    datei: plan.pdf\n"
                "  - titel: Preise\n    datei: preise.pdf\n    oeffentlich: nein\n")
    helvetica_pdf(project.drafts_dir / "plan.pdf", "Plan")
    helvetica_pdf(project.drafts_dir / "preise.pdf", "Preise")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    good = run(["archiv", "export", "--year", "2024", "--out", "abgabe"], project.root)
    assert good.returncode == 0, good.stderr
    index = json.loads((project.root / "abgabe" / "index.json").read_text(encoding="utf-8"))
    entry = index["vorlagen"][0]
    assert entry["oeffentlich"] is True
    assert entry["anlagen"] == [
        {"nr": "1", "titel": "Plan", "oeffentlich": True, "beigefuegt": True},
        {"nr": "2", "titel": "Preise", "oeffentlich": False, "beigefuegt": True}]
    with sqlite3.connect(project.register_path) as db:
        db.execute("UPDATE archiv SET datei = '../../../../etc/hostname'")
    stolen = run(["archiv", "export", "--year", "2024", "--out", "dieb"], project.root)
    assert stolen.returncode == 1 and "zeigt aus dem Archiv heraus" in stolen.stderr
    assert not (project.root / "dieb").exists()
    with sqlite3.connect(project.register_path) as db:
        db.execute("UPDATE archiv SET datei = '2024/2024-0001.pdf'")
    path = final_pdf(project)
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes() + b"%")
    changed = run(["archiv", "export", "--year", "2024", "--out", "neu"], project.root)
    assert changed.returncode == 1 and "verändert (Prüfsumme stimmt nicht)" in changed.stderr
    assert not (project.root / "neu").exists()
