"""The template's view of a Vorlage: plain, already formatted values.

Templates never see the raw draft. Everything a template prints is prepared here, in German
formats done by Babel (`13.02.2020`, `30.000,00 €`), so an administrator editing the Word
file only places variables and never formats anything. The README documents these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from ..haus import HouseStyle, follow_up_line
from ..schema import Anlage, Beratung, Draft
from .declared import declared_context

LOCALE = "de_DE"


@dataclass(frozen=True)
class Numbering:
    """The number a build prints and whether the PDF is a draft."""

    nummer: str
    final: bool
    vorlaeufig: bool  # the number is a placeholder, not from the register
    version: int = 0
    basis: str | None = None


class Formats:
    """German formatting for one house style."""

    def __init__(self, style: HouseStyle):
        self.pattern = style.config.betragsformat

    @staticmethod
    def datum(value: date | None) -> str:
        return format_date(value, "dd.MM.yyyy", locale=LOCALE) if value else ""

    def betrag(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        return format_currency(value, "EUR", format=self.pattern, locale=LOCALE,
                               currency_digits=False)

    @staticmethod
    def zahl(value: Decimal | None, digits: str = "#,##0.0#") -> str:
        return format_decimal(value, format=digits, locale=LOCALE) if value is not None else ""


def _step(b: Beratung, labels: dict, style: HouseStyle) -> dict:
    gremium = style.gremium(b.gremium)
    role = style.rolle(b.zustaendigkeit)
    return {
        "gremium": b.gremium,
        "kuerzel": gremium.kuerzel if gremium and gremium.kuerzel else "",
        # `sitzung` is what a date column prints: the date, or the style's „Termin offen“.
        "sitzung": Formats.datum(b.sitzung) if b.sitzung else labels["termin_offen"],
        "datum": Formats.datum(b.sitzung),
        "sitzungsname": b.sitzungsname or "",
        "oeffentlich": b.oeffentlich,
        "oeffentlichkeit": labels["oeffentlich"] if b.oeffentlich else labels["nichtoeffentlich"],
        "zustaendigkeit": role.printed if role else b.zustaendigkeit,
        "rolle": b.zustaendigkeit,
        "entscheidend": b.entscheidend,
        "top": b.top or "",
        "ergebnis": b.ergebnis.printed() if b.ergebnis else "",
    }


# What `erste_beratung` and `entscheidung` are while a draft has no Beratungsfolge yet.
NO_STEP = {"gremium": "", "kuerzel": "", "sitzung": "", "datum": "", "sitzungsname": "",
           "oeffentlich": True, "oeffentlichkeit": "", "zustaendigkeit": "", "rolle": "",
           "entscheidend": False, "top": "", "ergebnis": ""}


def build_context(draft: Draft, style: HouseStyle, numbering: Numbering,
                  public: bool = False) -> dict:
    """Every plain value a template may use (blocks like `inhalt` are added by render)."""
    fmt = Formats(style)
    labels = style.labels_for(draft.vorlagenart)
    art = style.art(draft.vorlagenart)
    steps = [_step(b, labels, style) for b in draft.beratungsfolge]
    deciding = draft.entscheidung
    zeichnung = draft.zeichnung
    signers = (zeichnung.unterzeichner if zeichnung and zeichnung.unterzeichner
               else style.config.unterzeichner)
    ort = (zeichnung.ort if zeichnung and zeichnung.ort else style.config.ort) or ""
    sign_date = zeichnung.datum if zeichnung and zeichnung.datum else None
    return {
        "gemeinde": style.config.name,
        "ort": ort,
        "hausstil": style.key,
        "vorlagenart": draft.vorlagenart,
        "vorlagenart_titel": (art.titel if art and art.titel else draft.vorlagenart),
        "oeffentlich": draft.oeffentlich,
        "oeffentlichkeit": labels["oeffentlich"] if draft.oeffentlich
        else labels["nichtoeffentlich"],
        "amt": draft.amt,
        "amt_kennziffer": draft.amt_kennziffer or "",
        "verantwortlich": draft.verantwortlich or "",
        "aktenzeichen": draft.aktenzeichen or "",
        "datum": fmt.datum(style.printed_date(draft, numbering.final)),
        "nummer": numbering.nummer,
        "final": numbering.final,
        "entwurf": not numbering.final,
        "nummer_vorlaeufig": numbering.vorlaeufig,
        "version": numbering.version,
        "basis": numbering.basis or "",
        "bezug_text": _follow_up_text(draft, numbering, style),
        "betreff": draft.betreff,
        "betreff_zeilen": draft.betreff.splitlines(),
        "beratungsfolge": steps,
        "erste_beratung": steps[0] if steps else NO_STEP,
        "entscheidung": steps[draft.beratungsfolge.index(deciding)] if steps else NO_STEP,
        # A public copy lists only public Anlagen (Anlage.numbers: how they are numbered).
        "anlagen": [{"nr": nr, "titel": a.titel, "oeffentlich": a.oeffentlich,
                     "datei": a.datei is not None,
                     "hinweis": a.hinweis or ("" if a.datei else labels["anlage_ohne_datei"])}
                    for a, nr in zip(draft.anlagen, Anlage.numbers(
                        draft.anlagen, style.config.anlagen_zaehlung, public), strict=True)
                    if nr is not None],
        "zeichnung": {
            "ort": ort,
            "datum": fmt.datum(sign_date),
            "ort_datum": ", ".join(x for x in (ort, fmt.datum(sign_date)) if x)
            if sign_date else "",
            "unterzeichner": [{"rolle": p.rolle or "", "name": p.name or ""} for p in signers],
            "ansprechpartner": ({"rolle": zeichnung.ansprechpartner.rolle or "Ansprechpartner",
                                 "name": zeichnung.ansprechpartner.name or ""}
                                if zeichnung and zeichnung.ansprechpartner else None),
            "beteiligte_fachbereiche": list(zeichnung.beteiligte_fachbereiche)
            if zeichnung else [],
        },
        "finanzen": _finance(draft, style, fmt),
        "l": dict(labels),
        **declared_context(draft, style, fmt, labels, public),
    }


def _follow_up_text(draft: Draft, numbering: Numbering, style: HouseStyle) -> str:
    """ "1. Ergänzung zur Vorlage 2015/0288" for follow-up Vorlagen, else empty; worded as
    the Vorlagenart's or the style's `bezug_text` says."""
    if not draft.bezug:
        return ""
    art = style.art(draft.vorlagenart)
    text = (art.bezug_text if art else None) or style.config.nummer.bezug_text
    if text:
        return follow_up_line(text, draft.bezug, numbering.version)
    word = {"Ergänzungsvorlage": "Ergänzung", "Änderungsvorlage": "Änderung"}.get(
        draft.vorlagenart, "Neufassung")
    prefix = f"{numbering.version}. " if numbering.version else ""
    return f"{prefix}{word} zur Vorlage {draft.bezug}"


def _finance(draft: Draft, style: HouseStyle, fmt: Formats) -> dict | None:
    from .finance import Finance  # finance formats with Formats from here
    return Finance(draft, style, fmt).context()
