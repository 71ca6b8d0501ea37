"""Vorlagennummern as file names."""

import pytest

from pipeline.records import file_name


@pytest.mark.parametrize("nummer, name", [
    ("2020/53/037", "2020-53-037"), ("BSV 3/2017", "BSV-3-2017"),
    ("9921/2014-2020", "9921-2014-2020"), ("2015/0288-1", "2015-0288-1"),
    ("VO/089/2022", "VO-089-2022"), (r"A\B:C", "A-B-C"), ("../../etc", "etc"),
    ("Drucksache Nr. 5", "Drucksache-Nr.-5"), ("///", "vorlage")])
def test_separators_become_hyphens_and_nothing_escapes(nummer, name):
    assert file_name(nummer) == name
    assert "/" not in file_name(nummer) and not file_name(nummer).startswith(".")
