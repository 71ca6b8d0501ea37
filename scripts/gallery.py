"""Renders the first page of each seed draft (and of the Leipzig example, a style built from
declarations only), built final, to docs/gallery/<style>.png.

Builds in a temporary copy of the project, so the project's register and output stay as
they are. Run after `make demo` (needs .venv).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = {
    "kempten": "kempten-2020-53-037.yaml",
    "bielefeld": "bielefeld-kim.yaml",
    "waiblingen": "waiblingen-integrationskonzept.yaml",
    "bottrop": "bottrop-2019-0850.yaml",
    "leipzig": "leipzig-gruendach.yaml",
}


def main() -> None:
    out = ROOT / "docs" / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    vorlage = Path(sys.executable).parent / "vorlage"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "drafts", work / "drafts")
        (work / "vorlage.yaml").write_text("ausgabe: output\n")
        report = work / "bericht.json"
        subprocess.run([str(vorlage), "build", "--final", "--report", str(report),
                        *(f"drafts/{d}" for d in DRAFTS.values())], cwd=work, check=True)
        built = {Path(v["entwurf"]).name: v["pdf"]
                 for v in json.loads(report.read_text(encoding="utf-8"))["vorlagen"]}
        for style, draft in DRAFTS.items():
            pdf = built[draft]
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                            "-singlefile", pdf, str(out / style)], check=True)
            print(f"docs/gallery/{style}.png")


if __name__ == "__main__":
    main()
