"""The server's guard: sign-in token, CSRF, same origin, Host, paths, headers."""

import http.client
import http.cookiejar
import json
import subprocess
import urllib.error
import urllib.request

import pytest

from helpers import VORLAGE, free_port, page_of, post


def test_cross_origin_and_paths_outside_are_refused(site):
    root, url = site
    html = urllib.request.urlopen(url + "/").read().decode()
    token = html.split('name="csrf" content="')[1].split('"')[0]
    path = root / "drafts" / "bottrop-2019-0850.yaml"
    before = path.read_bytes()
    body = b'{"name": "bottrop-2019-0850.yaml", "data": {"betreff": "gekapert"}}'
    assert post(url, "/api/speichern", body, {"Origin": "http://evil.example",
                                                "X-CSRF-Token": token}) == 403
    assert post(url, "/api/speichern", body, {}) == 403  # no CSRF token
    assert post(url, "/api/speichern", body, {"X-CSRF-Token": "falsch"}) == 403
    assert path.read_bytes() == before
    outside = b'{"name": "../../vorlage.yaml", "data": {"x": 1}}'
    assert post(url, "/api/speichern", outside, {"X-CSRF-Token": token}) == 404
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


def test_other_address_needs_a_token(tmp_path):
    (tmp_path / "vorlage.yaml").write_text("ausgabe: output\n")
    result = subprocess.run([str(VORLAGE), "serve", "--host", "0.0.0.0", "--port",
                             str(free_port())], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 1 and "Zugangs-Token" in result.stderr


TOKEN = "Zugang-7f3a9c1e5b2d4860"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def opener():
    """urllib with a cookie jar, as a browser keeps the sign-in cookie."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def status_of(url):
    try:
        return urllib.request.urlopen(url, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_token_is_required_when_set(server):
    running = server(token=TOKEN)
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(running.url + "/", timeout=5)
    assert info.value.code == 401 and "Zugangs-Token" in info.value.read().decode()
    assert urllib.request.urlopen(urllib.request.Request(running.url + "/", headers={
        "Authorization": f"Bearer {TOKEN}"}), timeout=5).status == 200


def test_the_sign_in_link_sets_a_cookie_and_drops_the_token(server):
    running = server(token=TOKEN)
    first = urllib.request.build_opener(NoRedirect).open
    with pytest.raises(urllib.error.HTTPError) as info:
        first(running.url + "/?amt=x&token=" + TOKEN, timeout=30)
    assert info.value.code == 303 and info.value.headers["Location"] == "/?amt=x"
    cookie = info.value.headers["Set-Cookie"]
    assert f"vorlage_token={TOKEN}" in cookie and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie  # Strict would drop it on a link from a mail or chat
    browser = opener()
    with browser.open(running.url + "/?token=" + TOKEN, timeout=30) as response:
        assert response.status == 200 and response.url == running.url + "/"
    assert browser.open(running.url + "/sitzungen", timeout=30).status == 200
    # A wrong token in the link signs nobody in; "//" cannot send the browser elsewhere.
    assert status_of(running.url + "/?token=falsch") == 401
    with pytest.raises(urllib.error.HTTPError) as info:
        first(running.url + "//evil.example/?token=" + TOKEN, timeout=30)
    assert info.value.headers["Location"] == "/evil.example/"


def test_a_sign_in_link_from_another_site_signs_in(server, browser):
    """A link in a mail or chat is a cross-site navigation: the cookie must survive the
    redirect that drops the token from the address."""
    running = server(token=TOKEN)
    page, errors = page_of(browser)
    page.set_content(f'<a id="link" href="{running.url}/?token={TOKEN}">Anmelden</a>')
    page.click("#link")
    page.wait_for_load_state()
    assert page.url == running.url + "/"
    assert page.locator("h1").inner_text() == "Entwürfe"
    assert not errors


def test_host_header_parsing():
    from pipeline.web.app import host_name

    assert host_name("127.0.0.1:8765") == "127.0.0.1"
    assert host_name("[::1]:8765") == host_name("[::1]") == "::1"
    assert host_name("[0:0:0:0:0:0:0:1]:80") == "::1"
    assert host_name("LocalHost.:80") == host_name("localhost") == "localhost"
    assert host_name("rathaus-pc:8765") == "rathaus-pc"
    for broken in ("", "[::1", "::1", "[::1]x", "host:port", "a b", "[evil.example]:80",
                   "host:80:80", "h\xf6st", ":80"):
        assert host_name(broken) is None, broken


def request(running, method, path, body=b"", headers=None):
    """(status, body) of a request whose bytes go out exactly as given."""
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        text = answer.read().decode("utf-8", errors="replace")
        if answer.headers.get_content_type() == "application/json":
            text = " ".join(json.loads(text).get("fehler", [text]))
        return answer.status, text
    finally:
        connection.close()


def test_odd_names_tokens_and_headers_get_a_clean_german_refusal(server):
    running = server(token="s3cret")
    signed_in = {"Cookie": b"vorlage_token=s3cret"}
    _, page = request(running, "GET", "/", headers=signed_in)
    csrf = page.split('name="csrf" content="')[1].split('"')[0]
    posting = {**signed_in, "X-CSRF-Token": csrf}
    form = {**posting, "Content-Type": "application/x-www-form-urlencoded"}
    as_json = {**posting, "Content-Type": "application/json"}
    long = "a" * 300
    deep = "/".join(["a" * 200] * 30)
    refused_token = (401, "Zugangs-Token fehlt oder ist falsch")
    bad_name = (400, "Dateiname ungültig")
    cases = [
        ("GET", "/", b"", {"Cookie": "vorlage_token=s3cretö".encode()}, refused_token),
        ("GET", "/?token=%C3%B6", b"", {}, refused_token),
        ("GET", "/?token=%FF", b"", {}, refused_token),
        ("GET", "/", b"", {"Authorization": "Bearer ö".encode()}, refused_token),
        ("GET", "/", b"", {"Authorization": b"Bearer \xff"}, refused_token),
        ("POST", "/api/markdown", b"{}", {**as_json, "X-CSRF-Token": "ö".encode()},
         (403, "CSRF-Token fehlt oder falsch")),
        ("GET", "/", b"", {**signed_in, "Host": "höst".encode()}, (400, "unbekannter Host")),
        ("GET", "/", b"", {**signed_in, "Host": b"[::1"}, (400, "unbekannter Host")),
        ("GET", "/entwurf/a%00.yaml", b"", signed_in, bad_name),
        ("GET", f"/entwurf/{long}.yaml", b"", signed_in, bad_name),
        ("GET", f"/entwurf/{deep}.yaml", b"", signed_in, bad_name),
        ("GET", "/entwurf/%ff%fe.yaml", b"", signed_in, (404, "nicht gefunden")),
        ("GET", "/entwurf/%zz.yaml", b"", signed_in, (404, "nicht gefunden")),
        ("GET", "/sitzung/a%00", b"", signed_in, bad_name),
        ("GET", f"/sitzung/{long}", b"", signed_in, bad_name),
        ("GET", "/ausgabe/a%00.pdf", b"", signed_in, bad_name),
        ("GET", f"/ausgabe/{long}.pdf", b"", signed_in, bad_name),
        ("POST", "/entwurf/a%00.yaml/amend", b"art=x", form, bad_name),
        ("POST", "/sitzung/a%00/bauen", b"", form, bad_name),
        ("POST", f"/sitzung/{long}/bauen", b"", form, bad_name),
        ("POST", "/neu", b"datei=a%00b&hausstil=standard&art=Beschlussvorlage", form,
         bad_name),
        ("POST", "/neu", f"datei={long}&hausstil=standard&art=Beschlussvorlage".encode(),
         form, bad_name),
        ("POST", "/neu", f"datei=lang&hausstil={long}&art=Beschlussvorlage".encode(), form,
         bad_name),
        ("POST", "/api/pruefen", b'{"name": "a\\u0000.yaml", "data": {}}', as_json,
         bad_name),
        ("POST", "/api/pruefen", b'{"name": "\\ud800.yaml", "data": {}}', as_json,
         bad_name),
        ("POST", "/api/speichern", json.dumps({"name": f"{long}.yaml", "data": {}}).encode(),
         as_json, bad_name),
        ("POST", "/api/vorschau", b'{"name": "fehlt/neu.yaml", "data": {}}', as_json,
         (404, "nicht gefunden")),
        ("POST", "/api/markdown", b"[1]", as_json, (400, "erwartet JSON")),
    ]
    for method, path, body, headers, (code, message) in cases:
        got, text = request(running, method, path, body, headers)
        assert (got, message in text) == (code, True), (method, path[:60], headers, text[:300])
    assert "Traceback" not in running.stop()


def test_security_headers(site):
    root, url = site
    response = urllib.request.urlopen(url + "/entwurf/bottrop-2019-0850.yaml")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
