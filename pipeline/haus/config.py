"""`haus.yaml`: what a municipality declares about its Vorlagen, validated like a draft."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..schema import ROLLEN, Base, Datum, JaNein, Person, Text
from ..schema.fields import parse_bool as _parse_bool
from ..schema.model import ZAEHLUNGEN
from .declared import OPTIONAL_BUILTINS, Abschnitt, Feld
from .finance_form import Finanzformular, default_form
from .labels import LABELS, SECTIONS
from .numbering import checked_wording


# A label may be blank: a style that prints nothing where another prints „Termin offen“.
Label = Literal[""] | Text


class Vorlagenart(Base):
    name: Text = Field(description="Name, z. B. Beschlussvorlage")
    titel: Text | None = Field(None, description="Überschrift im Kopf, falls anders als der "
                                                 "Name, z. B. „Beschlussvorlage der Verwaltung“")
    kuerzel: Text | None = Field(None, description="Kürzel der Vorlagenart für `{art}` im "
                                                   "Nummernschema, z. B. BV (2021/BV/2114)")
    bezug_text: Annotated[Text | None, AfterValidator(checked_wording)] = Field(
        None, description="Zeile einer Folgevorlage zu ihrer Vorlage (`bezug`), mit {version} "
                          "und {bezug}, z. B. „{version}. Ergänzung zur Vorlage {bezug}“ "
                          "oder „Bezüglich: {bezug}“; ohne Angabe die von `nummer:`")
    beschluss: JaNein = Field(True, description="ja = ein Beschlussvorschlag ist Pflicht")
    beschlussformel: Text | None = Field(
        None, description="Satz vor dem Beschlussvorschlag dieser Vorlagenart, wenn der "
                          "Entwurf keine `einleitung` nennt, z. B. „Die "
                          "Bezirksverordnetenversammlung wolle beschließen:“")
    freigabe: list[Literal["amtsleitung", "dezernat", "verwaltungsleitung"]] = Field(
        default_factory=lambda: ["amtsleitung"], min_length=1,
        description="wer in welcher Reihenfolge freigibt (workflow: ja)")
    beschriftungen: dict[str, Label] = Field(
        default_factory=dict, description="Beschriftungen nur für diese Vorlagenart, z. B. "
                                          "begruendung: Sachdarstellung")


class Gremium(Base):
    name: Text = Field(description="Name des Gremiums wie in der Beratungsfolge")
    kuerzel: Text | None = Field(None, description="Kürzel für Nummern, z. B. BSV")
    frist_tage: int | None = Field(None, ge=0, description="Tage vor der Sitzung, bis zu denen "
                                                           "die Vorlage final sein muss")


class Rolle(Base):
    """Eine Rolle eines Gremiums in der Beratungsfolge (`zustaendigkeit` im Entwurf)."""

    name: Text = Field(description="wie im Entwurf geschrieben, z. B. Entscheidung")
    text: Text | None = Field(None, description="wie gedruckt, z. B. Beschlussfassung; ohne "
                                                "Angabe der Name")
    entscheidend: JaNein = Field(False, description="ja = dieses Gremium entscheidet (OParl "
                                                    "`authoritative`, `entscheidung` in der "
                                                    "Vorlage)")
    oparl: Text | None = Field(None, description="Rolle im OParl-Export (`role`), z. B. "
                                                 "Beschlussfassung; ohne Angabe der Text")

    @property
    def printed(self) -> str:
        return self.text or self.name

    @property
    def exported(self) -> str:
        return self.oparl or self.printed


DEFAULT_ROLES = [Rolle(name=name, entscheidend=name == "Entscheidung") for name in ROLLEN]


def _distinct_roles(roles: list[Rolle]) -> list[Rolle]:
    names = [r.name for r in roles]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise ValueError(f"Rolle doppelt: {', '.join(doubled)}")
    return roles


class Nummer(Base):
    muster: Text = Field(description="Nummernschema, z. B. {jahr}/{amt}/{lfd:03}")
    zaehler: Literal["auto", "jahr", "wahlperiode", "fortlaufend"] = Field(
        "auto", description="wann die laufende Nummer neu beginnt; auto = nach dem Schema")
    folge: Text = Field("{nummer}-{version}", description="Nummer einer Folgevorlage, "
                                                          "z. B. {nummer}-{version}")
    bezug_text: Annotated[Text | None, AfterValidator(checked_wording)] = Field(
        None, description="Zeile einer Folgevorlage zu ihrer Vorlage für alle Vorlagenarten "
                          "ohne eigene, z. B. „Neufassung zur Vorlage {bezug}“; ohne Angabe "
                          "„1. Ergänzung zur Vorlage …“, „1. Änderung …“, sonst „1. Neufassung …“")


class WahlperiodeConfig(Base):
    name: Text = Field(description="wie in der Nummer gedruckt, z. B. 2014-2020, VII, 04-09 "
                                   "oder 8")
    von: Datum
    bis: Datum


SCOPES = ("betreff", "beschlussvorschlag", "finanzen", "begruendung", "zusammenfassung",
          "anlagen", "beratungsfolge", "fruehere_behandlung", "kopf", "zeichnung")


class FeldBedingung(Base):
    """Eine Regel, die von einem eigenen Feld abhängt: `{feld: klimarelevanz, ist: ja}`."""

    feld: Text = Field(description="Schlüssel eines eigenen Feldes des Hausstils")
    ist: Text | bool = Field(True, description="der Wert (Option, ja/nein), bei dem die Regel "
                                               "gilt; bei Ankreuzfeldern: angekreuzt")

    def met(self, value) -> bool:
        """Whether a field's value (as validated, or as written in the YAML: `Ja`, a key,
        `{wahl: …}`, a list of them) meets it."""
        def normal(x):
            try:
                return _parse_bool(x)
            except ValueError:
                return str(x).strip().lower()

        chosen = value if isinstance(value, list) else [value]
        keys = [getattr(c, "wahl", None) or (c.get("wahl") if isinstance(c, dict) else c)
                for c in chosen if c is not None]
        return any(normal(k) == normal(self.ist) for k in keys)


class MitzeichnungsRegel(Base):
    stelle: Text = Field(description="Stelle, die mitzeichnet oder beteiligt wird, z. B. "
                                     "Kämmerei, Gleichstellungsstelle")
    wenn: Literal["immer", "finanzen"] | FeldBedingung = Field(
        "immer", description="immer, nur bei finanziellen Auswirkungen, oder bei einem Wert "
                             "eines eigenen Feldes: {feld: klimarelevanz, ist: negativ}")
    art: Literal["mitzeichnung", "beteiligung"] = Field(
        "mitzeichnung", description="mitzeichnung = muss zeichnen (hält die Vorlage an), "
                                    "beteiligung = gibt eine Stellungnahme ab, die gedruckt wird")
    umfang: list[Literal[SCOPES]] | None = Field(  # type: ignore[valid-type]
        None, description="was die Zeichnung abdeckt, z. B. [finanzen, beschlussvorschlag, "
                          "anlagen]; ohne Angabe alles Gedruckte")

    def applies(self, costs: bool, feld=lambda key: None) -> bool:
        """Whether the rule asks for this Stelle: `costs` are financial effects, `feld`
        gives a declared field's value by key (validated or raw)."""
        if self.wenn == "immer":
            return True
        if self.wenn == "finanzen":
            return costs
        return self.wenn.met(feld(self.wenn.feld))


class TopSchema(Base):
    oeffentlich: Text = Field("Ö {nr}", description="Nummer im öffentlichen Teil")
    nichtoeffentlich: Text = Field("N {nr}", description="Nummer im nichtöffentlichen Teil")


class HouseStyleConfig(Base):
    name: Text = Field(description="Name der Kommune, wie gedruckt, z. B. „Stadt Bielefeld“")
    ort: Text | None = Field(None, description="Ort für die Datumszeile")
    logo: Text | None = Field(None, description="Bilddatei des Logos im Hausstil-Ordner")
    vorlage: Text = Field("vorlage.docx", description="Word-Vorlage der Vorlagen")
    tagesordnung: Text = Field("tagesordnung.docx", description="Word-Vorlage der Tagesordnung")
    niederschrift: Text = Field("niederschrift.docx", description="Word-Vorlage der "
                                                                  "Niederschrift und der "
                                                                  "Beschlussauszüge; fehlt sie, "
                                                                  "die des Standard-Hausstils")
    nummer: Nummer
    vorlagenarten: list[Vorlagenart] = Field(min_length=1)
    abschnitte: list[Abschnitt] = Field(
        default_factory=lambda: [Abschnitt(schluessel=s) for s in (
            "zusammenfassung", "beschlussvorschlag", "finanzen", "fruehere_behandlung",
            "begruendung", "zeichnung", "anlagen")],
        description="Abschnitte des Hauptteils in ihrer Reihenfolge: mitgelieferte beim "
                    "Namen, eigene als {schluessel, beschriftung}")
    felder: list[Feld] = Field(default_factory=list, description="eigene Felder des "
                                                                 "Hausstils")
    pflichtfelder: dict[Literal[OPTIONAL_BUILTINS], JaNein] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="mitgelieferte Felder, die hier Pflicht sind (ja) "
                                          "oder nicht (nein), z. B. datum: nein")
    datum_bei_finalisierung: JaNein = Field(
        False, description="ja = eine Vorlage ohne `datum` bekommt beim Abschluss das Datum "
                           "des Tages (gedruckt, im Register; der Entwurf bleibt ohne)")
    beschriftungen: dict[str, Label] = Field(default_factory=dict,
                                            description="abweichende Beschriftungen")
    unterzeichner: list[Person] = Field(default_factory=list,
                                        description="Unterzeichnende, wenn der Entwurf keine "
                                                    "nennt")
    frist_tage: int = Field(14, ge=0, description="Standardfrist: Tage vor der Sitzung")
    gremien: list[Gremium] = Field(default_factory=list)
    rollen: Annotated[list[Rolle], AfterValidator(_distinct_roles)] = Field(
        default_factory=lambda: list(DEFAULT_ROLES), min_length=1,
        description="Rollen der Gremien in der Beratungsfolge, die erste ist der Standard; "
                    "ohne Angabe Vorberatung, Entscheidung (entscheidend), Kenntnisnahme, "
                    "Anhörung")
    wahlperioden: list[WahlperiodeConfig] = Field(default_factory=list)
    betragsformat: Text = Field("#,##0.00\u00a0¤", description="Babel-Muster für Beträge")
    beschlussformel: Text | None = Field(
        None, description="Satz vor jedem Beschlussvorschlag ohne `einleitung`, z. B. „Der "
                          "Rat beschließt:“; eine Vorlagenart kann ihre eigene haben")
    anlagen_zaehlung: Literal[ZAEHLUNGEN] = Field(  # type: ignore[valid-type]
        "1", description="wie Anlagen ohne eigene `nr` gezählt werden: 1 (1, 2, 3), a, A, "
                         "i oder I (römisch)")
    mitzeichnung: list[MitzeichnungsRegel] = Field(default_factory=list)
    finanzen: Finanzformular | None = Field(
        None, description="das Formular „Finanzielle Auswirkungen“: Zeilen, Gruppen, "
                          "berechnete Zeilen und Prüfungen; ohne Angabe das mitgelieferte")
    top: TopSchema = Field(default_factory=TopSchema)
    pdfa: JaNein = Field(True, description="finale Vorlagen als PDF/A-2b")
    zusammenfassung_ab_seiten: int | None = Field(
        3, ge=1, description="ab dieser Länge der Begründung (Seiten) wird eine "
                             "Zusammenfassung verlangt (Warnung); leer = nie")

    @property
    def section_keys(self) -> list[str]:
        return [a.schluessel for a in self.abschnitte]

    def declared_keys(self) -> list[str]:
        """Every key a draft of this style may use under `felder:`."""
        return [f.schluessel for f in self.felder] + [
            a.schluessel for a in self.abschnitte if a.schluessel not in SECTIONS]

    def label_keys(self) -> set[str]:
        return set(LABELS) | set(self.declared_keys()) | set(self.finance_form.keys())

    @property
    def finance_form(self) -> Finanzformular:
        return self.finanzen or default_form()
