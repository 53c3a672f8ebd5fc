"""The headless commands an administrator needs; GUI and CLI call the same services."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from app import APP_NAME, __version__
from app.commands import COMMAND_MODULES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description=f"{APP_NAME} {__version__}. Zonder opdracht opent het programma; met een opdracht "
        "draait een taak zonder venster.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help="database-URL (anders instellingen of DOORLOPENDE_LIJN_DB_URL)"
    )
    parser.add_argument("--as", dest="as_login", metavar="LOGIN", help="handel als deze gebruiker")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run(argv: list[str]) -> int:
    from app.errors import UserError

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except UserError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
