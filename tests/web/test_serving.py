"""The server on its socket: what reaches the log, which Host names it answers to, IPv6."""

import http.cookiejar
import ipaddress
import json
import re
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

TOKEN = "Zugang-7f3a9c1e5b2d4860"


def opener():
    """urllib with a cookie jar, as a browser keeps the sign-in cookie."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def status(url, headers=None, method="GET", data=None):
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def raw_request(port, line: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(line)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


def test_the_token_never_reaches_the_log(server):
    running = server(token=TOKEN)
    url, browser = running.url, opener()
    browser.open(url + "/?token=" + TOKEN, timeout=30)
    assert browser.open(url + "/sitzungen?amt=x", timeout=30).status == 200
    # Every way the token can be written into an address, right or wrong.
    quoted = "".join(f"%{b:02X}" for b in TOKEN.encode())
    for query in (f"token={TOKEN}", f"sitzung=y&token={TOKEN}&amt=z", f"%74oken={TOKEN}",
                  f"TOKEN={TOKEN}", f"token={quoted}", f"token={TOKEN[:-1]}X",
                  f"token={TOKEN}&token={TOKEN}", f"token={TOKEN}#x"):
        for path in ("/", "/entwurf/gibt-es-nicht.yaml", "/static/app.js"):
            assert status(f"{url}{path}?{query}") in (200, 303, 401, 404), query
    assert status(url + "/api/markdown?token=" + TOKEN, method="POST", data=b"{}",
                  headers={"Content-Type": "application/json"}) == 403  # no CSRF token
    # A request line the server cannot parse is logged as an error with the line in it.
    raw_request(running.port, f"GET /?token={TOKEN} HTTP/9.9\r\n\r\n".encode())
    raw_request(running.port, f"GET /?token={TOKEN} \r\n\r\n".encode())
    log = running.stop()
    assert "GET /sitzungen?amt=x" in log  # the access log is written
    for secret in (TOKEN, TOKEN[:-1], quoted, TOKEN[4:]):
        assert secret not in log
    assert "Traceback" not in log


def test_redact_hides_every_spelling_of_a_token_parameter():
    from pipeline.web.serving import redact

    line = '127.0.0.1 - - [1/Dec/2026] "GET /?amt=x&{}&b=1 HTTP/1.1" 200 -'
    for pair in ("token=geheim", "TOKEN=geheim", "%74oken=geheim", "token%3Dgeheim",
                 "+token=geheim", "token=ge%68eim"):
        assert redact(line.format(pair)) == line.format("token=***"), pair
    # The known token is hidden wherever else it stands, also percent-encoded.
    assert redact("GET /geheim/x%2Fgeheim HTTP/1.1", "geheim") == "GET /***/x%2F*** HTTP/1.1"
    assert redact("GET /?amt=x HTTP/1.1", "geheim") == "GET /?amt=x HTTP/1.1"


def own_address() -> str | None:
    """A non-loopback address of this machine: the one a route to the outside would use
    (a UDP connect sends nothing), else the first of `hostname -I`."""
    candidates = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))
            candidates.append(s.getsockname()[0])
        except OSError:
            pass
    try:
        candidates += subprocess.run(["hostname", "-I"], capture_output=True, text=True,
                                     timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        pass
    for candidate in candidates:
        address = ipaddress.ip_address(candidate)
        if address.version == 4 and not address.is_loopback:
            return candidate
    return None


@pytest.mark.parametrize("bind", ["0.0.0.0", "own address"])
def test_the_servers_own_address_and_name_are_answered(server, bind):
    address = own_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    running = server(host=address if bind == "own address" else bind, token=TOKEN)
    base = f"http://{address}:{running.port}"
    signed_in = {"Authorization": f"Bearer {TOKEN}"}
    assert status(base + "/", signed_in) == 200  # Host: the address with the port
    assert status(base + "/", {**signed_in, "Host": address}) == 200  # … and without
    name = socket.gethostname()
    assert status(base + "/", {**signed_in, "Host": f"{name}:{running.port}"}) == 200
    assert status(base + "/", {**signed_in, "Host": name}) == 200
    # Names that are not this machine's stay refused (DNS rebinding).
    for foreign in ("evil.example", f"evil.example:{running.port}", f"{address}.evil.example",
                    "198.51.100.7", "[::1"):
        assert status(base + "/", {**signed_in, "Host": foreign}) == 400, foreign
    assert "Traceback" not in running.stop()


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_serving_on_ipv6_loopback(server):
    if not ipv6_loopback():
        pytest.skip("IPv6 loopback (::1) is not available")
    running = server(host="::1", token=TOKEN)
    url = running.url
    assert url.startswith("http://[::1]:")
    browser = opener()
    with browser.open(url + "/?token=" + TOKEN, timeout=30) as response:
        assert response.status == 200 and response.url == url + "/"
        html = response.read().decode()
    csrf = re.search(r'name="csrf" content="([^"]+)"', html).group(1)
    body = json.dumps({"name": "bottrop-2019-0850.yaml", "data": {}}).encode()
    request = urllib.request.Request(url + "/api/pruefen", data=body, headers={
        "Content-Type": "application/json", "X-CSRF-Token": csrf, "Origin": url})
    with browser.open(request, timeout=60) as response:
        assert response.status == 200 and "probleme" in json.loads(response.read())
    for host in ("[::1]", f"[0:0:0:0:0:0:0:1]:{running.port}", "localhost"):
        assert status(url + "/", {"Host": host, "Authorization": f"Bearer {TOKEN}"}) == 200
    assert status(url + "/", {"Host": "[::2]", "Authorization": f"Bearer {TOKEN}"}) == 400
    assert "Traceback" not in running.stop()
