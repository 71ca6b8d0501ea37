"""DOCX/ODT (Writer) and XLSX/ODS (Calc) to PDF with LibreOffice: a pool of headless
instances driven over Python-UNO.

Starting LibreOffice costs about a second; converting in a running instance a tenth of that.
So a build starts its workers once (each with its own profile folder, so they never share
state), a further one only when every running one is busy, feeds them documents and stops
them at the end, also on Ctrl-C. A conversion that
crashes or hangs past its timeout gets its worker killed and replaced, and is retried once.
Documents are opened with Hidden=True, which measured faster than unoserver's visible load.
Each profile is written with settings that keep LibreOffice from loading what a document
links to (PROFILE_SETTINGS); office.py removes such links before a document gets here.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from .limits import Limits, bounded
from .reaper import WORKDIR_PREFIX, pipe_name, reap_orphans

DEFAULT_TIMEOUT = 120.0
START_TIMEOUT = 60.0

# Written into every worker's profile so that LibreOffice itself loads nothing from outside
# a document; office.py removes such references beforehand, and this holds where it misses.
# Names as in LibreOffice 7.4's schema (share/registry/main.xcd). There is no option against
# fetching in general: linked pictures of list bullets and backgrounds were still fetched.
PROFILE_SETTINGS = {
    "/org.openoffice.Office.Common/Security/Scripting": {
        # linked pictures of documents outside the trusted locations are not loaded (over
        # HTTP and from files alike), and there are no trusted locations
        "BlockUntrustedRefererLinks": "true", "SecureURL": "",
        "MacroSecurityLevel": "3", "DisableMacrosExecution": "true",  # no macro, ever
        "ExecutePlugins": "false"},
    # links to other files (sections, OLE objects, DDE) are never updated: Writer counts
    # 0 always, 1 on request, 2 never; Calc 0 always, 1 never, 2 on request
    "/org.openoffice.Office.Writer/Content/Update": {"Link": "2"},
    "/org.openoffice.Office.Calc/Content/Update": {"Link": "1"},
    # a spreadsheet shows the values it was saved with: a formula is not recalculated on
    # load (0 always, 1 never, 2 ask), so none can fetch what office.py did not remove
    "/org.openoffice.Office.Calc/Formula/Load": {"OOXMLRecalcMode": "1", "ODFRecalcMode": "1"},
}

# The PDF export filter of each kind of document the workers open (a DOCX or ODT loads as a
# text document, an XLSX or ODS as a spreadsheet); FilterData means the same to both.
EXPORT_FILTERS = {"com.sun.star.text.TextDocument": "writer_pdf_Export",
                  "com.sun.star.sheet.SpreadsheetDocument": "calc_pdf_Export"}


class ConversionError(Exception):
    """A document LibreOffice could not convert (after one retry)."""


class UnreadableDocument(ConversionError):
    """LibreOffice cannot open the file at all: no retry, and the worker is fine."""


def _uno():
    try:
        import uno  # Debian's python3-uno; the venv sees it via system packages
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise ConversionError(
            "Python-UNO fehlt: `make setup` ausführen (installiert python3-uno und legt .venv "
            "mit --system-site-packages an)") from exc
    return uno


def _props(**values):
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def pdf_filter_data(tagged: bool, pdfa: bool) -> dict:
    """Export options: bookmarks always; final documents tagged (PDF/UA), as PDF/A-2b.

    Drafts stay untagged: their structure tree has thousands of objects that every later
    pypdf pass must copy, which tripled the cost of appending Anlagen, and drafts are not
    published.
    """
    data = {"ExportBookmarks": True, "ExportNotes": False, "ExportFormFields": False,
            "EmbedStandardFonts": True}
    if tagged:
        data.update({"UseTaggedPDF": True, "PDFUACompliance": True})
    if pdfa:
        data["SelectPdfVersion"] = 2
    return data


def soffice_binary() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConversionError("LibreOffice (soffice) nicht gefunden: `make setup` ausführen")
    return found


def _group_pids(pgid: int) -> list[int]:
    """Every process in a worker's process group (oosplash and soffice.bin)."""
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    pids.append(int(entry.name))
            except (OSError, ProcessLookupError):
                continue
    return pids


def _rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


@contextmanager
def _attempt_file(target: Path) -> Iterator[Path]:
    """Where one conversion attempt writes: a folder of its own beside the target. A
    LibreOffice killed while storing leaves its lock file (`.~lock.<name>#`) and a temporary
    file next to what it wrote, and that lock made the retry on a fresh worker fail."""
    folder = Path(tempfile.mkdtemp(prefix=".lo-", dir=target.parent))
    try:
        yield folder / target.name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_profile_settings(profile: Path) -> None:
    """The profile's registrymodifications.xcu with PROFILE_SETTINGS, written before every
    launch, so no state LibreOffice kept in it can undo them."""
    from xml.sax.saxutils import escape, quoteattr

    items = "".join(
        f'<item oor:path={quoteattr(path)}><prop oor:name={quoteattr(name)} oor:op="fuse">'
        f"<value>{escape(value)}</value></prop></item>\n"
        for path, props in PROFILE_SETTINGS.items() for name, value in props.items())
    xcu = profile / "user" / "registrymodifications.xcu"
    xcu.parent.mkdir(parents=True, exist_ok=True)
    xcu.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://'
                   'openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items
                   + "</oor:items>\n", encoding="utf-8")


class Worker:
    """One headless LibreOffice with its own profile, reached over a named pipe."""

    def __init__(self, index: int, workdir: Path, limits: Limits = Limits()):
        self.index = index
        self.workdir = workdir
        self.limits = limits  # its address space: a conversion past it fails, not the machine
        self.profile = workdir / f"profil-{index}"
        self.proc: subprocess.Popen | None = None
        self.context = None  # the instance's component context (its configuration, for tests)
        self.desktop = None
        self.pids: list[int] = []

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, gate: AbstractContextManager = nullcontext()) -> None:
        """Launches LibreOffice inside `gate` (the pool's guard against launching after it
        closed), then waits for it to listen."""
        uno = _uno()
        pipe = pipe_name(self.index)
        write_profile_settings(self.profile)
        cmd = [soffice_binary(), f"-env:UserInstallation={self.profile.as_uri()}",
               "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
               "--nolockcheck", "--nofirststartwizard",
               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
        cmd = bounded(cmd, self.limits)
        with gate:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # NoConnectException until the instance listens
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise ConversionError("LibreOffice ließ sich nicht starten") from None
                time.sleep(0.05)
        self.context = ctx
        self.desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        self.pids = _group_pids(self.proc.pid)

    def convert(self, source: Path, target: Path, tagged: bool, pdfa: bool) -> None:
        uno = _uno()
        doc = self.desktop.loadComponentFromURL(
            Path(source).resolve().as_uri(), "_blank", 0,
            # no link updated (UpdateDocMode NO_UPDATE), no macro run (NEVER_EXECUTE)
            _props(Hidden=True, ReadOnly=True, UpdateDocMode=0, MacroExecutionMode=0))
        if doc is None:
            raise UnreadableDocument(f"{Path(source).name}: LibreOffice kann die Datei nicht "
                                     "öffnen")
        try:
            export = next((name for service, name in EXPORT_FILTERS.items()
                           if doc.supportsService(service)), None)
            if export is None:  # a drawing or presentation: no Anlage type converts to one
                raise UnreadableDocument(f"{Path(source).name}: weder Text noch Tabelle")
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                                  _props(**pdf_filter_data(tagged, pdfa)))
            doc.storeToURL(Path(target).resolve().as_uri(),
                           _props(FilterName=export, FilterData=filter_data))
        finally:
            try:
                doc.close(True)
            except Exception:
                pass

    def rss_mib(self) -> float:
        return _rss_mib(self.pids) if self.proc and self.proc.poll() is None else 0.0

    def stop(self) -> None:
        asked = False
        if self.desktop is not None:
            try:
                self.desktop.terminate()
                asked = True
            except Exception:
                pass
            self.desktop = self.context = None
        # A worker that was asked to quit gets a moment; one still starting or no longer
        # answering is killed at once.
        if asked and self.proc and self.proc.poll() is None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self) -> None:
        """Stops the whole process group: oosplash sometimes ignores a polite kill."""
        if not self.proc:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            try:
                self.proc.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
        self.desktop = self.context = None


class Converter:
    """A pool of LibreOffice workers. `convert` is thread-safe and blocks for a free worker."""

    def __init__(self, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
                 max_rss_mib: float = 1024.0, workdir: Path | None = None,
                 limits: Limits = Limits()):
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_rss_mib = max_rss_mib
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix=WORKDIR_PREFIX))
        self.workers = [Worker(i, self.workdir, limits) for i in range(self.jobs)]
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.restarts = 0  # workers replaced after a crash or hang, for the summary
        self._started = False
        self._launched = 0  # workers started so far (they start as the work needs them)
        self._background = 0  # asked to start in the background: 1 the first, 2 all
        self._lock = threading.Lock()
        # Guards launching against closing: a conversion that fails because close() stopped
        # its worker would otherwise start a replacement that outlives the run.
        self._lifecycle = threading.Lock()
        self._closed = False

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ensure_started(self) -> None:
        """Starts the first worker. The others start only when a conversion finds every
        started one busy: a build of one draft on a many-core machine runs one LibreOffice,
        not one per core (each costs a second of CPU and a few hundred MiB to start)."""
        with self._lock:
            if self._started:
                return
            reap_orphans()
            self.workers[0].start(self._launch_gate())
            self._launched = 1
            self._started = True
            self.idle.put(self.workers[0])

    def _free_worker(self) -> Worker:
        """An idle worker; else a not yet launched one, started now; else the next to free."""
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            pass
        spare = self._claim_spare()
        if spare is not None:
            try:
                spare.start(self._launch_gate())
                return spare
            except ConversionError:
                pass  # the machine cannot take another instance: wait for a running one
        return self.idle.get()

    def _claim_spare(self) -> Worker | None:
        """The next worker not launched yet, counted as launched; None when all are."""
        with self._lock:
            spare = self.workers[self._launched] if self._launched < len(self.workers) else None
            self._launched += spare is not None
        return spare

    @contextmanager
    def _launch_gate(self) -> Iterator[None]:
        with self._lifecycle:
            if self._closed:
                raise ConversionError("abgebrochen: die LibreOffice-Instanzen sind beendet")
            yield

    def start_in_background(self, every_worker: bool = False) -> None:
        """Starts the first worker (or all: a server keeping its pool warm) while the caller
        goes on (LibreOffice takes a second)."""
        with self._lock:
            if self._background >= 1 + every_worker:
                return  # asked already: a batch asks for each draft it can build
            self._background = 1 + every_worker
        threading.Thread(target=self._start_quietly, args=(every_worker,), daemon=True).start()

    def _start_quietly(self, every_worker: bool) -> None:
        try:
            self._ensure_started()
            while every_worker and (spare := self._claim_spare()) is not None:
                spare.start(self._launch_gate())
                self.idle.put(spare)
        except Exception:  # reported again by the first conversion that needs a worker
            pass

    @property
    def launched(self) -> int:
        """How many workers this pool has started so far."""
        return self._launched

    def pids(self) -> list[int]:
        return [w.pid for w in self.workers if w.pid]

    def convert(self, source: Path, target: Path, tagged: bool = False,
                pdfa: bool = False) -> None:
        """Converts one document; retries once on a fresh worker after a crash or hang.

        A tagged export carries XMP, whose text fields LibreOffice 7.4 escapes twice; they
        are repaired here, after the worker is free again, so every caller gets a file whose
        XMP and Info agree (as PDF/A requires)."""
        self._store(source, target, tagged, pdfa)
        if tagged:
            from .pdfa import match_xmp_to_info  # pikepdf: only final builds pay for it

            match_xmp_to_info(Path(target))

    def _store(self, source: Path, target: Path, tagged: bool, pdfa: bool) -> None:
        self._ensure_started()
        last_error: Exception | None = None
        for _ in range(2):  # the first try and one retry
            worker = self._free_worker()
            timed_out = threading.Event()

            def on_timeout(w=worker, flag=timed_out):
                flag.set()
                w.kill()

            timer = threading.Timer(self.timeout, on_timeout)
            timer.start()
            try:
                with _attempt_file(Path(target)) as attempt:
                    worker.convert(source, attempt, tagged, pdfa)
                    os.replace(attempt, target)
                self._maybe_recycle(worker)
                self.idle.put(worker)
                return
            except UnreadableDocument:
                self.idle.put(worker)  # the file is the problem, not the worker
                raise
            except Exception as exc:
                last_error = exc
                self._replace(worker)
            finally:
                timer.cancel()
            if timed_out.is_set():
                last_error = ConversionError(f"{Path(source).name}: Umwandlung dauerte länger "
                                             f"als {self.timeout:.0f} s")
        raise ConversionError(str(last_error) if isinstance(last_error, ConversionError)
                              else f"{Path(source).name}: LibreOffice-Fehler ({last_error})")

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self.restarts += 1
        try:
            worker.start(self._launch_gate())
        finally:
            self.idle.put(worker)

    def _maybe_recycle(self, worker: Worker) -> None:
        if worker.rss_mib() > self.max_rss_mib:
            worker.stop()
            worker.start(self._launch_gate())

    def close(self) -> None:
        with self._lifecycle:  # from here on no worker launches; the launched ones stop
            self._closed = True
        for worker in self.workers:
            worker.stop()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
