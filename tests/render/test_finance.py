"""The finance form as printed and as data: the same reading for the PDF, the template and
the archive's text."""

from decimal import Decimal

from helpers import STYLES
from pipeline.haus import draft_model, load_house_style
from pipeline.render import Finance, Formats


def _finance(style_name: str, finanzen):
    style = load_house_style(style_name, [STYLES])
    draft = draft_model(style).model_validate({
        "vorlagenart": "Sitzungsvorlage" if style_name != "bottrop" else "Beschlussvorlage",
        "amt": "Amt", "datum": "01.02.2024", "betreff": "B", "finanzen": finanzen})
    return Finance(draft, style, Formats(style))


def test_computed_rows_and_printed_text():
    finance = _finance("waiblingen", {
        "erhoehung": [{"sachkonto": "4211", "betrag": 36000}],
        "deckung": [{"sachkonto": "3141", "betrag": 30000}, {"sachkonto": "4431",
                                                               "betrag": 6000}]})
    assert finance.values["summe_deckung"] == Decimal(36000)
    text = finance.printed_text(["finanzen"])
    assert "Sachkonto 3141; Betrag 30.000,00\u00a0€" in text
    assert "Summe der Deckung: 36.000,00\u00a0€" in text
    assert finance.context()["summe_erhoehung"] == "36.000,00\u00a0€"


def test_bottrop_prints_an_empty_form_for_keine_and_relabels_nothing_else():
    finance = _finance("bottrop", "keine")
    rows = [r.schluessel for r in finance.section_rows(["finanzen"])]
    assert rows == ["auswirkungen", "haushalt"]  # the empty Formblock stands there
    assert finance.context()["ja_nein"] == "nein" and finance.context()["bedarf"] == ""


def test_sentences_of_the_teilergebnisplaene():
    finance = _finance("bielefeld", {"teilergebnisplaene": [{
        "baustein": "Baustein 1", "teilergebnisplan": "11.01", "umfang": "2.0",
        "mehraufwand": [{"von": "01.01.2024", "bis": "31.12.2024", "betrag": 1000}]}]})
    [row] = finance.point_rows
    assert finance.sentences(row) == [
        ("Baustein 1:", True, 8), ("Im Teilergebnisplan 11.01", False, 6),
        ("Mehraufwendungen für überplanmäßiges Personal im Umfang von 2,0 "
         "Vollzeitäquivalenten (VZÄ):", False, None),
        ("vom 01.01.2024 bis 31.12.2024 i.H.v. 1.000 €", False, None)]  # Bielefeld: full euros
