"""What a house style's finals still use: a declared field or option that archived finals
of the style hold, but that `haus.yaml` no longer declares.

The archived PDFs stay as they are (Trust I); the style is warned, so that a field is not
dropped by accident. For a draft the same removal is an error (the draft no longer fits
its style's model), reported by `check`.
"""

from __future__ import annotations

import json

from ..errors import Problem, display_path
from ..haus import HouseStyle
from ..records import Register


def _options(raw) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [i["wahl"] for i in items if isinstance(i, dict) and "wahl" in i]


def dropped_declarations(style: HouseStyle, register: Register | None) -> list[Problem]:
    """A warning per field or option finals of `style` use that it no longer declares."""
    if register is None:
        return []
    rows = register.db.execute(
        "SELECT a.nummer, a.felder FROM archiv a JOIN nummern n ON n.nummer = a.nummer "
        "WHERE n.hausstil = ? AND a.felder IS NOT NULL ORDER BY a.nummer",
        (style.key,)).fetchall()
    used: dict[tuple, list[str]] = {}
    for nummer, stored in rows:
        for key, value in json.loads(stored).items():
            feld, section = style.feld(key), style.section(key)
            if feld is None and (section is None or section.beschriftung is None):
                used.setdefault((key, None), []).append(nummer)
            elif feld is not None and feld.optionen:
                for option in _options(value.get("roh")):
                    if feld.option(option) is None:
                        used.setdefault((key, option), []).append(nummer)
    shown = display_path(style.folder / "haus.yaml")
    out = []
    for (key, option), numbers in used.items():
        finals = ", ".join(numbers[:5]) + (f" und {len(numbers) - 5} weitere"
                                           if len(numbers) > 5 else "")
        what = f"Option „{option}“ von „{key}“" if option else f"Feld „{key}“"
        out.append(Problem(shown, None, None, "felder",
                           f"{what} ist nicht mehr erklärt, finale Vorlagen nutzen es: {finals} "
                           "(sie bleiben unverändert archiviert)", "warning"))
    return out
