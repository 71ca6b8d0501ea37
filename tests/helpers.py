"""Helpers the tests share: the real `vorlage` command, a minimal draft, PDF text, processes.

Fixtures live in conftest.py; this is an ordinary module the tests import
(`tests/` is on the path, see pyproject.toml).
"""

from __future__ import annotations

import os
import re
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Copies of ../shared/seeds: CI checks out the project alone, so the seeds travel with it.
SEEDS = REPO / "tests" / "seeds"
STYLES = REPO / "pipeline" / "haus" / "styles"  # the bundled house styles

MINIMAL = """\
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.02.2024
betreff: Beschaffung von Testgeräten
beratungsfolge:
  - gremium: Hauptausschuss
    sitzung: 01.03.2024
  - gremium: Rat
    sitzung: 15.03.2024
    zustaendigkeit: Entscheidung
beschlussvorschlag: Der Rat beschließt die Beschaffung.
begruendung: |
  Die Geräte sind veraltet.
"""


VORLAGE = Path(sys.executable).parent / "vorlage"  # the installed entry point


def run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs the real `vorlage` command as a user would."""
    return subprocess.run([str(VORLAGE), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def helvetica_pdf(path: Path, *lines: str) -> None:
    """A one-page PDF whose text sits literally in its (compressed) content stream."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i, line in enumerate(lines):
        c.drawString(72, 700 - 20 * i, line)
    c.save()


def soffice_pids(parent: int) -> list[int]:
    """soffice.bin processes started (indirectly) by `parent`."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                cmd = fh.read()
            if b"soffice.bin" not in cmd or f"vorlage-{parent}-".encode() not in cmd:
                continue
            found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_for(predicate, timeout=60.0, message="timed out"):
    """Polls `predicate` until it returns something true, which is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(message)


def final_pdf(project) -> Path:
    """The (first) archived final PDF of a test project, not a publication copy."""
    return sorted(p for p in project.output_dir.glob("archiv/*/*.pdf")
                  if not p.name.endswith(".oeffentlich.pdf"))[0]


LONG = MINIMAL.replace("  Die Geräte sind veraltet.\n", "".join(
    f"  Absatz {i}: Die Geräte im Sitzungssaal sind veraltet und müssen ersetzt werden, "
    "weil Ersatzteile fehlen und die Wartung teuer geworden ist.\n\n" for i in range(80)))


def numbered_drafts(write_draft, count, anlage=None, text=MINIMAL) -> None:
    """`count` drafts v00.yaml, v01.yaml, … that differ in their Betreff."""
    for i in range(count):
        body = text.replace("Testgeräten", f"Testgeräten Nr. {i}")
        if anlage:
            body += f"anlagen:\n  - titel: Angebot\n    datei: {anlage(i)}\n"
        write_draft(f"v{i:02d}.yaml", body)


def start_batch(project, *extra, jobs: int = 2) -> subprocess.Popen:
    """`vorlage build --jobs 2 drafts` in the background."""
    return subprocess.Popen([str(VORLAGE), "build", "--jobs", str(jobs), *extra, "drafts"],
                            cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def mid_batch(project, proc) -> int:
    """A LibreOffice worker of the running batch, once the first PDF is written."""
    wait_for(lambda: list(project.output_dir.glob("*.pdf")))
    pids = soffice_pids(proc.pid)
    assert pids and proc.poll() is None, "batch finished before the fault could be injected"
    return pids[0]


# --- the web server -------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(proc, url):
    deadline = time.monotonic() + 60  # a loaded CI machine can take a while to import Flask
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except (urllib.error.URLError, ConnectionError):
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)


def page_of(browser):
    # bypass_csp only lets the test's own wait functions run; the app's policy is checked
    # in test_security_headers.
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def post(url, path, body, headers):
    request = urllib.request.Request(url + path, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# A house style declaring a field of every kind, a section, labels per Vorlagenart and a
# field that is not published: the standard layout with this haus.yaml (declared_style()).
DECLARED_STYLE = """\
name: Stadt Musterfeld
ort: Musterfeld
nummer:
  muster: "{jahr}/{lfd:04}"
vorlagenarten:
  - name: Beschlussvorlage
    beschriftungen: {begruendung: Sachdarstellung, vorlagennummer: Drucksache}
  - name: Mitteilungsvorlage
    beschluss: nein
pflichtfelder: {datum: nein, aktenzeichen: ja}
datum_bei_finalisierung: ja
felder:
  - {schluessel: verfasser, beschriftung: Verfasser, veroeffentlichen: nein, pflicht: ja}
  - schluessel: anlass
    beschriftung: Anlass
    typ: ankreuzen
    optionen: [Rechtliche Vorschrift, Stadtratsbeschluss,
               {schluessel: sonstiges, beschriftung: "Sonstiges:", text: ja}]
  - schluessel: klimarelevanz
    beschriftung: Klimarelevanz
    typ: auswahl
    text: ja
    optionen: [{schluessel: ja, beschriftung: klimarelevant},
               {schluessel: nein, beschriftung: nicht klimarelevant}]
  - {schluessel: eilig, beschriftung: Eilbedürftig, typ: janein, leer_zeigen: ja}
  - {schluessel: frist, beschriftung: Umsetzung bis, typ: datum}
  - {schluessel: flaeche, beschriftung: Fläche in ha, typ: zahl}
  - {schluessel: kosten, beschriftung: Gesamtkosten, typ: betrag, ort: finanzen}
  - {schluessel: hinweise, beschriftung: Hinweise, typ: markdown, ort: rechtsgrundlage}
  - {schluessel: produkt, beschriftung: Produkt, standard: "11.01"}
abschnitte:
  - beschlussvorschlag
  - {schluessel: rechtsgrundlage, beschriftung: Rechtsgrundlage}
  - {schluessel: zusammenfassung, leer_zeigen: ja}
  - finanzen
  - begruendung
  - {schluessel: intern, beschriftung: Interne Vermerke, veroeffentlichen: nein}
mitzeichnung:
  - {stelle: Umweltamt, wenn: {feld: klimarelevanz, ist: ja}}
"""

DECLARED_DRAFT = """\
hausstil: musterfeld
vorlagenart: Beschlussvorlage
amt: Amt für Tests
aktenzeichen: 61.2-17
betreff: Neue Grünfläche am Markt
beratungsfolge:
  - gremium: Rat
    sitzung: 15.03.2030
    zustaendigkeit: Entscheidung
beschlussvorschlag: Der Rat beschließt die Grünfläche.
begruendung: Der Markt braucht Schatten.
felder:
  verfasser: Erika Mustermann
  anlass: [stadtratsbeschluss, {wahl: sonstiges, text: Bürgerantrag vom Mai}]
  klimarelevanz: {wahl: ja, text: Bäume spenden Schatten}
  frist: 31.12.2030
  flaeche: 1,5
  kosten: 12.500,50
  rechtsgrundlage: "§ 41 GO NRW"
  hinweise: Gilt **sofort**.
  intern: Nur für die Verwaltung.
mitzeichnung:
  - {stelle: Umweltamt, status: erteilt}
"""


def declared_style(templates: Path, key: str = "musterfeld") -> Path:
    """The DECLARED_STYLE house style in `templates/<key>/`, on the standard layout."""
    import shutil

    folder = templates / key
    shutil.copytree(STYLES / "standard", folder)
    (folder / "haus.yaml").write_text(DECLARED_STYLE, encoding="utf-8")
    return folder


class Listener(socketserver.ThreadingTCPServer):
    """A server on 127.0.0.1 that records the first line of every connection it gets and
    answers with `body` (a picture, for a linked image, or a short text)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, body: bytes = b"hallo", content_type: bytes = b"text/plain"):
        self.seen: list[bytes] = []
        self.body, self.content_type = body, content_type
        super().__init__(("127.0.0.1", 0), _ListenerAnswer)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ListenerAnswer(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        try:
            first = self.request.recv(65536).split(b"\r\n", 1)[0]
        except OSError:
            first = b"(nichts gelesen)"
        self.server.seen.append(first)
        body = self.server.body
        self.request.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: %b\r\nContent-Length: %d"
                             b"\r\n\r\n%b" % (self.server.content_type, len(body), body))


def planned_draft(betreff: str, gremium: str = "Rat der Stadt Bielefeld", step: str = "") -> str:
    """A Bielefeld draft whose one Beratungsfolge step names `gremium` (deciding); `step` adds
    lines to the step, e.g. "    sitzung: 02.07.2020\n    ergebnis: vertagt\n"."""
    return f"""\
hausstil: bielefeld
vorlagenart: Beschlussvorlage
amt: Amt für Tests
datum: 01.08.2020
betreff: {betreff}
beratungsfolge:
  - gremium: {gremium}
    zustaendigkeit: Entscheidung
{step}beschlussvorschlag: Der Rat beschließt.
"""


_RECORDED = re.compile(r"(\s*)(beginn|ende|vorsitz|schriftfuehrung|anwesenheit|ergebnis|"
                       r"befangen|niederschrift):")


def before_the_session(root: Path) -> Path:
    """Writes the bundled session file of the project at `root` as it stood before the
    session met: without the times, attendance and results it records since."""
    name = "bielefeld-rat-2020-09-03.yaml"
    out, skip = [], None
    for line in (REPO / "sitzungen" / name).read_text(encoding="utf-8").splitlines(True):
        indent = len(line) - len(line.lstrip())
        if skip is not None and line.strip() and indent > skip:
            continue
        skip = None
        found = _RECORDED.match(line)
        if found:
            skip = len(found.group(1))
            continue
        out.append(line)
    path = root / "sitzungen" / name
    path.write_text("".join(out), encoding="utf-8")
    return path
