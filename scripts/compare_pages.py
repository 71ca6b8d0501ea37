"""Renders the same Vorlagen with the code of an earlier commit and with the checkout, page by
page at 60 dpi (pdftoppm), and fails when any page differs in more than 0.5 % of its pixels
or a document's page count changed.

The documents: every seed draft (drafts/) and 20 bench drafts (bench/drafts.py), each built
as a draft and, the bench drafts, also as finals (tagged PDF/A). The earlier code runs from a
git worktree of the commit, on this checkout's virtual environment.

    python scripts/compare_pages.py [--before COMMIT] [--limit PERCENT] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from drafts import generate  # noqa: E402

BEFORE = "196638d"  # main before the speed issue (tag speed-baseline)
PROJECT = "ausgabe: output\nregister: output/register.sqlite\n"


def projects(root: Path) -> dict[str, Path]:
    """The inputs, once: the seed drafts and 20 bench drafts, each a project of its own."""
    seeds = root / "seeds"
    shutil.copytree(ROOT / "drafts", seeds / "drafts")
    (seeds / "vorlage.yaml").write_text(PROJECT)
    bench = root / "bench"
    generate(bench, 20)
    return {"seeds": seeds, "bench": bench}


def build(code: Path, inputs: dict[str, Path], target: Path) -> dict[str, Path]:
    """Every input built with the package in `code`; name -> PDF."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    runs = [("seeds", ["build", "drafts"]), ("bench", ["build", "--jobs", "2", "drafts"]),
            ("bench-final", ["build", "--final", "--jobs", "2", "drafts"])]
    out = {}
    for name, args in runs:
        project = target / name
        shutil.copytree(inputs[name.removesuffix("-final")], project)
        result = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()",
                                 *args], cwd=project, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{code}: {' '.join(args)} in {name} failed:\n"
                             f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
        for pdf in sorted((project / "output").rglob("*.pdf")):
            shown = pdf.relative_to(project / "output")
            if not any(part.startswith(".") for part in shown.parts):  # not the caches
                out[f"{name}/{shown}"] = pdf
    return out


def pages(pdf: Path, folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / "p")], check=True)
    return sorted(folder.glob("p*.png"))


def differing(a: Path, b: Path) -> float:
    """Share of pixels that differ (a page of another size differs wholly)."""
    one, two = Image.open(a).convert("RGB"), Image.open(b).convert("RGB")
    if one.size != two.size:
        return 1.0
    diff = ImageChops.difference(one, two).convert("L").point(lambda v: 255 if v else 0)
    return diff.histogram()[255] / (one.size[0] * one.size[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help="the earlier commit")
    parser.add_argument("--limit", type=float, default=0.5, help="percent of a page's pixels")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vorlage-seiten-"))
    tree = work / "vorher-code"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree),
                    args.before], check=True, capture_output=True)
    try:
        inputs = projects(work / "eingaben")
        before = build(tree, inputs, work / "vorher")
        after = build(ROOT, inputs, work / "nachher")
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       capture_output=True)
    failed = sorted(set(before) ^ set(after))
    for name in failed:
        print(f"{name}: nur {'vorher' if name in before else 'nachher'} gebaut")
    worst_overall, count = 0.0, 0
    for i, name in enumerate(sorted(set(before) & set(after))):
        old = pages(before[name], work / "png" / f"{i}-vorher")
        new = pages(after[name], work / "png" / f"{i}-nachher")
        if len(old) != len(new):
            print(f"{name}: {len(old)} Seiten vorher, {len(new)} nachher")
            failed.append(name)
            continue
        shares = [differing(a, b) for a, b in zip(old, new, strict=True)]
        worst = max(shares)
        worst_overall = max(worst_overall, worst)
        count += len(shares)
        bad = [n + 1 for n, s in enumerate(shares) if 100 * s > args.limit]
        print(f"{name}: {len(shares)} Seiten, höchstens {100 * worst:.3f} % abweichend"
              + (f" – über {args.limit} %: Seite {', '.join(map(str, bad))}" if bad else ""))
        if bad:
            failed.append(name)
    print(f"{len(set(before) & set(after))} Dokumente, {count} Seiten verglichen (vorher "
          f"{args.before}, -r 60); größte Abweichung einer Seite {100 * worst_overall:.3f} %; "
          + ("alle gleich genug" if not failed else f"{len(failed)} abweichend"))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
