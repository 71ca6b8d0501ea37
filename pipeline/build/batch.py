"""Builds many drafts: checks all first, skips unchanged ones, converts in parallel.

Rendering and PDF assembly run in threads beside the LibreOffice workers (twice as many
threads as workers), so Python work overlaps with conversion. A failing draft is reported and
the others go on; Ctrl-C stops the workers and leaves no partial PDF.

An original and a follow-up that names it (`bezug`) in one final run: the original is
numbered first and built in an earlier wave, so the follow-up is archived only after it; if
the original fails, so does its follow-up.
"""

from __future__ import annotations

import hashlib
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from ..check import Checked, check_file, run_numbers
from ..errors import Problem, UserError, display_path
from ..pdf import Converter
from ..project import Project
from ..records import Archive, Register, check_agreement
from ..render import Numbering
from .archived import archived_outcome
from .cache import BuildCache, build_key
from .inputs import anlage_files, estimated_work, find_drafts
from .numbers import final_number, number_for
from .options import BuildOptions
from .outcome import BatchResult, Outcome, Status
from ..workflow import Workflow, printed_signoffs

Plan = tuple[Checked, Numbering, str]  # a draft to build, its number, its cache key


class Batch:
    def __init__(self, project: Project, options: BuildOptions,
                 on_start: Callable[[Path], None] | None = None,
                 on_done: Callable[[Outcome], None] | None = None,
                 converter: Converter | None = None):
        self.project = project
        self.options = options
        self.converter = converter  # shared with the caller, who then also closes it
        self.on_start = on_start or (lambda path: None)
        self.on_done = on_done or (lambda outcome: None)

    def run(self, paths: list[Path]) -> BatchResult:
        started = time.monotonic()
        drafts = find_drafts(paths)
        cache = BuildCache(self.options.out_dir)
        converter = self.converter or Converter(self.options.jobs, timeout=self.options.timeout,
                                                max_rss_mib=self.options.max_rss_mib,
                                                limits=self.project.limits)
        owned = nullcontext() if self.converter else converter
        with owned:
            checked, buildable = [], 0
            for path in drafts:
                checked.append(check_file(path, self.project))
                buildable += checked[-1].ok
                if buildable and not cache.entries:
                    # Nothing was built here before, so this draft will be converted:
                    # LibreOffice starts now, while the others are checked; from the
                    # second such draft on, every worker does.
                    converter.start_in_background(every_worker=buildable > 1)
            if not any(c.ok for c in checked):  # nothing to build: no register, no cache
                outcomes = [Outcome(c.path, Status.FEHLER, problems=c.problems)
                            for c in checked]
                for outcome in outcomes:
                    self.on_done(outcome)
                return BatchResult(outcomes, time.monotonic() - started, 0)
            return self._run(drafts, checked, cache, converter, started)

    def _run(self, drafts: list[Path], checked: list[Checked], cache: BuildCache,
             converter: Converter, started: float) -> BatchResult:
        outcomes: list[Outcome] = []
        todo: list[Plan] = []
        with Register(self.project.register_path) as register:
            archive = Archive(register, self.project.archive_dir, self.project.root)
            if self.options.archives:
                check_agreement(register, archive)  # a restored register gives out nothing
            going_final: set[str] = set()  # numbers this run archives, for their follow-ups
            for c in originals_first(checked, self.project, register):
                outcome = self._plan(c, register, archive, cache, todo, going_final)
                if outcome is not None:
                    outcomes.append(outcome)
                    self.on_done(outcome)
                elif len(todo) <= 2:  # overlaps start-up with the planning
                    converter.start_in_background(every_worker=len(todo) == 2)
            try:
                outcomes.extend(self._build_all(todo, converter, cache, register))
            finally:
                cache.flush()
            restarts, instances = converter.restarts, converter.launched
        order = {p.resolve(): i for i, p in enumerate(drafts)}
        outcomes.sort(key=lambda o: order.get(o.path.resolve(), 0))
        return BatchResult(outcomes, time.monotonic() - started, instances, restarts)

    def _plan(self, c: Checked, register: Register, archive: Archive, cache: BuildCache,
              todo: list[Plan], going_final: set[str]) -> Outcome | None:
        """Numbers a checked draft and decides whether it needs building at all."""
        if not c.ok:
            return Outcome(c.path, Status.FEHLER, problems=c.problems)
        records = ""
        try:
            if self.project.config.workflow:
                records = self._signoffs_from_records(c, register)
            final = self.options.final
            if self.options.follow_register:
                final = register.number_of(self.project.draft_key(c.path)) is not None
            if self.options.archives:
                numbering = final_number(c, self.project, register, frozenset(going_final))
            else:
                numbering = number_for(c, self.project, register, final)
            if numbering.final:
                done = archived_outcome(c, numbering, archive, self.project, self.options)
                if done is not None:
                    return done
        except UserError as exc:
            return Outcome(c.path, Status.FEHLER, problems=c.problems + exc.problems)
        except Exception as exc:  # an internal fault: this draft fails, the others go on
            problem = Problem(display_path(c.path), None, None, "", f"interner Fehler: {exc!r}")
            return Outcome(c.path, Status.FEHLER, problems=c.problems + [problem],
                           traceback=traceback.format_exc())
        # None: an Anlage listed by its title, or a file gone since the check (build says so)
        files = [f for f in anlage_files(c, self.project) if f is not None]
        key = build_key(c.path, files, c.style.fingerprint + records,
                        numbering.nummer, self.options.cache_options(numbering.final))
        fresh = None if self.options.force else cache.fresh(self.project.draft_key(c.path), key)
        if fresh is not None:
            return Outcome(c.path, Status.UNVERAENDERT, output=fresh, nummer=numbering.nummer,
                           problems=c.problems)
        todo.append((c, numbering, key))
        if self.options.archives:
            going_final.add(numbering.nummer)
        return None

    def _signoffs_from_records(self, c: Checked, register: Register) -> str:
        """With the workflow on, the printed Mitzeichnung block is the server's records (the
        YAML's `status:` lines count for nothing). Returns their digest: a new record means
        a new build."""
        printed = printed_signoffs(Workflow(self.project, register).vorgang(c))
        c.draft = c.draft.model_copy(update={"mitzeichnung": printed})
        shown = [(m.stelle, m.status, m.name, str(m.datum), m.hinweis) for m in printed]
        return hashlib.sha256(repr(shown).encode()).hexdigest()

    def _build_all(self, todo: list[Plan], converter: Converter, cache: BuildCache,
                   register: Register) -> list[Outcome]:
        if not todo:
            return []
        # Imported only now: rendering and PDF work pull in docxtpl, pypdf and pikepdf,
        # which a rebuild with nothing to build does not need (a third of its time).
        from .vorlage import build_vorlage

        outcomes = []
        jobs = self.options.jobs
        built: dict[str, str] = {}  # number -> status, for the follow-ups of the next wave

        def one(item: Plan) -> Outcome:
            c, numbering, key = item
            base = numbering.basis
            if base in waiting and built.get(base) not in (Status.GEBAUT,
                                                           Status.UNVERAENDERT):
                outcome = Outcome(c.path, Status.FEHLER, nummer=numbering.nummer, problems=[
                    *c.problems, c.loaded.problem(("bezug",), f"Vorlage {base} wurde in diesem "
                                                              "Lauf nicht final; die "
                                                              "Folgevorlage wartet auf sie")])
                self.on_done(outcome)
                return outcome
            self.on_start(c.path)
            outcome = build_vorlage(c, self.project, numbering, converter, self.options,
                                    register)
            if outcome.status == Status.GEBAUT:
                cache.record(self.project.draft_key(c.path), key, outcome.output,
                             numbering.nummer)
            built[numbering.nummer] = outcome.status
            self.on_done(outcome)
            return outcome

        waiting = {n.nummer for _, n, _ in todo} if self.options.archives else set()
        # Twice as many threads as LibreOffice workers: while they convert, the others render
        # the next documents and assemble finished ones. (Worker processes for rendering were
        # measured: on two cores they cost more CPU than they saved.) A short switch interval
        # hands the interpreter back quickly to a thread whose conversion just returned.
        pool = ThreadPoolExecutor(max_workers=2 * jobs, thread_name_prefix="vorlage")
        switch = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        try:
            for wave in waves(todo, waiting):
                # Longest first, so no LibreOffice worker is left with one long document at
                # the end.
                wave.sort(key=lambda item: estimated_work(item[0]), reverse=True)
                futures = [pool.submit(one, item) for item in wave]
                for future in futures:
                    outcomes.append(future.result())
        finally:
            sys.setswitchinterval(switch)
            pool.shutdown(wait=False, cancel_futures=True)
        return outcomes


def originals_first(checked: list[Checked], project: Project,
                    register: Register) -> list[Checked]:
    """The drafts in their order, but each after the original its `bezug` names when that
    is in the same run (an original in turn after its own)."""
    numbers = run_numbers(checked, project, register)
    holder = {}
    for c in checked:
        if c.ok:
            key = project.draft_key(c.path)
            number = register.number_of(key) or (c.draft.vorlagennummer or "").strip()
            if number in numbers:
                holder[number] = c
    done: list[Checked] = []

    def place(c: Checked, seen: tuple) -> None:
        base = holder.get((c.draft.bezug or "").strip()) if c.ok else None
        if base is not None and base is not c and base not in seen:
            place(base, seen + (c,))
        if not any(d is c for d in done):
            done.append(c)

    for c in checked:
        place(c, ())
    return done


def waves(todo: list[Plan], numbers: set[str]) -> list[list[Plan]]:
    """The builds in waves: a follow-up whose original is built in this run comes in the
    wave after it."""
    depth: dict[str, int] = {}
    by_number = {n.nummer: n for _, n, _ in todo}

    def level(nummer: str, seen: frozenset = frozenset()) -> int:
        if nummer not in depth:
            base = by_number[nummer].basis
            depth[nummer] = (level(base, seen | {nummer}) + 1
                             if base in numbers and base in by_number and base not in seen
                             else 0)
        return depth[nummer]

    out: list[list[Plan]] = []
    for item in todo:
        i = level(item[1].nummer)
        while len(out) <= i:
            out.append([])
        out[i].append(item)
    return out
