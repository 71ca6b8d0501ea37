"""What the server knows about the people editing right now: who has which draft open, and
whose preview is next. Kept in memory: it is about the last minute, not the record."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

PRESENT_SECONDS = 45  # the form says it is still open every 15 s


@dataclass
class _Open:
    konto: str
    anzeigename: str
    seen: float


class Presence:
    """Open editor pages by draft; a page counts until it has not been heard of for
    PRESENT_SECONDS (a closed tab stops saying so)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._pages: dict[str, dict[str, _Open]] = {}
        self._saves: dict[object, tuple[str, str]] = {}  # draft -> (version, saved by)
        self._lock = threading.Lock()
        self._clock = clock

    def saved(self, draft, version: str, by: str) -> None:
        with self._lock:
            self._saves[draft] = (version, by)

    def saved_by(self, draft, version: str) -> str:
        """Who saved this version of the draft in the browser, as far as the server knows."""
        with self._lock:
            known = self._saves.get(draft)
        return known[1] if known and known[0] == version else ""

    def seen(self, draft: str, page: str, konto: str, anzeigename: str) -> None:
        with self._lock:
            self._pages.setdefault(draft, {})[page] = _Open(konto, anzeigename, self._clock())

    def gone(self, draft: str, page: str) -> None:
        with self._lock:
            self._pages.get(draft, {}).pop(page, None)

    def others(self, draft: str, page: str, konto: str) -> list[str]:
        """Names of the others who have the draft open ("in einem zweiten Fenster" for the
        same person in another tab)."""
        now = self._clock()
        with self._lock:
            pages = self._pages.get(draft, {})
            for key in [k for k, v in pages.items() if now - v.seen > PRESENT_SECONDS]:
                del pages[key]
            names = []
            for key, entry in pages.items():
                if key == page:
                    continue
                names.append("Sie selbst in einem anderen Fenster" if entry.konto == konto
                             else entry.anzeigename)
            return sorted(set(names))


@dataclass
class _Line:
    lock: threading.Lock = field(default_factory=threading.Lock)
    newest: dict[str, int] = field(default_factory=dict)  # page -> newest request number


class PreviewQueue:
    """Previews queue per user, one at a time each, so one person typing fast cannot keep
    the converter from the others; a preview overtaken by a newer one of the same page
    before its turn is dropped unbuilt."""

    def __init__(self):
        self._lines: dict[str, _Line] = {}
        self._lock = threading.Lock()

    def _line(self, konto: str) -> _Line:
        with self._lock:
            return self._lines.setdefault(konto, _Line())

    @contextmanager
    def turn(self, konto: str, page: str, number: int):
        """Waits for the user's turn; yields the seconds waited, or None when a newer
        preview of the same page came in meanwhile (then nothing is to be built)."""
        line = self._line(konto)
        with self._lock:
            if number < line.newest.get(page, -1):
                number = -1  # already overtaken on arrival
            else:
                line.newest[page] = number
        if number < 0:
            yield None
            return
        started = time.monotonic()
        with line.lock:
            with self._lock:
                stale = line.newest.get(page, number) > number
            yield None if stale else time.monotonic() - started
