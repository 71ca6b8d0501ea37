"""The server on its socket: waitress, what reaches the log, which Host names it answers to,
IPv6."""

import ipaddress
import socket
import subprocess
import urllib.error
import urllib.request

import pytest

from webclient import PASSWORD, Client


def status(client, url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with client.opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_waitress_serves_and_no_secret_reaches_the_log(server):
    running = server()
    client = Client(running.url)
    assert client.sign_in("sd")[0] == 200
    assert client.request("/sitzungen?amt=geheim-im-query")[0] == 200
    assert Client(running.url).sign_in("sd", "Falsches-Passwort-9")[0] == 401
    cookie = next(c.value for c in client.jar if c.name == "vorlage_sitzung")
    csrf = client.csrf
    log = running.stop()
    assert "waitress" in log and "development server" not in log.lower()
    assert "GET /sitzungen 200 sd" in log  # the access log: path, status, account
    assert "POST /anmelden 401 -" in log
    for secret in (PASSWORD, "Falsches-Passwort-9", cookie, csrf, "geheim-im-query"):
        assert secret not in log
    assert "Traceback" not in log


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
    running = server(host=address if bind == "own address" else bind)
    base = f"http://{address}:{running.port}"
    client = Client(base)
    assert client.sign_in("sd")[0] == 200
    assert status(client, base + "/") == 200  # Host: the address with the port
    assert status(client, base + "/", {"Host": address}) == 200  # … and without
    name = socket.gethostname()
    assert status(client, base + "/", {"Host": f"{name}:{running.port}"}) == 200
    assert status(client, base + "/", {"Host": name}) == 200
    # Names that are not this machine's stay refused (DNS rebinding).
    for foreign in ("evil.example", f"evil.example:{running.port}", f"{address}.evil.example",
                    "198.51.100.7", "[::1"):
        assert status(client, base + "/", {"Host": foreign}) == 400, foreign
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
    running = server(host="::1")
    url = running.url
    assert url.startswith("http://[::1]:")
    client = Client(url)
    assert client.sign_in("bea")[0] == 200 and client.last_url == url + "/"
    status_, answer = client.post("/api/pruefen", json_body=b'{"name": '
                                  b'"bottrop-2019-0850.yaml", "data": {}}')
    assert status_ == 200 and "probleme" in answer
    for host in ("[::1]", f"[0:0:0:0:0:0:0:1]:{running.port}", "localhost"):
        assert status(client, url + "/", {"Host": host}) == 200
    assert status(client, url + "/", {"Host": "[::2]"}) == 400
    assert "Traceback" not in running.stop()


def test_a_taken_port_is_a_clear_message(server):
    running = server()
    from helpers import VORLAGE

    result = subprocess.run([str(VORLAGE), "serve", "--port", str(running.port)],
                            cwd=running.root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "kann nicht an 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
