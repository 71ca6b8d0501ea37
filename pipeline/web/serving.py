"""The app on its socket, served by waitress.

waitress serves with a pool of threads in one process, so the LibreOffice worker the preview
keeps warm is shared by every request, and it runs unchanged on the Windows servers many
municipal IT departments keep. The address, port, public URL and proxy come from `server:` in
vorlage.yaml; the log holds one line per request (method, path, status, account), never a
query, a cookie or a form.
"""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlsplit

import waitress

from ..accounts import Accounts
from ..errors import UserError
from ..project import Project
from .app import create_app
from .security import LOOPBACK

ANY = ("0.0.0.0", "::")


def own_names(host: str) -> tuple[str, ...]:
    """The names this machine goes by: the address served on, the host name and what it
    resolves to."""
    names = {host} - set(ANY)
    for name in {socket.gethostname(), socket.getfqdn()}:
        names.add(name)
        try:
            names.update(info[4][0] for info in socket.getaddrinfo(name, None))
        except OSError:  # a host name without an address: the name alone
            pass
    return tuple(sorted(names))


def serve(project: Project, host: str | None, port: int | None, say) -> None:
    settings = project.config.server
    host = (host or settings.adresse).removeprefix("[").removesuffix("]")
    port = port or settings.port
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app = create_app(project, allowed_hosts=own_names(host))
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
    with Accounts(project.accounts_path) as accounts:
        if not accounts.users():
            say("Noch kein Konto: das erste mit `vorlage user add NAME --rolle admin` "
                "anlegen")
    encrypted = settings.hinter_proxy or urlsplit(settings.basis_url or "").scheme == "https"
    if host not in LOOPBACK and not encrypted:
        say("Achtung: ohne HTTPS gehen Passwörter unverschlüsselt durchs Netz; den Server "
            "hinter einen HTTPS-Proxy stellen (server.hinter_proxy: ja)")
    space = app.extensions["vorlage"]
    try:
        # The proxy headers are handled by the app (ProxyFix, only with hinter_proxy);
        # waitress itself trusts none of them.
        server = waitress.create_server(app, host=host, port=port, threads=settings.threads,
                                        ident="Ratsvorlagen",
                                        clear_untrusted_proxy_headers=False)
    except (OSError, ValueError) as exc:  # port taken, no such address, …
        space.converter.close()
        raise UserError(f"Der Server kann nicht an {shown}:{port} lauschen ({exc}); "
                        "server.adresse und server.port in vorlage.yaml oder --host/--port "
                        "prüfen") from None
    # Every worker starts now, so neither the first preview nor a session's batch pays
    # LibreOffice's start-up.
    space.converter.start_in_background(every_worker=True)
    say(f"Ratsvorlagen: {settings.basis_url or f'http://{shown}:{port}/'} "
        f"(waitress, {settings.threads} Threads)")
    try:
        server.run()
    finally:
        space.converter.close()
