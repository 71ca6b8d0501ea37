"""click's own texts in German: the real `vorlage` command's help and usage errors, the
prompts, and the tables themselves (placeholders kept, every text of click's covered)."""

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from helpers import REPO, run
from pipeline import german

ENGLISH = ("Usage:", "Options:", "Commands:", "Error:", "Try '", "Show this message",
           "No such", "Missing", "Invalid value", "is not a valid", "[OPTIONS]")


def usage_error(args, tmp_path) -> str:
    """stderr of a usage error: exit code 2, German, no English of click's."""
    result = run(args, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Aufruf: vorlage" in result.stderr and "Fehler: " in result.stderr
    assert not [word for word in ENGLISH if word in result.stderr], result.stderr
    return result.stderr


def test_help_is_german(tmp_path):
    result = run(["--help"], tmp_path)
    assert result.returncode == 0
    for text in ("Aufruf: vorlage [OPTIONEN] BEFEHL [ARGUMENTE]...", "\nOptionen:\n",
                 "\nBefehle:\n", "Diese Hilfe anzeigen und beenden.",
                 "Version anzeigen und beenden."):
        assert text in result.stdout
    assert not [word for word in ENGLISH if word in result.stdout], result.stdout


def test_a_command_help_names_types_and_defaults_in_german(tmp_path):
    result = run(["build", "--help"], tmp_path)
    assert result.returncode == 0
    for text in ("--out ORDNER", "--report DATEI", "--jobs GANZZAHL", "--timeout ZAHL",
                 "[Standard: 120.0; x>=1]"):
        assert text in result.stdout
    required = run(["archiv", "export", "--help"], tmp_path).stdout
    assert "[erforderlich]" in required and "[required]" not in required


def test_an_unknown_command(tmp_path):
    err = usage_error(["gibtsnicht"], tmp_path)
    assert "Fehler: Unbekannter Befehl 'gibtsnicht'." in err
    assert "Hilfe mit 'vorlage --help'." in err
    assert "Meinten Sie 'build'?" in usage_error(["biuld"], tmp_path)


def test_a_missing_argument(tmp_path):
    err = usage_error(["build"], tmp_path)
    assert "Fehler: Fehlendes Argument 'PATHS...'." in err
    assert "Hilfe mit 'vorlage build --help'." in err


def test_a_missing_option_lists_the_choices(tmp_path):
    err = usage_error(["amend", "2024/0001"], tmp_path)
    assert "Fehlende Option '--art'. Zur Auswahl:" in err


def test_invalid_values(tmp_path):
    assert ("Ungültiger Wert für '--jobs' / '-j': 'x' ist keine gültige Ganzzahl."
            in usage_error(["build", "--jobs", "x", "drafts"], tmp_path))
    assert "'--port': 0 liegt nicht im Bereich 1<=x<=65535." in usage_error(
        ["serve", "--port", "0"], tmp_path)
    assert "'y' ist keiner der Werte 'Ergänzungsvorlage', 'Änderungsvorlage'." in usage_error(
        ["amend", "2024/0001", "--art", "y"], tmp_path)
    assert "entspricht keinem der Formate '%d.%m.%Y', '%Y-%m-%d'." in usage_error(
        ["user", "vertretung", "anna", "--durch", "bert", "--von", "1.1.", "--bis",
         "2.2.2024"], tmp_path)
    (tmp_path / "datei").write_text("", encoding="utf-8")
    assert "Ordner 'datei' ist eine Datei." in usage_error(
        ["build", "--out", "datei", "drafts"], tmp_path)


def test_an_unknown_option(tmp_path):
    err = usage_error(["build", "--nope"], tmp_path)
    assert "Fehler: Unbekannte Option '--nope'." in err


def test_an_option_without_its_value(tmp_path):
    result = run(["build", "--out"], tmp_path)
    assert result.returncode == 2
    assert "Fehler: Die Option '--out' braucht einen Wert." in result.stderr


def test_version(tmp_path):
    result = run(["--version"], tmp_path)
    assert result.returncode == 0 and re.fullmatch(r"vorlage, Version \S+\n", result.stdout)


# --- in this process: prompts --------------------------------------------------------------

@pytest.fixture
def prompting():
    german.install()

    @click.command()
    def ask() -> None:
        click.echo(click.prompt("Passwort", hide_input=True, confirmation_prompt=True))
        click.echo(click.prompt("Anzahl", type=int))
    return ask


def test_the_confirmation_prompt_is_german(prompting):
    result = CliRunner().invoke(prompting, input="eins\nzwei\ndrei\ndrei\nx\n3\n")
    assert result.exit_code == 0, result.output
    assert "Passwort: \nZur Bestätigung wiederholen: \n" in result.output
    assert "Fehler: Die beiden Eingaben stimmen nicht überein." in result.output
    assert "Fehler: 'x' ist keine gültige Ganzzahl." in result.output


def test_an_abort_is_german(prompting):
    result = CliRunner().invoke(prompting, input="")
    assert result.exit_code == 1 and "Abgebrochen!" in result.output


# --- the tables ----------------------------------------------------------------------------

def placeholders(text: str) -> list:
    """The {…} fields (with conversion and format) and %(…)s fields of a text."""
    fields = [(name, conversion, spec) for _, name, spec, conversion
              in string.Formatter().parse(text) if name is not None]
    return sorted(fields) + sorted(re.findall(r"%\((\w+)\)[sdr]", text))


def test_every_translation_keeps_the_placeholders():
    pairs = list(german.MESSAGES.items())
    for (singular, plural), (one, many) in german.PLURALS.items():
        pairs += [(singular, one), (plural, many)]
    wrong = [(msgid, text) for msgid, text in pairs if placeholders(msgid) != placeholders(text)]
    assert wrong == []
    assert placeholders("{value!r} is {n:>3} %(prog)s") == [("n", None, ">3"),
                                                             ("value", "r", ""), "prog"]


def test_lookups_fall_back_to_click_s_english():
    assert german.gettext("Usage:") == "Aufruf:"
    assert german.gettext("Something new in click") == "Something new in click"
    key = ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.")
    assert german.ngettext(*key, 1) == "Die Option {name!r} braucht einen Wert."
    assert german.ngettext(*key, 2) == "Die Option {name!r} braucht {nargs} Werte."
    assert german.ngettext("one thing", "{n} things", 2) == "{n} things"


# Texts of click's left English on purpose: programmer errors, raised while a command is
# defined (or a repr), never by what a user types.
FOR_PROGRAMMERS = {
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Invalid start character for option ({option})",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Choice({choices})",
}


def patched_modules() -> list[Path]:
    """Source files of the click modules the real command translates."""
    script = ("import sys, pipeline.cli, pipeline.german as g\n"
              "print('\\n'.join(m.__file__ for n, m in sorted(sys.modules.items()) "
              "if n.split('.')[0] == 'click' and getattr(m, '_', None) is g.gettext))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=REPO, check=True)
    return [Path(line) for line in result.stdout.split()]


def click_texts(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """The literal texts a click module passes to `_()` and `ngettext()`."""
    singles, plurals = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        literal = [a.value for a in node.args if isinstance(a, ast.Constant)
                   and isinstance(a.value, str)]
        if node.func.id == "_" and literal:
            singles.add(literal[0])
        elif node.func.id == "ngettext" and len(literal) == 2:
            plurals.add((literal[0], literal[1]))
    return singles, plurals


def test_every_text_of_click_s_is_translated():
    """A click update that adds a text fails here until the text is in the tables."""
    modules = patched_modules()
    names = {p.stem for p in modules}
    assert {"core", "exceptions", "types", "parser", "decorators", "formatting",
            "termui"} <= names
    singles, plurals = set(), set()
    for path in modules:
        found = click_texts(path)
        singles |= found[0]
        plurals |= found[1]
    assert "Show this message and exit." in singles  # the scan sees click's texts
    assert sorted(singles - set(german.MESSAGES) - FOR_PROGRAMMERS) == []
    assert sorted(plurals - set(german.PLURALS)) == []
