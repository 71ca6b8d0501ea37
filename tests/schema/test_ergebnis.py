"""The vocabulary of results: what a body did with a Vorlage and how it voted."""

import pytest
from pydantic import ValidationError

from pipeline.schema import Ergebnis
from pipeline.schema.ergebnis import STATUS


def test_the_short_forms_and_the_printed_wording():
    assert Ergebnis.model_validate("vertagt").printed() == "vertagt"
    assert Ergebnis.model_validate({"status": "beschlossen", "abstimmung": "einstimmig"}) \
        .printed() == "beschlossen (einstimmig)"
    counted = Ergebnis.model_validate({"status": "abgelehnt", "abstimmung": {
        "ja": "3", "nein": "9", "enthaltungen": "0"}})
    assert counted.printed() == "abgelehnt (Ja: 3, Nein: 9, Enthaltungen: 0)"
    referred = Ergebnis.model_validate({"status": "verwiesen", "an": "Bauausschuss",
                                        "abstimmung": "mehrheitlich"})
    assert referred.printed() == "verwiesen an Bauausschuss (mehrheitlich)"
    assert len(STATUS) == 8 and "zur Kenntnis genommen" in STATUS


@pytest.mark.parametrize("data, message", [
    ({"status": "verwiesen"}, "braucht `an:`"),
    ({"status": "beschlossen", "an": "Rat"}, "`an:` gilt nur für verwiesen"),
    ({"status": "beschlossen", "abstimmung": {}}, "braucht `einstimmig`, `mehrheitlich`"),
    ({"status": "beschlossen", "abstimmung": {"art": "einstimmig", "ja": 3}},
     "nicht beides"),
    ({"status": "angenommen"}, "literal_error"),
    ({"status": "beschlossen", "abstimmung": {"ja": -1}}, "greater_than_equal"),
])
def test_what_the_vocabulary_refuses(data, message):
    with pytest.raises(ValidationError) as caught:
        Ergebnis.model_validate(data)
    found = " ".join(f"{e['type']} {e['msg']}" for e in caught.value.errors())
    assert message in found
