"""``demo``: fill an empty database with synthetic demo data; ``demo --reset`` starts a demo over."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "demo",
        help="vul een lege database met (verzonnen) demo-gegevens",
        description="Vult een lege database met verzonnen gegevens van de regio: gemeenten, gebruikers, "
        "koppelingen, woningen, uitruil en dossiers. U (uw account op deze computer, of uw "
        "PostgreSQL-login) wordt daarna regio-coördinator van Utrecht; met --as LOGIN speelt u in een "
        "demodatabase een van de demogebruikers.",
    )
    parser.add_argument(
        "--seed", type=int, default=2017, help="startgetal: dezelfde seed, dezelfde data (standaard 2017)"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="omvang ten opzichte van een echte regio (standaard 1,0)"
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="wis de demo-database en vul hem opnieuw (alleen de ingebouwde SQLite-database, "
        "alleen als hij demo-gegevens bevat; vraagt om bevestiging)",
    )
    parser.add_argument("--yes", action="store_true", help="bij --reset: niet om bevestiging vragen")
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="alleen een lege database vullen; bevat hij al gegevens, dan niets doen (en niet als fout)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.auth.identity import own_login
    from app.commands.common import database_from_args
    from app.demo.fill import DemoAlreadyLoaded

    if not 0.01 <= args.scale <= 5:
        from app.errors import UserError

        raise UserError(f"--scale {args.scale:g} kan niet: kies een waarde van 0,01 tot 5.")
    db = database_from_args(args)
    if args.reset:
        db = _reset(db, args)
    login = own_login(db)
    try:
        report = _fill(db, args, login)
    except DemoAlreadyLoaded as exc:
        if args.if_empty:
            print(f"{db.description} bevat al gegevens; die blijven zoals ze zijn.", file=sys.stderr)
            return 0
        print(
            f"{exc}\nDatabase: {db.description}\n"
            "Opnieuw beginnen met een demo: python -m app demo --reset",
            file=sys.stderr,
        )
        return 1
    print(f"Demo-gegevens geladen in {db.description}:")
    for key, value in report.items():
        print(f"  {key}: {value}")
    print(_signed_in_as(db, login))
    print("Andere demo-logins (met --as LOGIN): beheer, regio, lezer, cp-<gemeente>, cons-<gemeente>.")
    return 0


def _fill(db, args: argparse.Namespace, login: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from app.demo.fill import fill_demo
    from app.services.access import Actor

    def show(fraction: float, step: str) -> None:
        print(f"  {fraction:4.0%}  {step}", file=sys.stderr)

    with db.unit_of_work() as session:
        return fill_demo(
            session, Actor.system_actor("demo"), seed=args.seed, scale=args.scale, login=login, progress=show
        )


def _signed_in_as(db, login: str) -> str:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from app.db.models import User

    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(func.lower(User.login) == login.lower()))
        if user is None:
            return f"Let op: '{login}' is geen gebruiker in deze database."
        where = f", {user.gemeente.name}" if user.gemeente else ""
        return f"U bent aangemeld als '{user.login}' ({user.role.label.lower()}{where})."


def _reset(db, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Delete the demo's SQLite file (after a check and a confirmation) and give a new, empty one."""
    from pathlib import Path

    from app.commands.common import database_from_args
    from app.demo.fill import has_data, is_demo_database
    from app.errors import UserError

    if db.is_postgresql:
        raise UserError(
            f"demo --reset werkt alleen met de ingebouwde SQLite-database, niet met {db.description}. "
            "Een PostgreSQL-database wist de databasebeheerder."
        )
    with db.unit_of_work() as session:
        filled, demo = has_data(session), is_demo_database(session)
    if filled and not demo:
        raise UserError(
            f"{db.description} bevat geen demo-gegevens maar echte gegevens; die worden niet gewist. "
            "Kies voor een demo een andere database (--db of DOORLOPENDE_LIJN_DB_URL)."
        )
    path = Path(db.url.database or "")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("demo --reset vraagt om bevestiging; geef --yes als er niemand kan antwoorden.")
        answer = input(f"Alle gegevens in {path} worden gewist en opnieuw gevuld. Doorgaan? [j/N] ")
        if answer.strip().lower() not in ("j", "ja", "y", "yes"):
            raise UserError("Niets gewist.")
    db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    print(f"{path} is gewist.", file=sys.stderr)
    return database_from_args(args)
