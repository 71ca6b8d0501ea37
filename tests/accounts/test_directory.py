"""Sign-in against a real OpenLDAP (tests/slapd.py), no mocks."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from pydantic import ValidationError

from pipeline.accounts.directory import DirectoryUser, Verzeichnis, authenticate
from pipeline.errors import UserError
from slapd import Slapd, free_port

ANNA_PW = "Anna-Passwort 1"
DIENST_PW = "Dienst-Passwort"


@pytest.fixture(scope="module")
def ldap(tmp_path_factory):
    # bind_anon_dn: accept a DN with an empty password, as permissive directories do.
    with Slapd(tmp_path_factory.mktemp("slapd"), extra_conf="allow bind_anon_dn") as server:
        anna = server.add_person("anna", ANNA_PW, "Anna Schmidt")
        bert = server.add_person("bert", "Bert-Passwort", "Bert Weber")
        server.add_person("dienst", DIENST_PW, "Dienstkonto Vorlagen")
        server.add_person("doppelt1", "x", "Doppelt")
        server.add_person("doppelt2", "x", "Doppelt")
        server.add_group("sachbearbeitung23", [anna, bert])
        server.add_group("sitzungsdienst", [anna])
        server.add_group("kantine", [anna])
        yield server


@pytest.fixture
def config(ldap):
    return Verzeichnis(url=ldap.url, benutzer_basis=ldap.people, gruppen_basis=ldap.groups,
                       zeitlimit=2, gruppen={
                           # Case and blanks after commas differ from the directory on purpose.
                           f"CN=Sachbearbeitung23, OU=Gruppen, {ldap.base}": ["sachbearbeitung:23"],
                           f"cn=sitzungsdienst,{ldap.groups}": ["sitzungsdienst",
                                                               "sachbearbeitung:23"],
                           f"cn=niemand,{ldap.groups}": ["verwaltung"],
                       })


def with_service(config, **fields):
    return config.model_copy(update={"bind_dn": "uid=dienst,ou=people,dc=stadt,dc=test",
                                     **fields})


def test_right_password_gives_the_person_and_mapped_roles(config, ldap, tmp_path):
    user = authenticate(config, "anna", ANNA_PW, tmp_path)
    assert isinstance(user, DirectoryUser)
    assert (user.name, user.anzeigename) == ("anna", "Anna Schmidt")
    assert user.dn == f"uid=anna,{ldap.people}"
    assert len(user.gruppen) == 3  # kantine is found but mapped to nothing
    assert user.rollen == ("sachbearbeitung:23", "sitzungsdienst")


def test_name_is_spelled_as_the_directory_has_it(config, tmp_path):
    user = authenticate(config, "  ANNA ", ANNA_PW, tmp_path)
    assert user is not None and user.name == "anna"


def test_person_in_one_group(config, tmp_path):
    user = authenticate(config, "bert", "Bert-Passwort", tmp_path)
    assert user.rollen == ("sachbearbeitung:23",)


def test_person_without_mapped_groups_has_no_roles(config, tmp_path):
    user = authenticate(config, "dienst", DIENST_PW, tmp_path)
    assert user.gruppen == () and user.rollen == ()


def test_wrong_password(config, tmp_path):
    assert authenticate(config, "anna", "falsch", tmp_path) is None
    assert authenticate(config, "anna", ANNA_PW + " ", tmp_path) is None


@pytest.mark.skipif(not shutil.which("ldapwhoami"), reason="ldap-utils fehlt")
def test_empty_password_is_refused_although_ldap_accepts_it(config, ldap, tmp_path):
    whoami = subprocess.run(["ldapwhoami", "-x", "-H", ldap.url, "-D", f"uid=anna,{ldap.people}",
                             "-w", ""], capture_output=True, text=True)
    assert whoami.returncode == 0, whoami.stderr  # the unauthenticated bind succeeds
    assert authenticate(config, "anna", "", tmp_path) is None


def test_empty_password_never_reaches_the_network(tmp_path):
    dead = Verzeichnis(url=f"ldap://127.0.0.1:{free_port()}", benutzer_basis="dc=x")
    assert authenticate(dead, "anna", "", tmp_path) is None
    assert authenticate(dead, "", "x", tmp_path) is None


def test_nul_in_name_or_password(config, tmp_path):
    assert authenticate(config, "anna\0", ANNA_PW, tmp_path) is None
    assert authenticate(config, "anna", ANNA_PW + "\0", tmp_path) is None


def test_unknown_user(config, tmp_path):
    assert authenticate(config, "niemand", ANNA_PW, tmp_path) is None


@pytest.mark.parametrize("name", ["*", "ann*", ")(uid=*", "anna)(uid=*", "*)(|(uid=*", "\\2a"])
def test_filter_characters_match_nobody(config, name, tmp_path):
    assert authenticate(config, name, ANNA_PW, tmp_path) is None


def test_more_than_one_match(config, tmp_path):
    by_cn = config.model_copy(update={"benutzer_filter": "(cn={name})"})
    assert authenticate(by_cn, "Doppelt", "x", tmp_path) is None
    assert authenticate(by_cn, "Anna Schmidt", ANNA_PW, tmp_path).name == "Anna Schmidt"


def test_bind_password_from_environment(config, tmp_path, monkeypatch):
    monkeypatch.setenv("VORLAGE_LDAP_TEST", DIENST_PW)
    service = with_service(config, passwort_variable="VORLAGE_LDAP_TEST")
    assert authenticate(service, "anna", ANNA_PW, tmp_path).rollen[0] == "sachbearbeitung:23"
    monkeypatch.setenv("VORLAGE_LDAP_TEST", "falsch")
    with pytest.raises(UserError, match="Dienstkonto") as caught:
        authenticate(service, "anna", ANNA_PW, tmp_path)
    assert "falsch" not in caught.value.message and ANNA_PW not in caught.value.message


def test_bind_password_from_file(config, tmp_path):
    (tmp_path / "geheim").mkdir()
    (tmp_path / "geheim" / "ldap.txt").write_text(DIENST_PW + "\n", encoding="utf-8")
    service = with_service(config, passwort_datei="geheim/ldap.txt")
    assert authenticate(service, "anna", ANNA_PW, tmp_path).anzeigename == "Anna Schmidt"


def test_missing_password_file(config, tmp_path):
    with pytest.raises(UserError, match="Passwortdatei fehlt.txt ist nicht lesbar"):
        authenticate(with_service(config, passwort_datei="fehlt.txt"), "anna", ANNA_PW, tmp_path)


def test_bind_dn_without_password_source(config, tmp_path, monkeypatch):
    with pytest.raises(UserError, match="fehlt das Passwort"):
        authenticate(with_service(config), "anna", ANNA_PW, tmp_path)
    monkeypatch.delenv("VORLAGE_LDAP_UNSET", raising=False)
    with pytest.raises(UserError, match="fehlt das Passwort"):
        authenticate(with_service(config, passwort_variable="VORLAGE_LDAP_UNSET"), "anna",
                     ANNA_PW, tmp_path)


def test_search_uses_the_service_account(tmp_path, monkeypatch):
    members_only = "access to attrs=userPassword by anonymous auth by * none\n" \
                   "access to * by users read by anonymous auth"
    with Slapd(tmp_path / "slapd", access=members_only) as server:
        server.add_person("anna", ANNA_PW)
        dienst = server.add_person("dienst", DIENST_PW)
        anonymous = Verzeichnis(url=server.url, benutzer_basis=server.people)
        with pytest.raises(UserError, match="keine Leserechte"):
            authenticate(anonymous, "anna", ANNA_PW, tmp_path)
        monkeypatch.setenv("VORLAGE_LDAP_TEST", DIENST_PW)
        service = anonymous.model_copy(update={"bind_dn": dienst,
                                               "passwort_variable": "VORLAGE_LDAP_TEST"})
        assert authenticate(service, "anna", ANNA_PW, tmp_path).name == "anna"


def test_no_field_for_the_password_itself(ldap):
    with pytest.raises(ValidationError):
        Verzeichnis(url=ldap.url, benutzer_basis=ldap.people, passwort="geheim")


@pytest.mark.parametrize("field", ["benutzer_filter", "gruppen_filter"])
def test_filter_needs_its_placeholder(ldap, field):
    with pytest.raises(ValidationError, match="muss"):
        Verzeichnis(url=ldap.url, benutzer_basis=ldap.people, **{field: "(objectClass=*)"})


def test_server_not_running(tmp_path):
    url = f"ldap://127.0.0.1:{free_port()}"
    dead = Verzeichnis(url=url, benutzer_basis="dc=stadt,dc=test", zeitlimit=2)
    started = time.monotonic()
    with pytest.raises(UserError, match="Verbindung") as caught:
        authenticate(dead, "anna", ANNA_PW, tmp_path)
    assert time.monotonic() - started < 2
    assert url in caught.value.message and ANNA_PW not in caught.value.message


def test_server_that_never_answers(tmp_path):
    with socket.socket() as silent:  # accepts connections (backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"ldap://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(UserError, match="keine Antwort innerhalb von 1 s") as caught:
            authenticate(Verzeichnis(url=url, benutzer_basis="dc=x", zeitlimit=1), "anna",
                         ANNA_PW, tmp_path)
        assert time.monotonic() - started < 3
        assert url in caught.value.message


def test_search_base_that_does_not_exist(config, tmp_path):
    wrong = config.model_copy(update={"benutzer_basis": "ou=fehlt,dc=stadt,dc=test"})
    with pytest.raises(UserError, match=r"unter ou=fehlt,dc=stadt,dc=test fehlgeschlagen \(gibt"):
        authenticate(wrong, "anna", ANNA_PW, tmp_path)


def test_starttls_refused_by_server_without_tls(config, tmp_path):
    with pytest.raises(UserError, match="StartTLS") as caught:
        authenticate(config.model_copy(update={"starttls": True}), "anna", ANNA_PW, tmp_path)
    assert config.url in caught.value.message


def certificate(folder, name: str) -> str:
    """slapd.conf lines for a self-signed certificate for `name`."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={name}", "-addext", f"subjectAltName=IP:{name}",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return f'TLSCertificateFile "{cert}"\nTLSCertificateKeyFile "{key}"'


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl fehlt")
@pytest.mark.parametrize("ldaps", [True, False], ids=["ldaps", "starttls"])
@pytest.mark.parametrize("trusted, cert_for, problem", [
    (False, "127.0.0.1", "Zertifikat nicht vertrauenswürdig"),
    (True, "127.0.0.2", "Zertifikat passt nicht zum Servernamen"),
    (True, "127.0.0.1", None),
], ids=["untrusted", "wrong-name", "ok"])
def test_tls_checks_the_certificate(tmp_path, monkeypatch, ldaps, trusted, cert_for, problem):
    tls = certificate(tmp_path, cert_for)
    if trusted:
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / f"{cert_for}.pem"))
    with Slapd(tmp_path / "slapd", extra_conf=tls, ldaps=ldaps) as server:
        server.add_person("anna", ANNA_PW, "Anna Schmidt")
        config = Verzeichnis(url=server.url, benutzer_basis=server.people, starttls=not ldaps)
        if problem is None:
            assert authenticate(config, "anna", ANNA_PW, tmp_path).anzeigename == "Anna Schmidt"
            return
        with pytest.raises(UserError, match=problem) as caught:
            authenticate(config, "anna", ANNA_PW, tmp_path)
    assert server.url in caught.value.message
