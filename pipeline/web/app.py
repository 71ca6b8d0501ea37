"""`vorlage serve`: a local web application for writing Vorlagen in the browser.

The YAML drafts stay the single source of truth: the form is generated from the draft schema,
every edit is checked with the same code and messages as `vorlage check`, saving writes only
what changed back into the YAML (comments and layout kept), and the preview is a real build
by a LibreOffice worker the server keeps warm.

Security: binds to 127.0.0.1 unless told otherwise, and then only with an access token, which
a sign-in link carries once (the answer sets a cookie and sends the browser to the address
without it); every state-changing request needs the page's CSRF token and a same-origin Origin
header; the Host header must name this machine (no DNS rebinding); files are only read from
and written to the project's drafts, sessions and output folders. Whatever a request sends
(names with NUL, names too long, tokens in any script) ends in a German 4xx, not a traceback.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
import threading
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Flask, Response, abort, jsonify, redirect, render_template, request
from werkzeug.exceptions import HTTPException

from ..build import find_drafts
from ..pdf import Converter
from ..project import Project
from . import views

COOKIE = "vorlage_token"
LOCAL_ADDRESS = "vorlage.local_address"  # environ key: the address a request arrived at
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
# Room for the temporary names the server writes beside a file (`.name.1a2b3c4d.yaml.tmp`)
# within the 255 bytes a file name may have.
NAME_BYTES = 200
GERMAN = {400: "Die Anfrage ist ungültig.",
          401: "Zugangs-Token fehlt oder ist falsch: die Adresse mit ?token=… öffnen, die "
               "beim Start des Servers vereinbart wurde.",
          403: "Zugriff verweigert.", 404: "Seite oder Datei nicht gefunden.",
          405: "Diese Methode ist hier nicht erlaubt.",
          413: "Die Anfrage ist zu groß (höchstens 2 MB)."}
_HOST = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(?::[0-9]*)?", re.ASCII)
_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*", re.ASCII)


def host_name(header: str) -> str | None:
    """The host of a Host header (`name`, `name:port`, `[v6]:port`): lower case, addresses
    in their canonical form (`[0:0::1]` is `::1`); None for anything else."""
    match = _HOST.fullmatch(header)
    if not match:
        return None
    host = match.group(1)
    if host.startswith("["):
        try:
            return str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError:
            return None
    host = host.lower().removesuffix(".")
    if not _NAME.fullmatch(host):
        return None
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        return host


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of any text: compare_digest refuses non-ASCII str."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8", "surrogatepass"))


class Workspace:
    """What the server works on: the project, its register and a warm LibreOffice."""

    def __init__(self, project: Project):
        self.project = project
        self.converter = Converter(1, limits=project.limits)
        self.lock = threading.Lock()

    # --- paths, confined to the project ------------------------------------------------
    def draft_path(self, name: str) -> Path:
        return self._inside(self.project.drafts_dir, name, (".yaml", ".yml"))

    def session_path(self, name: str) -> Path:
        return self._inside(self.project.sessions_dir, name, (".yaml", ".yml"))

    def output_file(self, name: str) -> Path:
        return self._inside(self.project.output_dir, name, (".pdf", ".json", ".csv"))

    @staticmethod
    def checked_name(name: str) -> str:
        """A name from a request that is to become part of a file path; 400 for what the file
        system would fail on (NUL, text that has no bytes, names too long)."""
        try:
            raw = os.fsencode(name)
        except UnicodeError:  # a lone surrogate, which JSON can carry
            raw = b"\0"
        if b"\0" in raw or len(raw) > 1024 or any(len(p) > NAME_BYTES for p in raw.split(b"/")):
            abort(400, "Dateiname ungültig (Nullbyte, nicht darstellbares Zeichen oder zu lang)")
        return name

    @staticmethod
    def _inside(folder: Path, name: str, suffixes: tuple) -> Path:
        folder = folder.resolve()
        path = (folder / Workspace.checked_name(name)).resolve()
        if not path.is_relative_to(folder) or path.suffix not in suffixes:
            abort(404)
        return path

    def drafts(self) -> list[Path]:
        folder = self.project.drafts_dir
        return find_drafts([folder]) if folder.is_dir() else []

    def sessions(self) -> list[Path]:
        folder = self.project.sessions_dir
        return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _without_token(valid: bool) -> Response:
    """The same address without `token`, so it stays out of the address bar, the history,
    Referer headers and the access log of every later request; the cookie signs in."""
    path = "/" + (request.script_root + request.path).lstrip("/")  # "//host" leads away
    rest = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "token"])
    response = redirect(quote(path) + ("?" + rest if rest else ""), 303)
    if valid:
        # Lax, not Strict: a Strict cookie set here is not sent on the redirect that
        # follows a link opened from a mail or chat, and the sign-in would fail. Requests
        # that change something need the CSRF token and a same origin anyway.
        response.set_cookie(COOKIE, request.args["token"], httponly=True, samesite="Lax")
    return response


def create_app(project: Project, token: str | None = None,
               allowed_hosts: tuple[str, ...] = ()) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    # The form shows fields in the schema's (the draft's) order: no sorting of JSON keys.
    app.json.sort_keys = False
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}
    space = Workspace(project)
    csrf = secrets.token_urlsafe(32)
    app.extensions["vorlage"] = space
    names = LOOPBACK | {host_name(h) or host_name(f"[{h}]") for h in allowed_hosts} - {None}

    @app.before_request
    def guard():
        # Only names of this machine: a page of a foreign name that resolves here (DNS
        # rebinding) is refused. The address the connection arrived at is always one.
        host = host_name(request.environ.get("HTTP_HOST", ""))
        if host is None or (host not in names and host != request.environ.get(LOCAL_ADDRESS)):
            abort(400, "unbekannter Host")
        if token:
            offered = (request.cookies.get(COOKIE), request.args.get("token"),
                       request.headers.get("Authorization", "").removeprefix("Bearer "))
            if not any(given and same_secret(given, token) for given in offered):
                abort(401)
            if "token" in request.args and request.method in ("GET", "HEAD"):
                return _without_token(same_secret(request.args["token"], token))
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("Origin")
            if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
                abort(403, "fremder Ursprung")
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            if not same_secret(sent, csrf):
                abort(403, "CSRF-Token fehlt oder falsch")

    @app.after_request
    def headers(response: Response):
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; object-src 'self'; "
            "frame-src 'self' blob:; style-src 'self'; script-src 'self'")
        return response

    @app.errorhandler(HTTPException)
    def refused(exc: HTTPException):
        if exc.code is None or exc.code < 400:  # routing redirects are not errors
            return exc
        custom = exc.description != type(exc).description
        message = exc.description if custom else GERMAN.get(exc.code, f"Fehler {exc.code}")
        if request.path.startswith("/api/"):
            return jsonify(fehler=[message]), exc.code
        # No CSRF token on a page that may go to someone who is not signed in.
        return render_template("fehler.html", lines=[message], csrf=""), exc.code

    @app.context_processor
    def globals_():
        return {"csrf": csrf}

    views.register(app, space, csrf)
    return app
