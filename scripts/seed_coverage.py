"""Prints how much of each seed's text reappears in its built PDF (after `make demo`).

Word tokens (lower-cased \\w+), seed page footers removed; "multiset" counts every word
occurrence found anywhere, "in Reihenfolge" only those matched in sequence.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests"))

from test_seeds import SEED_DRAFTS, coverage  # noqa: E402


def main() -> None:
    print(f"{'Seed':<28} {'Wörter':>7} {'Multiset':>9} {'in Reihenfolge':>15}")
    for seed, stem in sorted(SEED_DRAFTS.items()):
        count, share, in_order, _ = coverage(seed, ROOT / "output" / f"{stem}-ENTWURF.pdf")
        print(f"{stem:<28} {count:>7} {share:>9.1%} {in_order:>15.1%}")


if __name__ == "__main__":
    main()
