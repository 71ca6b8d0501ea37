"""The Tagesordnung of a session, filled into the house style's `tagesordnung.docx`.

Variants: the invitation, and the agenda at the front of a Sitzungsmappe with a cover page
and the packet page of each TOP, for members or for publication. Each prints the agenda it is
given; for the public, that is the session's public agenda, in which a closed TOP already
arrives as its number and public title only. The session arrives as plain `Agenda` data:
what is printed, nothing of how sessions are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from ..haus import HouseStyle
from .template import Filling
from .values import Formats
from .wordml import Writer

PUBLIC, MEMBERS = "oeffentlich", "intern"
COLUMNS_MM = (16, 100, 40, 14)  # TOP, Betreff, Vorlagennummer, Seite
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass(frozen=True)
class AgendaItem:
    nummer: str                 # "Ö 2.1"
    teil: str                   # "oeffentlich" or "nichtoeffentlich"
    titel: str
    nummer_vorlage: str | None  # the Vorlagennummer, when the item has one


@dataclass(frozen=True)
class Agenda:
    style: HouseStyle
    gremium: str
    datum: date
    uhrzeit: str
    ort: str
    einladungsdatum: date
    items: tuple[AgendaItem, ...]
    public: bool = False  # closed items are reduced to number and public title

    @property
    def wochentag(self) -> str:
        return WEEKDAYS[self.datum.weekday()]


def agenda_values(agenda: Agenda, packet: str | None) -> dict:
    """The plain values a Tagesordnung template may use (README: template variables)."""
    return {
        "gemeinde": agenda.style.config.name,
        "gremium": agenda.gremium,
        "datum": Formats.datum(agenda.datum),
        "wochentag": agenda.wochentag,
        "uhrzeit": agenda.uhrzeit,
        "ort": agenda.ort,
        "einladungsdatum": Formats.datum(agenda.einladungsdatum),
        "mappe": packet is not None,
        "oeffentliche_mappe": packet == PUBLIC,
        "entwurf": False,
        "l": dict(agenda.style.labels),
    }


def render_agenda(agenda: Agenda, out: Path, packet: str | None = None,
                  pages: dict[int, int] | None = None) -> None:
    """Writes the Tagesordnung as DOCX. `packet` is None (invitation), MEMBERS or PUBLIC;
    `pages` maps an item's index to its first page in the packet."""
    style = agenda.style
    if packet == PUBLIC and not agenda.public:
        # The renderer cannot tell a closed Betreff from a public title: refuse rather than
        # publish the members' agenda.
        raise ValueError("the public Sitzungsmappe needs the public agenda")
    filling = Filling(style.agenda_template)
    labels = style.labels
    parts = [("oeffentlich", labels["oeffentlicher_teil"]),
             ("nichtoeffentlich", labels["nichtoeffentlicher_teil"])]

    def teile(w: Writer) -> None:
        for teil, title in parts:
            tops = [(i, t) for i, t in enumerate(agenda.items) if t.teil == teil]
            if not tops:
                continue
            w.heading(title)
            header = [labels["top"], labels["gegenstand"], labels["vorlagennummer"]]
            if pages is not None:
                header.append(labels["seite"])
            table = w.new_table(len(tops) + 1, len(header), "Vorlage Tabelle")
            widths = list(COLUMNS_MM[:len(header)])
            widths[1] += sum(COLUMNS_MM) - sum(widths)
            for column, width in zip(table.columns, widths, strict=True):
                for cell in column.cells:
                    cell.width = Mm(width)
            for grid, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
                grid.w = Mm(width)
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                w.text(cell.paragraphs[0], text, bold=True)
            for row, (index, top) in zip(table.rows[1:], tops, strict=True):
                values = [top.nummer, top.titel, top.nummer_vorlage or ""]
                if pages is not None:
                    values.append(str(pages[index]) if index in pages else "")
                for cell, text in zip(row.cells, values, strict=True):
                    w.text(cell.paragraphs[0], text)

    def deckblatt(w: Writer) -> None:
        if packet is None:
            return
        w.paragraph(labels["sitzungsmappe"], style="Title")
        w.paragraph(agenda.gremium, style="Betreff")
        w.paragraph(f"{agenda.wochentag}, {Formats.datum(agenda.datum)}, {agenda.uhrzeit} Uhr")
        w.paragraph(agenda.ort)
        w.paragraph(labels["mappe_oeffentlich"] if packet == PUBLIC
                    else labels["mappe_mitglieder"], space_before=24)
        w.paragraph(f"Stand: {Formats.datum(date.today())}", space_before=12)
        page_break(w)

    values = agenda_values(agenda, packet)
    values["logo"] = (filling.image(style.folder / style.config.logo, 16)
                      if style.config.logo else "")
    values["deckblatt"] = filling.block("deckblatt", deckblatt)
    values["teile"] = filling.block("teile", teile)
    title = f"{labels['tagesordnung']} {agenda.gremium} {values['datum']}"
    if packet:
        title = f"{labels['sitzungsmappe']} {agenda.gremium} {values['datum']}"
        if packet == PUBLIC:
            title += f" ({labels['oeffentlicher_teil']})"
    elif agenda.public:
        title += f" ({labels['oeffentlich']})"
    filling.save(values, {"title": title, "author": style.config.name,
                          "subject": labels["sitzungsmappe"] if packet
                          else labels["tagesordnung"], "keywords": ""}, out,
                 finish=without_page_numbers if packet else None)


def without_page_numbers(document) -> None:
    """Inside a Sitzungsmappe the packet numbers every page itself; the agenda's own "Seite 2
    von 2" beside it would be a second, contradicting count. Footer paragraphs with a page
    field go, whatever else a town's template puts in its footers stays."""
    # Through the relationships, not `section.footer`: docxtpl put rendered parts in
    # their place, which python-docx's cached lookup does not see.
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/footer"):
            continue
        for para in rel.target_part.element.iter(qn("w:p")):
            if any(_page_field(node) for node in para.iter(qn("w:instrText"),
                                                           qn("w:fldSimple"))):
                for child in list(para):
                    if child.tag != qn("w:pPr"):
                        para.remove(child)


def _page_field(node) -> bool:
    instruction = node.get(qn("w:instr")) if node.tag == qn("w:fldSimple") else node.text
    return (instruction or "").split()[:1] in (["PAGE"], ["NUMPAGES"], ["SECTIONPAGES"])


def page_break(w: Writer) -> None:
    para = w.new_paragraph()
    para._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:br w:type="page"/></w:r>'))
