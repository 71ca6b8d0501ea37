"""click's own texts in German: help headings, usage errors, type errors, prompts.

click marks its texts for gettext, but each of its modules binds `gettext` and `ngettext` at
import (`from gettext import gettext as _`), and it ships no German catalog. `install()`
rebinds those names in click's loaded modules to look the text up in the tables below;
a text missing from them stays English, as without a catalog. The `{…}` and `%(…)s`
placeholders click fills in afterwards stay as they are.

A few texts do not pass through gettext: the names of the parameter types (they become the
metavars, `--jobs GANZZAHL`, and the word in "… ist keine gültige Ganzzahl") and the usage
line's `[OPTIONS]` and `COMMAND [ARGS]...`. `install()` replaces these too.

Call `install()` before the commands are defined: a few texts are taken when a command or
parameter is made (the help option's text, `click.Path`'s "Datei" or "Ordner").
"""

from __future__ import annotations

import functools
import gettext as _stdlib
import sys

# msgid -> German, for click's `_()`.
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Positional arguments": "Argumente",
    "Commands": "Befehle",
    "Show this message and exit.": "Diese Hilfe anzeigen und beenden.",
    "Show the version and exit.": "Version anzeigen und beenden.",
    "%(prog)s, version %(version)s": "%(prog)s, Version %(version)s",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "required": "erforderlich",
    "(dynamic)": "(dynamisch)",
    "deprecated": "veraltet",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Warnung: Der Befehl {name!r} ist veraltet.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Warnung: {param_type} {name!r} ist veraltet.{extra_message}",
    # usage errors
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe mit '{command} {option}'.",
    "No such command {name!r}.": "Unbekannter Befehl {name!r}.",
    "No such option {name!r}.": "Unbekannte Option {name!r}.",
    "Missing command.": "Befehl fehlt.",
    "Missing argument": "Fehlendes Argument",
    "Missing option": "Fehlende Option",
    "Missing parameter": "Fehlender Parameter",
    "Missing parameter: {param_name}": "Fehlender Parameter: {param_name}",
    "Missing {param_type}": "Fehlender Wert ({param_type})",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert an.",
    "Argument {name!r} takes {nargs} values.": "Das Argument {name!r} braucht {nargs} Werte.",
    "Value must be an iterable.": "Der Wert muss eine Folge sein.",
    "Could not open file {filename!r}: {message}":
        "Die Datei {filename!r} lässt sich nicht öffnen: {message}",
    "unknown error": "unbekannter Fehler",
    "Aborted!": "Abgebrochen!",
    # parameter types
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} existiert nicht.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ist nicht beschreibbar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} ist nicht ausführbar.",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige {number_type}.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} ist kein gültiger Wahrheitswert. Möglich sind: {states}",
    "{value!r} is not a valid UUID.": "{value!r} ist keine gültige UUID.",
    "Choose from:\n\t{choices}": "Zur Auswahl:\n\t{choices}",
    # prompts
    "Repeat for confirmation": "Zur Bestätigung wiederholen",
    "Error: The two entered values do not match.":
        "Fehler: Die beiden Eingaben stimmen nicht überein.",
    "Error: invalid input": "Fehler: ungültige Eingabe",
    "Do you want to continue?": "Fortfahren?",
    "Confirm the action without prompting.": "Ohne Rückfrage bestätigen.",
    "Press any key to continue...": "Weiter mit einer beliebigen Taste ...",
}

# (singular, plural) -> German (singular, plural), for click's `ngettext()`. German counts
# like English: one is singular, every other number plural.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Unerwartetes zusätzliches Argument ({args})",
         "Unerwartete zusätzliche Argumente ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Meinten Sie {possibility}?", "(Meinten Sie eines davon: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Die Option {name!r} braucht einen Wert.", "Die Option {name!r} braucht {nargs} Werte."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Erwartet {nargs} Werte, aber 1 wurde angegeben.",
         "Erwartet {nargs} Werte, aber {len} wurden angegeben."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} Werte sind nötig, aber {len_value} wurde angegeben.",
         "{len_type} Werte sind nötig, aber {len_value} wurden angegeben."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} ist nicht {choice}.", "{value!r} ist keiner der Werte {choices}."),
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        ("{value!r} entspricht nicht dem Format {format}.",
         "{value!r} entspricht keinem der Formate {formats}."),
}

# Parameter type class in click.types -> German name. The help shows it upper-cased as the
# metavar; "{value!r} ist keine gültige {number_type}." needs the numbers' names feminine.
TYPE_NAMES: dict[str, str] = {
    "StringParamType": "Text",
    "UnprocessedParamType": "Text",
    "IntParamType": "Ganzzahl",
    "IntRange": "Ganzzahl",  # the help adds the range: GANZZAHL  [1<=x<=64]
    "FloatParamType": "Zahl",
    "FloatRange": "Zahl",
    "BoolParamType": "Wahrheitswert",
    "File": "Dateiname",
}

# The usage line's placeholders for the options and a group's subcommand.
USAGE: dict[str, str] = {
    "[OPTIONS]": "[OPTIONEN]",
    "COMMAND [ARGS]...": "BEFEHL [ARGUMENTE]...",
    "[COMMAND] [ARGS]...": "[BEFEHL] [ARGUMENTE]...",
    "COMMAND1 [ARGS]... [COMMAND2 [ARGS]...]...":
        "BEFEHL1 [ARGUMENTE]... [BEFEHL2 [ARGUMENTE]...]...",
    "[COMMAND1] [ARGS]... [COMMAND2 [ARGS]...]...":
        "[BEFEHL1] [ARGUMENTE]... [BEFEHL2 [ARGUMENTE]...]...",
}


def gettext(message: str) -> str:
    """click's `_()`: the German text, or click's own where there is none."""
    return MESSAGES.get(message) or _stdlib.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """click's `ngettext()`: the German singular for one, else the plural."""
    german = PLURALS.get((singular, plural))
    if german is None:
        return _stdlib.ngettext(singular, plural, n)
    return german[0] if n == 1 else german[1]


def install() -> None:
    """Makes click speak German from here on; calling it again changes nothing."""
    import click.core  # loads click with its modules, as the CLI does
    import click.types

    # Only the modules loaded so far. click imports _termui_impl (progress bar, editor) and
    # shell_completion on first use; loading them here would slow every start, and their
    # few texts (a failed editor, a Bash too old for completion) stay English.
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is _stdlib.gettext:
            module._ = gettext
        if getattr(module, "ngettext", None) is _stdlib.ngettext:
            module.ngettext = ngettext
    for cls_name, german in TYPE_NAMES.items():
        cls = getattr(click.types, cls_name, None)
        if cls is not None:
            cls.name = german
    _translate_after_init(click.core.Command, "options_metavar")
    _translate_after_init(click.core.Group, "subcommand_metavar")


def _translate_after_init(cls: type, attribute: str) -> None:
    """Wraps `cls.__init__` so the usage placeholder it sets comes out German."""
    init = cls.__dict__["__init__"]
    if getattr(init, "german", False):
        return

    @functools.wraps(init)
    def __init__(self, *args, **kwargs) -> None:
        init(self, *args, **kwargs)
        value = getattr(self, attribute, None)
        if isinstance(value, str):
            setattr(self, attribute, USAGE.get(value, value))

    __init__.german = True  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[misc]
