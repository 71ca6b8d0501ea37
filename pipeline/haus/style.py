"""House styles: one folder per municipality, under the project's `templates/<name>/` or
bundled with the tool.

The folder holds the Word template(s) and `haus.yaml`: the municipality's name, numbering
pattern, section labels and order, Vorlagenarten, default signatories, place name and
deadline rules. Loading validates `haus.yaml` with the same error standard as drafts.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import Problem, UserError, meinten_sie
from ..files import file_hash
from ..schema import load_yaml
from ..schema.validation import validate_parts
from .config import Gremium, HouseStyleConfig, Vorlagenart
from .consistency import declaration_problems
from .declared import Abschnitt, Feld
from .labels import LABELS
from .numbering import Pattern, PatternError, Wahlperiode, number_values


@cache  # where the package lies does not change while it runs
def bundled_styles() -> Path:
    """The house styles that ship with the tool, as package data of an installed copy."""
    folder = resources.files(__package__).joinpath("styles")
    if not isinstance(folder, Path):  # a zipped install: styles cannot be opened as files
        raise UserError("Die mitgelieferten Hausstile sind nicht als Dateien installiert; "
                        "Ratsvorlagen bitte mit pip als Ordner installieren")
    return folder


def fingerprint(folder: Path) -> str:
    """Hash of the names and bytes of every file of a house style: what its PDFs depend on.
    Computed on every load (a batch loads a style once per draft), so with os.walk and plain
    strings, which cost a third of the same walk with pathlib, and `file_hash`, which reads
    an unchanged file once."""
    files = []
    for base, _, names in os.walk(folder):
        files += [os.path.join(base, name) for name in names]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(os.path.relpath(path, folder).replace(os.sep, "/").encode())
        digest.update(bytes.fromhex(file_hash(path)))
    return digest.hexdigest()


@dataclass
class HouseStyle:
    key: str
    folder: Path
    config: HouseStyleConfig
    pattern: Pattern
    labels: dict[str, str]
    wahlperioden: list[Wahlperiode] = field(default_factory=list)
    fingerprint: str = ""  # see fingerprint(): the build cache and the archive key on it

    @property
    def template(self) -> Path:
        return self.folder / self.config.vorlage

    @property
    def agenda_template(self) -> Path:
        return self.folder / self.config.tagesordnung

    @property
    def minutes_template(self) -> Path:
        """The style's Niederschrift template; a style made before there was one uses the
        bundled standard's."""
        own = self.folder / self.config.niederschrift
        return own if own.is_file() else bundled_styles() / "standard" / "niederschrift.docx"

    def art(self, name: str) -> Vorlagenart | None:
        return next((a for a in self.config.vorlagenarten if a.name == name), None)

    def labels_for(self, art: str | None) -> dict[str, str]:
        """The labels a Vorlage of this Vorlagenart prints: the style's, then the art's own,
        with each declared field's and section's label under its key."""
        entry = self.art(art) if art else None
        declared = {f.schluessel: f.beschriftung for f in self.config.felder}
        declared |= {a.schluessel: a.beschriftung for a in self.config.abschnitte
                     if a.beschriftung}
        return {**LABELS, **declared, **self.config.beschriftungen,
                **(entry.beschriftungen if entry else {})}

    def feld(self, key: str) -> Feld | None:
        return next((f for f in self.config.felder if f.schluessel == key), None)

    def section(self, key: str) -> Abschnitt | None:
        return next((a for a in self.config.abschnitte if a.schluessel == key), None)

    def gremium(self, name: str) -> Gremium | None:
        return next((g for g in self.config.gremien if g.name == name), None)

    def rolle(self, name: str):
        """The house style's role of that name (a draft validated with the style's model
        names only declared ones)."""
        return next((r for r in self.config.rollen if r.name == name), None)

    def deadline_days(self, gremium: str) -> int:
        entry = self.gremium(gremium)
        if entry and entry.frist_tage is not None:
            return entry.frist_tage
        return self.config.frist_tage

    @staticmethod
    def dated(draft) -> date:
        """The date a Vorlage is filed under (number, register, archive): its own, else the
        day it is built; never written back into the draft."""
        return draft.datum or date.today()

    def printed_date(self, draft, final: bool) -> date | None:
        """The date the Vorlage prints: its own, or for a final the day of finalisation
        where the house style says so (`datum_bei_finalisierung`)."""
        if draft.datum or not (final and self.config.datum_bei_finalisierung):
            return draft.datum
        return date.today()

    def number_values(self, draft) -> dict:
        """What the numbering pattern may print for this draft (year, office, body, period)."""
        first = self.gremium(draft.beratungsfolge[0].gremium) if draft.beratungsfolge \
            else None
        art = self.art(draft.vorlagenart)
        return number_values(datum=self.dated(draft), amt=draft.amt_kennziffer,
                             gremium=first.kuerzel if first else None,
                             wahlperioden=self.wahlperioden, art=art.kuerzel if art else None)


# By folder, with the fingerprint it was loaded at: an edit is seen at once, also one that
# keeps the modification time, an unchanged style is validated once per process, and a
# long-running server keeps one version per style.
_LOADED: dict[Path, HouseStyle] = {}


def find_house_style(name: str, template_dirs: list[Path]) -> Path:
    """The folder of a house style by name: `templates/<name>/` of the project, else a
    bundled one. Only a name: a draft (written by anyone) must not make the tool read a
    folder elsewhere on disk, and a style folder linked from outside its base is refused."""
    if not _is_name(name):
        raise UserError(f"Hausstil „{name}“: anzugeben ist der Name eines Hausstils (ein "
                        "Ordner unter templates/ oder ein mitgelieferter), kein Pfad")
    for base in template_dirs:
        folder = base / name
        if (folder / "haus.yaml").is_file():
            resolved = folder.resolve()
            if not resolved.is_relative_to(base.resolve()) or folder.is_symlink():
                raise UserError(f"Hausstil „{name}“: {folder} ist ein Verweis auf einen Ordner "
                                "außerhalb von templates/; Hausstile liegen in templates/")
            return resolved
    known = sorted({p.parent.name for base in template_dirs if base.is_dir()
                    for p in base.glob("*/haus.yaml")})
    hint = meinten_sie(name, known, cutoff=0.8)
    raise UserError(f"Hausstil „{name}“ nicht gefunden; {hint + ' ' if hint else ''}vorhanden: "
                    f"{', '.join(known) or 'keine'}")


def _is_name(name: str) -> bool:
    """A plain folder name: no separators, no way up, nothing a file system refuses."""
    return 0 < len(name.encode("utf-8", "replace")) <= 100 and name not in (".", "..") \
        and not any(c in name for c in "/\\\0:") and not name.startswith("~")


def load_house_style(name: str, template_dirs: list[Path]) -> HouseStyle:
    """A house style by name, searched in `template_dirs` in order."""
    return load_style_folder(find_house_style(name, template_dirs))


def load_style_folder(folder: Path) -> HouseStyle:
    """A house style from its folder: for the operator's `vorlage templates check FOLDER`
    and the styles found by name."""
    folder = Path(folder).resolve()
    if not (folder / "haus.yaml").is_file():
        raise UserError(f"{folder}: kein Hausstil-Ordner (haus.yaml fehlt)")
    digest = fingerprint(folder)
    style = _LOADED.get(folder)
    if style is None or style.fingerprint != digest:
        style = _LOADED[folder] = _load(folder, digest)
    return style


def _inside(folder: Path, name: str) -> bool:
    """Whether a file a style names lies in the style's folder, links resolved."""
    return (folder / name).resolve().is_relative_to(folder)


# What stands in for a required key whose value has an error, so that the rest of haus.yaml
# is still checked: nothing is checked against these.
_STANDINS = {"name": "-", "nummer": {"muster": "{lfd}"},
             "vorlagenarten": [{"name": "Beschlussvorlage"}]}


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _load(folder: Path, digest: str) -> HouseStyle:
    if not _inside(folder, "haus.yaml"):
        raise UserError(f"{folder / 'haus.yaml'}: Verweis auf eine Datei außerhalb des "
                        "Hausstil-Ordners")
    loaded = load_yaml(folder / "haus.yaml", "Hausstil-Datei")
    # The checks below also run on the parts that validate, so one pass shows every mistake.
    config, loaded, invalid, _ = validate_parts(loaded, HouseStyleConfig, _STANDINS)
    if config is None:
        raise UserError(invalid)
    problems: list[Problem] = []
    for field_name in ("vorlage", "tagesordnung", "niederschrift", "logo"):
        value = getattr(config, field_name)
        if value and not _inside(folder, value):
            problems.append(loaded.problem((field_name,), f"„{value}“ liegt außerhalb des "
                                           f"Hausstil-Ordners {folder.name}/; die Dateien "
                                           "eines Hausstils liegen in seinem Ordner"))
    if problems:
        raise UserError(_by_line(invalid + problems))
    try:
        pattern = Pattern(config.nummer.muster, config.nummer.zaehler, config.nummer.folge,
                          tuple(w.name for w in config.wahlperioden),
                          tuple(a.kuerzel for a in config.vorlagenarten if a.kuerzel))
    except PatternError as exc:
        problems.append(loaded.problem(("nummer", "muster"), str(exc)))
        pattern = None
    if pattern and "wahlperiode" in pattern.needed_values() and not config.wahlperioden:
        problems.append(loaded.problem(("nummer", "muster"),
                                       "Schema nutzt {wahlperiode}, aber `wahlperioden` fehlt"))
    if pattern and "art" in pattern.names:
        problems += [loaded.problem(("vorlagenarten", i), f"das Nummernschema {pattern.text} "
                                    f"nutzt {{art}}: die Vorlagenart {a.name} braucht ein "
                                    "`kuerzel`, z. B. BV")
                     for i, a in enumerate(config.vorlagenarten) if not a.kuerzel]
    if not (folder / config.vorlage).is_file():
        problems.append(loaded.problem(("vorlage",), f"Word-Vorlage {config.vorlage} fehlt im "
                                                     f"Ordner {folder.name}/"))
    if config.logo and not (folder / config.logo).is_file():
        problems.append(loaded.problem(("logo",), f"Logo-Datei {config.logo} fehlt"))
    problems += declaration_problems(config, loaded)
    names = [a.name for a in config.vorlagenarten]
    if len(set(names)) != len(names):
        problems.append(loaded.problem(("vorlagenarten",), "eine Vorlagenart ist doppelt"))
    if problems or invalid:
        raise UserError(_by_line(invalid + problems))
    labels = {**LABELS, **config.beschriftungen}
    periods = [Wahlperiode(w.name, w.von, w.bis) for w in config.wahlperioden]
    return HouseStyle(folder.name, folder, config, pattern, labels, periods, digest)


@dataclass(frozen=True)
class Listed:
    """One house style as `vorlage templates` and the browser's new-draft form show it."""

    key: str
    folder: Path
    style: HouseStyle | None  # None when it does not load
    problem: str = ""         # the first line of what is wrong with it


def list_house_styles(template_dirs: list[Path]) -> list[Listed]:
    """Every house style found, the first of each name winning, broken ones included."""
    seen: dict[str, Path] = {}
    for base in template_dirs:
        if base.is_dir():
            for haus in sorted(base.glob("*/haus.yaml")):
                seen.setdefault(haus.parent.name, haus.parent)
    out = []
    for key, folder in seen.items():
        try:
            out.append(Listed(key, folder, load_house_style(key, template_dirs)))
        except UserError as exc:
            out.append(Listed(key, folder, None, exc.first_line))
    return out
