"""The accounts page: only `admin` reaches it; what it does is what `vorlage user` does."""

from helpers import run
from webclient import PASSWORD, Client


def test_admin_creates_changes_and_deactivates_accounts(site):
    root, url = site
    for name in ("sd", "anna"):  # content roles do not manage accounts
        client = Client(url)
        client.sign_in(name)
        assert client.request("/konten")[0] == 404
    admin = Client(url)
    admin.sign_in("root")
    assert admin.last_url == url + "/konten"  # where an admin lands
    status, page = admin.post("/konten/neu", {"name": "carla", "anzeigename": "Carla Rau",
                                              "rollen": "sachbearbeitung", "amt": "53",
                                              "passwort": "Carlas-Passwort-1"})
    assert status == 200 and "Konto carla angelegt" in page
    status, page = admin.post("/konten/neu", {"name": "dora", "rollen": "sachbearbeitung:99",
                                              "passwort": "Doras-Passwort-12"})
    assert status == 422 and "steht nicht in der Liste der Ämter" in page
    status, page = admin.post("/konten/neu", {"name": "emil", "rollen": "sitzungsdienst",
                                              "passwort": "kurz"})
    assert status == 422 and "mindestens 10 Zeichen" in page
    listed = run(["user", "list"], root).stdout
    assert "carla" in listed and "sachbearbeitung:53" in listed and "dora" not in listed
    carla = Client(url)
    assert carla.sign_in("carla", "Carlas-Passwort-1")[0] == 200
    assert admin.post("/konten/carla/rollen", {"rollen": "amtsleitung:53"})[0] == 200
    assert "amtsleitung:53" in run(["user", "list"], root).stdout
    assert admin.post("/konten/carla/deaktivieren")[0] == 200
    carla.request("/")
    assert "/anmelden" in carla.last_url  # signed out at once
    assert "deaktiviert" in run(["user", "list"], root).stdout
    # Without the CSRF token, nothing changes.
    assert admin.request("/konten/anna/deaktivieren", b"", {"Origin": url})[0] == 403
    assert Client(url).sign_in("anna", PASSWORD)[0] == 200


def test_an_admin_cannot_raise_itself_nor_leave_no_admin(site):
    root, url = site
    admin = Client(url)
    admin.sign_in("root")
    status, page = admin.post("/konten/root/rollen", {"rollen": "admin sitzungsdienst"})
    assert status == 422 and "eigene Konto" in page
    assert admin.request("/entwurf/bielefeld-grundstueck-nichtoeffentlich.yaml")[0] == 404
    status, page = admin.post("/konten/root/deaktivieren")
    assert status == 422
    # The CLI may not remove the last admin either.
    result = run(["user", "deaktivieren", "root"], root)
    assert result.returncode == 1 and "letzte aktive Konto mit der Rolle admin" in result.stderr
