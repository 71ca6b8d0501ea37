"""What a batch shows while it runs and when it ends.

On a terminal: a progress bar with counts and the current document (rich). Elsewhere (CI,
logs, cron): one plain line per document. At the end a summary: built, unchanged, failed
(with the first error line of each) and the elapsed time; `--report` writes it as JSON.
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..files import atomic_save
from .outcome import BatchResult, Outcome, Status


class Display:
    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.done_count = 0
        self.lock = threading.Lock()
        self.console = Console(file=self.stream, highlight=False, soft_wrap=True)
        self.tty = self.console.is_terminal
        self.progress = None
        if self.tty:
            self.progress = Progress(TextColumn("Vorlagen"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), TextColumn("{task.description}"),
                                     console=self.console, transient=True)
            self.task = self.progress.add_task("", total=total)
            self.progress.start()

    def start(self, path: Path) -> None:
        if self.progress:
            with self.lock:
                self.progress.update(self.task, description=str(path))

    def done(self, outcome: Outcome) -> None:
        """Problems go to stderr; the result line (which PDF) to stdout, for scripts."""
        with self.lock:
            self.done_count += 1
            problems = [str(p) for p in outcome.warnings]
            if outcome.status == Status.FEHLER:
                problems += [str(p) for p in outcome.errors]
            for line in problems:
                self._print(line, sys.stderr)
            if outcome.status != Status.FEHLER:
                detail = (f" ({outcome.pages} S., {outcome.seconds:.1f} s)"
                          if outcome.status == Status.GEBAUT else "")
                where = outcome.output or "beim Kommunalarchiv"
                self._print(f"[{self.done_count}/{self.total}] {outcome.status} {outcome.path}: "
                            f"{outcome.nummer} -> {where}{detail}", sys.stdout)
            if self.progress:
                self.progress.advance(self.task)

    def _print(self, line: str, stream) -> None:
        if self.progress:
            self.progress.console.print(line, markup=False)
        else:
            print(line, file=stream, flush=True)

    def close(self) -> None:
        if self.progress:
            self.progress.stop()
            self.progress = None

    def summary(self, result: BatchResult) -> None:
        self.close()
        built, same, failed = (result.count(Status.GEBAUT), result.count(Status.UNVERAENDERT),
                               result.count(Status.FEHLER))
        if self.tty:
            table = Table(title="Zusammenfassung", show_header=True)
            for column in ("gebaut", "unverändert", "fehlgeschlagen", "Zeit"):
                table.add_column(column, justify="right")
            table.add_row(str(built), str(same), str(failed), f"{result.seconds:.1f} s")
            self.console.print(table)
        else:
            print(f"Zusammenfassung: {built} gebaut, {same} unverändert, {failed} "
                  f"fehlgeschlagen in {result.seconds:.1f} s ({result.instances} LibreOffice-"
                  f"Instanz(en), {result.restarts} Neustart(s))", file=self.stream)
        if result.failed:
            print("Fehlgeschlagen:", file=self.stream)
            for outcome in result.failed:
                print(f"  {outcome.path}: {outcome.first_error}", file=self.stream)


def write_report(result: BatchResult, path: Path) -> None:
    data = json.dumps(result.as_dict(), indent=2, ensure_ascii=False)
    atomic_save(lambda p: Path(p).write_text(data, encoding="utf-8"), path)
