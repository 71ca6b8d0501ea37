"""The project: where drafts, templates, output and the number register live.

A project is a folder with a `vorlage.yaml` (found by walking up from the working folder).
Without one, the working folder is the project and the defaults below apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from .accounts import Verzeichnis
from .errors import UserError
from .haus import GremienList, bundled_styles, load_gremien
from .pdf import Limits
from .schema import Base, JaNein, Text, load_yaml, validate

CONFIG_NAME = "vorlage.yaml"


class Grenzen(Base):
    """Grenzen für Anlagen und externe Werkzeuge; jede Angabe einzeln überschreibbar."""

    anlage_mb: float = Field(50, gt=0, description="größte Anlage auf der Festplatte, in MB")
    anlage_seiten: int = Field(1000, gt=0, description="höchste Seitenzahl einer Anlage")
    entpackt_mb: float = Field(200, gt=0, description="eine Office-Anlage entpackt, ein "
                                                      "PDF-Datenstrom entpackt, in MB")
    sekunden: float = Field(300, gt=0, description="Laufzeit eines externen Werkzeugs "
                                                  "(Texterkennung, qpdf) je Aufruf")
    speicher_mb: float = Field(2048, gt=0, description="Speicher (Adressraum) eines externen "
                                                       "Werkzeugs, auch LibreOffice, in MB")
    bild_megapixel: float = Field(100, gt=0, description="größtes Bild (JPG, PNG) als Anlage, "
                                                         "in Megapixeln")


class Amt(Base):
    kennziffer: Text = Field(description="Kennziffer, z. B. 20")
    name: Text = Field(description="Name, z. B. Kämmerei")


class Beschlussverfolgung(Base):
    """Wie Beschlüsse verfolgt werden, die die Verwaltung umzusetzen hat."""

    frist_monate: int = Field(6, gt=0, le=120, description="Frist ab dem Sitzungstag, wo die "
                                                          "Sitzungsdatei keine nennt")


class Stelle(Base):
    """Eine Behörde in der xdomea-Aussonderung: wie sie sich ausweist."""

    behoerdenschluessel: Text = Field(description="Behördenschlüssel, z. B. der Amtliche "
                                                  "Gemeindeschlüssel 05711000")
    praefix: Text = Field("ags:", description="Präfix des Schlüssels (ags: = Amtlicher "
                                              "Gemeindeschlüssel), wie mit dem Archiv "
                                              "vereinbart")
    name: Text = Field(description="Name der Behörde, z. B. Stadt Bielefeld")
    organisationseinheit: Text | None = Field(None, description="Stelle, z. B. Büro des Rates")


class Aussonderung(Base):
    """Übergabe an das Kommunalarchiv (xdomea 3.0.0)."""

    absender: Stelle = Field(description="die abgebende Stelle (Stadtverwaltung)")
    empfaenger: Stelle = Field(description="das Archiv")


class Server(Base):
    """Wie `vorlage serve` läuft."""

    adresse: Text = Field("127.0.0.1", description="Adresse, an der der Server lauscht "
                                                  "(0.0.0.0: alle)")
    port: int = Field(8765, gt=0, lt=65536, description="Port")
    basis_url: Text | None = Field(None, description="öffentliche Adresse, z. B. "
                                                     "https://vorlagen.stadt.de")
    hinter_proxy: JaNein = Field(False, description="ja = hinter einem HTTPS-Reverse-Proxy "
                                                    "(Client-Adresse aus X-Forwarded-For)")
    sitzung_minuten: float = Field(30, gt=0, description="Abmeldung nach so vielen Minuten "
                                                         "ohne Anfrage")
    threads: int = Field(8, gt=0, le=64, description="gleichzeitig bearbeitete Anfragen")
    libreoffice: int = Field(2, gt=0, le=16, description="LibreOffice-Instanzen, die der "
                                                     "Server ab dem Start bereit hält (je "
                                                     "etwa 250 MB Speicher)")
    namen: list[Text] = Field(default_factory=list, description="weitere Namen, unter denen "
                                                                "der Server erreichbar ist")


class ProjectConfig(Base):
    hausstil: Text = Field("standard", description="Hausstil für Entwürfe ohne eigene Angabe")
    entwuerfe: Text = Field("drafts", description="Ordner der Entwürfe")
    ausgabe: Text = Field("output", description="Ordner für erzeugte PDFs")
    registerdatei: Text = Field("register.sqlite", alias="register",
                                description="Datei des Nummernregisters (SQLite)")
    vorlagen: Text = Field("templates", description="Ordner der Hausstile")
    sitzungen: Text = Field("sitzungen", description="Ordner der Sitzungsdateien")
    gremien: Text = Field("gremien.yaml", description="Datei der Gremienliste (Name, Kurzname, "
                                                      "Hausstil je Gremium); ohne die Datei "
                                                      "gelten die Gremien der haus.yaml")
    grenzen: Grenzen = Field(default_factory=Grenzen, description="Grenzen für Anlagen "
                                                                  "und externe Werkzeuge")
    konten: Text = Field("konten.sqlite", description="Datei der Benutzerkonten (SQLite)")
    workflow: JaNein = Field(False, description="ja = Mitzeichnung, Freigabe und Finalisieren "
                                                "auf dem Server, von benannten Personen")
    protokoll: Text = Field("protokoll.sqlite", description="Datei des Protokolls (SQLite, "
                                                            "getrennt vom Register gesichert)")
    aemter: list[Amt] = Field(default_factory=list, description="Ämter und Stellen mit "
                                                                "Kennziffer und Name")
    server: Server = Field(default_factory=Server, description="Einstellungen von "
                                                               "`vorlage serve`")
    verzeichnis: Verzeichnis | None = Field(None, description="Anmeldung über LDAP oder "
                                                              "Active Directory")
    beschlussverfolgung: Beschlussverfolgung = Field(
        default_factory=Beschlussverfolgung, description="Beschlussverfolgung (Fristen)")
    aussonderung: Aussonderung | None = Field(
        None, description="Absender und Empfänger der Aussonderung an das Archiv (xdomea)")
    oparl_basis_url: Text = Field("http://localhost:8080/oparl/v1",
                                  description="Basis-URL der OParl-Objekte im Ratsinformations"
                                              "system")


@dataclass(frozen=True)
class Project:
    root: Path
    config: ProjectConfig

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        start = Path(start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            candidate = folder / CONFIG_NAME
            if candidate.is_file():
                config = validate(load_yaml(candidate, "Projektdatei"), ProjectConfig)
                return cls(folder, config).read_lists()
        return cls(start, ProjectConfig()).read_lists()

    def read_lists(self) -> Project:
        """The project with its Gremien list read once: a mistake in it shows with every
        command, as one in vorlage.yaml does."""
        _ = self.gremien
        return self

    def path(self, name: str) -> Path:
        return (self.root / name).resolve()

    @property
    def limits(self) -> Limits:
        return Limits(**self.config.grenzen.model_dump())

    @property
    def drafts_dir(self) -> Path:
        return self.path(self.config.entwuerfe)

    @property
    def output_dir(self) -> Path:
        return self.path(self.config.ausgabe)

    @property
    def register_path(self) -> Path:
        return self.path(self.config.registerdatei)

    @property
    def accounts_path(self) -> Path:
        return self.path(self.config.konten)

    @property
    def audit_path(self) -> Path:
        return self.path(self.config.protokoll)

    def amt_key(self, text: str) -> str | None:
        """The key of an Amt as written in a draft or a command (Kennziffer, name, or both
        as "53 Amt für Integration"): its Kennziffer when the project lists its Ämter, None
        when the list does not hold it; without a list, the text itself."""
        wanted = " ".join(str(text).split()).casefold()
        if not self.config.aemter:
            return wanted or None
        for amt in self.config.aemter:
            spellings = {amt.kennziffer, amt.name, f"{amt.kennziffer} {amt.name}"}
            if wanted in {" ".join(s.split()).casefold() for s in spellings}:
                return amt.kennziffer
        return None

    def amt_name(self, key: str) -> str:
        """How an Amt's key is shown: "20 Kämmerei" when listed."""
        for amt in self.config.aemter:
            if amt.kennziffer == key:
                return f"{amt.kennziffer} {amt.name}"
        return key

    @property
    def archive_dir(self) -> Path:
        return self.output_dir / "archiv"

    @property
    def sessions_dir(self) -> Path:
        return self.path(self.config.sitzungen)

    @property
    def gremien_path(self) -> Path:
        return self.path(self.config.gremien)

    @property
    def gremien(self) -> GremienList:
        """The Gremien list, read again when the file changed (a server runs for weeks)."""
        def styles() -> set[str]:
            return {haus.parent.name for base in self.template_dirs if base.is_dir()
                    for haus in base.glob("*/haus.yaml")}
        return load_gremien(self.gremien_path, styles)

    @property
    def template_dirs(self) -> list[Path]:
        """Where house styles are looked up: the project's own first, then the bundled."""
        dirs = [self.path(self.config.vorlagen)]
        bundled = bundled_styles()
        if bundled not in dirs:
            dirs.append(bundled)
        return dirs

    def draft_key(self, draft_path: Path) -> str:
        """Stable identity of a draft for the register: its path inside the project."""
        path = Path(draft_path).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def other_file(self, path: Path, read: bool = False) -> str | None:
        """What a YAML file is when it is not a draft: the project file, a house style's or
        a session's file (by place; with `read` also by its keys), else None."""
        path = Path(path).resolve()
        if path.name == CONFIG_NAME or path == self.gremien_path:
            return "Projektdatei"  # gremien.yaml too: both are read with every command
        styles = (self.path(self.config.vorlagen), bundled_styles())
        if path.name == "haus.yaml" or any(path.is_relative_to(d) for d in styles) or any(
                (folder / "haus.yaml").is_file() for folder in path.parents):
            return "Hausstil-Datei"
        if path.is_relative_to(self.sessions_dir):
            return "Sitzungsdatei"
        return _kind_by_keys(path) if read else None

    def drafts_root_for(self, draft_path: Path) -> Path:
        """The folder a draft's Anlagen must stay inside."""
        path = Path(draft_path).resolve()
        drafts = self.drafts_dir
        if path.is_relative_to(drafts):
            return drafts
        return path.parent


# Keys only a session file, a house style or a project file has (a draft has `betreff`).
_KEYS_OF = {"Sitzungsdatei": {"oeffentlicher_teil", "nichtoeffentlicher_teil",
                              "einladungsdatum"},
            "Hausstil-Datei": {"vorlagenarten", "nummer", "beschriftungen"},
            "Projektdatei": {"entwuerfe", "ausgabe", "register", "sitzungen", "aemter",
                             "gremien"}}


def _kind_by_keys(path: Path) -> str | None:
    try:
        data = load_yaml(path).data
    except UserError:
        return None  # not readable as YAML: `check` says why, as for a draft
    if not isinstance(data, dict) or "betreff" in data:
        return None
    return next((kind for kind, keys in _KEYS_OF.items() if keys & set(data)), None)
