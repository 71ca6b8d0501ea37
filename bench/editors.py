"""Many people writing at once (not a test): the real `vorlage serve` (waitress) on a copy of
the example project, driven over loopback by simulated editors, one account and one thread
each, spread over the five drafts (four on each by default).

Each editor saves a small change every 5 s (±1 s), asks for the preview of its current data
every 15 s (±3 s) and says every 15 s that the draft is open, as the browser's form does. It
edits a field of its own (Betreff, Verantwortlich, one word of the Begründung, the
Beschlussvorschlag), so saves on a shared draft merge; now and then one touches the Betreff
too, which may conflict (then it takes the saved state and retries once, as the form does).
Every draft is previewed once before the clock starts (LibreOffice's start is not counted).
Latencies are wall clock on the client, per request. Prints the figures and the goals.

    python bench/editors.py [--editors N] [--seconds S]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from local_server import example_copy, local_server, signed_in  # noqa: E402

from pipeline.accounts import Accounts, parse_roles  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.schema import load_yaml  # noqa: E402

PASSWORD = "Bench-Passwort-1"
SAVE_EVERY, SAVE_JITTER = 5.0, 1.0
PREVIEW_EVERY, PREVIEW_JITTER = 15.0, 3.0
PRESENCE_EVERY = 15.0
SHARED = 0.02  # share of saves that also change the Betreff (another editor's field)
GOALS = {"save_p95_ms": 200, "preview_p95_ms": 1500}
WORDS = ("ergänzt", "überarbeitet", "geprüft", "abgestimmt", "aktualisiert")
# A lowercase word in running text (not inside Markdown links, emphasis or tables).
PLAIN_WORD = re.compile(r"(?<=[ \n])[a-zäöüß]{5,}(?=[ ,.\n])")


def percentile(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.save_ms: list[float] = []
        self.preview_ms: list[float] = []
        self.wait_ms: list[float] = []
        self.build_ms: list[float] = []
        self.presence_ms: list[float] = []
        self.saves = self.merged = self.conflicts = self.dropped = 0
        self.errors: list[str] = []

    def error(self, who: str, message: str) -> None:
        with self.lock:
            self.errors.append(f"{who}: {' '.join(message.split())[:200]}")


class Editor:
    """One person in the form of one draft, signed in through the form as a browser is."""

    def __init__(self, url: str, account: str, draft: str, slot: int, stats: Stats):
        self.url, self.account, self.draft, self.slot, self.stats = (url, account, draft,
                                                                     slot, stats)
        self.opener = None
        self.page = secrets.token_hex(8)  # the browser's id of this open form
        self.rng = random.Random(account)
        self.csrf = self.stand = ""
        self.data: dict = {}
        self.original: dict = {}
        self.edits = self.previews = 0

    def sign_in(self) -> None:
        self.opener = signed_in(self.url, self.account, PASSWORD)

    def open(self) -> None:
        page = self.opener.open(f"{self.url}/entwurf/{self.draft}", timeout=60).read().decode()
        csrf = re.search(r'<meta name="csrf" content="([^"]+)"', page)
        daten = re.search(r'<script type="application/json" id="daten">(.*?)</script>', page,
                          re.S)
        form = re.search(r'<form id="formular"[^>]*>', page)
        if not (csrf and daten and form) or "data-readonly" in form.group(0):
            raise SystemExit(f"{self.account} kann {self.draft} nicht bearbeiten")
        self.csrf = csrf.group(1)
        self.stand = re.search(r'data-stand="([0-9a-f]*)"', form.group(0)).group(1)
        self.data = json.loads(html.unescape(daten.group(1)))
        self.original = json.loads(json.dumps(self.data))

    def post(self, path: str, body: dict) -> tuple[int, Message, bytes, float]:
        """(status, headers, body, seconds) of a JSON request; raises only on no answer."""
        request = urllib.request.Request(
            self.url + path, json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf,
                     "Origin": self.url})
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        return status, headers, content, time.monotonic() - started

    # The edits: each sets a field to its value at opening plus one word, new every time.

    def _field(self) -> str:
        return ("betreff", "verantwortlich", "begruendung", "beschlussvorschlag")[self.slot % 4]

    def edited(self, data: dict, number: int, shared: bool) -> dict:
        out = json.loads(json.dumps(data))
        word = WORDS[number % len(WORDS)]
        field = self._field()
        if field == "begruendung" and isinstance(self.original.get(field), str):
            text = self.original[field]
            spots = list(PLAIN_WORD.finditer(text)) or [re.search(r"$", text)]
            spot = spots[(number * 7 + self.slot) % len(spots)]
            out[field] = text[:spot.start()] + f"{word} " + text[spot.start():]
        else:
            self._append(out, self.original, field, f"({word})")
        if shared:  # someone else's field too: the rare conflict
            self._append(out, self.original, "verantwortlich" if field == "betreff"
                         else "betreff", f"(angemerkt {number})")
        return out

    @staticmethod
    def _append(out: dict, original: dict, field: str, tail: str) -> None:
        value = original.get(field)
        if value is None and field == "verantwortlich":
            value = "Erika Muster, Amtsleitung"
        if isinstance(value, dict):  # beschlussvorschlag with einleitung/text and punkte
            key = next((k for k, v in value.items() if isinstance(v, str)), None)
            if key is not None:
                out[field] = {**out.get(field, value), key: f"{value[key].rstrip()} {tail}"}
                return
            field, value = "betreff", original.get("betreff", "")
        out[field] = f"{str(value).rstrip()} {tail}"

    # What the form does.

    def save(self) -> None:
        self.edits += 1
        shared = self.rng.random() < SHARED
        basis, target = self.data, self.edited(self.data, self.edits, shared)
        for attempt in range(2):
            status, _, content, seconds = self.post("/api/speichern", {
                "name": self.draft, "data": target, "basis": basis, "stand": self.stand})
            answer = _json(content)
            with self.stats.lock:
                self.stats.save_ms.append(seconds * 1000)
            if status == 200 and answer.get("gespeichert"):
                self.data, self.stand = answer["daten"], answer["stand"]
                with self.stats.lock:
                    self.stats.saves += 1
                    self.stats.merged += bool(answer.get("zusammengefuehrt"))
                return
            if status == 409 and "konflikt" in answer:
                with self.stats.lock:
                    self.stats.conflicts += 1
                # Take the saved state, as the form shows it, and make the edit again once.
                self.data, self.stand = answer["daten"], answer["stand"]
                basis, target = self.data, self.edited(self.data, self.edits, shared)
                if attempt == 0:
                    continue
                return
            self.stats.error(self.account, f"speichern {status}: {_message(content)}")
            return

    def preview(self) -> None:
        self.previews += 1
        status, headers, content, seconds = self.post("/api/vorschau", {
            "name": self.draft, "data": self.data, "seite": self.page, "nr": self.previews})
        if status == 200 and content.startswith(b"%PDF"):
            with self.stats.lock:
                self.stats.preview_ms.append(seconds * 1000)
                self.stats.wait_ms.append(float(headers.get("X-Wartezeit-ms", "nan")))
                self.stats.build_ms.append(float(headers.get("X-Bauzeit-ms", "nan")))
        elif status == 409 and _json(content).get("veraltet"):
            with self.stats.lock:
                self.stats.dropped += 1
        else:
            self.stats.error(self.account, f"vorschau {status}: {_message(content)}")

    def present(self, gone: bool = False) -> None:
        status, _, content, seconds = self.post("/api/anwesend", {
            "name": self.draft, "data": {}, "seite": self.page, **({"weg": True} if gone
                                                                   else {})})
        if gone:
            return
        if status == 200:
            with self.stats.lock:
                self.stats.presence_ms.append(seconds * 1000)
        else:
            self.stats.error(self.account, f"anwesend {status}: {_message(content)}")

    def run(self, start: float, end: float) -> None:
        """Until `end`: each action at its own (jittered) times, staggered from `start`."""
        due = {self.save: start + self.rng.uniform(0, SAVE_EVERY),
               self.preview: start + self.rng.uniform(0, PREVIEW_EVERY),
               self.present: start + self.rng.uniform(0, PRESENCE_EVERY)}
        every = {self.save: (SAVE_EVERY, SAVE_JITTER),
                 self.preview: (PREVIEW_EVERY, PREVIEW_JITTER),
                 self.present: (PRESENCE_EVERY, 0.0)}
        while True:
            action = min(due, key=due.get)
            if due[action] >= end:
                break
            time.sleep(max(0.0, due[action] - time.monotonic()))
            try:
                action()
            except OSError as exc:  # no answer at all (refused, reset, timeout)
                self.stats.error(self.account, f"{action.__name__}: {exc!r}")
            interval, jitter = every[action]
            due[action] += interval + self.rng.uniform(-jitter, jitter)
        try:
            self.present(gone=True)  # the form closes
        except OSError:
            pass


def _json(content: bytes) -> dict:
    try:
        answer = json.loads(content)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _message(content: bytes) -> str:
    answer = _json(content)
    if answer:
        return json.dumps(answer, ensure_ascii=False)
    return re.sub(r"<[^>]+>", " ", content.decode("utf-8", errors="replace"))


def add_accounts(root: Path, editors: int, drafts: list[Path]) -> list[tuple[str, str, int]]:
    """(account, draft, slot) per editor: a Sachbearbeitung account of the draft's Amt."""
    project = Project.find(root)
    out = []
    with Accounts(project.accounts_path) as accounts:
        for i in range(editors):
            draft = drafts[i % len(drafts)]
            amt = load_yaml(draft, "Entwurf").data["amt"]
            name = f"bearbeiter{i + 1:02d}"
            accounts.add(name, parse_roles([f"sachbearbeitung:{amt}"], None, project.amt_key),
                         PASSWORD, f"Bearbeiter {i + 1}")
            out.append((name, draft.name, i // len(drafts)))
    return out


def ms(value: float) -> str:
    return f"{value:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    stats = Stats()
    with tempfile.TemporaryDirectory() as tmp:
        root = example_copy(Path(tmp))
        drafts = sorted((root / "drafts").glob("*.yaml"))
        people = add_accounts(root, args.editors, drafts)
        with local_server(root) as url:
            editors = [Editor(url, name, draft, slot, stats) for name, draft, slot in people]
            with ThreadPoolExecutor(len(editors)) as pool:
                list(pool.map(lambda e: (e.sign_in(), e.open()), editors))
            warm = []
            for editor in editors[:len(drafts)]:  # LibreOffice starts; each Hausstil once
                started = time.monotonic()
                status, _, content, _ = editor.post("/api/vorschau", {
                    "name": editor.draft, "data": editor.data, "seite": "aufwaermen",
                    "nr": 0})
                if status != 200:
                    raise SystemExit(f"Vorschau von {editor.draft}: {status} "
                                     f"{_message(content)[:300]}")
                warm.append(time.monotonic() - started)
            start = time.monotonic()
            end = start + args.seconds
            with ThreadPoolExecutor(len(editors)) as pool:
                for done in [pool.submit(e.run, start, end) for e in editors]:
                    done.result()  # a bug in an editor's thread is a crash
            took = time.monotonic() - start
    s = stats
    save_p95, preview_p95 = percentile(s.save_ms, 95), percentile(s.preview_ms, 95)
    print(f"{args.editors} Bearbeiter auf {len(drafts)} Entwürfen, {took:.0f} s "
          f"(Vorschau vorher je Entwurf einmal: erste {warm[0]:.1f} s mit LibreOffice-Start, "
          f"dann höchstens {max(warm[1:], default=0):.1f} s)")
    print(f"Speichern: {s.saves} gespeichert ({len(s.save_ms)} Anfragen), davon "
          f"{s.merged} zusammengeführt; p50 {ms(percentile(s.save_ms, 50))}, "
          f"p95 {ms(save_p95)}, max {ms(max(s.save_ms, default=float('nan')))}")
    print(f"Vorschau: {len(s.preview_ms)} gebaut; p50 {ms(percentile(s.preview_ms, 50))}, "
          f"p95 {ms(preview_p95)}, max {ms(max(s.preview_ms, default=float('nan')))}; "
          f"Bauzeit p50 {ms(percentile(s.build_ms, 50))}; Warteschlange p50 "
          f"{ms(percentile(s.wait_ms, 50))}, p95 {ms(percentile(s.wait_ms, 95))}; "
          f"verworfen (überholt): {s.dropped}")
    print(f"Anwesenheit: {len(s.presence_ms)} Meldungen, p95 "
          f"{ms(percentile(s.presence_ms, 95))}")
    print(f"Konflikte: {s.conflicts}; Fehler: {len(s.errors)}")
    for message in s.errors[:5]:
        print(f"  {message}")
    goals = [(f"Speichern p95 < {GOALS['save_p95_ms']} ms", save_p95 < GOALS["save_p95_ms"]),
             (f"Vorschau p95 < {GOALS['preview_p95_ms'] / 1000:.1f} s".replace(".", ","),
              preview_p95 < GOALS["preview_p95_ms"]),
             ("0 Fehler", not s.errors)]
    for goal, held in goals:
        print(f"{goal}: {'Ziel erreicht' if held else 'Ziel verfehlt'}")


if __name__ == "__main__":
    main()
