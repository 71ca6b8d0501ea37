"""Who may do what: the one place the server asks.

`allowed(user, action, item)` is the whole policy. The server describes each thing a request
touches as an `Item` (a Vorlage or one of its files, a session, the list of accounts) and asks;
no view decides on its own.

A Vorlage belongs to a group: its own Amt (Sachbearbeitung, Amtsleitung, the Dezernat over
it), the Stellen asked to sign it (Mitzeichnung), the Ämter named as beteiligt, the
Verwaltungsleitung and the Sitzungsdienst. Drafts stay inside that group; once final, a public
Vorlage (and each public file of it) is open to every signed-in user, a closed one stays with
the group. A decision to carry out is the responsible Amt's to update (see `_decision`).
`admin` manages accounts and sees no content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .roles import User

ACTIONS = ("lesen", "bearbeiten", "anlegen", "ergaenzen", "bauen", "verwalten", "zuweisen")
OWN = ("sachbearbeitung", "amtsleitung")  # who writes an Amt's drafts


@dataclass(frozen=True)
class Item:
    art: Literal["vorlage", "sitzung", "sitzungsdatei", "beschluss", "konten", "allgemein"]
    amt: str | None = None  # the Amt's key; None when the draft does not say (unreadable)
    stellen: frozenset[str] = frozenset()  # asked to sign off
    beteiligt: frozenset[str] = frozenset()
    final: bool = False
    # For a final Vorlage or one of its files: whether it may reach everybody. A public
    # Vorlage's full PDF is not public when it carries a closed Anlage.
    oeffentlich: bool = False


def in_group(user: User, item: Item) -> bool:
    if user.holds("sitzungsdienst", "verwaltungsleitung"):
        return True
    if item.amt is not None and user.holds(*OWN, "dezernat", amt=item.amt):
        return True
    if user.aemter("mitzeichnung") & item.stellen:
        return True
    return bool(user.aemter(*OWN, "dezernat") & item.beteiligt)


def allowed(user: User | None, action: str, item: Item) -> bool:
    if user is None or not user.aktiv:
        return False
    if item.art == "konten":
        return action in ("lesen", "verwalten") and user.holds("admin")
    if not user.sees_content:
        return False
    if item.art == "allgemein":
        return action == "lesen"
    if item.art == "sitzung":
        # The session's page shows each Vorlage only as `lesen` of that Vorlage allows.
        return action == "lesen" or (action == "bauen" and user.holds("sitzungsdienst"))
    if item.art == "sitzungsdatei":  # a session's agenda or packet
        return action == "lesen" and (item.oeffentlich
                                      or user.holds("sitzungsdienst", "verwaltungsleitung"))
    if item.art == "beschluss":
        return _decision(user, action, item)
    own = item.amt is not None and user.holds(*OWN, amt=item.amt)
    if action == "lesen":
        return (item.final and item.oeffentlich) or in_group(user, item)
    if action == "bearbeiten":
        return not item.final and (own or user.holds("sitzungsdienst"))
    if action == "anlegen":
        return own
    if action == "ergaenzen":
        return item.final and own
    return False


def _decision(user: User, action: str, item: Item) -> bool:
    """A decision to carry out (Beschlussverfolgung; `amt` the responsible Amt, `beteiligt`
    the Vorlage's own): a public one anybody reads; the responsible Amt and the Sitzungsdienst
    record its progress; only the Sitzungsdienst hands it to another Amt or moves its date."""
    office = user.holds("sitzungsdienst")
    mine = item.amt is not None and user.holds(*OWN, "dezernat", amt=item.amt)
    if action == "lesen":
        return item.oeffentlich or mine or in_group(user, item)
    if action == "bearbeiten":
        return mine or office
    return action == "zuweisen" and office
