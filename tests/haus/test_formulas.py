"""Formulas of finance forms: parsed by their own small grammar, never by eval."""

from decimal import Decimal

import pytest

from pipeline.haus.formulas import FormulaError, parse_condition, parse_expression


def test_terms_signs_numbers_and_year_filters():
    expr = parse_expression("a.b - c[jahr] + 2,5")
    assert [(t.sign, t.name, t.number, t.year) for t in expr.terms] == [
        (1, "a.b", None, None), (-1, "c", None, "jahr"), (1, None, Decimal("2.5"), None)]
    assert expr.names() == ["a.b", "c", "jahr"]


def test_a_condition_compares_and_an_absent_date_is_not_compared():
    condition = parse_condition("bis >= von")
    assert condition.op == ">=" and condition.holds(None, __import__("datetime").date.today())
    assert parse_condition("x = 0").holds(None, Decimal(0))
    assert not parse_condition("x = 1").holds(Decimal(2), Decimal(1))


@pytest.mark.parametrize("text, message", [
    ("a +", "unvollständig"), ("", "ist leer"), ("a * b", "unerwartetes Zeichen „\\*“"),
    ("a b", "„b“ steht an falscher Stelle"), ("a[1]", "nach „\\[“ erwartet ein Schlüssel"),
    ("__import__('os')", "unerwartetes Zeichen"),
])
def test_what_is_not_a_formula_is_refused_in_german(text, message):
    with pytest.raises(FormulaError, match=message):
        parse_expression(text)
    with pytest.raises(FormulaError, match="genau einem"):
        parse_condition("a < b < c")
