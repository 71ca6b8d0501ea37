"""Signing in to the real server from tests: the accounts of the example project, a urllib
client with a cookie jar that signs in through the form, and the same for a Playwright page."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

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


class Client:
    """urllib with a cookie jar, signed in through the form as a browser is."""

    def __init__(self, url: str):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        self.last_url = ""

    def request(self, path, data=None, headers=None, method=None):
        """(status, text) of a request; redirects are followed."""
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {},
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
        return self.request("/anmelden", form.encode(), {"Origin": self.url})

    def post(self, path, form: dict | None = None, json_body: bytes | None = None):
        headers = {"Origin": self.url, "X-CSRF-Token": self.csrf}
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
