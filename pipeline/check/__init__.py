"""check: what `vorlage check` reports. One draft loaded, validated and held to the rules
across its fields; a house style's Word templates checked before anything is rendered."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "draft": ["Checked", "check_file"],
    "finals": ["dropped_declarations"],
    "gremien": ["gremium_problem", "unknown_gremien"],
    "refusals": ["changed_final", "place_of", "refusals", "run_numbers",
                 "typed_number_problem", "typed_place", "unarchived_base"],
    "rules": ["beratung_for_final", "check_draft"],
    "tables": ["table_problems_in"],
    "templates": ["check_docx", "check_house_style", "prints_section", "template_text",
                  "unprinted_declarations"],
})
