"""The draft schema: what a Vorlage draft (one YAML file) may contain.

Defined once, here. The field descriptions are the user documentation: the README's format
reference, `vorlage new` and `vorlage schema` are generated from them. Keys are German, as the
seeds name things, written without umlauts (`oeffentlich`, `zustaendigkeit`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .fields import Base, Betrag, Datum, Jahr, JaNein, Text, Zahl


def _wrap_text(data):
    """Lets a list entry be a bare string where a section with `text:` is meant."""
    if isinstance(data, str):
        return {"text": data}
    return data


# --- sections -----------------------------------------------------------------------------

Zustaendigkeit = Literal["Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung"]


class Beratung(Base):
    """Ein Schritt der Beratungsfolge: welches Gremium wann berät."""

    gremium: Text = Field(description="Name des Gremiums, z. B. „Rat der Stadt Bielefeld“")
    sitzung: Datum = Field(description="Sitzungstermin (TT.MM.JJJJ)")
    oeffentlich: JaNein = Field(True, description="ja = öffentliche, nein = nichtöffentliche "
                                                 "Sitzung")
    zustaendigkeit: Zustaendigkeit = Field(
        "Vorberatung", description="Vorberatung, Entscheidung, Kenntnisnahme oder Anhörung")
    top: Text | None = Field(None, description="Tagesordnungspunkt, falls schon bekannt "
                                                "(z. B. 6 oder 13.2)")


class Punkt(Base):
    """Ein nummerierter Punkt des Beschlussvorschlags."""

    text: Text = Field(description="Wortlaut des Punktes (Markdown für fett/kursiv erlaubt)")
    unterpunkte: list[Punkt] = Field(default_factory=list,
                                     description="Aufzählung unter dem Punkt, beliebig tief")
    finanzen: JaNein = Field(False, description="ja = hier die Mehraufwendungen und Deckung aus "
                                                "`finanzen.teilergebnisplaene` einfügen")

    _wrap = model_validator(mode="before")(_wrap_text)


class Beschlussvorschlag(Base):
    """Der Beschlussvorschlag: ein Text oder nummerierte Punkte."""

    einleitung: Text | None = Field(None, description="Einleitungssatz, z. B. „Der Rat "
                                                       "beschließt:“")
    text: Text | None = Field(None, description="Beschlusstext als Absatz (Markdown)")
    punkte: list[Punkt] = Field(default_factory=list,
                                description="Nummerierte Beschlusspunkte mit Unterpunkten")

    _wrap = model_validator(mode="before")(_wrap_text)

    @model_validator(mode="after")
    def _has_content(self):
        if not self.text and not self.punkte:
            raise ValueError("braucht `text` oder `punkte`")
        return self


class Haushalt(Base):
    """Formblock „Finanzielle Auswirkungen“ (wie Bottrop): Beträge als Zahlen in Euro."""

    haushaltsjahr: Jahr | None = Field(
        None, description="Haushalt im Jahr")
    produkt_sachkonto: Text | None = Field(None, description="Produkt und Sachkonto")
    art_der_ausgabe: Text | None = Field(None, description="Art der Ausgabe, z. B. konsumtiv "
                                                            "oder investiv")
    bedarf: Betrag | None = Field(None, description="Bedarf in Euro")
    haushaltsansatz: Betrag | None = Field(None, description="Haushaltsansatz in Euro")
    zusaetzliche_einnahmen: Betrag | None = Field(None, description="zusätzliche Einnahmen "
                                                                    "in Euro")
    einmalige_belastung: Betrag | None = Field(None, description="einmalige Belastung in Euro")
    jaehrliche_folgekosten: Betrag | None = Field(None, description="jährliche Folgekosten "
                                                                    "in Euro")


class Zeitraum(Base):
    """Mehraufwand in einem Zeitraum."""

    von: Datum = Field(description="Beginn des Zeitraums")
    bis: Datum = Field(description="Ende des Zeitraums")
    betrag: Betrag = Field(description="Betrag in Euro")


class Deckungsposten(Base):
    art: Text = Field("Mehrertrag", description="Art der Deckung, z. B. Mehrertrag, Minderaufwand")
    jahr: Jahr = Field(description="Haushaltsjahr")
    betrag: Betrag = Field(description="Betrag in Euro")


class Deckung(Base):
    teilergebnisplan: Text = Field(description="Teilergebnisplan, aus dem gedeckt wird")
    posten: list[Deckungsposten] = Field(min_length=1, description="Deckung je Jahr")


class Stellenumfang(Base):
    vzae: Zahl = Field(description="Vollzeitäquivalente (VZÄ), z. B. 2.0 oder 0,5")
    bei: Text | None = Field(None, description="bei wem, falls nicht bei der Stadt "
                                               "(z. B. freien Trägern)")


class Teilergebnisplan(Base):
    """Mehraufwand und Deckung in einem Teilergebnisplan (wie Bielefeld)."""

    baustein: Text | None = Field(None, description="Überschrift der Gruppe, z. B. "
                                                    "„Baustein 1“")
    teilergebnisplan: Text = Field(description="Produktgruppe, z. B. 11.01.27")
    bereich: Text | None = Field(None, description="Zusatz, z. B. „im Kommunalen "
                                                   "Integrationszentrum“")
    aufwand: Text = Field("Mehraufwendungen für überplanmäßiges Personal",
                          description="Art des Mehraufwands")
    umfang: list[Stellenumfang] = Field(default_factory=list,
                                        description="Stellenumfang in VZÄ (eine Zahl oder "
                                                    "Liste mit `vzae` und `bei`)")
    mehraufwand: list[Zeitraum] = Field(min_length=1, description="Mehraufwand je Zeitraum")
    deckung: Deckung | None = Field(None, description="Deckung des Mehraufwands")

    @model_validator(mode="before")
    @classmethod
    def _umfang_number(cls, data):
        if isinstance(data, dict) and isinstance(data.get("umfang"), (str, int, float)):
            data = {**data, "umfang": [{"vzae": data["umfang"]}]}
        return data


class Reststelle(Base):
    stelle: Text = Field(description="Wer den Rest deckt, z. B. 170")
    betrag: Betrag = Field(description="Betrag in Euro")


class Restdeckung(Base):
    """Wie der nicht gedeckte Rest eines Jahres gedeckt wird; die Summe wird geprüft."""

    jahr: Jahr = Field(
        description="volles Haushaltsjahr, auf das sich „pro Jahr“ bezieht")
    durch: Text = Field(description="z. B. „im Rahmen der Umsetzung der Stellenpläne“")
    stellen: list[Reststelle] = Field(min_length=1, description="Beiträge je Stelle")


class Finanzen(Base):
    """Finanzielle Auswirkungen: `keine` oder die Angaben unten."""

    auswirkungen: JaNein = Field(True, description="Finanzielle Auswirkungen: ja oder nein")
    produktgruppen: list[Text] = Field(default_factory=list,
                                       description="Betroffene Produktgruppen")
    erlaeuterung: Text | None = Field(None, description="Auswirkungen auf Ergebnisplan und "
                                                        "Finanzplan, als Text")
    haushalt: Haushalt | None = Field(None, description="Formblock mit Haushaltsangaben")
    teilergebnisplaene: list[Teilergebnisplan] = Field(
        default_factory=list, description="Mehraufwand und Deckung je Teilergebnisplan")
    restdeckung: Restdeckung | None = Field(None, description="Deckung des verbleibenden "
                                                              "Mehraufwands")

    @model_validator(mode="before")
    @classmethod
    def _keine(cls, data):
        if isinstance(data, str) and data.strip().lower() in ("keine", "nein"):
            return {"auswirkungen": False}
        if isinstance(data, bool) and data is False:
            return {"auswirkungen": False}
        return data


class FruehereBehandlung(Base):
    gremium: Text = Field(description="Gremium")
    datum: Datum = Field(description="Sitzungsdatum")
    top: Text | None = Field(None, description="Tagesordnungspunkt")
    drucksache: Text | None = Field(None, description="Drucksachen-Nr. der damaligen Vorlage")


class Anlage(Base):
    titel: Text = Field(description="Titel der Anlage")
    datei: Text = Field(description="Datei (PDF, DOCX oder ODT), relativ zum Entwurf")
    oeffentlich: JaNein = Field(True, description="nein = nichtöffentliche Anlage (wird nicht "
                                                  "veröffentlicht)")


class Person(Base):
    rolle: Text | None = Field(None, description="Rolle, z. B. Oberbürgermeister, Dezernentin, "
                                                 "Erstellerin")
    name: Text | None = Field(None, description="Name")

    @model_validator(mode="after")
    def _someone(self):
        if not self.rolle and not self.name:
            raise ValueError("braucht `rolle` oder `name`")
        return self


class Zeichnung(Base):
    """Orts- und Datumszeile, Unterschriften, Ansprechpartner."""

    ort: Text | None = Field(None, description="Ort der Datumszeile, z. B. Waiblingen")
    datum: Datum | None = Field(None, description="Datum der Datumszeile")
    unterzeichner: list[Person] = Field(default_factory=list,
                                        description="Unterzeichnende mit Rolle")
    ansprechpartner: Person | None = Field(None, description="Ansprechpartner/in (rolle z. B. "
                                                             "Ansprechpartnerin)")
    beteiligte_fachbereiche: list[Text] = Field(default_factory=list,
                                                description="weitere beteiligte Fachbereiche")


class Mitzeichnung(Base):
    stelle: Text = Field(description="mitzeichnende Stelle, z. B. Kämmerei, Rechtsamt")
    status: Literal["offen", "erteilt", "erteilt mit Hinweis", "abgelehnt", "verweigert",
                    "Stellungnahme", "freigegeben"] = Field(
        "offen", description="offen, erteilt, erteilt mit Hinweis, abgelehnt oder verweigert "
                             "(mit `workflow: ja` zählen nur die Einträge des Servers)")
    name: Text | None = Field(None, description="wer mitgezeichnet hat")
    datum: Datum | None = Field(None, description="wann")
    hinweis: Text | None = Field(None, description="Hinweis, Begründung einer Verweigerung "
                                                   "oder Stellungnahme")


class Draft(Base):
    """Ein Vorlagenentwurf."""

    hausstil: Text | None = Field(None, description="Hausstil (Ordner unter templates/ oder "
                                                    "mitgeliefert); ohne Angabe der Standard "
                                                    "des Projekts")
    vorlagenart: Text = Field(description="Beschlussvorlage, Sitzungsvorlage, "
                                          "Mitteilungsvorlage, … (wie im Hausstil festgelegt)")
    oeffentlich: JaNein = Field(True, description="ja = öffentliche, nein = nichtöffentliche "
                                                 "Vorlage")
    amt: Text = Field(description="Amt oder Fachbereich, wie gedruckt, z. B. „53 Amt für "
                                  "Integration“")
    amt_kennziffer: Text | None = Field(None, description="Kennziffer des Amtes für die "
                                                          "Vorlagennummer, z. B. 53")
    verantwortlich: Text | None = Field(None, description="Verantwortlich, z. B. „Philipp "
                                                          "Wagner, Leiter Amt für Integration“")
    datum: Datum = Field(description="Datum der Vorlage (TT.MM.JJJJ)")
    vorlagennummer: Text | None = Field(None, description="nur bei schon vergebener Nummer; "
                                                          "sonst vergibt sie `build --final`")
    aktenzeichen: Text | None = Field(None, description="Aktenzeichen")
    bezug: Text | None = Field(None, description="bei Ergänzungs- und Änderungsvorlagen: "
                                                 "Nummer der ursprünglichen Vorlage")
    beratungsfolge: list[Beratung] = Field(min_length=1, description="Gremien in der "
                                                                     "Reihenfolge der Beratung")
    betreff: Text = Field(description="Betreff, eine oder zwei Zeilen")
    zusammenfassung: Text | None = Field(None, description="kurze Zusammenfassung (Markdown); "
                                                           "Pflicht ab drei Seiten Begründung")
    beschlussvorschlag: Beschlussvorschlag | None = Field(
        None, description="Text oder `einleitung` mit nummerierten `punkte`")
    finanzen: Finanzen | None = Field(None, description="`keine` oder die finanziellen "
                                                        "Auswirkungen")
    fruehere_behandlung: list[FruehereBehandlung] = Field(
        default_factory=list, description="frühere Behandlung (Gremium, Datum, TOP, "
                                          "Drucksachen-Nr.)")
    begruendung: Text | None = Field(None, description="Begründung / Sachverhalt in Markdown: "
                                                       "Absätze, Überschriften (#), Listen, "
                                                       "**fett**, *kursiv*, > Zitate, "
                                                       "Fußnoten [^1], Tabellen")
    anlagen: list[Anlage] = Field(default_factory=list, description="Anlagen in Reihenfolge")
    zeichnung: Zeichnung | None = Field(None, description="Ort/Datum, Unterschriften, "
                                                          "Ansprechpartner")
    mitzeichnung: list[Mitzeichnung] = Field(default_factory=list,
                                             description="Mitzeichnung beteiligter Stellen")
    felder: Any = Field(default_factory=dict, description="eigene Felder und Abschnitte des "
                                                          "Hausstils (siehe `felder:` in "
                                                          "haus.yaml)")

    def feld(self, key: str):
        """A declared field's value, or None: `felder` is the house style's own model."""
        return getattr(self.felder, key, None) if not isinstance(self.felder, dict) \
            else self.felder.get(key)

    @property
    def entscheidung(self) -> Beratung | None:
        """The deciding step, or the last one when none is marked."""
        deciding = [b for b in self.beratungsfolge if b.zustaendigkeit == "Entscheidung"]
        return deciding[-1] if deciding else (self.beratungsfolge[-1]
                                              if self.beratungsfolge else None)


# Words people use for a key that has another name here (for "meinten Sie" hints).
SYNONYMS = {
    "sachverhalt": "begruendung",
    "erlaeuterungen": "begruendung",
    "erläuterungen": "begruendung",
    "begründung": "begruendung",
    "beschlussentwurf": "beschlussvorschlag",
    "drucksache": "vorlagennummer",
    "drucksachennummer": "vorlagennummer",
    "fachbereich": "amt",
    "öffentlich": "oeffentlich",
    "zuständigkeit": "zustaendigkeit",
    "frühere_behandlung": "fruehere_behandlung",
    "finanzielle_auswirkungen": "finanzen",
    "termin": "sitzung",
    "sitzungstermin": "sitzung",
    "datum": "sitzung",
}
