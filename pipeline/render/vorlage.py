"""A Vorlage's Word file: the house style's template filled with the draft's values and its
body sections, in the order the house style gives."""

from __future__ import annotations

from pathlib import Path

from docxtpl import Listing

from ..haus import SECTIONS, HouseStyle
from ..schema import Draft
from .sections import Sections
from .template import Filling
from .wordml import Writer

BLOCK_NAMES = SECTIONS  # each body section can also be placed alone: {{p abschnitte.<name> }}


def render_vorlage(draft: Draft, style: HouseStyle, values: dict, out: Path,
                   public: bool = False) -> None:
    """Writes the filled Word file to `out`. `values` are the template's values
    (values.build_context); the body sections are added here. `public`: a copy for
    publication, without the declared fields that are not published."""
    filling = Filling(style.template)
    sections = Sections(draft, style, values, public)

    def writing(names):
        def build(w: Writer):
            for name in names:
                if sections.has(name):
                    sections.write(name, w)
        return build

    values = dict(values)
    values["betreff"] = Listing(draft.betreff)
    order = style.config.section_keys
    values["inhalt"] = filling.block("inhalt", writing(order))
    values["abschnitte"] = {name: filling.block(name, writing([name]))
                            for name in dict.fromkeys([*BLOCK_NAMES, *order])}
    values["logo"] = (filling.image(style.folder / style.config.logo, 16)
                      if style.config.logo else "")
    filling.save(values, {"title": " ".join(draft.betreff.split()), "author": draft.amt,
                          "subject": draft.vorlagenart, "keywords": values["nummer"]}, out)
