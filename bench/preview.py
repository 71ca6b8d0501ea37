"""Preview latency (not a test): how fast `vorlage serve` shows the PDF of the form's state.

Starts the web application in-process on a copy of the example project, then asks for the
preview of seed 002 (Bielefeld, 6 pages Vorlage plus an Anlage) repeatedly, as the browser
does after each edit. The first request includes starting the warm LibreOffice worker.
Writes bench/preview.json.

    python bench/preview.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.schema import load_yaml  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.accounts import Accounts, Role  # noqa: E402
from pipeline.web.app import create_app  # noqa: E402

DRAFT = "bielefeld-kim.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "drafts", root / "drafts")
        (root / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")
        project = Project.find(root)
        with Accounts(project.accounts_path) as accounts:
            accounts.add("bench", (Role("sitzungsdienst"),), "Bench-Passwort-1")
        app = create_app(project)
        client = app.test_client()
        form = client.get("/anmelden").text
        token = re.search(r'name="token" value="([^"]+)"', form).group(1)
        client.post("/anmelden", data={"token": token, "name": "bench",
                                       "passwort": "Bench-Passwort-1"})
        csrf = re.search(r'name="csrf" content="([^"]+)"', client.get("/").text).group(1)
        data = load_yaml(root / "drafts" / DRAFT).data
        times = []
        try:
            for run in range(args.runs + 1):
                data["betreff"] = data["betreff"].rstrip() + f" {run}"  # a fresh edit each time
                started = time.monotonic()
                response = client.post("/api/vorschau", json={"name": DRAFT, "data": data},
                                       headers={"X-CSRF-Token": csrf})
                times.append(time.monotonic() - started)
                assert response.status_code == 200 and response.data.startswith(b"%PDF")
        finally:
            app.extensions["vorlage"].converter.close()
    warm = times[1:]
    result = {"draft": DRAFT, "first_s": round(times[0], 3),
              "median_s": round(statistics.median(warm), 3), "max_s": round(max(warm), 3),
              "runs": len(warm)}
    print(f"Vorschau {DRAFT}: erste {result['first_s']} s (mit LibreOffice-Start), danach "
          f"Median {result['median_s']} s, höchstens {result['max_s']} s ({len(warm)} Läufe)")
    (ROOT / "bench" / "preview.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
