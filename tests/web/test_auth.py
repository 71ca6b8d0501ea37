"""Signing in and out against the real server: local accounts, the directory (a real slapd),
idle sessions, the limit on failed attempts, the client address behind a proxy, cookies."""

import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from helpers import run
from slapd import Slapd
from webclient import PASSWORD, Client

PROXY = (("hinter_proxy: nein", "hinter_proxy: ja"),)


def test_sign_in_and_out(site):
    root, url = site
    client = Client(url)
    status, page = client.sign_in("anna")
    assert status == 200 and client.last_url == url + "/" and "Anna Berg" in page
    assert client.request("/sitzungen")[0] == 200
    key = next(c.value for c in client.jar if c.name == "vorlage_sitzung")
    client.post("/abmelden")
    assert client.last_url.startswith(url + "/anmelden")
    # The old cookie is worth nothing once signed out.
    stale = Client(url)
    assert stale.request("/api/markdown", b"{}", {"Cookie": f"vorlage_sitzung={key}",
                                                 "Content-Type": "application/json"})[0] == 401


def test_a_link_opened_before_sign_in_leads_there_after_it(site):
    root, url = site
    client = Client(url)
    client.request("/sitzung/bielefeld-rat-2020-09-03?x=1")
    assert "/anmelden?weiter=" in client.last_url
    weiter = urllib.parse.parse_qs(urllib.parse.urlsplit(client.last_url).query)["weiter"][0]
    _, page = client.request(f"/anmelden?weiter={urllib.parse.quote(weiter)}")
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"token": token, "name": "sd", "passwort": PASSWORD,
                                   "weiter": weiter}).encode()
    client.request("/anmelden", form, {"Origin": url})
    assert client.last_url == url + "/sitzung/bielefeld-rat-2020-09-03?x=1"


def test_cookies_are_http_only_strict_and_secure_behind_https(server):
    for edits, secure in (((), False), (PROXY, True)):
        running = server(edits=edits)
        client = Client(running.url, proxied=secure)
        _, page = client.request("/anmelden")
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"token": token, "name": "sd", "passwort": PASSWORD})
        class Keep(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(client.jar),
                                             Keep)
        try:
            opener.open(urllib.request.Request(running.url + "/anmelden", form.encode(), {
                "Origin": client.origin, "X-Forwarded-Proto": "https" if secure else "http"}),
                timeout=30)
        except urllib.error.HTTPError as answer:
            cookies = answer.headers.get_all("Set-Cookie")
        session = next(c for c in cookies if c.startswith("vorlage_sitzung="))
        assert "HttpOnly" in session and "SameSite=Strict" in session
        assert ("Secure" in session) == secure


def test_the_sign_in_form_needs_its_own_cookie(site):
    """Another site cannot post its own account's credentials into a visitor's browser."""
    root, url = site
    client = Client(url)
    form = urllib.parse.urlencode({"token": "geraten", "name": "sd", "passwort": PASSWORD})
    status, page = client.request("/anmelden", form.encode(), {"Origin": url})
    assert status == 400 and "abgelaufen" in page
    assert not any(c.name == "vorlage_sitzung" for c in client.jar)


def test_an_idle_session_ends(server):
    running = server(edits=(("sitzung_minuten: 30", "sitzung_minuten: 0.05"),))  # 3 s
    client = Client(running.url)
    client.sign_in("sd")
    assert client.request("/sitzungen")[0] == 200 and "/anmelden" not in client.last_url
    time.sleep(4)
    client.request("/sitzungen")
    assert "/anmelden" in client.last_url


def test_a_deactivated_account_is_signed_out_at_once(site):
    root, url = site
    client = Client(url)
    client.sign_in("anna")
    assert run(["user", "deaktivieren", "anna"], root).returncode == 0
    client.request("/")
    assert "/anmelden" in client.last_url
    status, page = Client(url).sign_in("anna")
    assert status == 401 and "falsch" in page


def test_five_failures_lock_the_account_and_the_address(site):
    root, url = site
    for _ in range(5):
        assert Client(url).sign_in("anna", "falsch-falsch-falsch")[0] == 401
    status, page = Client(url).sign_in("anna")  # the right password, now too late
    assert status == 429 and "15 Minuten" in page
    # The address is locked as well: four more names from it and the fifth is refused.
    for name in ("x1", "x2", "x3", "x4", "x5"):
        Client(url).sign_in(name, "falsch-falsch-falsch")
    assert Client(url).sign_in("sd")[0] == 429


def test_the_client_address_comes_from_the_proxy_only_when_configured(server):
    for edits in ((), PROXY):
        running = server(edits=edits)
        for n in range(5):  # five names, each from "another client" as the header claims
            client = Client(running.url, proxied=bool(edits))
            client.sign_in_headers = {"X-Forwarded-For": f"203.0.113.{n}"}
            client.sign_in(f"niemand{n}", "falsch-falsch-falsch")
        client = Client(running.url, proxied=bool(edits))
        client.sign_in_headers = {"X-Forwarded-For": "203.0.113.99"}
        status, _ = client.sign_in("sd")
        # Without a proxy the header is the client's own claim: all five came from one
        # address, which is now locked. Behind the proxy they were five clients.
        assert status == (200 if edits else 429), edits


LDAP_USER, LDAP_PW = "lena", "Lenas-Verzeichnis-Passwort"


@pytest.fixture
def directory(tmp_path):
    with Slapd(tmp_path / "slapd") as ldap:
        lena = ldap.add_person(LDAP_USER, LDAP_PW, "Lena Lindner")
        ldap.add_group("vorlagen-kaemmerei", [lena])
        ldap.add_group("vorlagen-isb", [lena])
        ldap.add_group("kantine", [lena])
        yield ldap


def test_directory_sign_in_maps_groups_to_roles(server, directory):
    config = f"""
verzeichnis:
  url: {directory.url}
  bind_dn: {directory.rootdn}
  passwort_variable: VORLAGE_LDAP_PASSWORT
  benutzer_basis: {directory.people}
  gruppen_basis: {directory.groups}
  gruppen:
    cn=vorlagen-kaemmerei,{directory.groups}: [mitzeichnung:Kämmerei]
    cn=vorlagen-isb,{directory.groups}: [sachbearbeitung:23]
"""
    running = server(extra=config, env={"VORLAGE_LDAP_PASSWORT": directory.rootpw})
    assert directory.rootpw not in (running.root / "vorlage.yaml").read_text()
    client = Client(running.url)
    status, page = client.sign_in(LDAP_USER, LDAP_PW)
    assert status == 200 and "Lena Lindner" in page
    # Her Amt's closed Vorlage (23) is hers to read, and the Kämmerei's role came along.
    assert client.request("/entwurf/bielefeld-grundstueck-nichtoeffentlich.yaml")[0] == 200
    listed = run(["user", "list"], running.root).stdout
    line = next(row for row in listed.splitlines() if row.startswith(LDAP_USER))
    assert "verzeichnis" in line and "mitzeichnung:20" in line and "sachbearbeitung:23" in line
    # Wrong passwords fail, and the sixth attempt within 15 minutes is refused outright.
    for _ in range(5):
        assert Client(running.url).sign_in(LDAP_USER, "falsch-falsch-falsch")[0] == 401
    assert Client(running.url).sign_in(LDAP_USER, LDAP_PW)[0] == 429
    assert directory.rootpw not in running.stop()
