"""Finance forms declared in haus.yaml: rows, groups, computed rows and checks, read by one
engine; a broken declaration is refused when the style is read."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from helpers import MINIMAL, STYLES, run
from pipeline.haus import Finanzformular, compute, default_form, failures, load_house_style

BALANCED = """\
finanzen:
  erhoehung:
    - {kostenstelle: "3150", sachkonto: "4211.000", betrag: 1000}
  deckung:
    - {sachkonto: "3141.000", betrag: 600}
    - {sachkonto: "4431.000", betrag: "400,00"}
"""


GREMIUM = {"waiblingen": "Gemeinderat", "kempten": "Stadtrat", "bottrop": "Rat der Stadt"}


def _draft(style: str, finance: str) -> str:
    """A draft of a bundled style: 11 lines, then the finance block."""
    head = MINIMAL.split("beratungsfolge:")[0]
    if style != "bottrop":
        head = head.replace("Beschlussvorlage", "Sitzungsvorlage")
    return (f"hausstil: {style}\n{head}beratungsfolge:\n  - gremium: {GREMIUM[style]}\n"
            "    sitzung: 15.03.2024\n    zustaendigkeit: Entscheidung\n"
            "beschlussvorschlag: Der Rat beschließt.\nbegruendung: Weil.\n" + finance)


def test_a_mittelbereitstellung_that_does_not_balance_is_refused(project, write_draft):
    write_draft("gleich.yaml", _draft("waiblingen", BALANCED))
    assert run(["check", "drafts/gleich.yaml"], project.root).returncode == 0
    write_draft("ungleich.yaml", _draft("waiblingen", BALANCED.replace("400,00", "300,00")))
    result = run(["check", "drafts/ungleich.yaml"], project.root)
    assert result.returncode == 1
    # at the entries of `deckung`, the place the check names, with both sums formatted
    assert ("drafts/ungleich.yaml:16:5: finanzen.deckung: die Mittelbereitstellung ist nicht "
            "ausgeglichen, Erhöhung 1.000,00\u00a0€, Deckung 900,00\u00a0€") in result.stderr


def test_a_computed_row_typed_by_hand_is_refused(project, write_draft):
    write_draft("summe.yaml", _draft("waiblingen", BALANCED + "  summe_deckung: 1000\n"))
    result = run(["check", "drafts/summe.yaml"], project.root)
    assert result.returncode == 1
    assert ("drafts/summe.yaml:18:18: finanzen.summe_deckung: „Summe der Deckung“ wird "
            "berechnet und nicht eingegeben") in result.stderr
    bottrop = "finanzen:\n  haushalt:\n    bedarf: 100\n    ungedeckt: 5\n"
    write_draft("ungedeckt.yaml", _draft("bottrop", bottrop))
    result = run(["check", "drafts/ungedeckt.yaml"], project.root)
    assert "finanzen.haushalt.ungedeckt: „davon nicht gedeckt“ wird berechnet" in result.stderr


def test_each_declared_check_fires_at_its_line(project, write_draft):
    kempten = ("finanzen:\n  mittel:\n    verfuegbar: ja\n    nicht_verfuegbar: ja\n"
               "    ueberplanmaessig_betrag: -5\n")
    write_draft("beides.yaml", _draft("kempten", kempten))
    result = run(["check", "drafts/beides.yaml"], project.root)
    lines = [line for line in result.stderr.splitlines() if "finanzen." in line]
    assert lines == [
        "drafts/beides.yaml:15:23: finanzen.mittel.nicht_verfuegbar: Mittel stehen zur "
        "Verfügung oder nicht, nicht beides",
        "drafts/beides.yaml:16:30: finanzen.mittel.ueberplanmaessig_betrag: ein über- oder "
        "außerplanmäßiger Betrag ist nicht negativ"]


def test_computed_rows_add_up_and_a_floor_holds():
    form = default_form()
    values = compute(form, {"haushalt": {"bedarf": Decimal(54000),
                                         "haushaltsansatz": Decimal(40000)}})
    assert values["haushalt"]["ungedeckt"] == Decimal(14000)
    values = compute(form, {"haushalt": {"bedarf": Decimal(100),
                                         "haushaltsansatz": Decimal(180)}})
    assert values["haushalt"]["ungedeckt"] == Decimal(0)  # untergrenze: 0
    assert compute(form, {"haushalt": {}})["haushalt"]["ungedeckt"] is None


def test_a_year_filter_sums_only_that_years_entries():
    style = load_house_style("bielefeld", [STYLES])
    form = style.config.finance_form
    plans = [{"teilergebnisplan": "1", "mehraufwand": [
        {"von": __import__("datetime").date(2024, 1, 1), "betrag": Decimal(1000)},
        {"von": __import__("datetime").date(2025, 1, 1), "betrag": Decimal(700)}],
        "deckung": {"posten": [{"jahr": 2025, "betrag": Decimal(200)}]}}]
    values = compute(form, {"teilergebnisplaene": plans, "restdeckung": {
        "jahr": 2025, "stellen": [{"stelle": "170", "betrag": Decimal(500)}]}})
    assert values["restdeckung"]["verbleibend"] == Decimal(500)
    assert failures(form, values) == []
    values["restdeckung"]["stellen"][0]["betrag"] = Decimal(400)
    [failure] = failures(form, values)
    assert failure.path == ("finanzen", "restdeckung", "stellen")


@pytest.mark.parametrize("declaration, message", [
    ({"felder": [{"schluessel": "a", "beschriftung": "A", "typ": "janein"}],
      "auswirkungen": "b"}, "muss eine ja/nein-Zeile"),
    ({"felder": [{"schluessel": "auswirkungen", "beschriftung": "A", "typ": "janein"},
                 {"schluessel": "s", "beschriftung": "S", "typ": "betrag",
                  "formel": "fehlt + 1"}]}, "„fehlt“ ist keine Zeile des Formulars"),
    ({"felder": [{"schluessel": "auswirkungen", "beschriftung": "A", "typ": "janein"},
                 {"schluessel": "t", "beschriftung": "T"},
                 {"schluessel": "s", "beschriftung": "S", "typ": "betrag", "formel": "t"}]},
     "„t“ ist kein Betrag"),
    ({"felder": [{"schluessel": "auswirkungen", "beschriftung": "A", "typ": "janein"}],
      "pruefungen": [{"bedingung": "auswirkungen"}]}, "genau einem"),
    ({"aus": "nirgendwo"}, "kein mitgeliefertes Finanzformular"),
])
def test_a_broken_declaration_is_refused(declaration, message):
    with pytest.raises(ValidationError, match=message):
        Finanzformular.model_validate(declaration)


def test_a_style_takes_a_bundled_form_or_one_of_its_rows():
    whole = Finanzformular.model_validate({"aus": "waiblingen"})
    assert [r.schluessel for r in whole.felder][:3] == ["auswirkungen", "erhoehung", "deckung"]
    taken = default_form()
    assert taken.root.row("teilergebnisplaene").satz.startswith("Im Teilergebnisplan")
