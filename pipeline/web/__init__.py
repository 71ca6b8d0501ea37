"""web: `vorlage serve`, the server of the administration. The app and its guard (app.py),
who may do what to which item (access.py), sign-in (auth.py), the drafts (drafts.py), the
way of a Vorlage (workflow.py), the sessions (sessions.py), the accounts (admin.py), the
form (static/app.js).

serving.py runs the app on waitress."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "app": ["Workspace", "create_app"],
    "serving": ["serve"],
})
