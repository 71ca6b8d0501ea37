"""render: everything that writes WordprocessingML. The template's values in German formats,
Markdown as Word content, the body sections, the Vorlage, the Tagesordnung and the
Niederschrift as DOCX."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "values": ["Formats", "Numbering", "build_context"],
    "finance": ["Finance"],
    "declared": ["declared_context", "declared_record", "printed", "visible", "withheld"],
    "markdown": ["block_tree", "inline_nodes", "markdown_html", "plain_text", "table_problems",
                 "texts_of"],
    "wordml": ["Footnotes", "Lists", "Writer"],
    "template": ["Block", "Filling", "jinja_env"],
    "vorlage": ["BLOCK_NAMES", "render_vorlage"],
    "sections": ["Sections", "has_content"],
    "agenda": ["MEMBERS", "PUBLIC", "Agenda", "AgendaItem", "agenda_values", "render_agenda"],
    "minutes": ["Attendee", "EarlierResult", "Minutes", "MinutesItem", "minutes_values",
                "render_minutes", "render_results_page"],
})
