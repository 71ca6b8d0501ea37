"""A finance form's model: typed rows, nested and repeating groups, short forms, `keine`."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from helpers import STYLES
from pipeline.haus import default_form, form_model, form_values, load_house_style


def test_keine_and_short_forms():
    model = form_model(default_form())
    assert model.model_validate("keine").hat_auswirkungen is False
    assert model.model_validate(False).auswirkungen is False
    assert model.model_validate({}).hat_auswirkungen is True  # standard: ja
    plans = model.model_validate({"teilergebnisplaene": [{
        "teilergebnisplan": "11.01", "umfang": "0,5",
        "mehraufwand": [{"von": "01.01.2024", "bis": "31.12.2024", "betrag": "1.000,50"}]}]})
    plan = plans.teilergebnisplaene[0]
    assert plan.umfang[0].vzae == Decimal("0.5") and plan.aufwand.startswith("Mehraufwend")
    assert plan.mehraufwand[0].betrag == Decimal("1000.50")


def test_rows_are_typed_and_accounts_are_numbers():
    form = load_house_style("waiblingen", [STYLES]).config.finance_form
    model = form_model(form)
    with pytest.raises(ValidationError, match="keine Kontierung: 'siehe oben'"):
        model.model_validate({"erhoehung": [{"sachkonto": "siehe oben", "betrag": 1}],
                              "deckung": [{"sachkonto": "1", "betrag": 1}]})
    with pytest.raises(ValidationError, match="mehrdeutig"):
        model.model_validate({"erhoehung": [{"sachkonto": "4211", "betrag": "30.000"}],
                              "deckung": [{"sachkonto": "1", "betrag": 1}]})
    with pytest.raises(ValidationError, match="at least 1 item"):
        model.model_validate({"erhoehung": [], "deckung": [{"sachkonto": "1", "betrag": 1}]})
    ok = form_values(form, {"erhoehung": [{"sachkonto": 4211, "betrag": 5}],
                            "deckung": [{"sachkonto": "3141.000", "betrag": 5}]})
    assert ok.erhoehung[0].sachkonto == "4211" and ok.model_dump().get("summe_deckung") is None
