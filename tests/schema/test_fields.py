"""The value types: dates, amounts, yes/no and text, as drafts write them."""

from helpers import MINIMAL


def test_impossible_date(problems):
    found = problems(MINIMAL.replace("01.03.2024", "31.02.2024"))
    assert found == ["d.yaml:7:14: beratungsfolge[1].sitzung: dieses Datum gibt es nicht: "
                        "'31.02.2024'"]


def test_empty_required_field(problems):
    found = problems(MINIMAL.replace("amt: Amt für Tests", 'amt: ""'))
    assert found == ["d.yaml:2:6: amt: darf nicht leer sein"]


def test_ambiguous_amount_is_refused(problems):
    text = MINIMAL + "finanzen:\n  haushalt:\n    bedarf: 30.000\n"
    found = problems(text)
    assert found == ["d.yaml:16:13: finanzen.haushalt.bedarf: '30.000' ist mehrdeutig: "
                        "30000 (ohne Tausenderpunkt) oder 30.000,00 schreiben"]


def test_amounts_are_exact_and_german_notation_works(valid):
    text = MINIMAL + ("finanzen:\n  haushalt:\n    bedarf: 27500.10\n"
                      "    haushaltsansatz: \"30.000,50\"\n")
    draft = valid(text)
    assert str(draft.finanzen.haushalt.bedarf) == "27500.10"
    assert str(draft.finanzen.haushalt.haushaltsansatz) == "30000.50"


def test_german_booleans_and_keine(valid):
    text = MINIMAL.replace("    sitzung: 01.03.2024\n",
                           "    sitzung: 01.03.2024\n    oeffentlich: nein\n")
    draft = valid(text + "finanzen: keine\n")
    assert draft.beratungsfolge[0].oeffentlich is False
    assert draft.finanzen.auswirkungen is False
