"""Prints how much of each seed's text reappears in its built PDF (after `make demo`).

Word tokens (lower-cased \\w+), seed page footers removed; "multiset" counts every word
occurrence found anywhere, "in Reihenfolge" only those matched in sequence.
"""

from __future__ import annotations

import sys
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_seeds import FOOTER, SEED_DRAFTS, vorlage_text, words  # noqa: E402

from conftest import SEEDS  # noqa: E402


def main() -> None:
    print(f"{'Seed':<28} {'Wörter':>7} {'Multiset':>9} {'in Reihenfolge':>15}")
    for seed, stem in sorted(SEED_DRAFTS.items()):
        seed_words = words(FOOTER.sub("", (SEEDS / seed).read_text(encoding="utf-8")))
        pdf_words = words(vorlage_text(ROOT / "output" / f"{stem}-ENTWURF.pdf"))
        have: dict[str, int] = {}
        for w in pdf_words:
            have[w] = have.get(w, 0) + 1
        need: dict[str, int] = {}
        for w in seed_words:
            need[w] = need.get(w, 0) + 1
        found = sum(min(n, have.get(w, 0)) for w, n in need.items())
        matcher = SequenceMatcher(None, seed_words, pdf_words, autojunk=False)
        ordered = sum(b.size for b in matcher.get_matching_blocks())
        print(f"{stem:<28} {len(seed_words):>7} {found / len(seed_words):>9.1%} "
              f"{ordered / len(seed_words):>15.1%}")


if __name__ == "__main__":
    main()
