"""What a build is asked to do: where to, final or draft, how parallel, which copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class BuildOptions:
    out_dir: Path
    final: bool = False
    keep_docx: bool = False
    force: bool = False
    jobs: int = 1
    timeout: float = 120.0
    max_rss_mib: float = 1024.0

    public: bool = False           # leave out nichtöffentliche Anlagen (publication copies)
    follow_register: bool = False  # final if the draft holds a number, else draft; assign none
    by: str | None = None          # who finalises (default: the user name)

    @property
    def archives(self) -> bool:
        """Final builds proper write to the archive; copies for sessions and export do not."""
        return self.final and not self.public and not self.follow_register

    def cache_options(self, final: bool) -> dict:
        """The options a built PDF depends on, for its cache key."""
        return {"final": final, "keep_docx": self.keep_docx, "public": self.public}
