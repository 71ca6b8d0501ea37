"""Rewrites the generated parts of README.md (the draft format reference) from the schema."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.docs import format_reference  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- format:start -->\n).*?(<!-- format:end -->)", re.S)


def updated(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + format_reference() + m.group(2), text)


if __name__ == "__main__":
    README.write_text(updated(README.read_text(encoding="utf-8")), encoding="utf-8")
    print("README.md: Formatreferenz aktualisiert")
