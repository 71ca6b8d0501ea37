"""The accounts, for `admin`: list, create, change roles, deactivate and reactivate. The same
operations as `vorlage user`, with the same rules and messages."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from ..accounts import ROLES, parse_roles
from ..errors import UserError
from .access import ACCOUNTS, rule, workspace

blueprint = Blueprint("konten", __name__)


def _page(message: str = "", status: int = 200):
    space = workspace()
    return render_template("konten.html", users=space.accounts().users(), roles=ROLES,
                           aemter=space.project.config.aemter, meldung=message), status


@blueprint.get("/konten")
@rule("lesen", lambda: ACCOUNTS)
def accounts():
    return _page()


def _roles():
    specs = [s for s in request.form.get("rollen", "").replace(",", " ").split() if s]
    return parse_roles(specs, request.form.get("amt") or None, workspace().project.amt_key)


@blueprint.post("/konten/neu")
@rule("verwalten", lambda: ACCOUNTS)
def add():
    try:
        made = workspace().accounts().add(request.form.get("name", "").strip(), _roles(),
                                          request.form.get("passwort", ""),
                                          request.form.get("anzeigename", "").strip())
    except UserError as exc:
        return _page(exc.format_message(), 422)
    current_app.logger.warning("Konto %s angelegt durch %s: %s", made.name, g.user.name,
                               " ".join(map(str, made.rollen)))
    workspace().log("konto_angelegt", f"konto:{made.name}",
                    rollen=[str(r) for r in made.rollen])
    return _page(f"Konto {made.name} angelegt.")


def _not_oneself(name: str) -> None:
    """An admin changes other accounts only: granting oneself a content role would read
    what admin alone may not, with no second person involved."""
    if name == g.user.name:
        raise UserError("Das eigene Konto ändert hier nur ein anderes Admin-Konto (oder "
                        "`vorlage user` auf dem Server)")


@blueprint.post("/konten/<name>/rollen")
@rule("verwalten", lambda name: ACCOUNTS)
def roles(name: str):
    try:
        _not_oneself(name)
        before = getattr(workspace().accounts().user(name), "rollen", ())
        after = _roles()
        workspace().accounts().set_roles(name, after)
    except UserError as exc:
        return _page(exc.format_message(), 422)
    current_app.logger.warning("Rollen von %s durch %s: %s -> %s", name, g.user.name,
                               " ".join(map(str, before)) or "-", " ".join(map(str, after)))
    workspace().log("rollen_geaendert", f"konto:{name}", vorher=[str(r) for r in before],
                    nachher=[str(r) for r in after])
    return redirect(url_for(".accounts"), 303)


@blueprint.post("/konten/<name>/<any(aktivieren, deaktivieren):change>")
@rule("verwalten", lambda name, change: ACCOUNTS)
def activate(name: str, change: str):
    try:
        _not_oneself(name)
        workspace().accounts().set_active(name, change == "aktivieren")
    except UserError as exc:
        return _page(exc.format_message(), 422)
    workspace().log(f"konto_{change.removesuffix('en')}t", f"konto:{name}")
    return redirect(url_for(".accounts"), 303)
