"""Sign-in and sign-out: local accounts first, then the directory when one is configured.

The sign-in form carries a token that must equal a cookie set with the form (so another site
cannot sign a browser in under its own account). Five failed attempts per account or client
address within fifteen minutes lock both for fifteen minutes, counted in the accounts database
so every worker of the server sees them. A successful sign-in starts a new web session.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, g, redirect, render_template, request

from ..accounts import User, authenticate, parse_roles
from ..errors import UserError
from .access import PUBLIC, rule, workspace
from .security import SESSION_COOKIE, same_origin, same_secret

blueprint = Blueprint("auth", __name__)
FORM_COOKIE = "vorlage_anmeldung"


def _target(default: str = "/") -> str:
    """Where to go after signing in: only a path of this server. Browsers drop tabs and line
    breaks and read a backslash as a slash, so "/<Tab>/host" and "/<Backslash>host" lead
    elsewhere as "//host" does; any such character refuses the target."""
    wanted = request.values.get("weiter", "")
    parts = urlsplit(wanted)
    if (wanted.startswith("/") and not wanted.startswith("//") and not parts.scheme
            and not parts.netloc and not any(c.isspace() or ord(c) < 32 or c in "\\\x7f"
                                             for c in wanted)):
        return wanted
    return default


def _form(message: str = "", status: int = 200, name: str = ""):
    token = secrets.token_urlsafe(24)
    page = render_template("anmelden.html", token=token, meldung=message, name=name,
                           weiter=_target(""))
    response = current_app.make_response((page, status))
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="Strict",
                        secure=current_app.config["vorlage.secure_cookies"])
    return response


@blueprint.get("/anmelden")
@rule(PUBLIC)
def sign_in_form():
    if g.user is not None:
        return redirect(_landing(g.user), 303)
    return _form()


def _landing(user: User) -> str:
    return _target("/") if user.sees_content else "/konten"


def _from_directory(name: str, password: str) -> User | None:
    """The directory's answer, written into the accounts (roles refreshed at every
    sign-in); None when the directory does not know the person or the password."""
    space = workspace()
    config = space.project.config.verzeichnis
    if config is None:
        return None
    found = authenticate(config, name, password, space.project.root)
    if found is None:
        return None
    accounts = space.accounts()
    roles = []
    for spec in found.rollen:
        try:
            roles.extend(parse_roles([spec], None, space.project.amt_key))
        except UserError as exc:  # a mapping naming an unlisted Amt: the operator's to mend
            current_app.logger.warning("Verzeichnis-Gruppe für %s: %s", found.name, exc)
    existing = accounts.user(found.name)
    if existing is None:
        accounts.add(found.name, tuple(sorted(set(roles))), None, found.anzeigename,
                     "verzeichnis")
    elif existing.quelle == "verzeichnis":
        accounts.set_roles(found.name, tuple(sorted(set(roles))), found.anzeigename)
    else:
        return None  # a local account of that name signs in with its own password only
    return accounts.user(found.name)


@blueprint.post("/anmelden")
@rule(PUBLIC)
def sign_in():
    same_origin()
    if not same_secret(request.form.get("token", ""), request.cookies.get(FORM_COOKIE, "-")):
        return _form("Das Anmeldeformular war abgelaufen; bitte erneut anmelden.", 400)
    name = request.form.get("name", "").strip()
    password = request.form.get("passwort", "")
    if not name or not password or len(name) > 100 or len(password) > 1000:
        return _form("Bitte Benutzername und Passwort angeben.", 400, name[:100])
    accounts = workspace().accounts()
    address = request.remote_addr or "-"
    if accounts.locked_for(name, address) > 0:
        return _form("Zu viele fehlgeschlagene Anmeldungen: bitte in 15 Minuten erneut "
                     "versuchen.", 429, name)
    user = accounts.verify(name, password)
    if user is None and (accounts.user(name) is None
                         or accounts.user(name).quelle == "verzeichnis"):
        try:
            user = _from_directory(name, password)
        except UserError as exc:
            current_app.logger.error("Verzeichnis: %s", exc)
            return _form("Das Verzeichnis ist nicht erreichbar; bitte später erneut "
                         "versuchen oder die IT fragen.", 503, name)
    if user is None or not user.aktiv:
        accounts.failed(name, address)
        workspace().log("anmeldung_fehlgeschlagen", f"konto:{name}", konto=name,
                        adresse=address)
        return _form("Benutzername oder Passwort falsch.", 401, name)
    if not user.rollen:
        return _form("Diesem Konto ist keine Rolle zugeordnet; bitte die Verwaltung der "
                     "Konten fragen.", 403, name)
    key, _ = accounts.start_session(user.name)
    workspace().log("anmeldung", f"konto:{user.name}", konto=user.name, adresse=address)
    response = redirect(_landing(user), 303)
    response.set_cookie(SESSION_COOKIE, key, httponly=True, samesite="Strict",
                        secure=current_app.config["vorlage.secure_cookies"])
    response.delete_cookie(FORM_COOKIE)
    return response


@blueprint.post("/abmelden")
@rule(PUBLIC)
def sign_out():
    if g.user is not None:
        same_origin()
        if not same_secret(request.form.get("csrf", ""), g.csrf):
            abort(403, "CSRF-Token fehlt oder falsch")
        workspace().accounts().end_session(g.session_key)
        workspace().log("abmeldung", f"konto:{g.user.name}")
    response = redirect("/anmelden", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@blueprint.route("/vertretung", methods=["GET", "POST"])
@rule("lesen")
def deputy():
    """Who stands in for me: they sign and release "i. V." from `von` to `bis`."""
    accounts, message = workspace().accounts(), ""
    if request.method == "POST":
        try:
            von, bis = (datetime.strptime(request.form.get(k, ""), "%Y-%m-%d").date()
                        for k in ("von", "bis"))
            accounts.set_deputy(g.user.name, request.form.get("vertreter", "").strip(),
                                von.isoformat(), bis.isoformat())
        except ValueError:
            message = "Bitte Beginn und Ende als Datum angeben."
        except UserError as exc:
            message = exc.format_message()
        else:
            workspace().log("vertretung", f"konto:{g.user.name}",
                            vertreter=request.form.get("vertreter"), von=von.isoformat(),
                            bis=bis.isoformat())
            message = "Vertretung gespeichert."
    return render_template("vertretung.html", current=accounts.deputy_of(g.user.name),
                           meldung=message,
                           candidates=[u.name for u in accounts.users()
                                       if u.aktiv and u.name != g.user.name])
