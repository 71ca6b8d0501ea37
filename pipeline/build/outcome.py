"""What became of each draft in a build, and of the whole batch; the `--report` JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..errors import HasProblems, Problem


class Status(StrEnum):
    """The words the summary, the progress lines and the report use."""

    GEBAUT = "gebaut"
    UNVERAENDERT = "unverändert"
    FEHLER = "fehler"
    NUMMERIERT = "nummeriert"  # `vorlage number assign`: numbered, not built


@dataclass
class Outcome(HasProblems):
    path: Path
    status: Status
    output: Path | None = None
    nummer: str | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    traceback: str = ""

    def as_dict(self) -> dict:
        return {"entwurf": str(self.path), "status": str(self.status), "nummer": self.nummer,
                "pdf": str(self.output) if self.output else None, "seiten": self.pages,
                "sekunden": round(self.seconds, 3), "fehler": [str(p) for p in self.errors],
                "warnungen": [str(p) for p in self.warnings]}


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: float
    instances: int  # LibreOffice instances the run started (at most --jobs)
    restarts: int = 0

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == Status.FEHLER]

    def as_dict(self) -> dict:
        return {"gebaut": self.count(Status.GEBAUT),
                "unveraendert": self.count(Status.UNVERAENDERT),
                "fehlgeschlagen": self.count(Status.FEHLER), "sekunden": round(self.seconds, 3),
                "libreoffice_instanzen": self.instances, "libreoffice_neustarts": self.restarts,
                "vorlagen": [o.as_dict() for o in self.outcomes]}
