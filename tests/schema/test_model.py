"""The draft model: the short forms drafts may use and the rules inside one section."""

import pytest
from pydantic import ValidationError

from pipeline.schema import Draft
from pipeline.schema.model import Anlage, Beschlussvorschlag, Empfehlung, Person

BASE = {"vorlagenart": "Beschlussvorlage", "amt": "Amt", "datum": "01.02.2024",
        "betreff": "B", "beratungsfolge": [{"gremium": "A", "sitzung": "01.03.2024"},
                                           {"gremium": "B", "sitzung": "02.03.2024"}]}


def test_the_deciding_step_is_the_marked_one_else_the_last():
    assert Draft.model_validate(BASE).entscheidung.gremium == "B"
    marked = {**BASE, "beratungsfolge": [
        {"gremium": "A", "sitzung": "01.03.2024", "zustaendigkeit": "Entscheidung"},
        {"gremium": "B", "sitzung": "02.03.2024", "zustaendigkeit": "Kenntnisnahme"}]}
    assert Draft.model_validate(marked).entscheidung.gremium == "A"


def test_short_forms():
    vorschlag = Beschlussvorschlag.model_validate("Der Rat beschließt.")
    assert vorschlag.text == "Der Rat beschließt." and vorschlag.punkte == []
    points = Beschlussvorschlag.model_validate({"punkte": ["eins", {"text": "zwei"}]})
    assert [p.text for p in points.punkte] == ["eins", "zwei"]


def test_sections_that_need_one_of_two_fields():
    with pytest.raises(ValidationError, match="braucht `text`, `punkte`, `zitat` oder"):
        Beschlussvorschlag.model_validate({"einleitung": "Der Rat beschließt:"})
    with pytest.raises(ValidationError, match="braucht `rolle` oder `name`"):
        Person.model_validate({})
    assert Person.model_validate({"name": "Muster"}).rolle is None


def test_unknown_keys_are_refused():
    with pytest.raises(ValidationError) as info:
        Draft.model_validate({**BASE, "betref": "x"})
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_anlagen_are_counted_in_the_style_s_way_unless_they_carry_their_own_number():
    assert [Anlage.counted(n, "a") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert [Anlage.counted(n, "I") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert Anlage.counted(3, "i") == "iii" and Anlage.counted(2, "A") == "B"
    anlagen = [Anlage(titel="A", datei="a.pdf"), Anlage(titel="B", oeffentlich=False),
               Anlage(titel="C", datei="c.pdf")]
    assert Anlage.numbers(anlagen) == ["1", "2", "3"]
    # a public copy counts what it shows afresh ...
    assert Anlage.numbers(anlagen, "A", public=True) == ["A", None, "B"]
    # ... but an own number is a name: it stays, and so do the counted ones beside it
    named = [anlagen[0], anlagen[1], Anlage(titel="C", nr="3.1")]
    assert Anlage.numbers(named, public=True) == ["1", None, "3.1"]


def test_a_title_only_anlage_and_a_structured_beschlussvorschlag():
    assert Anlage.model_validate({"titel": "Lageplan", "nr": 4}).datei is None
    vorschlag = Beschlussvorschlag.model_validate({"empfehlungen": [
        "Der Ausschuss empfiehlt die Annahme.", {"einleitung": "Der Rat beschließt:",
                                                 "punkte": ["eins"]}]})
    assert [e.einleitung for e in vorschlag.empfehlungen] == [None, "Der Rat beschließt:"]
    assert Beschlussvorschlag.model_validate({"zitat": "„Der Rat beschließt …“"}).zitat
    with pytest.raises(ValidationError, match="braucht `einleitung`, `text`"):
        Empfehlung.model_validate({})
