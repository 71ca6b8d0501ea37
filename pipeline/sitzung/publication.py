"""Copies of Vorlagen for a session's packets and for publication.

Each copy is built as the register has it: final with its number if the Vorlage is final,
else as a draft; no number is given out. A public copy is rendered without its
nichtöffentliche Anlagen, which are not even converted, so nothing of them can reach it.
The packets and the OParl export take their copies from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..build import Batch, BuildOptions, Outcome
from ..errors import UserError
from ..pdf import Converter
from ..project import Project


def build_copies(project: Project, drafts: list[Path], out_dir: Path, converter: Converter,
                 public: bool, on_done: Callable[[Outcome], None] | None = None
                 ) -> dict[Path, Path]:
    """PDF of each draft (by resolved path); a UserError listing what failed otherwise."""
    options = BuildOptions(out_dir=out_dir, jobs=converter.jobs, follow_register=True,
                           public=public)
    result = Batch(project, options, on_done=on_done, converter=converter).run(drafts)
    if result.failed:
        raise UserError([p for o in result.failed for p in o.errors])
    return {o.path.resolve(): o.output for o in result.outcomes}
