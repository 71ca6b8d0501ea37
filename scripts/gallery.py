"""Renders the first page of each seed draft, built final, to docs/gallery/<style>.png.

Builds in a temporary copy of the project, so the project's register and output stay as
they are. Run after `make demo` (needs .venv).
"""

from __future__ import annotations

import re
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
}
# The progress line of a built draft: "[i/n] gebaut <draft>: <number> -> <pdf> (<pages>, <time>)".
BUILT = re.compile(r"gebaut (\S+): .* -> (.+) \(", re.MULTILINE)


def main() -> None:
    out = ROOT / "docs" / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    vorlage = Path(sys.executable).parent / "vorlage"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "drafts", work / "drafts")
        (work / "vorlage.yaml").write_text("ausgabe: output\n")
        result = subprocess.run([str(vorlage), "build", "--final", "drafts"], cwd=work,
                                capture_output=True, text=True)
        print(result.stdout, result.stderr, end="")
        built = dict(BUILT.findall(result.stdout))
        for style, draft in DRAFTS.items():
            pdf = built[f"drafts/{draft}"]
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                            "-singlefile", pdf, str(out / style)], check=True)
            print(f"docs/gallery/{style}.png")


if __name__ == "__main__":
    main()
