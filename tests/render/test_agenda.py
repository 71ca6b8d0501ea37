"""The Tagesordnung: it prints the agenda it is given, for members or for the public."""

import re
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from helpers import STYLES
from pipeline.haus import load_house_style
from pipeline.render import MEMBERS, PUBLIC, Agenda, AgendaItem, agenda_values, render_agenda


@pytest.fixture
def agenda():
    style = load_house_style("bielefeld", [STYLES])
    return Agenda(style, "Rat der Stadt Bielefeld", date(2020, 9, 3), "15:00",
                  "Großer Saal", date(2020, 8, 20), (
                      AgendaItem("Ö 1", "oeffentlich", "Eröffnung der Sitzung", None),
                      AgendaItem("Ö 2", "oeffentlich", "Neubau einer Turnhalle", "9921/2014-2020"),
                      AgendaItem("N 1", "nichtoeffentlich", "Verkauf eines Grundstücks",
                                 "9922/2014-2020")))


@pytest.fixture
def public(agenda):
    """The agenda as the session layer hands it out for the public."""
    hidden = AgendaItem("N 1", "nichtoeffentlich", "Nichtöffentliche Angelegenheit", None)
    return replace(agenda, items=agenda.items[:2] + (hidden,), public=True)


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


def test_public_agenda_prints_closed_items_as_given(public, tmp_path):
    out = tmp_path / "oeffentlich.docx"
    render_agenda(public, out)
    rows = cells(out)
    assert ["Ö 2", "Neubau einer Turnhalle", "9921/2014-2020"] in rows
    assert ["N 1", "Nichtöffentliche Angelegenheit", ""] in rows
    assert Document(str(out)).core_properties.title == (
        "Tagesordnung Rat der Stadt Bielefeld 03.09.2020 (öffentlich)")


def test_public_packet_agenda_shows_pages_of_public_items_only(public, tmp_path):
    out = tmp_path / "mappe.docx"
    render_agenda(public, out, PUBLIC, pages={1: 3})
    rows = cells(out)
    assert ["Ö 2", "Neubau einer Turnhalle", "9921/2014-2020", "3"] in rows
    assert ["Ö 1", "Eröffnung der Sitzung", "", ""] in rows
    assert ["N 1", "Nichtöffentliche Angelegenheit", "", ""] in rows
    assert Document(str(out)).core_properties.title.endswith("(Öffentlicher Teil)")


def test_public_packet_refuses_the_members_agenda(agenda, tmp_path):
    with pytest.raises(ValueError, match="public agenda"):
        render_agenda(agenda, tmp_path / "mappe.docx", PUBLIC, pages={})
    assert not (tmp_path / "mappe.docx").exists()


def page_fields(path) -> list[str]:
    """The page-number fields in the footers of a written DOCX."""
    with zipfile.ZipFile(path) as z:
        return [field for name in z.namelist() if name.startswith("word/footer")
                for field in re.findall(r"<w:instrText[^>]*>\s*(\w+)", z.read(name).decode())]


def test_agenda_in_a_packet_leaves_page_numbers_to_the_packet(agenda, tmp_path):
    invitation, packet = tmp_path / "einladung.docx", tmp_path / "mappe.docx"
    render_agenda(agenda, invitation)
    render_agenda(agenda, packet, MEMBERS, pages={1: 3})
    assert page_fields(invitation) == ["PAGE", "NUMPAGES"]
    assert page_fields(packet) == []


def test_municipality_named_once_above_the_title(agenda, tmp_path):
    out = tmp_path / "einladung.docx"
    render_agenda(agenda, out)
    body = [p.text for p in Document(str(out)).paragraphs]
    assert "Stadt Bielefeld" not in body  # the first page's running head names it
    header = Document(str(out)).sections[0].first_page_header.paragraphs[0].text
    assert header == "Stadt Bielefeld"
