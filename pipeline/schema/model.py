"""The draft schema: what a Vorlage draft (one YAML file) may contain.

Defined once, here. The field descriptions are the user documentation: the README's format
reference, `vorlage new` and `vorlage schema` are generated from them. Keys are German, as the
seeds name things, written without umlauts (`oeffentlich`, `zustaendigkeit`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from .ergebnis import Ergebnis
from .fields import Base, Datum, JaNein, Text


def _wrap_text(data):
    """Lets a list entry be a bare string where a section with `text:` is meant."""
    if isinstance(data, str):
        return {"text": data}
    return data


# --- sections -----------------------------------------------------------------------------

# The roles a body has when the house style declares none (haus.yaml `rollen:`).
ROLLEN = ("Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung")
Zustaendigkeit = Literal[ROLLEN]  # type: ignore[valid-type]


class Beratung(Base):
    """Ein Schritt der Beratungsfolge: welches Gremium wann berät."""

    # The roles whose body decides; a house style's model sets its own (haus.yaml `rollen:`).
    ENTSCHEIDEND: ClassVar[frozenset[str]] = frozenset({"Entscheidung"})

    gremium: Text = Field(description="Name des Gremiums, z. B. „Rat der Stadt Bielefeld“")
    sitzung: Datum | None = Field(None, description="Sitzungstermin (TT.MM.JJJJ); ohne Angabe "
                                                    "„Termin offen“, wenn das Gremium bekannt "
                                                    "ist, die Sitzung noch nicht")
    sitzungsname: Text | None = Field(None, description="Bezeichnung der Sitzung, z. B. „33. "
                                                        "öffentliche Sitzung des "
                                                        "Stadtentwicklungsausschusses“")
    oeffentlich: JaNein = Field(True, description="ja = öffentliche, nein = nichtöffentliche "
                                                 "Sitzung")
    zustaendigkeit: Zustaendigkeit = Field(
        "Vorberatung", description="Rolle des Gremiums: Vorberatung, Entscheidung, "
                                   "Kenntnisnahme oder Anhörung (oder die Rollen des "
                                   "Hausstils, haus.yaml `rollen:`)")
    top: Text | None = Field(None, description="Tagesordnungspunkt, falls schon bekannt "
                                                "(z. B. 6 oder 13.2)")
    ergebnis: Ergebnis | None = Field(
        None, description="Ergebnis, wenn das Gremium schon beraten hat (außerhalb dieses "
                          "Werkzeugs), z. B. {status: beschlossen, abstimmung: einstimmig}")

    @property
    def entscheidend(self) -> bool:
        """Whether this body decides (its role is a deciding one of the house style)."""
        return self.zustaendigkeit in self.ENTSCHEIDEND


class Punkt(Base):
    """Ein nummerierter Punkt des Beschlussvorschlags."""

    text: Text = Field(description="Wortlaut des Punktes (Markdown für fett/kursiv erlaubt)")
    unterpunkte: list[Punkt] = Field(default_factory=list,
                                     description="Aufzählung unter dem Punkt, beliebig tief")
    finanzen: JaNein = Field(False, description="ja = hier die Angaben des Finanzformulars für "
                                                "Beschlusspunkte einfügen (z. B. Mehraufwand "
                                                "und Deckung je Teilergebnisplan)")

    _wrap = model_validator(mode="before")(_wrap_text)


_ZITAT = ("ein zitierter Beschluss, als eingerückter Zitatabsatz gedruckt (Markdown), z. B. "
          "„Der Rat beschließt, …“")


class Empfehlung(Base):
    """Ein Teil eines gegliederten Beschlussvorschlags, gedruckt als a), b), c) …: was ein
    Gremium empfiehlt oder beschließt."""

    einleitung: Text | None = Field(None, description="wer was tut, z. B. „Der Ausschuss für "
                                                       "Soziales empfiehlt:“ oder „Der Rat "
                                                       "beschließt:“")
    text: Text | None = Field(None, description="Wortlaut als Absatz (Markdown)")
    zitat: Text | None = Field(None, description=_ZITAT)
    punkte: list[Punkt] = Field(default_factory=list,
                                description="Nummerierte Punkte mit Unterpunkten")

    _wrap = model_validator(mode="before")(_wrap_text)

    @model_validator(mode="after")
    def _has_content(self):
        if not (self.einleitung or self.text or self.zitat or self.punkte):
            raise ValueError("braucht `einleitung`, `text`, `zitat` oder `punkte`")
        return self


class Beschlussvorschlag(Base):
    """Der Beschlussvorschlag: ein Text, nummerierte Punkte, ein zitierter Beschluss oder
    Empfehlungen je Gremium (a), b), c) …)."""

    einleitung: Text | None = Field(None, description="Einleitungssatz, z. B. „Der Rat "
                                                       "beschließt:“; ohne Angabe die "
                                                       "`beschlussformel` des Hausstils")
    text: Text | None = Field(None, description="Beschlusstext als Absatz (Markdown)")
    zitat: Text | None = Field(None, description=_ZITAT + "; nach dem `text`")
    punkte: list[Punkt] = Field(default_factory=list,
                                description="Nummerierte Beschlusspunkte mit Unterpunkten")
    empfehlungen: list[Empfehlung] = Field(
        default_factory=list, description="Empfehlungen und Beschluss je Gremium, gedruckt "
                                          "als a), b), c) …, z. B. [{einleitung: \"Der "
                                          "Ausschuss für Soziales empfiehlt:\", text: …}, "
                                          "{einleitung: \"Der Rat beschließt:\", punkte: "
                                          "[…]}]")

    _wrap = model_validator(mode="before")(_wrap_text)

    @model_validator(mode="after")
    def _has_content(self):
        if not (self.text or self.zitat or self.punkte or self.empfehlungen):
            raise ValueError("braucht `text`, `punkte`, `zitat` oder `empfehlungen`")
        return self


class FruehereBehandlung(Base):
    gremium: Text = Field(description="Gremium")
    datum: Datum = Field(description="Sitzungsdatum")
    top: Text | None = Field(None, description="Tagesordnungspunkt")
    drucksache: Text | None = Field(None, description="Drucksachen-Nr. der damaligen Vorlage")


ZAEHLUNGEN = ("1", "a", "A", "i", "I")  # how Anlagen without their own `nr` are counted


class Anlage(Base):
    """Eine Anlage: eine Datei, die angehängt wird, oder nur ihr Titel."""

    titel: Text = Field(description="Titel der Anlage")
    datei: Text | None = Field(None, description="Datei (PDF, DOCX, ODT, XLSX, ODS, JPG "
                                                 "oder PNG), relativ zum Entwurf; Tabellen "
                                                 "und Bilder werden zu PDF-Seiten; ohne "
                                                 "Datei wird die Anlage nur "
                                                 "aufgeführt, z. B. ein Plan, der in der "
                                                 "Sitzung ausliegt")
    nr: Text | None = Field(None, description="eigene Nummer, wie gedruckt, z. B. `nr: 3.1` "
                                              "oder `nr: a`; ohne Angabe gezählt (1, 2, 3 "
                                              "oder wie `anlagen_zaehlung` im Hausstil)")
    hinweis: Text | None = Field(None, description="Zusatz hinter dem Titel, z. B. „liegt "
                                                   "im Bauamt aus“; ohne Datei ohne Angabe "
                                                   "„liegt in der Sitzung aus“")
    oeffentlich: JaNein = Field(True, description="nein = nichtöffentliche Anlage (wird nicht "
                                                  "veröffentlicht)")

    @staticmethod
    def counted(position: int, zaehlung: str = "1") -> str:
        """The number of the Anlage at `position` (from 1) without its own: 3, c, C, iii,
        III."""
        if zaehlung in ("a", "A"):
            letters = ""
            while position:  # a … z, aa, ab … like a spreadsheet's columns
                position, rest = divmod(position - 1, 26)
                letters = chr(ord("a") + rest) + letters
            return letters.upper() if zaehlung == "A" else letters
        if zaehlung in ("i", "I"):
            roman = ""
            for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"),
                                  (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
                                  (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
                count, position = divmod(position, value)
                roman += digits * count
            return roman.upper() if zaehlung == "I" else roman
        return str(position)

    @staticmethod
    def numbers(anlagen: list[Anlage], zaehlung: str = "1",
                public: bool = False) -> list[str | None]:
        """The printed number of each Anlage; None for one a public copy leaves out.

        A public copy counts its public Anlagen afresh, as a reader sees them, unless one
        Anlage has its own number: that number is its name, and the counted ones keep
        theirs beside it."""
        renumber = public and not any(a.nr for a in anlagen)
        out: list[str | None] = []
        position = 0
        for index, anlage in enumerate(anlagen, 1):
            if public and not anlage.oeffentlich:
                out.append(None)
                continue
            position += 1
            out.append(anlage.nr or Anlage.counted(position if renumber else index, zaehlung))
        return out


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
    vorlagennummer: Text | None = Field(
        None, description="nur bei schon vergebener Nummer, auch einer Folgenummer "
                          "(2015/0288-1) oder einer Nummer von vor dem Werkzeug; sonst "
                          "vergibt sie `build --final`")
    aktenzeichen: Text | None = Field(None, description="Aktenzeichen")
    bezug: Text | None = Field(None, description="bei Folgevorlagen (Ergänzung, Änderung, "
                                                 "Neufassung): Nummer der ursprünglichen "
                                                 "Vorlage, auch einer von vor dem Werkzeug, "
                                                 "die nicht im Archiv ist")
    beratungsfolge: list[Beratung] = Field(
        default_factory=list, description="Gremien in der Reihenfolge der Beratung; darf im "
                                          "Entwurf noch leer sein, eine finale Vorlage braucht "
                                          "mindestens ein Gremium")
    betreff: Text = Field(description="Betreff, eine oder zwei Zeilen")
    zusammenfassung: Text | None = Field(None, description="kurze Zusammenfassung (Markdown); "
                                                           "Pflicht ab drei Seiten Begründung")
    beschlussvorschlag: Beschlussvorschlag | None = Field(
        None, description="Text oder `einleitung` mit nummerierten `punkte`")
    # The house style's finance form decides what goes here (haus.finance_form); its model
    # replaces this field in every style's draft model.
    finanzen: Any = Field(None, description="`keine` oder die finanziellen Auswirkungen "
                                            "nach dem Formular des Hausstils")
    fruehere_behandlung: list[FruehereBehandlung] = Field(
        default_factory=list, description="frühere Behandlung (Gremium, Datum, TOP, "
                                          "Drucksachen-Nr.)")
    begruendung: Text | None = Field(None, description="Begründung / Sachverhalt in Markdown: "
                                                       "Absätze, Überschriften (#), Listen, "
                                                       "**fett**, *kursiv*, > Zitate, "
                                                       "Fußnoten [^1], Tabellen (leere "
                                                       "Kopfzeile: ohne Kopf; Spaltenbreiten "
                                                       "mit `<!-- breiten: 60 40 -->` darüber)")
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
        deciding = [b for b in self.beratungsfolge if b.entscheidend]
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
