"""The Niederschrift of a session and the Beschlussauszug of a TOP, filled into the house
style's `niederschrift.docx`.

The Niederschrift prints the Kopf (Gremium, date, place, begin and end), the attendance, every
TOP with its Vorlage number, title, result, vote, the decided wording (marked where it differs
from the Beschlussvorschlag) and vermerk, and the signature lines of Vorsitz and
Schriftführung. A Beschlussauszug prints the same for one TOP, certified by the
Schriftführung. Like the agenda, the session arrives as plain `Minutes` data; a public version
arrives already without anything of its closed part, so the renderer cannot leak it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..haus import HouseStyle
from .agenda import WEEKDAYS, without_page_numbers
from .template import Filling
from .values import Formats
from .wordml import Writer

ENTWURF, UNTERZEICHNET, GENEHMIGT = "Entwurf", "unterzeichnet", "genehmigt"


@dataclass(frozen=True)
class Attendee:
    name: str
    detail: str = ""  # „Fraktion A“, „Verwaltung“, „ab Ö 3, in Vertretung für …“


@dataclass(frozen=True)
class MinutesItem:
    nummer: str
    teil: str                   # "oeffentlich" or "nichtoeffentlich"
    titel: str
    nummer_vorlage: str | None = None
    ergebnis: str | None = None  # as printed: „beschlossen (Ja: 5, Nein: 1)“
    # The decided wording as (mark, text) pieces: "=" as proposed, "+" added, "-" struck.
    wortlaut: tuple[tuple[str, str], ...] = ()
    vermerk: str | None = None
    befangen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Minutes:
    style: HouseStyle
    gremium: str
    datum: date
    ort: str
    beginn: str
    ende: str | None
    vorsitz: str | None
    schriftfuehrung: str | None
    items: tuple[MinutesItem, ...]
    anwesend: tuple[Attendee, ...] = ()
    entschuldigt: tuple[Attendee, ...] = ()
    abwesend: tuple[Attendee, ...] = ()
    weitere: tuple[Attendee, ...] = ()  # who is no member: Verwaltung, Gäste
    stand: str = ENTWURF
    public: bool = False  # the closed part is already reduced to number and public title
    genehmigt: str | None = None  # „in der Sitzung vom 01.10.2020“, once approved
    berichtigungen: tuple[str, ...] = field(default_factory=tuple)

    @property
    def wochentag(self) -> str:
        return WEEKDAYS[self.datum.weekday()]


@dataclass(frozen=True)
class EarlierResult:
    """What a body before this one did with a Vorlage, for the page before it in a packet."""

    gremium: str
    datum: date | None
    ergebnis: str  # as printed
    text: str | None = None  # the wording that body decided or recommended, if changed


def render_results_page(style: HouseStyle, nummer: str | None, betreff: str,
                        results: tuple[EarlierResult, ...], out: Path) -> None:
    """The page a packet puts before a Vorlage that earlier bodies deliberated: „Ergebnisse
    der Vorberatung“, each body with its date and result. Generated for the packet, so the
    archived final stays as it was."""
    labels = style.labels
    filling = Filling(style.minutes_template)

    def inhalt(w: Writer) -> None:
        w.paragraph(betreff, style="Betreff")
        for r in results:
            when = f", {Formats.datum(r.datum)}" if r.datum else ""
            w.heading(f"{r.gremium}{when}", 2)
            w.paragraph(fill=lambda p, r=r: (w.text(p, f"{labels['ergebnis']}: ", bold=True),
                                             w.text(p, r.ergebnis)))
            if r.text:
                w.paragraph(r.text)

    values = {"gemeinde": style.config.name, "titel": labels["ergebnisse_vorberatung"],
              "gremium": f"{labels['vorlagennummer']} {nummer}" if nummer else "",
              "datum": "", "wochentag": "", "ort": "", "beginn": "", "ende": "", "stand": "",
              "entwurf": False, "oeffentlich": False, "auszug": False, "vorberatung": True,
              "l": dict(labels), "logo": "", "inhalt": filling.block("inhalt", inhalt)}
    filling.save(values, {"title": f"{labels['ergebnisse_vorberatung']} {betreff}"[:255],
                          "author": style.config.name, "subject": values["titel"],
                          "keywords": ""}, out, finish=without_page_numbers)


def minutes_values(minutes: Minutes, auszug: bool = False) -> dict:
    """The plain values a Niederschrift template may use (README: template variables)."""
    labels = minutes.style.labels
    return {
        "gemeinde": minutes.style.config.name,
        "titel": labels["beschlussauszug"] if auszug else labels["niederschrift"],
        "gremium": minutes.gremium,
        "datum": Formats.datum(minutes.datum),
        "wochentag": minutes.wochentag,
        "ort": minutes.ort,
        "beginn": minutes.beginn,
        "ende": minutes.ende or "",
        "stand": minutes.stand,
        "entwurf": minutes.stand != GENEHMIGT,  # until approved, it is a draft
        "oeffentlich": minutes.public,
        "auszug": auszug,
        "vorberatung": False,
        "l": dict(labels),
    }


def render_minutes(minutes: Minutes, out: Path, only: tuple[int, ...] | None = None) -> None:
    """Writes the Niederschrift as DOCX; with `only` (indices of items), the Beschlussauszug
    of those TOPs."""
    style, labels = minutes.style, minutes.style.labels
    auszug = only is not None
    filling = Filling(style.minutes_template)

    def inhalt(w: Writer) -> None:
        if auszug:
            w.paragraph(labels["auszug_aus"].format(gremium=minutes.gremium,
                                                    datum=Formats.datum(minutes.datum)))
        else:
            _attendance(w, minutes, labels)
        parts = (("oeffentlich", labels["oeffentlicher_teil"]),
                 ("nichtoeffentlich", labels["nichtoeffentlicher_teil"]))
        for teil, title in parts:
            items = [t for i, t in enumerate(minutes.items)
                     if t.teil == teil and (only is None or i in only)]
            if items:
                w.heading(title)
            for item in items:
                _item(w, item, labels)
        _closing(w, minutes, labels, auszug)

    values = minutes_values(minutes, auszug)
    values["logo"] = (filling.image(style.folder / style.config.logo, 16)
                      if style.config.logo and (style.folder / style.config.logo).is_file()
                      else "")
    values["inhalt"] = filling.block("inhalt", inhalt)
    title = f"{values['titel']} {minutes.gremium} {values['datum']}"
    if auszug:
        title += " " + ", ".join(minutes.items[i].nummer for i in only)
    elif minutes.public:
        title += f" ({labels['oeffentlicher_teil']})"
    filling.save(values, {"title": title, "author": style.config.name,
                          "subject": values["titel"], "keywords": ""}, out)


def _attendance(w: Writer, minutes: Minutes, labels: dict) -> None:
    for key, people in (("anwesend", minutes.anwesend), ("entschuldigt", minutes.entschuldigt),
                        ("abwesend", minutes.abwesend), ("weitere", minutes.weitere)):
        if not people:
            continue
        w.heading(labels[key], 2)
        for person in people:
            w.paragraph(person.name + (f" ({person.detail})" if person.detail else ""))


def _item(w: Writer, item: MinutesItem, labels: dict) -> None:
    number = f" ({labels['vorlagennummer']} {item.nummer_vorlage})" if item.nummer_vorlage \
        else ""
    w.heading(f"{item.nummer} {item.titel}{number}", 2)
    if item.befangen:
        w.paragraph(f"{labels['befangen']}: {', '.join(item.befangen)}")
    if item.wortlaut:
        marks = {mark for mark, _ in item.wortlaut}
        note = labels["abweichend"] if marks == {"+"} else labels["aenderungen"] \
            if marks != {"="} else ""
        w.paragraph(labels["beschlossener_wortlaut"] + (f" ({note})" if note else ""),
                    bold=True)

        def wording(para, pieces=item.wortlaut):
            for mark, text in pieces:
                w.text(para, text, bold=mark == "+" and len(pieces) > 1, strike=mark == "-")

        w.paragraph(fill=wording)
    if item.ergebnis:
        w.paragraph(fill=lambda p: (w.text(p, f"{labels['ergebnis']}: ", bold=True),
                                    w.text(p, item.ergebnis)))
    if item.vermerk:
        w.paragraph(f"{labels['vermerk']}: {item.vermerk}")


def _closing(w: Writer, minutes: Minutes, labels: dict, auszug: bool) -> None:
    if minutes.ende and not auszug:
        w.paragraph(labels["ende_der_sitzung"].format(ende=minutes.ende), space_before=12)
    if minutes.genehmigt and not auszug:
        w.paragraph(f"{labels['genehmigt']} {minutes.genehmigt}", space_before=6)
    for text in minutes.berichtigungen if not auszug else ():
        w.paragraph(f"{labels['berichtigung']}: {text}")
    signers = [(minutes.schriftfuehrung, labels["schriftfuehrung"])] if auszug else [
        (minutes.vorsitz, labels["vorsitz"]), (minutes.schriftfuehrung,
                                               labels["schriftfuehrung"])]
    if auszug:
        w.paragraph(labels["fuer_die_richtigkeit"], space_before=18)
    table = w.new_table(3, len(signers))
    w.no_header_look(table)
    for column, (name, role) in enumerate(signers):
        w.text(table.cell(0, column).paragraphs[0], "\n\n" + "_" * 28)
        w.text(table.cell(1, column).paragraphs[0], name or "")
        w.text(table.cell(2, column).paragraphs[0], role)
