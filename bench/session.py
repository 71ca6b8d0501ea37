"""Session benchmark (not a test): a session's 40 three-page Vorlagen built from a cold start
(`vorlage build --jobs 2`) and by the Sitzungsdienst's button on the running server, whose
LibreOffice workers are already up (the warm path).

The drafts come from bench/drafts.py like the batch benchmark's; before every run each
draft's Betreff changes, so every run builds all of them. Cold and warm runs alternate R
times (default 5); per-document figures are the medians divided by the number of Vorlagen.
The warm time runs from the button's request to the job page saying "fertig". Writes the key
"sitzung" into bench/results.json (other keys kept).

    python bench/session.py [--vorlagen N] [--repeat R] [--keep]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from drafts import generate, session_file, touch_all
from measure import run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from local_server import VORLAGE, local_server, signed_in  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
PASSWORD = "Bench-Passwort-1"
SESSION = "bench-sitzung"
JOBS = 2


def press(opener, url: str) -> tuple[float, str]:
    """Presses "Alle Vorlagen der Tagesordnung bauen" and waits for the job to finish;
    (seconds, the job page)."""
    page = opener.open(f"{url}/sitzung/{SESSION}", timeout=60).read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    started = time.monotonic()
    reply = opener.open(urllib.request.Request(
        f"{url}/sitzung/{SESSION}/vorlagen-bauen", urllib.parse.urlencode(
            {"csrf": token}).encode(), {"Origin": url}), timeout=60)
    job = reply.geturl()
    page = reply.read().decode()
    while "fertig" not in page:
        time.sleep(0.05)
        page = opener.open(job, timeout=60).read().decode()
    return time.monotonic() - started, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vorlagen", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vorlage-sitzung-"))
    project = work / "projekt"
    drafts = generate(project, args.vorlagen, seed=11, pages=3)
    session_file(project, SESSION, drafts)
    (project / "vorlage.yaml").write_text(
        (project / "vorlage.yaml").read_text() + f"server:\n  libreoffice: {JOBS}\n")
    subprocess.run([str(VORLAGE), "user", "add", "sd", "--rolle", "sitzungsdienst"],
                   cwd=project, input=PASSWORD + "\n", text=True, check=True,
                   capture_output=True)
    colds, warms, pages = [], [], []
    with local_server(project) as url:
        opener = signed_in(url, "sd", PASSWORD)
        print("Aufwärmen: ein Lauf über den Server …", flush=True)
        _, page = press(opener, url)
        if f"{args.vorlagen} von {args.vorlagen}" not in page:
            raise SystemExit(f"Der Server hat nicht alle Vorlagen gebaut:\n{page[-2000:]}")
        for r in range(args.repeat):
            touch_all(drafts, f"kalt {r}")
            print(f"Kalt {r + 1}/{args.repeat}: vorlage build --jobs {JOBS} …", flush=True)
            cold = run([str(VORLAGE), "build", "--jobs", str(JOBS), "--out", f"kalt-{r}",
                        "drafts"], project)
            if len(re.findall(r"\] gebaut ", cold.output)) != args.vorlagen:
                raise SystemExit(f"kalt nicht alle gebaut:\n{cold.output[-2000:]}")
            colds.append(cold.wall_s)
            touch_all(drafts, f"warm {r}")
            print(f"Warm {r + 1}/{args.repeat}: Schaltfläche auf dem Server …", flush=True)
            seconds, page = press(opener, url)
            if page.count("gebaut") < args.vorlagen:
                raise SystemExit(f"warm nicht alle gebaut:\n{page[-2000:]}")
            warms.append(seconds)
    pages = [int(p) for p in re.findall(r"\((\d+) S\.", cold.output)]
    n = args.vorlagen
    result = {"vorlagen": n, "jobs": JOBS, "repeat": args.repeat,
              "pages_median": statistics.median(pages) if pages else None,
              "cold_ms_per_vorlage": round(1000 * statistics.median(colds) / n, 1),
              "warm_ms_per_vorlage": round(1000 * statistics.median(warms) / n, 1),
              "cold_runs_s": [round(x, 2) for x in colds],
              "warm_runs_s": [round(x, 2) for x in warms]}
    print(f"{n} Vorlagen (Median {result['pages_median']} Seiten): kalt "
          f"{result['cold_ms_per_vorlage']} ms je Vorlage (Ziel ≤ 135), warm "
          f"{result['warm_ms_per_vorlage']} ms (Ziel ≤ 72); Läufe kalt "
          f"{', '.join(map(str, result['cold_runs_s']))} s, warm "
          f"{', '.join(map(str, result['warm_runs_s']))} s")
    merged = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    merged["sitzung"] = result
    RESULTS.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
