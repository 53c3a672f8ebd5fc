"""``demo``: fill an empty database with synthetic demo data."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("demo", help="vul een lege database met (verzonnen) demo-gegevens")
    parser.add_argument(
        "--seed", type=int, default=2017, help="startgetal: dezelfde seed geeft dezelfde data"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="omvang ten opzichte van een echte regio")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import database_from_args
    from app.config import load_settings
    from app.demo.fill import DemoAlreadyLoaded, fill_demo
    from app.services.access import Actor

    db = database_from_args(args)
    login = getattr(args, "as_login", None) or load_settings().effective_login

    def show(fraction: float, step: str) -> None:
        print(f"  {fraction:4.0%}  {step}", file=sys.stderr)

    try:
        with db.unit_of_work() as session:
            report = fill_demo(
                session,
                Actor.system_actor("demo"),
                seed=args.seed,
                scale=args.scale,
                login=login,
                progress=show,
            )
    except DemoAlreadyLoaded as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Demo-gegevens geladen in {db.description}:")
    for key, value in report.items():
        print(f"  {key}: {value}")
    print(f"U bent aangemeld als '{login}' (regio-coördinator, Utrecht).")
    return 0
