"""The Tagesordnung: both parts for the invitation, the public part only for publication."""

from datetime import date

import pytest
from docx import Document

from helpers import STYLES
from pipeline.haus import load_house_style
from pipeline.render import PUBLIC, Agenda, AgendaItem, agenda_values, render_agenda


@pytest.fixture
def agenda():
    style = load_house_style("bielefeld", [STYLES])
    return Agenda(style, "Rat der Stadt Bielefeld", date(2020, 9, 3), "15:00",
                  "Großer Saal", date(2020, 8, 20), (
                      AgendaItem("Ö 1", "oeffentlich", "Eröffnung der Sitzung", None),
                      AgendaItem("Ö 2", "oeffentlich", "Neubau einer Turnhalle", "9921/2014-2020"),
                      AgendaItem("N 1", "nichtoeffentlich", "Verkauf eines Grundstücks",
                                 "9922/2014-2020")))


def cells(path) -> list[list[str]]:
    doc = Document(str(path))
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def test_values_in_german(agenda):
    values = agenda_values(agenda, None)
    assert (values["wochentag"], values["datum"], values["einladungsdatum"]) == (
        "Donnerstag", "03.09.2020", "20.08.2020")
    assert not values["mappe"] and agenda_values(agenda, PUBLIC)["oeffentliche_mappe"]


def test_invitation_lists_both_parts(agenda, tmp_path):
    out = tmp_path / "einladung.docx"
    render_agenda(agenda, out)
    rows = cells(out)
    assert ["Ö 2", "Neubau einer Turnhalle", "9921/2014-2020"] in rows
    assert ["N 1", "Verkauf eines Grundstücks", "9922/2014-2020"] in rows
    assert Document(str(out)).core_properties.title.startswith("Tagesordnung Rat der Stadt")


def test_public_packet_agenda_has_no_closed_item_and_shows_pages(agenda, tmp_path):
    out = tmp_path / "mappe.docx"
    render_agenda(agenda, out, PUBLIC, pages={1: 3})
    rows = cells(out)
    text = " ".join(" ".join(r) for r in rows) + " ".join(
        p.text for p in Document(str(out)).paragraphs)
    assert "Grundstück" not in text and "N 1" not in text and "9922" not in text
    assert ["Ö 2", "Neubau einer Turnhalle", "9921/2014-2020", "3"] in rows
    assert ["Ö 1", "Eröffnung der Sitzung", "", ""] in rows
