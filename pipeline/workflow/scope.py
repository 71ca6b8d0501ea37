"""What a sign-off covers: parts of the printed Vorlage, hashed.

A Stelle signs a declared scope (the house style's `umfang:`, e.g. the Kämmerei: finanzen,
beschlussvorschlag, anlagen; without one, everything printed). The hash of that scope is kept
with the sign-off; a later change inside it resets the sign-off. The hash leaves out the
sign-off records themselves (`mitzeichnung`), the number, and what the Sitzungsdienst
schedules (the session dates and TOPs of the Beratungsfolge).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..haus import SCOPES
from ..schema import Draft

KOPF = ("hausstil", "vorlagenart", "oeffentlich", "amt", "amt_kennziffer", "verantwortlich",
        "datum", "aktenzeichen", "bezug")
PART_NAMES = {"betreff": "Betreff", "beschlussvorschlag": "Beschlussvorschlag",
              "finanzen": "Finanzen", "begruendung": "Begründung",
              "zusammenfassung": "Zusammenfassung", "anlagen": "Anlagen",
              "beratungsfolge": "Beratungsfolge", "fruehere_behandlung": "Frühere Behandlung",
              "kopf": "Kopfangaben", "zeichnung": "Zeichnung"}


def _part(draft: Draft, name: str, folder: Path) -> object:
    data = draft.model_dump(mode="json")
    if name == "kopf":
        return {key: data.get(key) for key in KOPF}
    if name == "beratungsfolge":
        # When and where it is heard, and what an earlier body decided, is not what a
        # sign-off vouches for.
        return [{k: v for k, v in step.items()
                 if k not in ("sitzung", "sitzungsname", "top", "ergebnis")}
                for step in data["beratungsfolge"]]
    if name == "anlagen":  # what is attached, by content, not only by name
        return [{**a, "sha256": _file_hash(folder / a["datei"]) if a["datei"] else None}
                for a in data["anlagen"]]
    return data.get(name)


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def scope_hash(draft: Draft, parts: list[str] | None, folder: Path) -> str:
    """SHA-256 of the parts (None: every part) of a draft whose Anlagen lie in `folder`."""
    chosen = parts or list(SCOPES)
    content = {name: _part(draft, name, folder) for name in chosen}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def changed_parts(old: Draft, new: Draft, parts: list[str] | None, folder: Path) -> list[str]:
    """The parts (of `parts`, None: all) that differ between two versions of a draft."""
    return [name for name in (parts or list(SCOPES))
            if _part(old, name, folder) != _part(new, name, folder)]
