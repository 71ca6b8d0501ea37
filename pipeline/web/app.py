"""`vorlage serve`: the server of the administration, with accounts, roles and Ämter.

The YAML drafts stay the single source of truth: the form is generated from the draft schema,
every edit is checked with the same code and messages as `vorlage check`, saving writes only
what changed back into the YAML (comments and layout kept), and the preview is a real build
by a LibreOffice worker the server keeps warm.

Security: every page but the sign-in needs a signed-in user, and every route declares what it
does to which Vorlage or session (access.py), asked of accounts.allowed. A web session is a
random cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS) known to the accounts database
by its hash, ending after the configured idle time; every state-changing request needs the
session's CSRF token and a same-origin Origin header; the Host header must name this server
(no DNS rebinding); files are only read from and written to the project's drafts, sessions
and output folders. Whatever a request sends ends in a German 4xx, not a traceback.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import Flask, Response, abort, g, jsonify, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ..accounts import Accounts
from ..records import AuditTrail, Register
from ..workflow import Workflow
from ..build import find_drafts
from ..pdf import Converter
from ..project import Project
from . import (access, admin, auth, decisions, drafts, editing, results, search, session_edit,
               sessions, uploads, workflow)
from .live import Presence, PreviewQueue
from .security import (LOOPBACK, SESSION_COOKIE, host_name, local_address, same_origin,
                       same_secret)

# Room for the temporary names the server writes beside a file (`.name.1a2b3c4d.yaml.tmp`)
# within the 255 bytes a file name may have.
NAME_BYTES = 200
GERMAN = {400: "Die Anfrage ist ungültig.",
          401: "Bitte zuerst anmelden.",
          403: "Zugriff verweigert.", 404: "Seite oder Datei nicht gefunden.",
          405: "Diese Methode ist hier nicht erlaubt.",
          413: "Die Anfrage ist zu groß (höchstens 2 MB).",
          429: "Zu viele Anmeldeversuche; bitte später erneut versuchen."}


class Workspace:
    """What the server works on: the project, its register and a warm LibreOffice."""

    def __init__(self, project: Project):
        self.project = project
        self.converter = Converter(project.config.server.libreoffice, limits=project.limits)
        self.jobs: dict[str, dict] = {}  # batch finalisations running in the background
        self.presence, self.previews = Presence(), PreviewQueue()
        Accounts(project.accounts_path).close()  # a broken accounts file stops the start

    def audit(self) -> AuditTrail:
        """This request's connection to the audit trail."""
        if "audit" not in g:
            g.audit = AuditTrail(self.project.audit_path)
        return g.audit

    def log(self, action: str, subject: str, **data) -> None:
        """An audit entry by the signed-in user (or `-`)."""
        user = g.get("user")
        self.audit().write(user.name if user else data.pop("konto", "-"), action, subject,
                           **data)

    def workflow(self) -> Workflow | None:
        """The workflow over the register, for this request; None when it is off."""
        if not self.project.config.workflow:
            return None
        if "workflow" not in g:
            g.workflow_register = Register(self.project.register_path)
            today = date.today().isoformat()
            g.workflow = Workflow(self.project, g.workflow_register, self.audit(),
                                  lambda name: self.accounts().represented_by(name, today))
        return g.workflow

    def accounts(self) -> Accounts:
        """This request's connection to the accounts database (SQLite connections are not
        shared between the server's threads)."""
        if "accounts" not in g:
            g.accounts = Accounts(self.project.accounts_path)
        return g.accounts

    # --- paths, confined to the project ------------------------------------------------
    def draft_path(self, name: str) -> Path:
        return self._inside(self.project.drafts_dir, name, (".yaml", ".yml"))

    def session_path(self, name: str) -> Path:
        return self._inside(self.project.sessions_dir, name, (".yaml", ".yml"))

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


def _with_deputised_roles(space: Workspace, user):
    principals = space.accounts().represented_by(user.name, date.today().isoformat())
    extra = {r for p in principals for r in p.rollen if r.rolle != "admin"}
    return replace(user, rollen=tuple(sorted(set(user.rollen) | extra))) if extra else user


def create_app(project: Project, allowed_hosts: tuple[str, ...] = ()) -> Flask:
    app = Flask(__name__)
    settings = project.config.server
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    # The form shows fields in the schema's (the draft's) order: no sorting of JSON keys.
    app.json.sort_keys = False
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}
    if settings.hinter_proxy:
        # The proxy's X-Forwarded-For names the client (for the sign-in limits), its
        # X-Forwarded-Proto the scheme; without a proxy both headers are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    space = Workspace(project)
    app.extensions["vorlage"] = space
    base_host = urlsplit(settings.basis_url or "").hostname
    hosts = LOOPBACK | {host_name(h) or host_name(f"[{h}]")
                        for h in (*allowed_hosts, *settings.namen, base_host or "")} - {None}
    secure = settings.hinter_proxy or (settings.basis_url or "").startswith("https:")
    app.config["vorlage.secure_cookies"] = secure
    idle = settings.sitzung_minuten * 60

    @app.before_request
    def guard():
        # Only names of this server: a page of a foreign name that resolves here (DNS
        # rebinding) is refused.
        host = host_name(request.environ.get("HTTP_HOST", ""))
        if host is None or (host not in hosts and not local_address(host)):
            abort(400, "unbekannter Host")
        view = app.view_functions.get(request.endpoint or "")
        rule = "öffentlich" if request.endpoint == "static" else getattr(
            view, "vorlage_rule", None)
        if view is not None and rule is None:
            abort(404)  # a route without a rule is no route
        key = request.cookies.get(SESSION_COOKIE, "")
        found = space.accounts().session(key, idle) if key and len(key) < 100 else None
        g.user, g.csrf, g.session_key = (*found, key) if found else (None, "", "")
        # A deputy reads what the people they stand in for read today (and signs "i. V."
        # through the workflow); their own account stays as it is.
        g.viewer = g.user and _with_deputised_roles(space, g.user)
        if rule == access.PUBLIC or view is None:
            return None
        if g.user is None:
            if request.method in ("GET", "HEAD") and not request.path.startswith("/api/"):
                return redirect("/anmelden?weiter=" + quote(request.full_path.rstrip("?")),
                                303)
            abort(401)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            same_origin()
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            if not same_secret(sent, g.csrf):
                abort(403, "CSRF-Token fehlt oder falsch")
        return None

    @app.after_request
    def headers(response: Response):
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"  # content stays off shared caches
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; object-src 'self'; "
            "frame-src 'self' blob:; style-src 'self'; script-src 'self'")
        # The access log: who asked for which path, never a query, cookie or body.
        user = g.get("user")
        app.logger.info("%s %s %s %s", request.method, quote(request.path),
                        response.status_code, user.name if user else "-")
        return response

    @app.teardown_request
    def close_databases(exc):
        for key in ("accounts", "register", "audit", "workflow_register"):
            database = g.pop(key, None)
            if database is not None:
                database.close()

    @app.errorhandler(HTTPException)
    def refused(exc: HTTPException):
        if exc.code is None or exc.code < 400:  # routing redirects are not errors
            return exc
        custom = exc.description != type(exc).description
        message = exc.description if custom else GERMAN.get(exc.code, f"Fehler {exc.code}")
        if request.path.startswith("/api/"):
            return jsonify(fehler=[message]), exc.code
        return render_template("fehler.html", lines=[message]), exc.code

    @app.template_filter("zeit")
    def local_time(text: str) -> str:
        """An ISO time as German local time: 02.12.2026 14:05."""
        try:
            return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z").astimezone().strftime(
                "%d.%m.%Y %H:%M")
        except (TypeError, ValueError):
            return text

    @app.context_processor
    def globals_():
        return {"csrf": g.get("csrf", ""), "user": g.get("user"), "may": access.may,
                "amt_name": project.amt_name}

    for blueprint in (auth.blueprint, drafts.blueprint, editing.blueprint, workflow.blueprint,
                      sessions.blueprint, session_edit.blueprint, admin.blueprint,
                      uploads.blueprint, search.blueprint, results.blueprint,
                      decisions.blueprint):
        app.register_blueprint(blueprint)
    return app

