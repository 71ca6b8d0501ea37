"""`haus.yaml`: what a municipality declares about its Vorlagen, validated like a draft."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..schema import Base, Datum, JaNein, Person, Text
from .labels import LABELS, SECTIONS


class Vorlagenart(Base):
    name: Text = Field(description="Name, z. B. Beschlussvorlage")
    titel: Text | None = Field(None, description="Überschrift im Kopf, falls anders als der "
                                                 "Name, z. B. „Beschlussvorlage der Verwaltung“")
    beschluss: JaNein = Field(True, description="ja = ein Beschlussvorschlag ist Pflicht")
    freigabe: list[Literal["amtsleitung", "dezernat", "verwaltungsleitung"]] = Field(
        default_factory=lambda: ["amtsleitung"], min_length=1,
        description="wer in welcher Reihenfolge freigibt (workflow: ja)")


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


SCOPES = ("betreff", "beschlussvorschlag", "finanzen", "begruendung", "zusammenfassung",
          "anlagen", "beratungsfolge", "fruehere_behandlung", "kopf", "zeichnung")


class MitzeichnungsRegel(Base):
    stelle: Text = Field(description="Stelle, die mitzeichnet oder beteiligt wird, z. B. "
                                     "Kämmerei, Gleichstellungsstelle")
    wenn: Literal["immer", "finanzen"] = Field(
        "immer", description="immer, oder nur bei finanziellen Auswirkungen")
    art: Literal["mitzeichnung", "beteiligung"] = Field(
        "mitzeichnung", description="mitzeichnung = muss zeichnen (hält die Vorlage an), "
                                    "beteiligung = gibt eine Stellungnahme ab, die gedruckt wird")
    umfang: list[Literal[SCOPES]] | None = Field(  # type: ignore[valid-type]
        None, description="was die Zeichnung abdeckt, z. B. [finanzen, beschlussvorschlag, "
                          "anlagen]; ohne Angabe alles Gedruckte")


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
