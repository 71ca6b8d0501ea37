"""Sign-in against an LDAP directory or Active Directory: find the person with a service account
(or anonymously), check the password with a bind of their own, map their groups to roles."""

from __future__ import annotations

import math
import os
import re
import ssl
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from ..errors import UserError
from ..schema import Base, JaNein, Text

if TYPE_CHECKING:
    from ldap3 import Connection, Server


class Verzeichnis(Base):
    """Anmeldung über ein LDAP-Verzeichnis oder Active Directory."""

    url: Text = Field(description="Adresse des Servers, z. B. ldaps://dc.stadt.de:636")
    starttls: JaNein = Field(False, description="ja = Verbindung mit StartTLS verschlüsseln")
    bind_dn: Text | None = Field(None, description="Dienstkonto für die Suche; leer = anonym")
    passwort_variable: Text | None = Field(
        None, description="Umgebungsvariable mit dem Passwort des Dienstkontos")
    passwort_datei: Text | None = Field(
        None, description="Datei mit dem Passwort des Dienstkontos (relativ zum Projekt)")
    benutzer_basis: Text = Field(description="Suchbasis für Personen, z. B. ou=people,dc=stadt")
    benutzer_filter: Text = Field("(uid={name})", description="Suchfilter; Active Directory: "
                                                              "(sAMAccountName={name})")
    anzeigename_attribut: Text = Field("cn", description="Attribut mit dem Anzeigenamen")
    gruppen_basis: Text | None = Field(None, description="Suchbasis für Gruppen; leer = "
                                                         "benutzer_basis")
    gruppen_filter: Text = Field("(member={dn})", description="Suchfilter für die Gruppen einer "
                                                              "Person; {dn} ist ihr DN")
    gruppen: dict[Text, list[Text]] = Field(
        default_factory=dict, description="Gruppen-DN → Rollen, z. B. sachbearbeitung:23")
    zeitlimit: float = Field(10, gt=0, description="Sekunden für Verbindung und jede Anfrage "
                                                   "(auf ganze Sekunden aufgerundet)")

    @field_validator("url")
    @classmethod
    def _scheme(cls, value: str) -> str:
        if not re.match(r"ldaps?://", value, re.IGNORECASE):
            raise ValueError("erwartet ldap://server:389 oder ldaps://server:636")
        return value

    @field_validator("benutzer_filter", "gruppen_filter")
    @classmethod
    def _placeholder(cls, value: str, info) -> str:
        # Without the placeholder the filter matches everybody (every group: every role).
        needed = "{name}" if info.field_name == "benutzer_filter" else "{dn}"
        if needed not in value:
            raise ValueError(f"der Filter muss {needed} enthalten")
        return value


@dataclass(frozen=True)
class DirectoryUser:
    name: str
    anzeigename: str
    dn: str
    gruppen: tuple[str, ...]
    rollen: tuple[str, ...]


def authenticate(config: Verzeichnis, name: str, password: str, root: Path) -> DirectoryUser | None:
    """The person if name and password are right, else None; UserError if the directory fails."""
    name = name.strip()
    # An empty password makes an "unauthenticated bind", which LDAP servers may accept.
    if not name or not password or "\0" in name or "\0" in password:
        return None
    # ldap3 is imported here, not at the top: every `vorlage` run reads the project's
    # config (which holds Verzeichnis), and only a sign-in needs the 60 ms library.
    from ldap3 import NONE, Server, Tls
    from ldap3.core.exceptions import LDAPException
    from ldap3.utils.conv import escape_filter_chars

    secret = _bind_password(config, root)
    attr = re.search(r"\((\w+)=\{name\}\)", config.benutzer_filter)
    step = "Verbindung"
    try:
        server = Server(config.url, connect_timeout=math.ceil(config.zeitlimit), get_info=NONE,
                        tls=Tls(validate=ssl.CERT_REQUIRED))
        service = _connect(config, server, config.bind_dn, secret)
        if service is None:
            raise _failed(config, f"Das Dienstkonto {config.bind_dn or '(anonym)'} wurde "
                                  f"abgelehnt.")
        try:
            step = "Suche nach der Person"
            wanted = [config.anzeigename_attribut] + ([attr.group(1)] if attr else [])
            found = _search(config, service, config.benutzer_basis, config.benutzer_filter.replace(
                "{name}", escape_filter_chars(name)), wanted, size_limit=2)
            if len(found) != 1:
                return None
            dn, attrs = found[0]
            step = "Anmeldung der Person"
            # A fresh connection, so nothing the service account may do carries over.
            user = _connect(config, server, dn, password)
            if user is None:
                return None
            user.unbind()
            step = "Suche nach den Gruppen"
            groups = tuple(g for g, _ in _search(
                config, service, config.gruppen_basis or config.benutzer_basis,
                config.gruppen_filter.replace("{dn}", escape_filter_chars(dn)), []))
        finally:
            service.unbind()
    except LDAPException as e:
        raise _failed(config, f"{step} fehlgeschlagen ({_detail(config, e)})") from None
    spelled = _values(attrs, attr.group(1)) if attr else []
    return DirectoryUser(
        name=next((v for v in spelled if v.casefold() == name.casefold()), name),
        anzeigename=next(iter(_values(attrs, config.anzeigename_attribut)), name),
        dn=dn, gruppen=groups, rollen=_roles(config.gruppen, groups))


def _bind_password(config: Verzeichnis, root: Path) -> str | None:
    if config.bind_dn is None:
        return None
    if config.passwort_variable and os.environ.get(config.passwort_variable):
        return os.environ[config.passwort_variable]
    if config.passwort_datei:
        try:
            secret = (root / config.passwort_datei).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as e:
            raise _failed(config, f"Die Passwortdatei {config.passwort_datei} ist nicht lesbar "
                                  f"({e.strerror}).") from None
        if secret:
            return secret
    raise _failed(config, f"Für das Dienstkonto {config.bind_dn} fehlt das Passwort "
                          f"(passwort_variable oder passwort_datei angeben und füllen).")


def _connect(config: Verzeichnis, server: Server, user: str | None,
             password: str | None) -> Connection | None:
    """A bound connection, or None if the server refuses the credentials."""
    # ldap3 packs receive_timeout into SO_RCVTIMEO as an integer: whole seconds only.
    from ldap3 import Connection

    conn = Connection(server, user=user, password=password, read_only=True, auto_referrals=False,
                      receive_timeout=math.ceil(config.zeitlimit), raise_exceptions=False)
    conn.open()
    if config.starttls and not server.ssl and not conn.start_tls():
        raise _failed(config, "Der Server lehnt StartTLS ab.")
    if conn.bind():
        return conn
    conn.unbind()
    return None


def _search(config: Verzeichnis, conn: Connection, base: str, query: str,
            attributes: list[str], **kw) -> list:
    from ldap3 import SUBTREE

    conn.search(base, query, SUBTREE, attributes=attributes or None, **kw)
    code = conn.result["result"]
    if code not in (0, 4):  # 4 = more entries than size_limit
        why = {32: "gibt es nicht", 50: "keine Leserechte; Dienstkonto (bind_dn) angeben?"}
        raise _failed(config, f"Suche unter {base} fehlgeschlagen "
                              f"({why.get(code, conn.result.get('description'))})")
    return [(r["dn"], r.get("attributes", {})) for r in conn.response or []
            if r.get("type") == "searchResEntry"]


_DETAILS = {  # ldap3's English reasons, in German
    "timed out": "keine Antwort innerhalb von {seconds} s",
    "refused": "Verbindung abgelehnt; läuft der Server, stimmt der Port?",
    "invalid server address": "Servername unbekannt",
    "startTLS failed": "der Server lehnt StartTLS ab",
    "CERTIFICATE_VERIFY_FAILED": "Zertifikat nicht vertrauenswürdig; die Zertifizierungsstelle "
                                 "im System oder per SSL_CERT_FILE hinterlegen",
    "doesn't match any name": "Zertifikat passt nicht zum Servernamen",
}


def _detail(config: Verzeichnis, error: Exception) -> str:
    text = str(error)
    for english, german in _DETAILS.items():
        if english in text:
            return german.format(seconds=math.ceil(config.zeitlimit))
    return text or type(error).__name__


def _failed(config: Verzeichnis, text: str) -> UserError:
    return UserError(f"Verzeichnis {config.url}: {text}")


def _values(attrs, key: str) -> list[str]:
    value = attrs.get(key) or []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def _norm(dn: str) -> str:
    return re.sub(r"\s*,\s*", ",", dn.strip()).casefold()


def _roles(mapping: dict[str, list[str]], groups: tuple[str, ...]) -> tuple[str, ...]:
    mine = {_norm(g) for g in groups}
    specs = [spec for dn, specs in mapping.items() if _norm(dn) in mine for spec in specs]
    return tuple(dict.fromkeys(specs))
