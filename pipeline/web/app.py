"""`vorlage serve`: a local web application for writing Vorlagen in the browser.

The YAML drafts stay the single source of truth: the form is generated from the draft schema,
every edit is checked with the same code and messages as `vorlage check`, saving writes only
what changed back into the YAML (comments and layout kept), and the preview is a real build
by a LibreOffice worker the server keeps warm.

Security: binds to 127.0.0.1 unless told otherwise, and then only with an access token; every
state-changing request needs the page's CSRF token and a same-origin Origin header; the Host
header must be one the server answers to (no DNS rebinding); files are only read from and
written to the project's drafts, sessions and output folders.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from pathlib import Path

from flask import Flask, Response, abort, request

from ..build import find_drafts
from ..errors import UserError
from ..pdf import Converter
from ..project import Project
from . import views


class Workspace:
    """What the server works on: the project, its register and a warm LibreOffice."""

    def __init__(self, project: Project):
        self.project = project
        self.converter = Converter(1)
        self.lock = threading.Lock()

    # --- paths, confined to the project ------------------------------------------------
    def draft_path(self, name: str) -> Path:
        return self._inside(self.project.drafts_dir, name, (".yaml", ".yml"))

    def session_path(self, name: str) -> Path:
        return self._inside(self.project.sessions_dir, name, (".yaml", ".yml"))

    def output_file(self, name: str) -> Path:
        return self._inside(self.project.output_dir, name, (".pdf", ".json", ".csv"))

    @staticmethod
    def _inside(folder: Path, name: str, suffixes: tuple) -> Path:
        folder = folder.resolve()
        path = (folder / name).resolve()
        if not path.is_relative_to(folder) or path.suffix not in suffixes or "\0" in name:
            abort(404)
        return path

    def drafts(self) -> list[Path]:
        folder = self.project.drafts_dir
        return find_drafts([folder]) if folder.is_dir() else []

    def sessions(self) -> list[Path]:
        folder = self.project.sessions_dir
        return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


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

    @app.before_request
    def guard():
        host = request.host.split(":")[0]
        if host not in ("127.0.0.1", "localhost", "::1", *allowed_hosts):
            abort(400, "unbekannter Host")
        if token:
            given = request.cookies.get("vorlage_token") or request.args.get("token") or \
                request.headers.get("Authorization", "").removeprefix("Bearer ")
            if not hmac.compare_digest(given or "", token):
                abort(401)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("Origin")
            if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
                abort(403, "fremder Ursprung")
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            if not hmac.compare_digest(sent, csrf):
                abort(403, "CSRF-Token fehlt oder falsch")

    @app.after_request
    def headers(response: Response):
        if token and request.args.get("token") == token:
            response.set_cookie("vorlage_token", token, httponly=True, samesite="Strict")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; object-src 'self'; "
            "frame-src 'self' blob:; style-src 'self'; script-src 'self'")
        return response

    @app.context_processor
    def globals_():
        return {"csrf": csrf}

    views.register(app, space, csrf)
    return app


def serve(project: Project, host: str, port: int, token: str | None) -> None:
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        raise UserError("Für eine andere Adresse als 127.0.0.1 braucht der Server ein "
                        "Zugangs-Token: --token oder VORLAGE_TOKEN setzen")
    app = create_app(project, token, allowed_hosts=(host,) if host not in ("0.0.0.0",) else ())
    space: Workspace = app.extensions["vorlage"]
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        space.converter.close()

