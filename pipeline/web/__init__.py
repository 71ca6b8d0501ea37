"""web: `vorlage serve`, drafting in the browser for a whole office. The app and its
security (app.py), the pages and JSON endpoints (views.py), the form (static/app.js).

serving.py runs the app on its socket: the names it answers to, a log without the token."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "app": ["Workspace", "create_app"],
    "serving": ["serve"],
})
