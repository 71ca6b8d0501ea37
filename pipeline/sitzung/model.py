"""A session file `sitzungen/<name>.yaml`: one meeting of a Gremium and its agenda.

It names the Gremium, date, time, place and the Einladungsdatum, and lists the agenda as
ordered items in a public and a closed part. An item points to a Vorlage (a draft path or a
Vorlagennummer) or is a plain item (Eröffnung, Mitteilungen, …), possibly with sub-items. A
closed item may name the title the public agenda prints in place of its own.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from ..schema import Base, Datum, Text


class Punkt(Base):
    """Ein Tagesordnungspunkt: eine Vorlage oder ein Punkt ohne Vorlage."""

    titel: Text | None = Field(None, description="Titel eines Punktes ohne Vorlage, z. B. "
                                                 "„Eröffnung der Sitzung“")
    vorlage: Text | None = Field(None, description="Entwurf (Pfad, z. B. drafts/x.yaml) oder "
                                                   "Vorlagennummer")
    unterpunkte: list[Punkt] = Field(default_factory=list, description="Unterpunkte (Ö 2.1, …)")
    oeffentlicher_titel: Text | None = Field(
        None, description="nur im nichtöffentlichen Teil: Titel in der öffentlichen "
                          "Tagesordnung; ohne Angabe die Beschriftung "
                          "„nichtoeffentlicher_top“ des Hausstils")

    @model_validator(mode="after")
    def _one_of(self):
        if not self.titel and not self.vorlage:
            raise ValueError("braucht `titel` oder `vorlage`")
        return self


class SessionFile(Base):
    """Eine Sitzung eines Gremiums."""

    hausstil: Text | None = Field(None, description="Hausstil; ohne Angabe der des Projekts")
    gremium: Text = Field(description="Gremium, wie in der Beratungsfolge der Vorlagen")
    datum: Datum = Field(description="Sitzungsdatum")
    uhrzeit: Text = Field(description="Beginn, z. B. 15:00")
    ort: Text = Field(description="Sitzungsort")
    einladungsdatum: Datum = Field(description="Datum der Einladung")
    oeffentlicher_teil: list[Punkt] = Field(default_factory=list,
                                            description="Tagesordnung, öffentlicher Teil")
    nichtoeffentlicher_teil: list[Punkt] = Field(default_factory=list,
                                                 description="Tagesordnung, nichtöffentlicher "
                                                             "Teil")
