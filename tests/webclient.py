"""The real server in tests: the example project with an account per role, `vorlage serve`
started on it, a urllib client with a cookie jar that signs in through the form, and the same
for a Playwright page."""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from helpers import REPO, VORLAGE, free_port, soffice_pids, wait_for, wait_until_serving

PASSWORD = "Test-Passwort-123"
# Who is who in the example project (Ämter as in vorlage.yaml's list).
USERS = {
    "sd": ("Silke Dienst", ["sitzungsdienst"]),
    "anna": ("Anna Berg", ["sachbearbeitung:53"]),        # Amt für Integration (Kempten)
    "ben": ("Ben Roth", ["sachbearbeitung:23"]),          # owns the closed Vorlage
    "bea": ("Bea Stein", ["sachbearbeitung:55"]),         # Referat Migration (Bottrop)
    "kai": ("Kai Kämmerer", ["mitzeichnung:Kämmerei"]),   # asked to sign the closed one
    "root": ("Admin", ["admin"]),
}
CLOSED = "bielefeld-grundstueck-nichtoeffentlich.yaml"


class Server:
    """A running `vorlage serve` whose whole output is kept in a file, so a test can read
    what an administrator's log would hold."""

    def __init__(self, root, *args, host="127.0.0.1", env=None):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.port = free_port() if family == socket.AF_INET else free_port6()
        self.log_path = root.parent / f"server-{self.port}.log"
        command = [str(VORLAGE), "serve", "--host", host, "--port", str(self.port), *args]
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(command, cwd=root, stdout=log,
                                         stderr=subprocess.STDOUT, text=True,
                                         env={**os.environ, **(env or {})})
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        self.url = f"http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{self.port}"
        try:
            wait_until_serving(self.proc, self.url + "/favicon.ico")
        except BaseException:  # a server that never answered is not left running
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> str:
        """Stops the server (and its preview worker) and returns the complete log."""
        if self.proc.poll() is None:
            workers = soffice_pids(self.proc.pid)
            self.proc.terminate()
            # A live preview may be starting LibreOffice (a few seconds on a cold profile);
            # the server stops once that launch is through, never leaving the worker behind.
            self.proc.wait(timeout=30)
            wait_for(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in workers), 10,
                     f"LibreOffice {workers} outlived the server")
        return self.log()


def free_port6() -> int:
    with socket.socket(socket.AF_INET6) as s:
        s.bind(("::1", 0))
        return s.getsockname()[1]


def add_users(root, users=None):
    from pipeline.accounts import Accounts, parse_roles
    from pipeline.project import Project

    project = Project.find(root)
    with Accounts(project.accounts_path) as accounts:
        for name, (shown, roles) in (users or USERS).items():
            accounts.add(name, parse_roles(roles, None, project.amt_key), PASSWORD, shown)


def example_project(tmp_path, extra: str = "", edits: tuple = ()):
    """A copy of the example project with its list of Ämter and an account per role;
    `extra` is appended to its vorlage.yaml, `edits` are (old, new) replacements in it."""
    root = tmp_path / "projekt"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    config = (REPO / "vorlage.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in config, old
        config = config.replace(old, new)
    (root / "vorlage.yaml").write_text(config + extra, encoding="utf-8")
    add_users(root)
    return root


class _ThroughProxy(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):
        return True


class Client:
    """urllib with a cookie jar, signed in through the form as a browser is."""

    def __init__(self, url: str, proxied: bool = False):
        """`proxied`: as if behind the HTTPS proxy (hinter_proxy: ja), which tells the
        server the scheme; its Secure cookies come back over the test's plain HTTP."""
        self.url = url
        self.proxied = proxied
        self.origin = url.replace("http:", "https:", 1) if proxied else url
        self.jar = http.cookiejar.CookieJar(_ThroughProxy() if proxied else None)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        self.last_url = ""
        self.sign_in_headers: dict = {}  # e.g. X-Forwarded-For, as a proxy would add

    def request(self, path, data=None, headers=None, method=None):
        """(status, text) of a request; redirects are followed."""
        headers = {**({"X-Forwarded-Proto": "https"} if self.proxied else {}),
                   **(headers or {})}
        request = urllib.request.Request(self.url + path, data=data, headers=headers,
                                         method=method)
        try:
            with self.opener.open(request, timeout=120) as response:
                status, body, self.last_url = response.status, response.read(), response.url
        except urllib.error.HTTPError as error:
            status, body, self.last_url = error.code, error.read(), ""
        text = body.decode("utf-8", errors="replace")
        found = re.search(r'name="csrf" content="([^"]*)"', text)
        if found and found.group(1):
            self.csrf = found.group(1)
        return status, text

    def sign_in(self, name: str, password: str = PASSWORD) -> tuple[int, str]:
        _, page = self.request("/anmelden")
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"token": token, "name": name, "passwort": password})
        return self.request("/anmelden", form.encode(), {"Origin": self.origin,
                                                         **self.sign_in_headers})

    def post(self, path, form: dict | None = None, json_body: bytes | None = None):
        headers = {"Origin": self.origin, "X-CSRF-Token": self.csrf}
        if json_body is not None:
            return self.request(path, json_body, {**headers,
                                                  "Content-Type": "application/json"})
        return self.request(path, urllib.parse.urlencode({"csrf": self.csrf, **(form or {})})
                            .encode(), headers)


def sign_in(page, url: str, name: str, password: str = PASSWORD) -> None:
    """Signs a Playwright page in through the form, as a person would."""
    page.goto(url + "/anmelden")
    page.fill("input[name=name]", name)
    page.fill("input[name=passwort]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def open_editor(browser, url: str, name: str, user: str = "sd"):
    """A signed-in page on a draft's editor, once its check has shown (page, console errors)."""
    from helpers import page_of

    page, errors = page_of(browser)
    sign_in(page, url, user)
    page.goto(f"{url}/entwurf/{name}")
    page.wait_for_function("() => document.querySelector('#probleme li')")
    return page, errors


def saved(page) -> None:
    """Clicks „Speichern“ in the editor and waits until the save is confirmed."""
    from playwright.sync_api import expect

    page.click("#speichern")
    expect(page.locator("#status")).to_have_text(re.compile(r"^gespeichert"), timeout=15000)


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a save removed (-) and added (+), without context."""
    import difflib

    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def signed_in(url: str, name: str = "sd") -> Client:
    """A client signed in as `name` (the Sitzungsdienst unless told)."""
    client = Client(url)
    client.sign_in(name)
    return client


def stand_of(page: str) -> str:
    """The version of the file a page's form was made on."""
    return re.search(r'name="stand" value="([0-9a-f]{64})"', page).group(1)


def audit(root) -> list:
    """The project's audit trail, as entries."""
    from pipeline.project import Project
    from pipeline.records import AuditTrail

    with AuditTrail(Project.find(root).audit_path) as trail:
        return trail.entries()


def submitting(page, locator) -> None:
    """Clicks a button that sends its form and waits for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def new_session(page, url: str, hausstil: str, gremium: str, datum: str, uhrzeit: str,
                ort: str, einladungsdatum: str) -> None:
    """Creates a session through the form, as the Sitzungsdienst does (dates as the date
    pickers take them, 2030-05-14)."""
    page.goto(url + "/sitzungen/neu")
    page.select_option("#hausstil", hausstil)
    page.select_option("#gremium", gremium)
    for key, value in (("datum", datum), ("uhrzeit", uhrzeit), ("ort", ort),
                       ("einladungsdatum", einladungsdatum)):
        page.fill(f"#{key}", value)
    submitting(page, page.locator("button", has_text="Sitzung anlegen"))
