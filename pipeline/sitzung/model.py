"""A session file `sitzungen/<name>.yaml`: one meeting of a Gremium and its agenda.

It names the Gremium, date, time, place and the Einladungsdatum, and lists the agenda as
ordered items in a public and a closed part. An item points to a Vorlage (a draft path or a
Vorlagennummer) or is a plain item (Eröffnung, Mitteilungen, …), possibly with sub-items. A
closed item may name the title the public agenda prints in place of its own.

After the session the same file records what happened: who attended (`anwesenheit:`, picked
from the Gremium's members in gremien.yaml), when it began and ended, and per TOP its
`ergebnis:` (the result structure every Vorlage shares, plus the decided wording and a
vermerk) and who was befangen.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ..schema import DECIDED, Base, Datum, Ergebnis, JaNein, Text


def _time(value: str) -> str:
    found = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value)
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValueError(f"keine Uhrzeit: '{value}' (erwartet SS:MM, z. B. 15:00)")
    return f"{int(found[1]):02d}:{found[2]}"


Uhrzeit = Annotated[Text, AfterValidator(_time)]


class Umsetzung(Base):
    """Wer einen Beschluss bis wann umsetzt (Beschlussverfolgung)."""

    amt: Text | None = Field(None, description="zuständiges Amt (Kennziffer oder Name aus der "
                                               "Ämterliste); ohne Angabe das Amt der Vorlage")
    frist: Datum | None = Field(None, description="zu erledigen bis (TT.MM.JJJJ); ohne Angabe "
                                                  "Sitzungsdatum + beschlussverfolgung."
                                                  "frist_monate aus vorlage.yaml")


class TopErgebnis(Ergebnis):
    """Was das Gremium in dieser Sitzung zu dem Punkt beschlossen hat."""

    umsetzung: JaNein | Umsetzung | None = Field(
        None, description="Beschlussverfolgung: {amt: \"66\", frist: 31.03.2021}; `nein`, wo "
                          "der Beschluss keinen Auftrag an die Verwaltung enthält; ohne Angabe "
                          "wird jeder Beschluss des entscheidenden Gremiums verfolgt")

    text: Text | None = Field(None, description="der beschlossene Wortlaut, wo er vom "
                                                "Beschlussvorschlag abweicht")
    vermerk: Text | None = Field(None, description="Vermerk für die Niederschrift, z. B. "
                                                   "„Herr X verlässt den Raum.“")
    befangen: list[Text] = Field(default_factory=list,
                                 description="Mitglieder, die wegen Befangenheit nicht "
                                             "mitberaten und -gestimmt haben")

    @model_validator(mode="after")
    def _wording(self):
        if self.text and self.status not in DECIDED:
            raise ValueError("`text:` (der beschlossene Wortlaut) gilt nur für beschlossen "
                             "oder geändert beschlossen")
        if self.umsetzung not in (None, False) and \
                self.status not in DECIDED:
            raise ValueError("`umsetzung:` (Beschlussverfolgung) gilt nur für beschlossen "
                             "oder geändert beschlossen")
        return self


class Teilnahme(Base):
    """Wer an der Sitzung teilnahm oder fehlte."""

    name: Text = Field(description="Name, wie in der Mitgliederliste (gremien.yaml)")
    status: Literal["anwesend", "entschuldigt", "abwesend"] = Field(
        "anwesend", description="anwesend, entschuldigt oder abwesend (unentschuldigt)")
    ab: Text | None = Field(None, description="später gekommen: Uhrzeit (17:30) oder ab "
                                              "welchem TOP (Ö 5)")
    bis: Text | None = Field(None, description="früher gegangen: Uhrzeit oder bis zu "
                                               "welchem TOP (Ö 8)")
    vertritt: Text | None = Field(None, description="als Vertretung für dieses Mitglied")
    funktion: Text | None = Field(None, description="wer kein Mitglied ist: die Funktion, "
                                                    "z. B. Beigeordneter, Verwaltung, Gast; "
                                                    "stimmt nicht mit ab")

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, data):
        # `- Erika Mustermann` is the short form of `{name: Erika Mustermann}`.
        return {"name": data} if isinstance(data, str) else data


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
    ergebnis: TopErgebnis | None = Field(
        None, description="nach der Sitzung: das Ergebnis, z. B. {status: beschlossen, "
                          "abstimmung: {ja: 30, nein: 12, enthaltungen: 2}}")
    befangen: list[Text] = Field(default_factory=list,
                                 description="Mitglieder, die wegen Befangenheit nicht "
                                             "mitberaten und -gestimmt haben")

    @property
    def befangene(self) -> list[str]:
        """Who was befangen, written at the TOP or inside its ergebnis."""
        inner = self.ergebnis.befangen if self.ergebnis else []
        return list(dict.fromkeys(self.befangen + inner))

    @model_validator(mode="after")
    def _one_of(self):
        if not self.titel and not self.vorlage:
            raise ValueError("braucht `titel` oder `vorlage`")
        return self


class Niederschrift(Base):
    """Wie weit die Niederschrift ist: Entwurf, unterzeichnet, genehmigt (in einer späteren
    Sitzung, mit ihren Berichtigungen)."""

    status: Literal["Entwurf", "unterzeichnet", "genehmigt"] = Field(
        "Entwurf", description="Entwurf, unterzeichnet (von Vorsitz und Schriftführung) oder "
                               "genehmigt (vom Gremium in einer späteren Sitzung)")
    unterzeichnet_am: Datum | None = Field(None, description="Tag der Unterzeichnung")
    genehmigt_am: Datum | None = Field(None, description="Tag der Sitzung, die sie genehmigte")
    berichtigungen: list[Text] = Field(default_factory=list,
                                       description="bei der Genehmigung beschlossene "
                                                   "Berichtigungen, je ein Satz")

    @model_validator(mode="after")
    def _in_order(self):
        if self.status == "genehmigt" and self.genehmigt_am is None:
            raise ValueError("genehmigt: braucht `genehmigt_am` (den Tag der Sitzung, die sie "
                             "genehmigte)")
        if self.status != "genehmigt" and (self.genehmigt_am or self.berichtigungen):
            raise ValueError("`genehmigt_am` und `berichtigungen` gelten erst für genehmigt")
        if self.status == "Entwurf" and self.unterzeichnet_am:
            raise ValueError("`unterzeichnet_am` gilt erst ab unterzeichnet")
        return self


class SessionFile(Base):
    """Eine Sitzung eines Gremiums."""

    hausstil: Text | None = Field(None, description="Hausstil; ohne Angabe der des Projekts")
    gremium: Text = Field(description="Gremium, wie in der Beratungsfolge der Vorlagen")
    datum: Datum = Field(description="Sitzungsdatum")
    uhrzeit: Text = Field(description="Beginn, z. B. 15:00")
    ort: Text = Field(description="Sitzungsort")
    einladungsdatum: Datum = Field(description="Datum der Einladung")
    beginn: Uhrzeit | None = Field(None, description="nach der Sitzung: tatsächlicher "
                                                     "Beginn; ohne Angabe die `uhrzeit`")
    ende: Uhrzeit | None = Field(None, description="nach der Sitzung: Ende der Sitzung")
    vorsitz: Text | None = Field(None, description="wer die Sitzung leitete; ohne Angabe "
                                                   "das anwesende Mitglied mit Vorsitz")
    schriftfuehrung: Text | None = Field(None, description="wer die Niederschrift führt")
    anwesenheit: list[Teilnahme] | None = Field(
        None, description="nach der Sitzung: Anwesenheit, je Mitglied {name, status "
                          "(anwesend/entschuldigt/abwesend), ab, bis}")
    niederschrift: Niederschrift | None = Field(
        None, description="nach der Sitzung: Stand der Niederschrift, z. B. {status: "
                          "genehmigt, genehmigt_am: 01.10.2020}")
    oeffentlicher_teil: list[Punkt] = Field(default_factory=list,
                                            description="Tagesordnung, öffentlicher Teil")
    nichtoeffentlicher_teil: list[Punkt] = Field(default_factory=list,
                                                 description="Tagesordnung, nichtöffentlicher "
                                                             "Teil")
