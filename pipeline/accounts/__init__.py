"""accounts: the people who use the server. Accounts, roles and Ämter, and the one rule of who
may do what (rules.py); the SQLite database of accounts, web sessions and failed sign-ins
(store.py); sign-in against an LDAP or Active Directory (directory.py)."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "roles": ["ROLES", "Role", "User", "parse_roles"],
    "rules": ["Item", "allowed"],
    "store": ["Accounts", "check_password_rules"],
    "directory": ["DirectoryUser", "Verzeichnis", "authenticate"],
})
