"""The server's guard: sign-in token, CSRF, same origin, Host, paths, headers."""

import subprocess
import urllib.error
import urllib.request

import pytest

from helpers import VORLAGE, free_port, post, wait_until_serving


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
