"""The value types of every YAML file the tool reads: dates, amounts, yes/no, text.

Drafts, house styles and session files share them, so `13.02.2020`, `27.500,50`, `ja` and a
blank field mean the same everywhere and fail with the same German message.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, PlainSerializer


def parse_date(value):
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("erwartet ein Datum (TT.MM.JJJJ)")
    text = value.strip()
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if german:
        day, month, year = map(int, german.groups())
    elif iso:
        year, month, day = map(int, iso.groups())
    else:
        raise ValueError(f"kein Datum: '{text}' (erwartet TT.MM.JJJJ, z. B. 13.02.2020)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"dieses Datum gibt es nicht: '{text}'") from None


_THOUSANDS_ONLY = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")


def _parse_amount(value):
    """Amounts are exact decimals. German notation with a comma is accepted ("30.000,50");
    "30.000" alone is refused, because YAML readers and people disagree on what it means."""
    if isinstance(value, bool):
        raise ValueError("erwartet einen Betrag in Euro")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if not isinstance(value, str):
        raise ValueError("erwartet einen Betrag in Euro")
    text = value.strip().removesuffix("€").removesuffix("EUR").strip().replace(" ", "")
    if _THOUSANDS_ONLY.fullmatch(text):
        plain = text.replace(".", "")
        raise ValueError(f"'{value}' ist mehrdeutig: {plain} (ohne Tausenderpunkt) oder "
                         f"{text},00 schreiben")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"kein Betrag: '{value}' (erwartet z. B. 27500 oder 27500.50)") from None
    if not amount.is_finite():
        raise ValueError(f"kein Betrag: '{value}'")
    return _bounded(amount, value)


# Babel formats (and people read) amounts up to trillions; 1e30 is a typo, not a budget.
_LARGEST = 15


def _bounded(number: Decimal, value) -> Decimal:
    if number.adjusted() >= _LARGEST:
        raise ValueError(f"zu groß: '{value}' (höchstens {_LARGEST} Stellen vor dem Komma)")
    return number


def parse_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("ja", "yes", "wahr", "öffentlich", "oeffentlich"):
            return True
        if word in ("nein", "no", "falsch", "nichtöffentlich", "nichtoeffentlich",
                    "nicht öffentlich"):
            return False
    raise ValueError("erwartet ja oder nein")


def _parse_decimal(value):
    """A number, German or plain: "1,5", "1.500,5", "2.0"; "1.500" alone is refused as for
    amounts (1,5 or 1500?)."""
    text = str(value).strip().replace(" ", "")
    if isinstance(value, str):
        if _THOUSANDS_ONLY.fullmatch(text):
            raise ValueError(f"'{value}' ist mehrdeutig: {text.replace('.', '')} (ohne "
                             f"Tausenderpunkt) oder {text.replace('.', ',')} schreiben")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"keine Zahl: '{value}'") from None
    if not number.is_finite():
        raise ValueError(f"keine Zahl: '{value}'")
    return _bounded(number, value)


# Characters a Word file cannot hold (XML 1.0): control characters, lone surrogates,
# U+FFFE and U+FFFF. YAML escapes such as "\x01" in double quotes can produce them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("darf nicht leer sein")
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"enthält das Steuerzeichen U+{ord(bad.group()):04X} an Stelle "
                         f"{bad.start() + 1}; bitte entfernen")
    return value


def _text(value):
    # Plain YAML numbers stay text in our loader, but values built in code may be numbers.
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


Datum = Annotated[date, BeforeValidator(parse_date), PlainSerializer(lambda d: d.isoformat())]
Betrag = Annotated[Decimal, BeforeValidator(_parse_amount), PlainSerializer(str)]
Zahl = Annotated[Decimal, BeforeValidator(_parse_decimal), PlainSerializer(str)]
JaNein = Annotated[bool, BeforeValidator(parse_bool)]
Text = Annotated[str, BeforeValidator(_text), AfterValidator(_not_blank)]
Jahr = Annotated[int, BeforeValidator(_text)]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              validate_default=False, frozen=False)
