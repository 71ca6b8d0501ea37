"""The whole permission policy as one table: every user × every item × every action.

Each cell lists what the user may do to the item, by the letters of LETTERS; an empty cell
means nothing at all. A change to `allowed` that is not also made here fails the test of
that cell, so the table is the policy as written down.
"""

from __future__ import annotations

import pytest

from pipeline.accounts.roles import Role, User
from pipeline.accounts.rules import ACTIONS, Item, allowed

LETTERS = {"l": "lesen", "b": "bearbeiten", "a": "anlegen", "e": "ergaenzen", "u": "bauen",
           "v": "verwalten", "z": "zuweisen"}
assert set(LETTERS.values()) == set(ACTIONS)  # the table names every action


def user(*roles: str, aktiv: bool = True) -> User:
    return User("x", "X", tuple(Role(*r.split(":")) for r in roles), aktiv)


# Amt 53 writes the Vorlagen below, the Kämmerei (20) is asked to sign them, the Ordnungsamt
# (32) is named as beteiligt; Amt 37 and the Stelle 10 have nothing to do with them.
USERS = {
    "sb53": user("sachbearbeitung:53"),
    "sb37": user("sachbearbeitung:37"),  # of another Amt
    "al53": user("amtsleitung:53"),
    "dez": user("dezernat:53", "dezernat:37"),  # one Dezernat over two Ämter
    "vl": user("verwaltungsleitung"),
    "mz20": user("mitzeichnung:20"),  # a Stelle asked to sign
    "mz10": user("mitzeichnung:10"),  # a Stelle not asked
    "sb32": user("sachbearbeitung:32"),  # of an Amt named as beteiligt
    "sd": user("sitzungsdienst"),
    "admin": user("admin"),
    "admin+sb53": user("admin", "sachbearbeitung:53"),
    "deaktiviert": user("sachbearbeitung:53", "sitzungsdienst", "admin", aktiv=False),
    "niemand": None,  # not signed in
}

ASKED = {"stellen": frozenset({"20"}), "beteiligt": frozenset({"32"})}
ITEMS = {
    "D53": Item("vorlage", amt="53", oeffentlich=True, **ASKED),  # a draft (meant public)
    "D37": Item("vorlage", amt="37"),
    "geschlossen": Item("vorlage", amt="53", final=True, oeffentlich=False, **ASKED),
    "oeffentlich": Item("vorlage", amt="53", final=True, oeffentlich=True, **ASKED),
    # The full PDF of a public final that carries a closed Anlage.
    "volles-pdf": Item("vorlage", amt="53", final=True, oeffentlich=False, **ASKED),
    "ohne-amt": Item("vorlage", amt=None, oeffentlich=True, **ASKED),  # Amt unreadable
    "sitzung": Item("sitzung"),
    "datei-oeff": Item("sitzungsdatei", oeffentlich=True),
    "datei-geschl": Item("sitzungsdatei", oeffentlich=False),
    "konten": Item("konten"),
    "allgemein": Item("allgemein"),
    # Decisions to carry out (Beschlussverfolgung) for Amt 53, on a Vorlage of Amt 32.
    "beschl-oeff": Item("beschluss", amt="53", beteiligt=frozenset({"32"}), oeffentlich=True),
    "beschl-geschl": Item("beschluss", amt="53", beteiligt=frozenset({"32"})),
}

# Columns in the order of ITEMS. `anlegen` asks about the item's Amt (may this user start a
# Vorlage there), so it follows the Amt and not whether the item is final.
COLUMNS = list(ITEMS)
TABLE = {
    #              D53    D37    geschl oeff   volles ohne-a sitz   d-oeff d-geschl konten allg
    "sb53":       ["lba", "",    "lae", "lae", "lae", "",    "l",   "l",   "",    "",    "l"],
    "sb37":       ["",    "lba", "",    "l",   "",    "",    "l",   "l",   "",    "",    "l"],
    "al53":       ["lba", "",    "lae", "lae", "lae", "",    "l",   "l",   "",    "",    "l"],
    "dez":        ["l",   "l",   "l",   "l",   "l",   "",    "l",   "l",   "",    "",    "l"],
    "vl":         ["l",   "l",   "l",   "l",   "l",   "l",   "l",   "l",   "l",   "",    "l"],
    "mz20":       ["l",   "",    "l",   "l",   "l",   "l",   "l",   "l",   "",    "",    "l"],
    "mz10":       ["",    "",    "",    "l",   "",    "",    "l",   "l",   "",    "",    "l"],
    "sb32":       ["l",   "",    "l",   "l",   "l",   "l",   "l",   "l",   "",    "",    "l"],
    "sd":         ["lb",  "lb",  "l",   "l",   "l",   "lb",  "lu",  "l",   "l",   "",    "l"],
    "admin":      ["",    "",    "",    "",    "",    "",    "",    "",    "",    "lv",  ""],
    "admin+sb53": ["lba", "",    "lae", "lae", "lae", "",    "l",   "l",   "",    "lv",  "l"],
    "deaktiviert": [""] * (len(COLUMNS) - 2),
    "niemand":    [""] * (len(COLUMNS) - 2),
}
# The two decisions (public, closed): the responsible Amt and the Sitzungsdienst update
# them, only the Sitzungsdienst reassigns (z); the Vorlage's own Amt (32) reads the closed one.
DECISIONS = {"sb53": ("lb", "lb"), "sb37": ("l", ""), "al53": ("lb", "lb"),
             "dez": ("lb", "lb"), "vl": ("l", "l"), "mz20": ("l", ""), "mz10": ("l", ""),
             "sb32": ("l", "l"), "sd": ("lbz", "lbz"), "admin": ("", ""),
             "admin+sb53": ("lb", "lb"), "deaktiviert": ("", ""), "niemand": ("", "")}
TABLE = {who: row + list(DECISIONS[who]) for who, row in TABLE.items()}
assert set(TABLE) == set(USERS) and all(len(row) == len(COLUMNS) for row in TABLE.values())

CELLS = [(who, what) for who in USERS for what in COLUMNS]


@pytest.mark.parametrize(("who", "what"), CELLS, ids=[f"{w}-{i}" for w, i in CELLS])
def test_policy_table(who, what):
    expected = {LETTERS[c] for c in TABLE[who][COLUMNS.index(what)]}
    got = {action for action in ACTIONS if allowed(USERS[who], action, ITEMS[what])}
    assert got == expected


def test_nobody_edits_a_final():
    for item in (ITEMS["geschlossen"], ITEMS["oeffentlich"], ITEMS["volles-pdf"]):
        assert not any(allowed(u, "bearbeiten", item) for u in USERS.values())


def test_only_the_sitzungsdienst_builds_sessions():
    builders = {who for who, u in USERS.items() if allowed(u, "bauen", ITEMS["sitzung"])}
    assert builders == {"sd"}
    assert not any(allowed(u, "bauen", item) for u in USERS.values()
                   for name, item in ITEMS.items() if name != "sitzung")


def test_the_amt_of_an_item_is_matched_exactly():
    sb = user("sachbearbeitung:5")  # not Amt 53, nor a prefix of it
    assert not allowed(sb, "lesen", ITEMS["D53"])
    assert not allowed(user("sachbearbeitung:53"), "lesen", Item("vorlage", amt="530"))


def test_a_mitzeichnung_for_an_amt_does_not_write_its_drafts():
    mz = user("mitzeichnung:53")
    assert not allowed(mz, "lesen", Item("vorlage", amt="53"))  # not asked: not in the group
    assert not allowed(mz, "bearbeiten", Item("vorlage", amt="53", stellen=frozenset({"53"})))


def test_unknown_action_is_refused():
    assert not any(allowed(u, "loeschen", item) for u in USERS.values()
                   for item in ITEMS.values())
