"""The Niederschrift and the Beschlussauszug: they print the minutes they are given."""

import zipfile
from datetime import date

import pytest
from docx import Document

from helpers import STYLES
from pipeline.haus import load_house_style
from pipeline.render import Attendee, Minutes, MinutesItem, minutes_values, render_minutes


@pytest.fixture
def minutes():
    style = load_house_style("bielefeld", [STYLES])
    return Minutes(style, "Rat der Stadt Bielefeld", date(2020, 9, 3), "Großer Saal", "15:04",
                   "18:40", "Dr. Hanna Vorberg", "Silke Dienst", (
                       MinutesItem("Ö 1", "oeffentlich", "Eröffnung der Sitzung"),
                       MinutesItem("Ö 2", "oeffentlich", "Neubau einer Turnhalle",
                                   "9921/2014-2020", "geändert beschlossen (Ja: 5, Nein: 1)",
                                   (("=", "Der Rat beschließt den Neubau "), ("-", "sofort"),
                                    ("=", " "), ("+", "im Jahr 2021"), ("=", ".")),
                                   "Frau X verlässt den Raum.", ("Murat Celik",)),
                       MinutesItem("N 1", "nichtoeffentlich", "Verkauf eines Grundstücks",
                                   None, "abgelehnt (einstimmig)")),
                   anwesend=(Attendee("Dr. Hanna Vorberg", "Vorsitz"),
                             Attendee("Jonas Albers", "Fraktion A, ab Ö 2")),
                   entschuldigt=(Attendee("Sabine Dreyer", "Fraktion B"),),
                   weitere=(Attendee("Pit Clausen", "Oberbürgermeister"),))


def text(path) -> str:
    doc = Document(str(path))
    body = [p.text for p in doc.paragraphs]
    body += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(body)


def test_values_in_german(minutes):
    values = minutes_values(minutes)
    assert (values["titel"], values["datum"], values["wochentag"]) == (
        "Niederschrift", "03.09.2020", "Donnerstag")
    assert values["entwurf"] and minutes_values(minutes, auszug=True)["titel"] == \
        "Beschlussauszug"


def test_the_niederschrift_prints_attendance_results_and_signatures(minutes, tmp_path):
    out = tmp_path / "n.docx"
    render_minutes(minutes, out)
    printed = text(out)
    for expected in ("Anwesend", "Jonas Albers (Fraktion A, ab Ö 2)", "Entschuldigt",
                     "Außerdem anwesend", "Pit Clausen (Oberbürgermeister)",
                     "Ö 2 Neubau einer Turnhalle (Vorlagennummer 9921/2014-2020)",
                     "Wegen Befangenheit nicht beteiligt: Murat Celik",
                     "Ergebnis: geändert beschlossen (Ja: 5, Nein: 1)",
                     "Vermerk: Frau X verlässt den Raum.", "Nichtöffentlicher Teil",
                     "N 1 Verkauf eines Grundstücks", "Ende der Sitzung: 18:40 Uhr",
                     "Dr. Hanna Vorberg", "Vorsitz", "Silke Dienst", "Schriftführung"):
        assert expected in printed, expected
    # The change to the proposal is marked: struck, and what was added in bold.
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "<w:strike/></w:rPr><w:t xml:space=\"preserve\">sofort" in xml
    assert "<w:b/></w:rPr><w:t xml:space=\"preserve\">im Jahr 2021" in xml
    assert "Änderungen gegenüber dem Beschlussvorschlag" in printed


def test_an_extract_prints_only_its_top_and_is_certified(minutes, tmp_path):
    out = tmp_path / "a.docx"
    render_minutes(minutes, out, only=(1,))
    printed = text(out)
    assert "Auszug aus der Niederschrift über die Sitzung des Gremiums Rat der Stadt " \
           "Bielefeld vom 03.09.2020" in printed
    assert "Neubau einer Turnhalle" in printed and "Grundstück" not in printed
    assert "Anwesend" not in printed and "Für die Richtigkeit des Auszugs:" in printed
    assert Document(str(out)).core_properties.title == \
        "Beschlussauszug Rat der Stadt Bielefeld 03.09.2020 Ö 2"


def test_the_page_of_earlier_results_names_each_body_and_has_no_session_kopf(tmp_path):
    from pipeline.render import EarlierResult, render_results_page

    style = load_house_style("bielefeld", [STYLES])
    out = tmp_path / "v.docx"
    render_results_page(style, "1/2014-2020", "Neubau einer Turnhalle", (
        EarlierResult("Integrationsrat", date(2020, 8, 19), "beschlossen (einstimmig)"),
        EarlierResult("Bauausschuss", None, "geändert beschlossen", "Mit Solardach.")), out)
    printed = text(out)
    for expected in ("Ergebnisse der Vorberatung", "Vorlagennummer 1/2014-2020",
                     "Neubau einer Turnhalle", "Integrationsrat, 19.08.2020",
                     "Ergebnis: beschlossen (einstimmig)", "Bauausschuss",
                     "Ergebnis: geändert beschlossen", "Mit Solardach."):
        assert expected in printed, expected
    assert "Sitzung am" not in printed and Document(str(out)).tables == []
    # The packet numbers its pages: the page's own page field is gone.
    footers = "".join(zipfile.ZipFile(out).read(n).decode() for n in zipfile.ZipFile(out)
                      .namelist() if n.startswith("word/footer"))
    assert "PAGE" not in footers
