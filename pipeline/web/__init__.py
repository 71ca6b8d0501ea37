"""web: `vorlage serve`, the server of the administration. The app and its guard (app.py),
who may do what to which item (access.py), sign-in (auth.py), the drafts (drafts.py), saving,
checking and previewing while someone writes (editing.py, live.py), what the form shows
(form.py), Anlagen uploads and thumbnails (uploads.py), the search (search.py), the way of a
Vorlage (workflow.py), the sessions and their calendar (sessions.py) and the Sitzungsdienst's
editing of them (session_edit.py), results and attendance after a session (results.py), the
Beschlussverfolgung (decisions.py), the accounts (admin.py); in the browser the form
(static/form.js, app.js, uploads.js), the Begründung editor (static/richtext.js) and the
agenda's drag and drop (static/sitzung.js).

serving.py runs the app on waitress."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "app": ["Workspace", "create_app"],
    "serving": ["serve"],
})
