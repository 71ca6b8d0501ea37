"""The sums a draft never types: per budget year, and what stays uncovered."""

from decimal import Decimal

from pipeline.schema import cost_by_year, cover_by_year, remainder_by_year, uncovered
from pipeline.schema.model import Finanzen, Haushalt

PLANS = Finanzen.model_validate({"teilergebnisplaene": [
    {"teilergebnisplan": "11.01", "mehraufwand": [
        {"von": "01.07.2024", "bis": "31.12.2024", "betrag": "1000.50"},
        {"von": "01.01.2025", "bis": "31.12.2025", "betrag": 2000}],
     "deckung": {"teilergebnisplan": "11.02", "posten": [{"jahr": 2024, "betrag": 500}]}},
    {"teilergebnisplan": "11.03", "mehraufwand": [
        {"von": "01.01.2025", "bis": "30.06.2025", "betrag": 300}],
     "deckung": {"teilergebnisplan": "11.04", "posten": [{"jahr": 2026, "betrag": 100}]}}]})


def test_costs_and_cover_per_year_are_exact():
    assert cost_by_year(PLANS) == {2024: Decimal("1000.50"), 2025: Decimal(2300)}
    assert cover_by_year(PLANS) == {2024: Decimal(500), 2026: Decimal(100)}


def test_remainder_covers_every_year_with_costs_or_cover():
    assert remainder_by_year(PLANS) == {2024: Decimal("500.50"), 2025: Decimal(2300),
                                        2026: Decimal(-100)}


def test_uncovered_part_of_a_budget_line():
    assert uncovered(Haushalt(bedarf=54000, haushaltsansatz=40000)) == Decimal(14000)
    assert uncovered(Haushalt(bedarf=100, haushaltsansatz=80,
                              zusaetzliche_einnahmen=30)) == Decimal(0)
    assert uncovered(Haushalt(haushaltsansatz=80)) is None
