"""An installed copy of the tool, away from the source tree, finds its bundled house styles
and builds a new draft from an empty folder."""

import os
import shutil
import subprocess
import sys

from helpers import REPO, pdf_text

FILLED = {"«Amt oder Fachbereich»": "Amt für Schule", "«Name des Gremiums»": "Rat der Stadt",
          "«Betreff»": "Neue Tafeln für die Grundschule",
          "«Beschlusstext»": "Der Rat beschließt die Beschaffung.", "«ja oder nein»": "nein"}


def test_installed_wheel_builds_with_a_bundled_style(tmp_path):
    source = tmp_path / "quelle"  # pip builds in the tree; keep the checkout clean
    shutil.copytree(REPO / "pipeline", source / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path),
                    str(source)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("ratsvorlagen-*.whl"))
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    empty = tmp_path / "leer"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}

    def vorlage(*args):
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=empty,
                              env=env, capture_output=True, text=True, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
                           cwd=empty, env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(site))  # the installed copy, not the checkout
    assert vorlage("new", "x.yaml").returncode == 0
    draft = empty / "x.yaml"
    text = draft.read_text(encoding="utf-8")
    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    text = text.replace("«TT.MM.JJJJ»", "01.02.2026", 1).replace("«TT.MM.JJJJ»", "10.03.2026")
    draft.write_text(text, encoding="utf-8")
    built = vorlage("build", "x.yaml")
    assert built.returncode == 0, built.stderr
    pdf = empty / "output" / "x-ENTWURF.pdf"
    assert "Neue Tafeln für die Grundschule" in pdf_text(pdf)
    listed = vorlage("templates").stdout
    assert f"{site}/pipeline/haus/styles/bielefeld" in listed
