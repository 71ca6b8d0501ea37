"""haus: house styles (one municipality's templates, labels, rules) and numbering patterns."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "style": ["HouseStyle", "Listed", "bundled_styles", "find_house_style", "fingerprint",
              "list_house_styles", "load_house_style", "load_style_folder"],
    "config": ["FeldBedingung", "Gremium", "HouseStyleConfig", "MitzeichnungsRegel", "SCOPES",
               "Vorlagenart"],
    "gremien": ["GremienDatei", "GremienList", "GremiumEintrag", "KnownGremium",
                "load_gremien"],
    "labels": ["LABELS", "SECTIONS"],
    "declared": ["Abschnitt", "Feld", "KINDS", "KIND_NAMES", "OPTIONAL_BUILTINS", "Option",
                 "RESERVED", "sample_value", "slug"],
    "model": ["Wahl", "default_draft_model", "draft_model", "value_type"],
    "finance_form": ["Finanzformular", "Pruefung", "Scope", "Zeile", "compute", "default_form",
                     "failures", "lookup", "plain", "sample_values", "year_line",
                     "years"],
    "finance_model": ["FormValues", "form_model", "form_values"],
    "json_schema": ["field_schema", "style_schema"],
    "numbering": ["Pattern", "PatternError", "Reading", "Wahlperiode", "follow_up_line",
                  "number_values"],
})
