"""The app on its socket: which names the server answers to, what its log may show.

Runs on Werkzeug's threaded server (enough for one office) with a request handler that tells
the app the address each request arrived at, and a log filter that keeps the access token out
of every log line: the access log writes each request line, and a sign-in link carries the
token in its query.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from urllib.parse import quote, unquote_plus

from werkzeug.serving import WSGIRequestHandler

from ..errors import UserError
from ..project import Project
from .app import LOCAL_ADDRESS, LOOPBACK, create_app

ANY = ("0.0.0.0", "::")
_QUERY = re.compile(r"\?([^\s\"'#]*)")


def redact(text: str, token: str | None = None) -> str:
    """`text` with the value of every query parameter that decodes to `token` hidden (in
    any spelling: `TOKEN=`, `%74oken=`, `token%3D…`), and the token itself wherever else."""
    def query(match: re.Match) -> str:
        parts = re.split(r"([&;])", match.group(1))
        return "?" + "".join("token=***" if unquote_plus(part).strip().lower()
                             .startswith("token") else part for part in parts)
    text = _QUERY.sub(query, text)
    for spelling in {token, quote(token or "", safe=""), quote(token or "")} - {None, ""}:
        text = text.replace(spelling, "***")
    return text


class HideToken(logging.Filter):
    def __init__(self, token: str | None):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage(), self.token), ()
        return True


class _Handler(WSGIRequestHandler):
    def make_environ(self):
        environ = super().make_environ()
        address = ipaddress.ip_address(self.connection.getsockname()[0])
        # A dual-stack socket sees IPv4 clients as ::ffff:a.b.c.d.
        mapped = getattr(address, "ipv4_mapped", None)
        environ[LOCAL_ADDRESS] = str(mapped or address)
        return environ


def own_names(host: str) -> tuple[str, ...]:
    """The names this machine goes by: the address served on, the host name and what it
    resolves to. Each address a request arrives at is accepted besides (LOCAL_ADDRESS)."""
    names = {host} - set(ANY)
    for name in {socket.gethostname(), socket.getfqdn()}:
        names.add(name)
        try:
            names.update(info[4][0] for info in socket.getaddrinfo(name, None))
        except OSError:  # a host name without an address: the name alone
            pass
    return tuple(sorted(names))


def serve(project: Project, host: str, port: int, token: str | None) -> None:
    host = host.removeprefix("[").removesuffix("]")  # `--host [::1]` as written in URLs
    if host not in LOOPBACK and not token:
        raise UserError("Für eine andere Adresse als 127.0.0.1 braucht der Server ein "
                        "Zugangs-Token: --token oder VORLAGE_TOKEN setzen")
    app = create_app(project, token, allowed_hosts=own_names(host))
    hide = HideToken(token)
    for logger in (logging.getLogger("werkzeug"), app.logger):
        logger.addFilter(hide)
    space = app.extensions["vorlage"]
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False,
                request_handler=_Handler)
    finally:
        space.converter.close()
