"""Batch benchmark (not a test): how fast `vorlage build` turns N drafts into PDFs, beside
bare LibreOffice on the same machine in the same run.

Generates N drafts (default 200, bench/drafts.py) in a temporary project and measures:

  cold       `vorlage build --jobs J` with an empty cache
  floor      J parallel `soffice --convert-to pdf` (floor.py) on the frozen reference set of
             intermediate DOCX (rendered by the code before the speed issue), and on the
             intermediates this build made
  nochange   the build again (nothing to convert); one: after changing one draft
  naive      one `soffice` process per document (a sample, scaled up)
  finals     `vorlage build --final` (tagged PDF/A, sanitised Anlagen) in a fresh project
             copy, register and archive, against soffice with the PDF/A-2 and tagged options
             on the same DOCX

with peak memory of the whole process tree and CPU time split into LibreOffice's and the
tool's own (measure.py). Cold, floor and final runs alternate R times (default 3) and the
medians are compared, because the machine is noisy; every single figure is kept. Writes its
keys into bench/results.json (other keys kept).

    python bench/batch.py [--documents N] [--jobs J] [--repeat R] [--naive-sample K]
                          [--no-finals] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from drafts import generate
from floor import (PDFA_TAGGED, REFERENCE_DRAFTS, Floor, converted_documents, reference_set,
                   soffice_version)
from measure import Measured, run

ROOT = Path(__file__).resolve().parent.parent
VORLAGE = Path(sys.executable).parent / "vorlage"
RESULTS = ROOT / "bench" / "results.json"


def build(jobs: int, *extra: str) -> list[str]:
    return [str(VORLAGE), "build", "--jobs", str(jobs), "--keep-docx", *extra, "drafts"]


def median(values) -> float:
    return statistics.median(values)


def cpu_figures(runs: list[Measured], documents: int, floor_cpu: list[float]) -> dict:
    return {"tool_cpu_ms_per_vorlage": round(1000 * median(r.tool_cpu_s for r in runs)
                                             / documents, 1),
            "libreoffice_cpu_s": round(median(r.libreoffice_cpu_s for r in runs), 2),
            "floor_cpu_s": round(median(floor_cpu), 2)}


def final_copy(project: Path, work: Path, run_no: int) -> Path:
    """A fresh project with the same drafts: its own register and archive."""
    copy = work / f"final-{run_no}"
    shutil.copytree(project / "drafts", copy / "drafts")
    shutil.copy(project / "vorlage.yaml", copy / "vorlage.yaml")
    return copy


def finals(project: Path, work: Path, floor: Floor, args) -> dict:
    runs, floors, floor_cpu, documents = [], [], [], []
    for r in range(args.repeat):
        print(f"Finale {r + 1}/{args.repeat} …", flush=True)
        copy = final_copy(project, work, r)
        runs.append(run(build(args.jobs, "--final"), copy))
        if not documents:
            documents = converted_documents(copy, list((copy / "output").rglob("*.docx")))
        wall, cpu = floor.run(documents, PDFA_TAGGED)
        floors.append(wall)
        floor_cpu.append(cpu)
    built = len(re.findall(r"\] gebaut ", runs[0].output))
    final_s, floor_s = median(r.wall_s for r in runs), median(floors)
    return {"built": built, "converted_documents": len(documents),
            "final_s": round(final_s, 2), "final_runs_s": [round(r.wall_s, 2) for r in runs],
            "floor_pdfa_s": round(floor_s, 2), "floor_pdfa_runs_s": [round(x, 2) for x in floors],
            "overhead_vs_floor": round(final_s / floor_s, 3),
            "peak_rss_mib": round(max(r.peak_mib for r in runs), 1),
            **cpu_figures(runs, args.documents, floor_cpu)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=REFERENCE_DRAFTS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3,
                        help="alternating cold and floor runs; their medians are compared")
    parser.add_argument("--naive-sample", type=int, default=30,
                        help="time the naive loop on this many documents and scale up "
                             "(0 = all documents)")
    parser.add_argument("--no-finals", action="store_true", help="skip the final builds")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vorlage-bench-"))
    project = work / "projekt"
    print(f"Erzeuge {args.documents} Entwürfe in {project} …", flush=True)
    generate(project, args.documents)
    # The frozen set holds the intermediates of the 200 default drafts: only then is it the
    # same work as the build's.
    frozen = reference_set(work) if args.documents == REFERENCE_DRAFTS else []

    colds: list[Measured] = []
    floors, floor_cpu, floors_new, documents = [], [], [], []
    floor = None
    for r in range(args.repeat):
        print(f"Kalter Lauf {r + 1}/{args.repeat} …", flush=True)
        colds.append(run(build(args.jobs, "--out", f"output-{r}"), project))
        if not documents:
            documents = converted_documents(project, list((project / "output-0").glob("*.docx")))
            floor = Floor(work, args.jobs, documents[0])
        print(f"Untergrenze {r + 1}/{args.repeat}: {len(frozen or documents)} Dokumente "
              f"(eingefroren), {len(documents)} (dieser Stand) …", flush=True)
        wall, cpu = floor.run(frozen or documents)
        floors.append(wall)
        floor_cpu.append(cpu)
        floors_new.append(floor.run(documents)[0])
    built = len(re.findall(r"\] gebaut ", colds[0].output))
    cold_s, floor_s, floor_new_s = median(r.wall_s for r in colds), median(floors), \
        median(floors_new)
    last = f"output-{args.repeat - 1}"
    print("Erneuter Lauf ohne Änderung …", flush=True)
    nochange = run(build(args.jobs, "--out", last), project)
    unchanged = len(re.findall(r"\] unverändert ", nochange.output))
    print("Lauf nach Änderung eines Entwurfs …", flush=True)
    first = project / "drafts" / "vorlage-001.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("Vorlage 1:", "Vorlage 1 (neu):"),
                     encoding="utf-8")
    one = run(build(args.jobs, "--out", last), project)
    rebuilt = len(re.findall(r"\] gebaut ", one.output))
    peak = max(r.peak_mib for r in colds)

    sample = documents[:args.naive_sample] if args.naive_sample else documents
    print(f"Naiv: ein soffice-Prozess je Dokument ({len(sample)} Dokumente) …", flush=True)
    naive_s = floor.naive(sample) * len(documents) / len(sample)

    results = {
        "documents": args.documents, "converted_documents": len(documents), "jobs": args.jobs,
        "cold_s": round(cold_s, 2), "cold_runs_s": [round(r.wall_s, 2) for r in colds],
        "floor_s": round(floor_s, 2), "floor_runs_s": [round(x, 2) for x in floors],
        "floor_frozen": bool(frozen),
        "floor_new_intermediates_s": round(floor_new_s, 2),
        "floor_new_intermediates_runs_s": [round(x, 2) for x in floors_new],
        "documents_per_s": round(args.documents / cold_s, 2),
        "naive_s": round(naive_s, 2), "naive_extrapolated_from": len(sample),
        "speedup_vs_naive": round(naive_s / cold_s, 2),
        "overhead_vs_floor": round(cold_s / floor_s, 3),
        "overhead_vs_floor_new_intermediates": round(cold_s / floor_new_s, 3),
        **cpu_figures(colds, args.documents, floor_cpu),
        "nochange_rebuild_s": round(nochange.wall_s, 2),
        "one_changed_rebuild_s": round(one.wall_s, 2),
        "peak_rss_mib": round(peak, 1),
        "built_cold": built, "repeat": args.repeat,
        "unchanged_in_nochange": unchanged, "rebuilt_after_one_change": rebuilt,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                   f"{platform.platform(terse=True)}, {soffice_version()}",
    }
    if not args.no_finals:
        results["finals"] = finals(project, work, floor, args)
    report(results)
    merged = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    merged.update(results)
    RESULTS.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    print("bench/results.json geschrieben")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def report(r: dict) -> None:
    frozen = "eingefroren" if r["floor_frozen"] else "dieser Stand"
    runs = ", ".join(f"{x:.1f}" for x in r["cold_runs_s"])
    rows = [("Vorlagen", f"{r['documents']} ({r['converted_documents']} Dokumente umgewandelt)"),
            ("Jobs", r["jobs"]),
            ("kalt (Median)", f"{r['cold_s']:.1f} s ({r['documents_per_s']} Vorlagen/s), "
                              f"Läufe: {runs}"),
            ("Untergrenze (Median)", f"{r['floor_s']:.1f} s ({frozen}), Läufe: "
                                     f"{', '.join(f'{x:.1f}' for x in r['floor_runs_s'])}"),
            ("Verhältnis kalt / Untergrenze", f"{r['overhead_vs_floor']:.2f}x (Ziel ≤ 1,2)"),
            ("… zur Untergrenze dieses Stands", f"{r['overhead_vs_floor_new_intermediates']:.2f}x"
                                                f" ({r['floor_new_intermediates_s']:.1f} s)"),
            ("CPU des Werkzeugs je Vorlage", f"{r['tool_cpu_ms_per_vorlage']:.1f} ms "
                                             "(Richtwert ≈ 15 ms)"),
            ("CPU von LibreOffice (Werkzeug)", f"{r['libreoffice_cpu_s']:.1f} s; "
                                               f"Untergrenze: {r['floor_cpu_s']:.1f} s"),
            ("naiv (soffice je Dokument)", f"{r['naive_s']:.1f} s (hochgerechnet aus "
                                           f"{r['naive_extrapolated_from']})"),
            ("Beschleunigung gegenüber naiv", f"{r['speedup_vs_naive']:.1f}x"),
            ("ohne Änderung", f"{r['nochange_rebuild_s']:.2f} s "
                              f"({r['unchanged_in_nochange']} unverändert; Ziel < 1 s)"),
            ("ein Entwurf geändert", f"{r['one_changed_rebuild_s']:.2f} s "
                                     f"({r['rebuilt_after_one_change']} neu gebaut; Ziel < 2 s)"),
            ("Spitzenspeicher", f"{r['peak_rss_mib']:.0f} MiB (Ziel < 1024)")]
    if "finals" in r:
        f = r["finals"]
        rows += [("final (Median)", f"{f['final_s']:.1f} s ({f['built']} gebaut), Läufe: "
                                    f"{', '.join(f'{x:.1f}' for x in f['final_runs_s'])}"),
                 ("Untergrenze PDF/A (Median)", f"{f['floor_pdfa_s']:.1f} s"),
                 ("Verhältnis final / Untergrenze", f"{f['overhead_vs_floor']:.2f}x "
                                                    "(Ziel ≤ 1,25)"),
                 ("CPU final je Vorlage", f"{f['tool_cpu_ms_per_vorlage']:.1f} ms; LibreOffice "
                                          f"{f['libreoffice_cpu_s']:.1f} s, Untergrenze "
                                          f"{f['floor_cpu_s']:.1f} s")]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
