"""schema: the draft format. YAML read with positions, the model, validation with German
error lines, the JSON Schema for editors, the generated reference, placeholders."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "load": ["Loaded", "Pos", "check_nesting", "format_loc", "load_yaml", "read_text"],
    "fields": ["Base", "Betrag", "Datum", "Jahr", "JaNein", "Text", "Zahl", "parse_date"],
    "ergebnis": ["Abstimmung", "DECIDED", "Ergebnis", "STATUS"],
    "model": ["Anlage", "Beratung", "ROLLEN", "Beschlussvorschlag", "Draft",
              "FruehereBehandlung", "Mitzeichnung", "Person", "Punkt", "SYNONYMS", "Zeichnung"],
    "validation": ["german", "validate", "value_at"],
    "json_schema": ["draft_schema", "field_title", "schema_text"],
    "reference": ["FieldDoc", "describe_fields", "format_reference"],
    "example": ["example_draft"],
    "placeholders": ["PLACEHOLDER", "placeholders_in"],
})
