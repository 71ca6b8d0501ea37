"""The app's guard: every route has a rule, nobody unsigned gets content, CSRF, same origin,
Host, paths, odd input, headers."""

import http.client
import json
import re
import urllib.parse

import pytest

from webclient import CLOSED, PASSWORD, Client


def app_of(root):
    from pipeline.project import Project
    from pipeline.web import create_app

    return create_app(Project.find(root))


def fill(rule) -> str:
    """A URL for a route of the URL map, naming the bundled closed Vorlage where it can."""
    values = {"name": CLOSED, "nr": 1, "file": "Tagesordnung.pdf", "change": "deaktivieren",
              "key": "unbekannt", "sitzung": "bielefeld-rat-2020-09-03", "top": "N2"}
    if rule.rule.startswith(("/sitzung/", "/konten/")):
        values["name"] = "bielefeld-rat-2020-09-03" if "sitzung" in rule.rule else "anna"
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([a-z]+)>",
                  lambda m: str(values[m.group(1)]), rule.rule)


def test_every_route_declares_its_rule_and_one_without_is_no_route(project_root):
    app = app_of(project_root)
    missing = [rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"
               and not hasattr(app.view_functions[rule.endpoint], "vorlage_rule")]
    assert missing == []
    # A route added without a rule answers 404, also to the Sitzungsdienst.
    app.add_url_rule("/ohne-regel", "ohne_regel", lambda: "Inhalt")
    client = app.test_client()
    page = client.get("/anmelden").text
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    client.post("/anmelden", data={"token": token, "name": "sd", "passwort": PASSWORD})
    assert client.get("/").status_code == 200
    answer = client.get("/ohne-regel")
    assert answer.status_code == 404 and "Inhalt" not in answer.text


def test_anonymous_gets_the_sign_in_page_and_no_content_at_every_route(project_root):
    app = app_of(project_root)
    client = app.test_client()
    betreff = "Verkauf eines städtischen Grundstücks"  # the closed Vorlage's Betreff
    assert betreff in (project_root / "drafts" / CLOSED).read_text(encoding="utf-8")
    public = {"/anmelden", "/favicon.ico", "/abmelden"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule in public:
            continue
        url = fill(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            body = {"name": CLOSED, "data": {}} if url.startswith("/api/") else None
            answer = client.open(url, method=method, json=body)
            if method == "GET" and not url.startswith("/api/"):
                assert answer.status_code == 303, url
                assert answer.headers["Location"].startswith("/anmelden?weiter=")
                assert "Anmelden" in client.get(answer.headers["Location"]).text
            else:
                assert answer.status_code == 401, (method, url)
            assert betreff not in answer.text and "Beispielfeld" not in answer.text
            checked += 1
    assert checked >= 15


def test_cross_origin_and_paths_outside_are_refused(site):
    root, url = site
    client = Client(url)
    client.sign_in("bea")
    path = root / "drafts" / "bottrop-2019-0850.yaml"
    before = path.read_bytes()
    body = b'{"name": "bottrop-2019-0850.yaml", "data": {"betreff": "gekapert"}}'
    json_headers = {"Content-Type": "application/json"}
    assert client.request("/api/speichern", body, {
        **json_headers, "Origin": "http://evil.example", "X-CSRF-Token": client.csrf})[0] == 403
    assert client.request("/api/speichern", body, json_headers)[0] == 403  # no CSRF token
    assert client.request("/api/speichern", body, {
        **json_headers, "X-CSRF-Token": "falsch"})[0] == 403
    assert path.read_bytes() == before
    outside = b'{"name": "../../vorlage.yaml", "data": {"x": 1}}'
    assert client.post("/api/speichern", json_body=outside)[0] == 404
    for probe in ("/entwurf/../../vorlage.yaml", "/entwurf/%2e%2e/%2e%2e/etc/passwd",
                  "/sitzung/..%2f..%2fvorlage", "/entwurf/bottrop-2019-0850.yaml/anlage/0",
                  "/sitzung/bielefeld-rat-2020-09-03/datei/..%2f..%2fregister.sqlite"):
        assert client.request(probe)[0] in (400, 404), probe
    # A foreign Host header (DNS rebinding) is refused too.
    assert client.request("/", headers={"Host": "evil.example"})[0] == 400


def raw(running, method, path, body=b"", headers=None):
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


def test_odd_names_cookies_and_headers_get_a_clean_german_refusal(server):
    running = server()
    client = Client(running.url)
    client.sign_in("sd")
    cookie = next(c for c in client.jar if c.name == "vorlage_sitzung")
    signed_in = {"Cookie": f"vorlage_sitzung={cookie.value}".encode()}
    posting = {**signed_in, "X-CSRF-Token": client.csrf}
    form = {**posting, "Content-Type": "application/x-www-form-urlencoded"}
    as_json = {**posting, "Content-Type": "application/json"}
    long = "a" * 300
    deep = "/".join(["a" * 200] * 30)
    not_signed_in = (401, "Bitte zuerst anmelden")
    bad_name = (400, "Dateiname ungültig")
    cases = [
        ("POST", "/api/markdown", b"{}", {"Cookie": "vorlage_sitzung=ö".encode(),
                                          "Content-Type": "application/json"}, not_signed_in),
        ("POST", "/api/markdown", b"{}", {"Cookie": b"vorlage_sitzung=\xff"}, not_signed_in),
        ("POST", "/api/markdown", b"{}", {"Cookie": b"vorlage_sitzung=" + b"x" * 5000},
         not_signed_in),
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
        ("GET", "/sitzung/bielefeld-rat-2020-09-03/datei/a%00.pdf", b"", signed_in, bad_name),
        ("POST", "/entwurf/a%00.yaml/amend", b"art=x", form, bad_name),
        ("POST", "/sitzung/a%00/bauen", b"", form, bad_name),
        ("POST", f"/sitzung/{long}/bauen", b"", form, bad_name),
        ("POST", "/api/pruefen", b'{"name": "a\\u0000.yaml", "data": {}}', as_json,
         bad_name),
        ("POST", "/api/pruefen", b'{"name": "\\ud800.yaml", "data": {}}', as_json,
         bad_name),
        ("POST", "/api/speichern", json.dumps({"name": f"{long}.yaml", "data": {}}).encode(),
         as_json, bad_name),
        ("POST", "/api/vorschau", b'{"name": "fehlt/neu.yaml", "data": {}}', as_json,
         (404, "nicht gefunden")),
        ("POST", "/api/markdown", b"[1]", as_json, (400, "erwartet JSON")),
        ("POST", "/api/pruefen", b'{"name": "bottrop-2019-0850.yaml", "data": {"zeichnung": '
         + b'{"a": ' * 400 + b"1" + b"}" * 401 + b"}", as_json, (400, "verschachtelt")),
        ("POST", "/api/pruefen", b'{"name": "x.yaml", "data": ' + b"[" * 5000 + b"]" * 5000
         + b"}", as_json, (400, "erwartet JSON")),
        ("POST", "/anmelden", "name=ö&passwort=\xff".encode("latin-1"),
         {"Content-Type": "application/x-www-form-urlencoded"}, (400, "abgelaufen")),
    ]
    for method, path, body, headers, (code, message) in cases:
        got, text = raw(running, method, path, body, headers)
        assert (got, message in text) == (code, True), (method, path[:60], headers, text[:300])
    assert "Traceback" not in running.stop()


def test_security_headers(site):
    root, url = site
    client = Client(url)
    client.sign_in("bea")
    import urllib.request

    request = urllib.request.Request(url + "/entwurf/bottrop-2019-0850.yaml")
    with client.opener.open(request, timeout=30) as response:
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe" not in policy
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert response.headers["Cache-Control"] == "no-store"
        # waitress, under a name that gives away no version
        assert response.headers["Server"] == "Ratsvorlagen"


@pytest.mark.parametrize("weiter", ["//evil.example/", "/\\evil.example", "https://evil.example",
                                    "/\t/evil.example", "/\n/evil.example", "/ /evil.example"])
def test_the_sign_in_never_sends_the_browser_elsewhere(site, weiter):
    root, url = site
    client = Client(url)
    _, page = client.request("/anmelden?weiter=" + urllib.parse.quote(weiter))
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"token": token, "name": "sd", "passwort": PASSWORD,
                                   "weiter": weiter}).encode()
    client.request("/anmelden", form, {"Origin": url})
    assert client.last_url == url + "/"
