"""Ratsvorlagen: YAML drafts to numbered council submissions (Vorlagen) as PDF.

One package per stage. A package imports only from the layers below its own, never sideways
or up, so a reader can follow one draft downwards from `cli` to the archived PDF.
`tests/test_structure.py` holds the code to this order; the README's map is generated from it.
"""

# Highest first. Packages on one line do not import each other. The two front doors are
# cli and web; `vorlage serve` starts the web server, so cli stands above web.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),
    ("web",),
    ("aussonderung",),
    ("sitzung",),
    ("build",),
    ("workflow",),
    ("check", "authoring"),
    ("render",),
    ("project",),
    ("haus", "accounts"),
    ("schema", "pdf", "records"),
    ("errors", "files", "german"),
)
