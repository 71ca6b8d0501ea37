"""The value types: dates, amounts, yes/no and text, as drafts write them."""

import pytest

from helpers import MINIMAL
from pipeline.errors import UserError
from pipeline.schema import Draft, load_yaml, validate


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems show paths relative to the working folder


def _problems(tmp_path, text):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        validate(load_yaml(path), Draft)
    return [str(p) for p in info.value.problems]


def _valid(tmp_path, text) -> Draft:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return validate(load_yaml(path), Draft)


def test_impossible_date(tmp_path):
    problems = _problems(tmp_path, MINIMAL.replace("01.03.2024", "31.02.2024"))
    assert problems == ["d.yaml:7:14: beratungsfolge[1].sitzung: dieses Datum gibt es nicht: "
                        "'31.02.2024'"]


def test_empty_required_field(tmp_path):
    problems = _problems(tmp_path, MINIMAL.replace("amt: Amt für Tests", 'amt: ""'))
    assert problems == ["d.yaml:2:6: amt: darf nicht leer sein"]


def test_ambiguous_amount_is_refused(tmp_path):
    text = MINIMAL + "finanzen:\n  haushalt:\n    bedarf: 30.000\n"
    problems = _problems(tmp_path, text)
    assert problems == ["d.yaml:16:13: finanzen.haushalt.bedarf: '30.000' ist mehrdeutig: "
                        "30000 (ohne Tausenderpunkt) oder 30.000,00 schreiben"]


def test_amounts_are_exact_and_german_notation_works(tmp_path):
    text = MINIMAL + ("finanzen:\n  haushalt:\n    bedarf: 27500.10\n"
                      "    haushaltsansatz: \"30.000,50\"\n")
    draft = _valid(tmp_path, text)
    assert str(draft.finanzen.haushalt.bedarf) == "27500.10"
    assert str(draft.finanzen.haushalt.haushaltsansatz) == "30000.50"


def test_german_booleans_and_keine(tmp_path):
    text = MINIMAL.replace("    sitzung: 01.03.2024\n",
                           "    sitzung: 01.03.2024\n    oeffentlich: nein\n")
    draft = _valid(tmp_path, text + "finanzen: keine\n")
    assert draft.beratungsfolge[0].oeffentlich is False
    assert draft.finanzen.auswirkungen is False
