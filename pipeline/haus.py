"""House styles: one folder per municipality under `templates/<name>/`.

The folder holds the Word template(s) and `haus.yaml`: the municipality's name, numbering
pattern, section labels and order, Vorlagenarten, default signatories, place name and
deadline rules. Loading validates `haus.yaml` with the same error standard as drafts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .errors import Problem, UserError
from .load import load_yaml
from .model import Base, Datum, JaNein, Person, Text
from .numbering import Pattern, PatternError, Wahlperiode, number_values
from .validate import validate

SECTIONS = ("zusammenfassung", "beschlussvorschlag", "finanzen", "produktgruppen",
            "auswirkungen", "fruehere_behandlung", "begruendung", "anlagen", "zeichnung",
            "mitzeichnung")

# Every label a template may print, with the wording used when a house style says nothing.
LABELS = {
    "vorlagennummer": "Vorlagennummer",
    "datum": "Datum",
    "amt": "Amt",
    "verantwortlich": "Verantwortlich",
    "aktenzeichen": "Aktenzeichen",
    "oeffentlich": "öffentlich",
    "nichtoeffentlich": "nichtöffentlich",
    "beratungsfolge": "Beratungsfolge",
    "gremium": "Gremium",
    "sitzung": "Sitzung am",
    "beratung": "Beratung",
    "zustaendigkeit": "Zuständigkeit",
    "top": "TOP",
    "betreff": "Betreff",
    "zusammenfassung": "Zusammenfassung",
    "beschlussvorschlag": "Beschlussvorschlag",
    "finanzen": "Finanzielle Auswirkungen",
    "finanzen_ja_nein": "Finanzielle Auswirkungen",
    "haushaltsjahr": "Haushalt im Jahr",
    "produkt_sachkonto": "Produkt und Sachkonto",
    "art_der_ausgabe": "Art der Ausgabe",
    "bedarf": "Bedarf",
    "haushaltsansatz": "Haushaltsansatz",
    "zusaetzliche_einnahmen": "zusätzliche Einnahmen",
    "einmalige_belastung": "einmalige Belastung",
    "jaehrliche_folgekosten": "jährliche Folgekosten",
    "ungedeckt": "davon nicht gedeckt",
    "teilergebnisplaene": "Mehraufwand und Deckung",
    "produktgruppen": "Betroffene Produktgruppe",
    "auswirkungen": "Auswirkungen auf Ergebnisplan, Finanzplan",
    "fruehere_behandlung": "Frühere Behandlung",
    "drucksache": "Drucksachen-Nr.",
    "begruendung": "Begründung",
    "anlagen": "Anlagen",
    "anlage": "Anlage",
    "zeichnung": "",
    "ansprechpartner": "Ansprechpartner",
    "beteiligte_fachbereiche": "Weitere beteiligte Fachbereiche",
    "mitzeichnung": "Mitzeichnung",
    "entwurf": "ENTWURF",
    "tagesordnung": "Tagesordnung",
    "gegenstand": "Gegenstand",
    "oeffentlicher_teil": "Öffentlicher Teil",
    "nichtoeffentlicher_teil": "Nichtöffentlicher Teil",
    "sitzungsmappe": "Sitzungsmappe",
    "mappe_mitglieder": "Für die Mitglieder des Gremiums",
    "mappe_oeffentlich": "Öffentlicher Teil, zur Veröffentlichung",
    "tischvorlage": "Tischvorlage",
    "seite": "Seite",
    "von": "von",
}


class Vorlagenart(Base):
    name: Text = Field(description="Name, z. B. Beschlussvorlage")
    titel: Text | None = Field(None, description="Überschrift im Kopf, falls anders als der "
                                                 "Name, z. B. „Beschlussvorlage der Verwaltung“")
    beschluss: JaNein = Field(True, description="ja = ein Beschlussvorschlag ist Pflicht")


class Gremium(Base):
    name: Text = Field(description="Name des Gremiums wie in der Beratungsfolge")
    kuerzel: Text | None = Field(None, description="Kürzel für Nummern, z. B. BSV")
    frist_tage: int | None = Field(None, ge=0, description="Tage vor der Sitzung, bis zu denen "
                                                           "die Vorlage final sein muss")


class Nummer(Base):
    muster: Text = Field(description="Nummernschema, z. B. {jahr}/{amt}/{lfd:03}")
    zaehler: Literal["auto", "jahr", "wahlperiode", "fortlaufend"] = Field(
        "auto", description="wann die laufende Nummer neu beginnt; auto = nach dem Schema")
    folge: Text = Field("{nummer}-{version}", description="Nummer einer Folgevorlage, "
                                                          "z. B. {nummer}-{version}")


class WahlperiodeConfig(Base):
    name: Text = Field(description="z. B. 2014-2020")
    von: Datum
    bis: Datum


class MitzeichnungsRegel(Base):
    stelle: Text = Field(description="Stelle, die mitzeichnen muss, z. B. Kämmerei")
    wenn: Literal["immer", "finanzen"] = Field(
        "immer", description="immer, oder nur bei finanziellen Auswirkungen")


class TopSchema(Base):
    oeffentlich: Text = Field("Ö {nr}", description="Nummer im öffentlichen Teil")
    nichtoeffentlich: Text = Field("N {nr}", description="Nummer im nichtöffentlichen Teil")


class HouseStyleConfig(Base):
    name: Text = Field(description="Name der Kommune, wie gedruckt, z. B. „Stadt Bielefeld“")
    ort: Text | None = Field(None, description="Ort für die Datumszeile")
    logo: Text | None = Field(None, description="Bilddatei des Logos im Hausstil-Ordner")
    vorlage: Text = Field("vorlage.docx", description="Word-Vorlage der Vorlagen")
    tagesordnung: Text = Field("tagesordnung.docx", description="Word-Vorlage der Tagesordnung")
    nummer: Nummer
    vorlagenarten: list[Vorlagenart] = Field(min_length=1)
    abschnitte: list[Literal[SECTIONS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["zusammenfassung", "beschlussvorschlag", "finanzen",
                                 "fruehere_behandlung", "begruendung", "zeichnung", "anlagen"],
        description="Abschnitte des Hauptteils in ihrer Reihenfolge")
    beschriftungen: dict[str, str] = Field(default_factory=dict,
                                           description="abweichende Beschriftungen")
    unterzeichner: list[Person] = Field(default_factory=list,
                                        description="Unterzeichnende, wenn der Entwurf keine "
                                                    "nennt")
    frist_tage: int = Field(14, ge=0, description="Standardfrist: Tage vor der Sitzung")
    gremien: list[Gremium] = Field(default_factory=list)
    wahlperioden: list[WahlperiodeConfig] = Field(default_factory=list)
    betragsformat: Text = Field("#,##0.00\u00a0¤", description="Babel-Muster für Beträge")
    mitzeichnung: list[MitzeichnungsRegel] = Field(default_factory=list)
    top: TopSchema = Field(default_factory=TopSchema)
    pdfa: JaNein = Field(True, description="finale Vorlagen als PDF/A-2b")
    zusammenfassung_ab_seiten: int | None = Field(
        3, ge=1, description="ab dieser Länge der Begründung (Seiten) wird eine "
                             "Zusammenfassung verlangt (Warnung); leer = nie")

    @field_validator("beschriftungen")
    @classmethod
    def _known_labels(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(LABELS))
        if unknown:
            raise ValueError(f"unbekannte Beschriftung(en): {', '.join(unknown)}")
        return value


@dataclass
class HouseStyle:
    key: str
    folder: Path
    config: HouseStyleConfig
    pattern: Pattern
    labels: dict[str, str]
    wahlperioden: list[Wahlperiode] = field(default_factory=list)

    @property
    def template(self) -> Path:
        return self.folder / self.config.vorlage

    @property
    def agenda_template(self) -> Path:
        return self.folder / self.config.tagesordnung

    def art(self, name: str) -> Vorlagenart | None:
        return next((a for a in self.config.vorlagenarten if a.name == name), None)

    def gremium(self, name: str) -> Gremium | None:
        return next((g for g in self.config.gremien if g.name == name), None)

    def deadline_days(self, gremium: str) -> int:
        entry = self.gremium(gremium)
        if entry and entry.frist_tage is not None:
            return entry.frist_tage
        return self.config.frist_tage

    @cached_property
    def fingerprint(self) -> str:
        """Hash of every file of the house style, for the build cache and the archive.
        (Loaded styles are cached per file modification time, so this is computed once.)"""
        digest = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(self.folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()

    def number_values(self, draft) -> dict:
        """What the numbering pattern may print for this draft (year, office, body, period)."""
        first = self.gremium(draft.beratungsfolge[0].gremium)
        return number_values(datum=draft.datum, amt=draft.amt_kennziffer,
                             gremium=first.kuerzel if first else None,
                             wahlperioden=self.wahlperioden)


_CACHE: dict[tuple, HouseStyle] = {}


def find_house_style(name_or_path: str, template_dirs: list[Path]) -> Path:
    candidate = Path(name_or_path)
    if (candidate / "haus.yaml").is_file():
        return candidate.resolve()
    if "/" not in name_or_path and name_or_path not in (".", ".."):
        for base in template_dirs:
            if (base / name_or_path / "haus.yaml").is_file():
                return (base / name_or_path).resolve()
    known = sorted({p.parent.name for base in template_dirs if base.is_dir()
                    for p in base.glob("*/haus.yaml")})
    raise UserError(f"Hausstil „{name_or_path}“ nicht gefunden; vorhanden: "
                    f"{', '.join(known) or 'keine'}")


def load_house_style(name_or_path: str, template_dirs: list[Path]) -> HouseStyle:
    folder = find_house_style(name_or_path, template_dirs)
    haus = folder / "haus.yaml"
    stamp = (str(haus), haus.stat().st_mtime_ns,
             max((p.stat().st_mtime_ns for p in folder.iterdir()), default=0))
    if stamp in _CACHE:
        return _CACHE[stamp]
    loaded = load_yaml(haus, "Hausstil-Datei")
    config = validate(loaded, HouseStyleConfig)
    problems: list[Problem] = []
    try:
        pattern = Pattern(config.nummer.muster, config.nummer.zaehler, config.nummer.folge)
    except PatternError as exc:
        problems.append(loaded.problem(("nummer", "muster"), str(exc)))
        pattern = None
    if pattern and "wahlperiode" in pattern.needed_values() and not config.wahlperioden:
        problems.append(loaded.problem(("nummer", "muster"),
                                       "Schema nutzt {wahlperiode}, aber `wahlperioden` fehlt"))
    if not (folder / config.vorlage).is_file():
        problems.append(loaded.problem(("vorlage",), f"Word-Vorlage {config.vorlage} fehlt im "
                                                     f"Ordner {folder.name}/"))
    if config.logo and not (folder / config.logo).is_file():
        problems.append(loaded.problem(("logo",), f"Logo-Datei {config.logo} fehlt"))
    names = [a.name for a in config.vorlagenarten]
    if len(set(names)) != len(names):
        problems.append(loaded.problem(("vorlagenarten",), "eine Vorlagenart ist doppelt"))
    if problems:
        raise UserError(problems)
    labels = {**LABELS, **config.beschriftungen}
    periods = [Wahlperiode(w.name, w.von, w.bis) for w in config.wahlperioden]
    style = HouseStyle(folder.name, folder, config, pattern, labels, periods)
    _CACHE[stamp] = style
    return style


def list_house_styles(template_dirs: list[Path]) -> list[Path]:
    seen: dict[str, Path] = {}
    for base in template_dirs:
        if base.is_dir():
            for haus in sorted(base.glob("*/haus.yaml")):
                seen.setdefault(haus.parent.name, haus.parent)
    return list(seen.values())
