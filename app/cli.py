"""The headless commands an administrator needs; GUI and CLI call the same services."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Mapping
from typing import Any

from app import APP_NAME, __version__
from app.commands import COMMAND_MODULES

# argparse's own texts (Python 3.11–3.13), in Dutch. argparse looks each up through its module-level
# ``_``/``ngettext`` when it needs it, so replacing those two is enough; texts not listed stay as
# they are (a newer Python's new texts show in English rather than break).
DUTCH: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\nZie '%(prog)s --help' voor hulp.\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "verplicht, maar niet opgegeven: %s",
    "one of the arguments %s is required": "geef een van deze op: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)r: verwacht %(type)s",
    "expected one argument": "hier hoort een waarde achter",
    "expected at most one argument": "hier hoort hoogstens één waarde achter",
    "expected at least one argument": "hier hoort minstens één waarde achter",
    "not allowed with argument %s": "niet samen met %s",
    "ignored explicit argument %r": "overbodige waarde %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s kan zijn: %(matches)s"
    ),
    "unexpected option string: %s": "onverwachte optie: %s",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "onbekende opdracht %(parser_name)r (kies uit %(choices)s)"
    ),
}
DUTCH_PLURAL: dict[str, tuple[str, str]] = {
    "expected %s argument": ("hier hoort %s waarde achter", "hier horen %s waarden achter"),
}
# What ``invalid %(type)s value`` says for the usual types (argparse fills in the function's name).
TYPE_NAMES = {"int": "een geheel getal", "float": "een getal", "Path": "een bestandsnaam"}


class _TypeMessage(str):
    """The translated 'invalid value' text; it names the expected type in Dutch when it is filled in."""

    __slots__ = ()

    def __mod__(self, values: Any) -> str:
        if isinstance(values, Mapping) and "type" in values:
            values = {**values, "type": TYPE_NAMES.get(str(values["type"]), str(values["type"]))}
        return str.__mod__(self, values)


def dutch(message: str) -> str:
    text = DUTCH.get(message, message)
    return _TypeMessage(text) if message == "invalid %(type)s value: %(value)r" else text


def dutch_plural(singular: str, plural: str, n: int) -> str:
    forms = DUTCH_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def use_dutch_argparse() -> None:
    """Make argparse speak Dutch (usage, headings, errors) in this process; idempotent."""
    argparse._ = dutch  # type: ignore[attr-defined]
    argparse.ngettext = dutch_plural  # type: ignore[attr-defined]


TABLE_COMMANDS = ("import-history",)  # table commands registered elsewhere that get --wide here


def build_parser() -> argparse.ArgumentParser:
    from app.commands.common import MAX_WIDTH

    use_dutch_argparse()
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description=f"{APP_NAME} {__version__}. Zonder opdracht opent het programma; met een opdracht "
        f"draait een taak zonder venster. Tabellen zijn hoogstens {MAX_WIDTH} tekens breed; --wide toont "
        "alle kolommen. Meer over een opdracht: python -m app OPDRACHT --help.",
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="toon de versie en stop"
    )
    parser.add_argument(
        "--db", metavar="URL", help="database-URL (anders instellingen of DOORLOPENDE_LIJN_DB_URL)"
    )
    parser.add_argument(
        "--as",
        dest="as_login",
        metavar="LOGIN",
        help="alleen in een demodatabase (python -m app demo): speel deze demogebruiker, met zijn rechten "
        "en op zijn naam in het toegangslog; ook zonder opdracht: opent het programma zo. Anders bent u "
        "uw eigen PostgreSQL-login of uw account op deze computer",
    )
    parser.add_argument(
        "--wide",
        action="store_true",
        help=f"tabellen met alle kolommen en niets ingekort (standaard: hoogstens {MAX_WIDTH} tekens breed)",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for name in TABLE_COMMANDS:
        command = sub.choices.get(name)
        if command is not None and not any("--wide" in a.option_strings for a in command._actions):
            command.add_argument(
                "--wide", action="store_true", default=argparse.SUPPRESS, help="alle kolommen, niets ingekort"
            )
    return parser


def run(argv: list[str]) -> int:
    from app.commands.common import set_wide
    from app.errors import UserError

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    set_wide(bool(getattr(args, "wide", False)))
    try:
        return int(args.handler(args))
    except UserError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    finally:
        set_wide(False)
