"""The YAML parser's messages explained in German, at the line where the mistake was made.

libyaml says where it noticed a problem, which is often not where it was made: an unclosed
quote is noticed at the end of the file, a missing colon on the line after it. So each
explanation also says which mark to report. The most common trap gets the most care: a colon
inside unquoted text (`betreff: Stand: 31.10.2015`), for which the quoted form is shown.
"""

from __future__ import annotations

import re

import yaml

COLON_ADVICE = "Text mit Doppelpunkt in Anführungszeichen setzen"
TAB = "Tabulatorzeichen sind in YAML nicht erlaubt; mit Leerzeichen einrücken"
INDENT = "Einrückung passt nicht zur Zeile davor"

# (text in the parser's problem or context, explanation, report at the context mark);
# the first match wins. Both libyaml's and PyYAML's wordings are listed where they differ.
_YAML_HINTS = [
    ("found character '\\t'", TAB, False),
    ("while scanning a quoted scalar",
     "Anführungszeichen wird nicht geschlossen; am Ende des Textes dasselbe Zeichen (\" oder "
     "') setzen", True),
    ("while parsing a flow sequence",
     "eckige Klammer „[“ wird nicht geschlossen oder ein Eintrag der Liste enthält einen "
     "Doppelpunkt; Text, der mit „[“ beginnt, in Anführungszeichen setzen", True),
    ("while parsing a flow mapping",
     "geschweifte Klammer „{“ wird nicht geschlossen oder ein Wert enthält einen Doppelpunkt; "
     "Text, der mit „{“ beginnt, in Anführungszeichen setzen", True),
    ("could not find expected ':'",
     "hier fehlt der Doppelpunkt nach dem Schlüssel („schluessel: wert“); Text, der zur Zeile "
     "davor gehört, weiter einrücken", True),
    ("while scanning an alias",
     "„*“ am Anfang eines Wertes ist in YAML ein Verweis; Text, der mit * beginnt, in "
     "Anführungszeichen setzen, z. B. \"*wichtig*\"", True),
    ("while scanning an anchor",
     "„&“ am Anfang eines Wertes ist in YAML ein Anker; Text, der mit & beginnt, in "
     "Anführungszeichen setzen", True),
    ("while scanning a block scalar",
     "„|“ oder „>“ am Anfang eines Wertes beginnt einen Textblock, der erst in der nächsten "
     "Zeile steht; Text, der mit | oder > beginnt, in Anführungszeichen setzen", True),
    ("found unknown escape character",
     "in doppelten Anführungszeichen leitet \\ ein Sonderzeichen ein; einfache "
     "Anführungszeichen nehmen ('C:\\Daten') oder \\\\ schreiben", False),
    ("block sequence entries are not allowed",
     "„- “ hinter einem Schlüssel in derselben Zeile: eine Liste beginnt in der nächsten "
     "Zeile, eingerückt; Text, der mit „- “ beginnt, in Anführungszeichen setzen", False),
    ("but found another document",
     "zweites Dokument (nach einer Zeile „---“); eine Datei enthält genau ein Dokument", False),
    ("expected <document start>",
     "unerwarteter Text; eine Zeile, die mit % beginnt, in Anführungszeichen setzen", False),
    ("unexpected end of stream", "Anführungszeichen oder Klammer nicht geschlossen", False),
    ("did not find expected '-' indicator",
     "Einrückung passt nicht: hier wird ein Listeneintrag („- “) erwartet", False),
    ("expected <block end>, but found", INDENT, False),
    ("did not find expected key", INDENT, False),
    ("while scanning a tag", "unbekanntes YAML-Tag (!...); Text, der mit ! beginnt, in "
                             "Anführungszeichen setzen", False),
    ("found undefined tag handle", "unbekanntes YAML-Tag", False),
    ("could not determine a constructor",
     "YAML-Tags (!...) werden nicht unterstützt; Text, der mit ! beginnt, in "
     "Anführungszeichen setzen", False),
]

# Where a value starts on a line: after indentation, list dashes and at most one key as the
# formats write them (lower-case snake_case), so `- Sachstand: siehe Anlage` is all text.
_LEAD = re.compile(r"^\s*((?:-\s+)*)")
_KEY = re.compile(r"[a-z_][a-z0-9_]*:\s+")


def _split(line: str) -> tuple[str, str, int]:
    """A line as its prefix (dashes and key, without indentation), its value, and the
    0-based column where the value starts."""
    lead = _LEAD.match(line)
    key = _KEY.match(line, lead.end())
    end = key.end() if key else lead.end()
    return line[lead.start(1):end], line[end:], end


def quoted(text: str) -> str:
    """A text in the quotes YAML needs for it: double, or single when it holds a double."""
    text = text.strip()
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def colon_advice(prefix: str, text: str) -> str:
    """The advice for text with a colon, with the quoted form as it is to be written."""
    short = text.strip() if len(text.strip()) <= 60 else text.strip()[:57] + "…"
    return f"{COLON_ADVICE}, z. B. {prefix}{quoted(short)}"


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None, int | None]:
    """A German message for a YAML syntax error and the 1-based line and column it is at."""
    problem = f"{exc.problem or ''} {exc.context or ''}".strip()
    mark = exc.problem_mark or exc.context_mark
    lines = text.split("\n")
    if mark and _line(lines, mark.line)[mark.column:mark.column + 1] == "\t":
        return TAB, mark.line + 1, mark.column + 1
    if "mapping values are not allowed" in problem and mark:
        return _colon(lines, mark.line, mark.column)
    if "did not find expected key" in problem and mark:
        found = _after_closed_value(lines, mark.line, mark.column)
        if found:
            return found
    if "cannot start any token" in problem and mark:
        char = _line(lines, mark.line)[mark.column:mark.column + 1]
        return (f"„{char}“ darf in YAML nicht am Anfang eines Wertes stehen; den Text in "
                f"Anführungszeichen setzen", mark.line + 1, mark.column + 1)
    for key, hint, at_context in _YAML_HINTS:
        if key in problem:
            where = exc.context_mark if at_context and exc.context_mark else mark
            return hint, where.line + 1 if where else None, where.column + 1 if where else None
    return (f"YAML-Syntaxfehler ({problem}); Einrückung, Doppelpunkte und Anführungszeichen "
            "prüfen", mark.line + 1 if mark else None, mark.column + 1 if mark else None)


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _colon(lines: list[str], index: int, column: int) -> tuple[str, int, int]:
    """`mapping values are not allowed`: a second colon on a line (text with a colon), a
    colon in the continuation of a text from the line before, or a missing colon there."""
    line = _line(lines, index)
    prefix, value, start = _split(line)
    if start <= column and (prefix or ": " in line[start:column]):
        return colon_advice(prefix, value), index + 1, start + 1
    before = index - 1
    while before >= 0 and (not lines[before].strip() or lines[before].lstrip().startswith("#")):
        before -= 1
    previous = _line(lines, before)
    indent = len(line) - len(line.lstrip())
    # A text goes on below a key, or below a list item that does not start like a key.
    lead = _LEAD.match(previous)
    text_above = _KEY.match(previous, lead.end()) or (
        lead.group(1) and not re.match(r"[a-z_][a-z0-9_]*\s", previous[lead.end():]))
    if before >= 0 and text_above and indent > len(previous) - len(previous.lstrip()):
        return (f"{COLON_ADVICE}; der Text beginnt in Zeile {before + 1} und geht hier weiter",
                index + 1, indent + 1)
    if before >= 0:
        return ("hier fehlt der Doppelpunkt nach dem Schlüssel („schluessel: wert“)",
                before + 1, len(previous) - len(previous.lstrip()) + 1)
    return COLON_ADVICE, index + 1, column + 1


def _after_closed_value(lines: list[str], index: int, column: int):
    """`did not find expected key` right after a closing quote or bracket: the text went on
    after what YAML took for the whole value ("Neubau" der Schule, [Entwurf] Neubau)."""
    line = _line(lines, index)
    before = line[:column].rstrip()
    prefix, value, start = _split(line)
    if not before or not value.strip() or start >= column:
        return None
    if before[-1] in "\"'":
        return (f"der Text geht nach dem schließenden Anführungszeichen weiter; im Text „…“ "
                f"schreiben oder den ganzen Text in die anderen Anführungszeichen setzen, "
                f"z. B. {prefix}{_other_quotes(value)}", index + 1, start + 1)
    if before[-1] in "]}":
        return (f"ein Wert, der mit „{value.strip()[0]}“ beginnt, ist in YAML eine Liste oder "
                f"ein Abschnitt; Text in Anführungszeichen setzen, z. B. "
                f"{prefix}{quoted(value)}", index + 1, start + 1)
    return None


def _other_quotes(value: str) -> str:
    """A value that was cut short by a quote inside it, in the other kind of quotes."""
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        inner, first = value[1:-1], value[0]
    else:
        inner, first = value, value[0]
    if first == '"':
        return "'" + inner.replace("'", "''") + "'"
    return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
