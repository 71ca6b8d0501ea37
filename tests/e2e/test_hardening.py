"""Hardening: concurrent numbering, a full disk, confidentiality of logs and metadata."""

import getpass
import json
import resource
import signal
import sqlite3
import subprocess

from pypdf import PdfReader

from helpers import MINIMAL, VORLAGE, run

# 20 rounds of 8 processes: 160 racing starts of `vorlage number assign`. The race once
# seen here (a register created by two processes at once) has its own test of 240 forked
# openings behind a barrier in tests/records/test_register.py, so these need not hunt it.
ROUNDS, PROCESSES, DRAFTS = 20, 8, 16


def _numbers(register):
    with sqlite3.connect(register) as db:
        return db.execute("SELECT entwurf, nummer FROM nummern ORDER BY nummer").fetchall()


def test_eight_concurrent_numberings_twenty_times(project, write_draft):
    names = [f"v{i:02d}.yaml" for i in range(DRAFTS)]
    for i, name in enumerate(names):
        write_draft(name, MINIMAL.replace("Testgeräten", f"Testgeräten {i}"))
    for round_ in range(ROUNDS):
        project.register_path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            project.register_path.with_name(project.register_path.name + suffix).unlink(
                missing_ok=True)
        # Eight processes at once, each on an overlapping window of ten drafts.
        procs = [subprocess.Popen([str(VORLAGE), "number", "assign",
                                   *[f"drafts/{n}" for n in
                                     (names + names)[p * 2:p * 2 + 10]]],
                                  cwd=project.root, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for p in range(PROCESSES)]
        seen: dict[str, set] = {}
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            for line in out.splitlines():
                draft, number = line.split(": ")
                seen.setdefault(draft, set()).add(number)
        rows = _numbers(project.register_path)
        drafts = [d for d, _ in rows]
        numbers = sorted(n for _, n in rows)
        assert len(drafts) == len(set(drafts)) == DRAFTS, round_  # one number per draft
        assert numbers == [f"2024/{i:04d}" for i in range(1, DRAFTS + 1)], round_  # no gaps
        assert all(len(v) == 1 for v in seen.values()), round_  # every process agreed
        assert {f"drafts/{d}" if not d.startswith("drafts/") else d: {n} for d, n in rows} \
            == {d: v for d, v in seen.items()}, round_


def test_two_final_builds_started_together(project, write_draft):
    for i in range(6):
        write_draft(f"v{i}.yaml", MINIMAL.replace("Testgeräten", f"Testgeräten {i}"))
    procs = [subprocess.Popen([str(VORLAGE), "build", "--final", "--jobs", "1",
                               *[f"drafts/v{i}.yaml" for i in window]],
                              cwd=project.root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for window in (range(0, 4), range(2, 6))]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    rows = _numbers(project.register_path)
    assert sorted(n for _, n in rows) == [f"2024/{i:04d}" for i in range(1, 7)]
    assert run(["archiv", "verify"], project.root).returncode == 0
    assert len(list(project.output_dir.glob("archiv/2024/*.pdf"))) == 6


def _limited(limit_bytes):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return apply


def test_full_disk_loses_nothing_and_next_run_completes(project, write_draft):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Sans", "/usr/share/fonts/truetype/liberation/"
                                           "LiberationSans-Regular.ttf"))
    big = project.drafts_dir / "plan.pdf"  # embedded font: appended as it is, no OCR
    c = canvas.Canvas(str(big), initialFontName="Sans")
    for page in range(80):
        for line in range(40):
            c.setFont("Sans", 10)
            c.drawString(40, 800 - line * 19, f"Zeile {line} auf Seite {page} " * 4)
        c.showPage()
    c.save()
    write_draft("klein.yaml")
    write_draft("gross.yaml", MINIMAL.replace("Testgeräten", "Plänen")
                + "anlagen:\n  - titel: Plan\n    datei: plan.pdf\n")
    result = subprocess.run([str(VORLAGE), "build", "--final", "drafts"], cwd=project.root,
                            capture_output=True, text=True, timeout=300,
                            preexec_fn=_limited(150_000))
    assert result.returncode == 1
    assert "drafts/gross.yaml: Schreiben fehlgeschlagen: File too large" in result.stderr
    assert "Traceback" not in result.stderr
    leftovers = [p for p in project.root.rglob("*") if ".tmp" in p.name]
    assert not leftovers
    for pdf in project.output_dir.rglob("*.pdf"):
        if ".cache" not in pdf.parts:
            assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    assert run(["archiv", "verify"], project.root).returncode == 0
    again = run(["build", "--final", "drafts"], project.root)
    assert again.returncode == 0, again.stderr
    assert run(["archiv", "verify"], project.root).returncode == 0
    assert len(list(project.output_dir.glob("archiv/2024/*.pdf"))) == 2


MARKER = "Verschlusssache Falke-4R8D im Sachverhalt"

CLOSED = MINIMAL.replace("amt: Amt für Tests", "amt: Amt für Tests\noeffentlich: nein") \
    .replace("    sitzung: 01.03.2024\n", "    sitzung: 01.03.2024\n    oeffentlich: nein\n") \
    .replace("    sitzung: 15.03.2024\n", "    sitzung: 15.03.2024\n    oeffentlich: nein\n") \
    .replace("Die Geräte sind veraltet.", MARKER)


def test_closed_text_stays_out_of_logs_reports_and_metadata(project, write_draft):
    write_draft("offen.yaml")
    write_draft("geheim.yaml", CLOSED)
    outputs = []
    for args in (["check", "drafts"], ["build", "--report", "bericht.json", "drafts"],
                 ["build", "--final", "--report", "final.json", "drafts"], ["number"],
                 ["archiv", "list"], ["archiv", "verify"]):
        result = run(args, project.root)
        assert result.returncode == 0, (args, result.stderr)
        outputs.append(result.stdout + result.stderr)
    outputs += [(project.root / n).read_text(encoding="utf-8")
                for n in ("bericht.json", "final.json")]
    for text in outputs:
        assert MARKER not in text and "Falke" not in text
    # The closed Vorlage's own PDF does carry it (the search would find it).
    from helpers import pdf_text

    assert MARKER in pdf_text(project.output_dir / "geheim-ENTWURF.pdf")
    # No PDF names the user or a path of this machine in its metadata.
    user = getpass.getuser()
    for pdf in project.output_dir.rglob("*.pdf"):
        reader = PdfReader(str(pdf))
        info = json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()})
        meta = reader.trailer["/Root"].get("/Metadata")
        xmp = meta.get_object().get_data().decode("utf-8", "replace") if meta else ""
        for text in (info, xmp):
            assert str(project.root) not in text and "/tmp/" not in text, pdf
            assert f'"{user}"' not in text and f">{user}<" not in text, pdf
