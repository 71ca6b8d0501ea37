"""haus: house styles (one municipality's templates, labels, rules) and numbering patterns."""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "style": ["HouseStyle", "Listed", "bundled_styles", "find_house_style", "fingerprint",
              "list_house_styles", "load_house_style", "load_style_folder"],
    "config": ["Gremium", "HouseStyleConfig", "MitzeichnungsRegel", "SCOPES", "Vorlagenart"],
    "labels": ["LABELS", "SECTIONS"],
    "numbering": ["Pattern", "PatternError", "Wahlperiode", "number_values"],
})
