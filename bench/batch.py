"""Batch benchmark (not a test): how fast `vorlage build` turns N drafts into PDFs.

Generates N realistic drafts (default 200: 1 to 8 pages, all five house styles, a third with
one or two Anlagen) in a temporary project, then measures in one run, on the same machine:

  cold      `vorlage build --jobs J` with an empty cache
  nochange  the same command again (nothing to convert)
  one       the same after changing one draft
  floor     the same documents converted by J parallel `soffice --convert-to pdf` processes,
            each with its own profile, converting its share in one call
  naive     one `soffice --convert-to pdf` process per document

and the peak resident memory of the cold run (the tool and all its LibreOffice processes).
Prints a table and writes bench/results.json.

    python bench/batch.py [--documents N] [--jobs J] [--repeat R] [--naive-sample K] [--keep]

The machine is noisy (a shared virtual machine), so cold runs and floor runs alternate
R times (default 3) and the medians are compared; every single figure is kept in the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pipeline.pdf import soffice_binary

ROOT = Path(__file__).resolve().parent.parent
VORLAGE = Path(sys.executable).parent / "vorlage"
STYLES = {
    # house style: (Vorlagenart, Beratungsfolge, extra keys)
    "standard": ("Beschlussvorlage", [("Hauptausschuss", "Vorberatung"),
                                      ("Rat der Stadt", "Entscheidung")], {}),
    "kempten": ("Sitzungsvorlage", [("Ausschuss für soziale Fragen", "Entscheidung")],
                {"amt_kennziffer": "53"}),
    "bielefeld": ("Beschlussvorlage", [("Integrationsrat", "Vorberatung"),
                                       ("Rat der Stadt Bielefeld", "Entscheidung")], {}),
    "waiblingen": ("Sitzungsvorlage", [("Ausschuss für Bildung, Soziales und Verwaltung",
                                        "Vorberatung"), ("Gemeinderat", "Entscheidung")], {}),
    "bottrop": ("Beschlussvorlage", [("Integrationsrat", "Vorberatung"),
                                     ("Rat der Stadt", "Entscheidung")], {}),
}
WORDS_PER_PAGE = 330


# --- generating drafts ----------------------------------------------------------------------

def corpus() -> list[str]:
    """Sentences from the seed drafts: realistic German administrative prose."""
    import yaml

    sentences = []
    for path in sorted((ROOT / "drafts").glob("*.yaml")):
        text = yaml.safe_load(path.read_text(encoding="utf-8")).get("begruendung", "")
        for para in text.split("\n\n"):
            if para.startswith(("#", "-", "|", ">")) or re.match(r"\d+\.", para):
                continue
            sentences += [s.strip() + "." for s in re.split(r"\.\s+", para) if len(s) > 40]
    return sentences


def begruendung(rng: random.Random, sentences: list[str], pages: int) -> str:
    parts, words = [], 0
    target = pages * WORDS_PER_PAGE - 150
    while words < target:
        kind = rng.random()
        if kind < 0.08:
            parts.append(f"# {rng.choice(sentences)[:60].rstrip('.')}")
        elif kind < 0.16:
            items = [rng.choice(sentences)[:90] for _ in range(rng.randint(2, 5))]
            parts.append("\n".join(f"- {i}" for i in items))
        elif kind < 0.19:
            rows = "\n".join(f"| {rng.choice(sentences)[:30]} | {rng.randint(1, 900)} |"
                             for _ in range(rng.randint(2, 5)))
            parts.append(f"| Maßnahme | Anzahl |\n|---|--:|\n{rows}")
        else:
            parts.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5))))
        words += len(parts[-1].split())
    return "\n\n".join(parts)


def make_anlagen(folder: Path, rng: random.Random, sentences: list[str]) -> list[str]:
    from docx import Document
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Sans", "/usr/share/fonts/truetype/liberation/"
                                           "LiberationSans-Regular.ttf"))
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(12):
        path = folder / f"anlage-{i:02d}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        for _ in range(rng.randint(1, 3)):
            c.setFont("Sans", 11)
            y = 780
            for _ in range(30):
                c.drawString(60, y, rng.choice(sentences)[:95])
                y -= 22
            c.showPage()
        c.save()
        names.append(path.name)
    for i in range(8):
        path = folder / f"anlage-{i:02d}.docx"
        doc = Document()
        doc.add_heading(f"Anlage {i}: Übersicht", 1)
        for _ in range(rng.randint(4, 12)):
            doc.add_paragraph(" ".join(rng.choice(sentences) for _ in range(3)))
        doc.save(path)
        names.append(path.name)
    return names


def draft_text(i: int, rng: random.Random, sentences: list[str], anlagen: list[str]) -> str:
    import yaml

    style = list(STYLES)[i % len(STYLES)]
    art, steps, extra = STYLES[style]
    month = rng.randint(1, 9)
    data = {"hausstil": style, "vorlagenart": art, "amt": "Amt für Benchmarks",
            "datum": f"{rng.randint(1, 20):02d}.{month:02d}.2024", **extra,
            "beratungsfolge": [{"gremium": g, "sitzung": f"{10 + n * 7:02d}.{month + 1:02d}.2024",
                                "zustaendigkeit": z} for n, (g, z) in enumerate(steps)],
            "betreff": f"Vorlage {i}: {rng.choice(sentences)[:80].rstrip('.')}",
            "beschlussvorschlag": {"einleitung": "Der Rat beschließt:", "punkte": [
                rng.choice(sentences) for _ in range(rng.randint(1, 4))]},
            "finanzen": "keine" if rng.random() < 0.6 else {
                "haushalt": {"haushaltsjahr": 2024, "bedarf": rng.randint(1, 90) * 1000,
                             "haushaltsansatz": rng.randint(0, 50) * 1000}},
            "begruendung": begruendung(rng, sentences, rng.randint(1, 8))}
    if i % 3 == 0:
        data["anlagen"] = [{"titel": f"Anlage {n + 1}", "datei": f"anlagen/{name}"}
                           for n, name in enumerate(rng.sample(anlagen, rng.randint(1, 2)))]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def generate(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    sentences = corpus()
    drafts = folder / "drafts"
    anlagen = make_anlagen(drafts / "anlagen", rng, sentences)
    for i in range(count):
        (drafts / f"vorlage-{i:03d}.yaml").write_text(draft_text(i, rng, sentences, anlagen),
                                                      encoding="utf-8")
    (folder / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")


# --- measuring ------------------------------------------------------------------------------

def tree_rss_mib(root_pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
            pid, ppid = int(entry.name), int(fields["PPid"])
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
            children.setdefault(ppid, []).append(pid)
        except (OSError, ValueError, KeyError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / 1024


def timed(cmd: list[str], cwd: Path, sample_memory: bool = False) -> tuple[float, float, str]:
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    peak = 0.0
    if sample_memory:
        def sample():
            nonlocal peak
            while proc.poll() is None:
                peak = max(peak, tree_rss_mib(proc.pid))
                time.sleep(0.05)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    out, _ = proc.communicate()
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out[-3000:]}")
    return elapsed, peak, out


def soffice_convert(files: list[Path], outdir: Path, profile: Path) -> list[str]:
    return [soffice_binary(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]


def warm_floor_profiles(files: list[Path], jobs: int, work: Path) -> None:
    """Creates the floor's profiles once, as the tool's workers find a profile ready too."""
    for i in range(jobs):
        subprocess.run(soffice_convert(files[:1], work / "warm", work / f"floor-profile-{i}"),
                       capture_output=True, check=True)


def floor(files: list[Path], jobs: int, work: Path) -> float:
    """J parallel soffice processes, each with its own profile, converting its share in one
    call."""
    shares = [files[i::jobs] for i in range(jobs)]
    started = time.monotonic()
    procs = [subprocess.Popen(soffice_convert(share, work / "floor", work / f"floor-profile-{i}"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i, share in enumerate(shares) if share]
    for proc in procs:
        proc.wait()
    return time.monotonic() - started


def naive(files: list[Path], work: Path) -> float:
    profile = work / "naive-profile"
    subprocess.run(soffice_convert(files[:1], work / "warm", profile), capture_output=True)
    started = time.monotonic()
    for path in files:
        subprocess.run(soffice_convert([path], work / "naive", profile), capture_output=True,
                       check=True)
    return time.monotonic() - started


def converted_documents(project: Path, output: Path) -> list[Path]:
    """The documents a build converts: every filled Vorlage DOCX and each DOCX Anlage."""
    docx = sorted(output.glob("*.docx"))
    anlagen = sorted((project / "drafts" / "anlagen").glob("*.docx"))
    used = set()
    for draft in (project / "drafts").glob("*.yaml"):
        used.update(re.findall(r"anlagen/(anlage-\d+\.docx)", draft.read_text(encoding="utf-8")))
    return docx + [a for a in anlagen if a.name in used]


def soffice_version() -> str:
    return subprocess.run([soffice_binary(), "--version"], capture_output=True,
                          text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3,
                        help="alternating cold and floor runs; their medians are compared")
    parser.add_argument("--naive-sample", type=int, default=0,
                        help="time the naive loop on this many documents and scale up "
                             "(0 = all documents)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vorlage-bench-"))
    project = work / "projekt"
    project.mkdir()
    print(f"Erzeuge {args.documents} Entwürfe in {project} …", flush=True)
    generate(project, args.documents)
    def build(out: str) -> list[str]:
        return [str(VORLAGE), "build", "--jobs", str(args.jobs), "--keep-docx", "--out", out,
                "drafts"]

    colds, floors, peaks = [], [], []
    documents: list[Path] = []
    for run in range(args.repeat):
        print(f"Kalter Lauf {run + 1}/{args.repeat} …", flush=True)
        cold_s, peak, out = timed(build(f"output-{run}"), project, sample_memory=True)
        colds.append(cold_s)
        peaks.append(peak)
        built = len(re.findall(r"\] gebaut ", out))
        if not documents:
            documents = converted_documents(project, project / "output-0")
            warm_floor_profiles(documents, args.jobs, work)
        print(f"Untergrenze {run + 1}/{args.repeat}: {len(documents)} Dokumente mit "
              f"{args.jobs} soffice-Prozessen …", flush=True)
        floors.append(floor(documents, args.jobs, work))
    cold_s, floor_s = statistics.median(colds), statistics.median(floors)
    last = f"output-{args.repeat - 1}"
    print("Erneuter Lauf ohne Änderung …", flush=True)
    nochange_s, _, out = timed(build(last), project)
    unchanged = len(re.findall(r"\] unverändert ", out))
    print("Lauf nach Änderung eines Entwurfs …", flush=True)
    first = project / "drafts" / "vorlage-001.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("Vorlage 1:", "Vorlage 1 (neu):"),
                     encoding="utf-8")
    one_s, _, out = timed(build(last), project)
    rebuilt = len(re.findall(r"\] gebaut ", out))
    peak = max(peaks)

    sample = documents[:args.naive_sample] if args.naive_sample else documents
    print(f"Naiv: ein soffice-Prozess je Dokument ({len(sample)} Dokumente) …", flush=True)
    naive_s = naive(sample, work) * len(documents) / len(sample)

    results = {
        "documents": args.documents,
        "converted_documents": len(documents),
        "jobs": args.jobs,
        "cold_s": round(cold_s, 2),
        "cold_runs_s": [round(x, 2) for x in colds],
        "floor_runs_s": [round(x, 2) for x in floors],
        "documents_per_s": round(args.documents / cold_s, 2),
        "naive_s": round(naive_s, 2),
        "naive_extrapolated_from": len(sample),
        "floor_s": round(floor_s, 2),
        "speedup_vs_naive": round(naive_s / cold_s, 2),
        "overhead_vs_floor": round(cold_s / floor_s, 3),
        "nochange_rebuild_s": round(nochange_s, 2),
        "one_changed_rebuild_s": round(one_s, 2),
        "peak_rss_mib": round(peak, 1),
        "built_cold": built,
        "repeat": args.repeat,
        "unchanged_in_nochange": unchanged,
        "rebuilt_after_one_change": rebuilt,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"{platform.platform(terse=True)}, {soffice_version()}",
    }
    rows = [("Vorlagen", f"{args.documents} ({len(documents)} Dokumente umgewandelt)"),
            ("Jobs", args.jobs),
            ("kalt (Median)", f"{cold_s:.1f} s ({results['documents_per_s']} Vorlagen/s), "
                              f"Läufe: {', '.join(f'{x:.1f}' for x in colds)}"),
            ("Untergrenze (Median)", f"{floor_s:.1f} s, Läufe: "
                                     f"{', '.join(f'{x:.1f}' for x in floors)}"),
            ("Verhältnis kalt / Untergrenze", f"{results['overhead_vs_floor']:.2f}x"),
            ("naiv (soffice je Dokument)", f"{naive_s:.1f} s"
                                           + (f" (hochgerechnet aus {len(sample)})"
                                              if args.naive_sample else "")),
            ("Beschleunigung gegenüber naiv", f"{results['speedup_vs_naive']:.1f}x"),
            ("ohne Änderung", f"{nochange_s:.2f} s ({unchanged} unverändert)"),
            ("ein Entwurf geändert", f"{one_s:.2f} s ({rebuilt} neu gebaut)"),
            ("Spitzenspeicher", f"{peak:.0f} MiB")]
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print("bench/results.json geschrieben")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
