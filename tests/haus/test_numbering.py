"""Numbering patterns of real councils: format, series, parse back, follow-ups."""

from datetime import date

import pytest

from pipeline.haus import Pattern, PatternError, Wahlperiode, number_values

PERIODS = [Wahlperiode("2014-2020", date(2014, 6, 1), date(2020, 10, 31)),
           Wahlperiode("2020-2025", date(2020, 11, 1), date(2025, 10, 31))]


def values(day=date(2020, 2, 13), amt="53", gremium="BSV"):
    return number_values(datum=day, amt=amt, gremium=gremium, wahlperioden=PERIODS)


@pytest.mark.parametrize("pattern, lfd, expected", [
    ("{jahr}/{amt}/{lfd:03}", 37, "2020/53/037"),
    ("{lfd}/{wahlperiode}", 9921, "9921/2014-2020"),
    ("{gremium} {lfd}/{jahr}", 3, "BSV 3/2020"),
    ("{jahr}/{lfd:04}", 850, "2020/0850"),
    ("VO/{lfd:03}/{jahr}", 89, "VO/089/2020"),
    ("{jahr2}-{lfd}", 5, "20-5"),
])
def test_format_and_parse_back(pattern, lfd, expected):
    p = Pattern(pattern)
    assert p.format(values(), lfd) == expected
    parsed_values, parsed_lfd = p.parse(expected)
    assert parsed_lfd == lfd
    assert p.format({**values(), **parsed_values}, parsed_lfd) == expected


def test_series_restart_per_year_and_per_period():
    yearly = Pattern("{jahr}/{lfd:04}")
    assert yearly.series(values(date(2020, 5, 1))) != yearly.series(values(date(2021, 5, 1)))
    period = Pattern("{lfd}/{wahlperiode}")
    assert period.series(values(date(2019, 1, 1))) == period.series(values(date(2020, 6, 1)))
    assert period.series(values(date(2020, 6, 1))) != period.series(values(date(2021, 1, 1)))
    forever = Pattern("VO-{lfd:05}")
    assert forever.series(values(date(2019, 1, 1))) == forever.series(values(date(2024, 1, 1)))


def test_explicit_yearly_scope_when_year_is_not_printed():
    p = Pattern("VO/{lfd:03}", scope="jahr")
    assert p.series(values(date(2020, 1, 1))) != p.series(values(date(2021, 1, 1)))
    assert p.needed_values() == {"jahr"}


def test_per_office_series():
    p = Pattern("{jahr}/{amt}/{lfd:03}")
    assert p.series(values(amt="53")) != p.series(values(amt="20"))


def test_follow_up_suffix():
    p = Pattern("{jahr}/{lfd:04}", follow_up="{nummer}-{version}")
    assert p.follow_up_number("2015/0288", 1) == "2015/0288-1"
    assert Pattern("{jahr}/{lfd}", follow_up="{nummer}/E{version}").follow_up_number(
        "2015/288", 2) == "2015/288/E2"


def test_placeholder_number_for_drafts():
    assert Pattern("{jahr}/{amt}/{lfd:03}").placeholder_number(values()) == "2020/53/XXX"


@pytest.mark.parametrize("bad, message", [
    ("{jahr}/{nummer}", "unbekannter Platzhalter {nummer}"),
    ("{jahr}/", "genau einen Platzhalter {lfd}"),
    ("{lfd}/{lfd}", "genau einen Platzhalter {lfd}"),
    ("{jahr:04}/{lfd}", "nur {lfd} kann eine Stellenzahl haben"),
    ("{jahr/{lfd}", "geschweifte Klammern"),
])
def test_invalid_patterns_are_refused(bad, message):
    with pytest.raises(PatternError, match=message.replace("{", r"\{").replace("}", r"\}")):
        Pattern(bad)


def test_number_that_does_not_fit():
    assert Pattern("{jahr}/{lfd:04}").parse("2020/53/037") is None


@pytest.mark.parametrize("names, number, period", [
    (("V", "VII", "IX"), "1/VII", "VII"), (("V", "VII", "IX"), "12/V", "V"),
    (("04-09", "09-14"), "3/04-09", "04-09"), (("8",), "5/8", "8"),
    (("2014-2020",), "9921/2014-2020", "2014-2020"),
])
def test_wahlperioden_with_any_name_are_read_back_as_declared(names, number, period):
    p = Pattern("{lfd}/{wahlperiode}", wahlperioden=names)
    parsed, lfd = p.parse(number)
    assert parsed == {"wahlperiode": period}
    assert p.format(parsed, lfd) == number


def test_an_undeclared_period_does_not_fit():
    p = Pattern("{lfd}/{wahlperiode}", wahlperioden=("V", "VII"))
    assert p.parse("1/VI") is None and p.parse("1/VIII") is None


def test_the_vorlagenart_code():
    p = Pattern("{jahr}/{art}/{lfd}", arten=("BV", "Ifo"))
    assert p.format({"jahr": "2021", "art": "BV"}, 2114) == "2021/BV/2114"
    assert p.parse("2021/Ifo/7") == ({"jahr": "2021", "art": "Ifo"}, 7)
    assert p.parse("2021/XY/7") is None
    assert p.series({"jahr": "2021", "art": "BV"}) != p.series({"jahr": "2021", "art": "Ifo"})
    leipzig = Pattern("VII-{art}-{lfd:05}", arten=("Ifo", "DS"))
    assert leipzig.parse("VII-Ifo-01312") == ({"art": "Ifo"}, 1312)


def test_what_a_typed_number_is():
    p = Pattern("{jahr}/{lfd:04}")
    assert p.read("2015/0288").herkunft == "entwurf"
    follow = p.read("2015/0288-1")
    assert (follow.herkunft, follow.basis, follow.version) == ("entwurf_folge", "2015/0288", 1)
    # an old scheme is not read as a follow-up of half of it, unless the bezug names it
    assert p.read("VO-2011-42").herkunft == "frueher"
    assert p.read("VO-2011-42", bezug="VO-2011").basis == "VO-2011"
    assert Pattern("{jahr}/{lfd}", follow_up="{nummer}/E{version}").parse_follow_up(
        "2015/288/E2") == ("2015/288", 2)


def test_follow_up_wording():
    from pipeline.haus.numbering import checked_wording, follow_up_line

    text = checked_wording("{version}. Ergänzung zur Vorlage {bezug}")
    assert follow_up_line(text, "2015/0288", 1) == "1. Ergänzung zur Vorlage 2015/0288"
    assert follow_up_line(text, "2015/0288", 0) == "X. Ergänzung zur Vorlage 2015/0288"
    with pytest.raises(ValueError, match=r"unbekannter Platzhalter \{nummer\}"):
        checked_wording("zu {nummer}")
