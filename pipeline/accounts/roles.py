"""Roles and the people who hold them.

A role is held for an Amt (`sachbearbeitung:23`) or, for the roles of the whole
administration, without one. An Amt is kept by its key: its Kennziffer when the project lists
its Ämter (`aemter:` in vorlage.yaml), so renaming an Amt keeps every account; otherwise the
name as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import UserError

ROLES = ("sachbearbeitung", "amtsleitung", "dezernat", "verwaltungsleitung", "mitzeichnung",
         "sitzungsdienst", "admin")
# Roles that belong to an Amt (for mitzeichnung: the Stelle that signs, e.g. the Kämmerei).
WITH_AMT = frozenset({"sachbearbeitung", "amtsleitung", "dezernat", "mitzeichnung"})
# What each role means, for `vorlage user add --help` and the user guide.
MEANING = {
    "sachbearbeitung": "schreibt Entwürfe des Amtes",
    "amtsleitung": "leitet das Amt, schreibt und gibt frei",
    "dezernat": "gibt frei für die Ämter des Dezernats (Rolle je Amt)",
    "verwaltungsleitung": "Verwaltungsspitze, sieht jeden Entwurf",
    "mitzeichnung": "zeichnet für eine Stelle mit (Amt = Stelle, z. B. Kämmerei)",
    "sitzungsdienst": "nummeriert, baut Sitzungen, sieht alles",
    "admin": "verwaltet Konten, sieht keine Inhalte",
}


@dataclass(frozen=True, order=True)
class Role:
    rolle: str
    amt: str = ""  # the Amt's key; "" for roles of the whole administration

    def __str__(self) -> str:
        return f"{self.rolle}:{self.amt}" if self.amt else self.rolle


@dataclass(frozen=True)
class User:
    name: str
    anzeigename: str
    rollen: tuple[Role, ...]
    aktiv: bool = True
    quelle: str = "lokal"  # lokal or verzeichnis

    def holds(self, *roles: str, amt: str | None = None) -> bool:
        """Whether the user holds one of `roles` (for `amt`, when given)."""
        return any(r.rolle in roles and (amt is None or r.amt == amt) for r in self.rollen)

    def aemter(self, *roles: str) -> set[str]:
        return {r.amt for r in self.rollen if r.rolle in roles and r.amt}

    @property
    def sees_content(self) -> bool:
        return any(r.rolle != "admin" for r in self.rollen)


def parse_roles(specs: Iterable[str], default_amt: str | None,
                amt_key: Callable[[str], str | None]) -> tuple[Role, ...]:
    """Roles from `rolle` or `rolle:AMT`; `default_amt` for roles given without one.
    `amt_key` turns what was typed (Kennziffer or name) into the Amt's key, None when the
    project's list does not hold it."""
    out: list[Role] = []
    for spec in specs:
        rolle, _, amt = (part.strip() for part in spec.partition(":"))
        rolle = rolle.lower()
        if rolle not in ROLES:
            raise UserError(f"unbekannte Rolle „{rolle}“; erlaubt: {', '.join(ROLES)}")
        if rolle not in WITH_AMT:
            if amt:
                raise UserError(f"die Rolle {rolle} gilt für die ganze Verwaltung, ohne Amt "
                                f"(„{spec}“)")
            out.append(Role(rolle))
            continue
        amt = amt or (default_amt or "")
        if not amt:
            raise UserError(f"die Rolle {rolle} braucht ein Amt: „{rolle}:AMT“ oder --amt")
        key = amt_key(amt)
        if key is None:
            raise UserError(f"das Amt „{amt}“ steht nicht in der Liste der Ämter "
                            "(aemter: in vorlage.yaml)")
        out.append(Role(rolle, key))
    if not out:
        raise UserError("mindestens eine Rolle angeben: --rolle ROLLE[:AMT]")
    return tuple(sorted(set(out)))
