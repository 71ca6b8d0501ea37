"""`vorlage serve` in a real browser (Debian's Chromium, driven by Playwright) and over HTTP."""

import base64
import difflib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import REPO, VORLAGE, run, soffice_pids, wait_for

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


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "projekt"
    root.mkdir()
    shutil.copytree(REPO / "drafts", root / "drafts")
    shutil.copytree(REPO / "sitzungen", root / "sitzungen")
    (root / "vorlage.yaml").write_text("ausgabe: output\nregister: output/register.sqlite\n")
    port = free_port()
    proc = subprocess.Popen([str(VORLAGE), "serve", "--port", str(port)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, url + "/favicon.ico")
    yield root, url
    workers = soffice_pids(proc.pid)  # the warm preview worker, if a test started it
    proc.terminate()
    proc.wait(timeout=10)
    wait_for(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in workers), 10,
             f"LibreOffice {workers} outlived the server")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def page_of(browser):
    # bypass_csp only lets the test's own wait functions run; the app's policy is checked
    # in test_security_headers.
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def test_list_shows_the_example_drafts_with_filters(site, browser):
    root, url = site
    page, errors = page_of(browser)
    page.goto(url + "/")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert len(rows) == 5
    kim = next(r for r in rows if "Kommunales Integrationsmanagement" in r)
    assert "Beschlussvorlage" in kim and "bielefeld" in kim and "XXX/2014-2020 (vorläufig)" in kim
    assert "in Ordnung" in kim and "bielefeld-rat-2020-09-03" in kim
    page.select_option("select[name=amt]", "53 Amt für Integration")
    page.click("form.filter button")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Bildungskoordination" in rows[0]
    page.goto(url + "/?sitzung=bielefeld-rat-2020-09-03")
    assert len(page.locator("table.liste tbody tr").all()) == 2
    assert not errors


def test_create_draft_see_error_fix_save_and_preview(site, browser):
    root, url = site
    page, errors = page_of(browser)
    page.goto(url + "/")
    form = page.locator("form.neu-form").filter(has_text="standard")
    form.locator("select[name=art]").select_option("Beschlussvorlage")
    form.locator("input[name=datei]").fill("turnhalle")
    form.locator("button").click()
    page.wait_for_url("**/entwurf/turnhalle.yaml")
    assert "noch auszufüllen" in page.locator("#probleme").inner_text()

    def field(path):
        return page.locator(f"[data-feld='{path}'] input, [data-feld='{path}'] textarea, "
                            f"[data-feld='{path}'] select").first

    field("amt").fill("Amt für Schule und Sport")
    field("betreff").fill("Neubau einer Turnhalle an der Grundschule Nord")
    field("beratungsfolge[1].gremium").fill("Rat der Stadt")
    field("beratungsfolge[1].sitzung").fill("14.03.2024")
    field("beschlussvorschlag.text").fill("Der Rat beschließt den Neubau.")
    field("finanzen.auswirkungen").select_option("nein")
    field("datum").fill("31.02.2024")  # an impossible date …
    message = page.locator("[data-feld='datum'] .meldung")
    message.filter(has_text="dieses Datum gibt es nicht: '31.02.2024'").wait_for(timeout=10000)
    assert "hat-fehler" in page.locator("[data-feld='datum']").get_attribute("class")
    field("datum").fill("01.02.2024")  # … fixed
    page.wait_for_function("() => !document.querySelector(\"[data-feld='datum'] .meldung\")"
                           ".textContent", timeout=10000)
    page.click("#speichern")
    expect(page.locator("#status")).to_have_text("gespeichert", timeout=10000)
    saved = (root / "drafts" / "turnhalle.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(saved)
    assert data["datum"] == "01.02.2024" and data["amt"] == "Amt für Schule und Sport"
    assert data["betreff"] == "Neubau einer Turnhalle an der Grundschule Nord"
    assert data["beratungsfolge"][0]["sitzung"] == "14.03.2024"
    assert "# yaml-language-server: $schema=" in saved  # the scaffold's comments survive
    assert run(["check", "drafts/turnhalle.yaml"], root).returncode == 0
    page.click("#vorschau")
    page.wait_for_function("() => document.getElementById('pdf').dataset.blob", timeout=60000)
    data = page.evaluate("""async () => {
        const r = await fetch(document.getElementById('pdf').dataset.blob);
        const b = new Uint8Array(await r.arrayBuffer());
        let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s); }""")
    pdf = root / "vorschau.pdf"
    pdf.write_bytes(base64.b64decode(data))
    from conftest import pdf_text

    assert "Neubau einer Turnhalle an der Grundschule Nord" in pdf_text(pdf)
    assert not errors


def test_form_edit_round_trips_to_a_one_line_diff(site, browser):
    root, url = site
    path = root / "drafts" / "kempten-2020-53-037.yaml"
    before = path.read_text(encoding="utf-8")
    page, errors = page_of(browser)
    page.goto(url + "/entwurf/kempten-2020-53-037.yaml")
    box = page.locator("[data-feld='verantwortlich'] input")
    box.fill("Erika Muster, Leiterin Amt für Integration")
    page.click("#speichern")
    expect(page.locator("#status")).to_have_text("gespeichert", timeout=10000)
    after = path.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ["-verantwortlich: Philipp Wagner, Leiter Amt für Integration",
                    "+verantwortlich: Erika Muster, Leiterin Amt für Integration"]
    assert not errors


def _post(url, path, body, headers):
    request = urllib.request.Request(url + path, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_cross_origin_and_paths_outside_are_refused(site):
    root, url = site
    html = urllib.request.urlopen(url + "/").read().decode()
    token = html.split('name="csrf" content="')[1].split('"')[0]
    path = root / "drafts" / "bottrop-2019-0850.yaml"
    before = path.read_bytes()
    body = b'{"name": "bottrop-2019-0850.yaml", "data": {"betreff": "gekapert"}}'
    assert _post(url, "/api/speichern", body, {"Origin": "http://evil.example",
                                                "X-CSRF-Token": token}) == 403
    assert _post(url, "/api/speichern", body, {}) == 403  # no CSRF token
    assert _post(url, "/api/speichern", body, {"X-CSRF-Token": "falsch"}) == 403
    assert path.read_bytes() == before
    outside = b'{"name": "../../vorlage.yaml", "data": {"x": 1}}'
    assert _post(url, "/api/speichern", outside, {"X-CSRF-Token": token}) == 404
    for probe in ("/entwurf/../../vorlage.yaml", "/entwurf/%2e%2e/%2e%2e/etc/passwd",
                  "/ausgabe/../drafts/bottrop-2019-0850.yaml", "/sitzung/..%2f..%2fvorlage"):
        try:
            status = urllib.request.urlopen(url + probe, timeout=10).status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status in (400, 404), probe
    # A foreign Host header (DNS rebinding) is refused too.
    request = urllib.request.Request(url + "/", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 400


def test_final_vorlage_opens_read_only_with_amend_buttons(site, browser):
    root, url = site
    assert run(["build", "--final", "drafts/bottrop-2019-0850.yaml"], root).returncode == 0
    page, errors = page_of(browser)
    page.goto(url + "/entwurf/bottrop-2019-0850.yaml")
    assert "Final und archiviert" in page.locator("#status").inner_text()
    assert page.locator("#formular input").first.is_disabled()
    assert page.locator("#speichern").count() == 0
    page.click("button[value=Ergänzungsvorlage]")
    page.wait_for_url("**/entwurf/bottrop-2019-0850-ergaenzung-1.yaml")
    assert "bezug: 2019/0850" in (root / "drafts" / "bottrop-2019-0850-ergaenzung-1.yaml"
                                  ).read_text(encoding="utf-8")
    assert not errors


def test_session_view_shows_status_and_builds(site, browser):
    root, url = site
    page, errors = page_of(browser)
    page.goto(url + "/sitzungen")
    page.click("text=bielefeld-rat-2020-09-03")
    rows = page.locator("table.liste tbody tr").all_inner_texts()
    assert any(r.startswith("Ö 4") and "entwurf" in r for r in rows)
    page.click("text=Tagesordnung und Sitzungsmappen bauen")
    page.locator("text=Sitzungsmappe-oeffentlich.pdf").wait_for(timeout=120000)
    assert (root / "output" / "sitzungen" / "bielefeld-rat-2020-09-03" / "Tagesordnung.pdf"
            ).exists()
    assert not errors


def test_other_address_needs_a_token(tmp_path):
    (tmp_path / "vorlage.yaml").write_text("ausgabe: output\n")
    result = subprocess.run([str(VORLAGE), "serve", "--host", "0.0.0.0", "--port",
                             str(free_port())], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 1 and "Zugangs-Token" in result.stderr


def test_token_is_required_when_set(tmp_path):
    (tmp_path / "vorlage.yaml").write_text("ausgabe: output\n")
    port = free_port()
    proc = subprocess.Popen([str(VORLAGE), "serve", "--port", str(port), "--token", "s3cret"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(proc, url + "?token=s3cret")
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url, timeout=5)
        assert info.value.code == 401
        assert urllib.request.urlopen(url + "?token=s3cret", timeout=5).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_security_headers(site):
    root, url = site
    response = urllib.request.urlopen(url + "/entwurf/bottrop-2019-0850.yaml")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
