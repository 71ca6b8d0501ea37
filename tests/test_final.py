"""Final Vorlagen: sign-offs, PDF/A-2b, the write-once archive, follow-up versions."""

import json
import os
import re
import sqlite3
import subprocess

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, helvetica_pdf, pdf_text, run

COSTS = MINIMAL + """\
finanzen:
  haushalt:
    haushaltsjahr: 2024
    bedarf: 54000
    haushaltsansatz: 40000
"""


def scanned_pdf(path, lines):
    """A page that is only an image of text, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                              52)
    for i, line in enumerate(lines):
        draw.text((150, 300 + 90 * i), line, font=font, fill=0)
    image.save(path, resolution=200)


def final_pdf(project):
    return next(project.output_dir.glob("archiv/*/*.pdf"))


def test_final_pdf_is_pdfa_2b_tagged_and_searchable(project, write_draft):
    from pipeline import pdfa

    drafts = project.drafts_dir
    helvetica_pdf(drafts / "angebot.pdf", "Angebot der Firma Muster")
    scanned_pdf(drafts / "scan.pdf", ["Gutachten zur Schulsanierung",
                                      "Die Kosten betragen 250.000 Euro."])
    write_draft("v.yaml", MINIMAL + "anlagen:\n  - titel: Angebot\n    datei: angebot.pdf\n"
                "  - titel: Gutachten\n    datei: scan.pdf\n")
    result = run(["build", "--final", "drafts/v.yaml"], project.root)
    assert result.returncode == 0, result.stderr
    assert "Hinweis: Anlage 2 (Gutachten) gescannt (alle Seiten ohne Text): deutsche " \
           "Texterkennung ergänzt" in result.stderr
    assert "Hinweis: Anlage 1 (Angebot) nicht PDF/A-tauglich (Seite 1: Schrift Helvetica " \
           "nicht eingebettet)" in result.stderr
    path = final_pdf(project)
    assert pdfa.problems(path) == []  # our validator, including `qpdf --check`
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[>=\"]+2", xmp) and re.search(r"pdfaid:conformance[>=\"]+B",
                                                                 xmp)
    assert "pdfuaid" not in xmp  # Anlage pages are untagged: no PDF/UA claim any more
    assert not reader.is_encrypted
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "de-DE"
    assert reader.metadata.title == "Beschaffung von Testgeräten"
    assert "Beschaffung von Testgeräten" in xmp
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Anlage 1: Angebot" in titles and "Anlage 2: Gutachten" in titles
    intents = root["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    text = pdf_text(path)
    assert "Gutachten zur Schulsanierung" in text and "Angebot der Firma Muster" in text
    assert b"/JavaScript" not in path.read_bytes()


def test_final_without_anlagen_keeps_the_pdf_ua_claim(project, write_draft):
    write_draft("v.yaml")
    assert run(["build", "--final", "drafts/v.yaml"], project.root).returncode == 0
    xmp = PdfReader(str(final_pdf(project))).trailer["/Root"]["/Metadata"].get_object()
    assert "pdfuaid" in xmp.get_data().decode()


def test_kaemmerei_must_sign_off_costs(project, write_draft):
    write_draft("teuer.yaml", COSTS)
    refused = run(["build", "--final", "drafts/teuer.yaml"], project.root)
    assert refused.returncode == 1
    assert "mitzeichnung: Mitzeichnung fehlt: Kämmerei (nicht eingetragen)" in refused.stderr
    write_draft("teuer.yaml", COSTS + "mitzeichnung:\n  - stelle: Kämmerei\n"
                "  - stelle: Rechtsamt\n    status: erteilt\n")
    refused = run(["build", "--final", "drafts/teuer.yaml"], project.root)
    assert "Mitzeichnung fehlt: Kämmerei (offen)" in refused.stderr
    assert run(["number"], project.root).stdout.startswith("Register ist leer")  # no number
    write_draft("teuer.yaml", COSTS + "mitzeichnung:\n  - stelle: Kämmerei\n    status: "
                "erteilt\n    name: K. Kasse\n    datum: 05.02.2024\n")
    built = run(["build", "--final", "drafts/teuer.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    text = pdf_text(final_pdf(project))
    assert "Mitzeichnung" in text and "K. Kasse" in text
    assert run(["build", "drafts/teuer.yaml"], project.root).returncode == 0  # drafts need none


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
    built = run(["build", "--final", "drafts/v-ergaenzung-1.yaml"], project.root)
    assert built.returncode == 0, built.stderr
    assert "drafts/v-ergaenzung-1.yaml: 2024/0001-1 ->" in built.stdout
    pdf = project.output_dir / "archiv" / "2024" / "2024-0001-1.pdf"
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
