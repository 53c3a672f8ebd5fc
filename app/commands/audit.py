"""``audit verify [--from DATUM]``: check the access log's hash chain (a beheerder). Exits 0 when
every row matches; otherwise 1, naming the first row that does not (changed, deleted or inserted)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("audit", help="het toegangslog controleren (beheerder)")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTIE", required=True)
    verify = actions.add_parser(
        "verify",
        help="controleer de keten van het toegangslog",
        description="Loopt het toegangslog regel voor regel na (in volgorde) en rekent van elke regel de "
        "hash opnieuw uit, met de verwijzing naar de regel ervoor. Een gewijzigde, verwijderde of "
        "tussengevoegde regel breekt de keten: de opdracht noemt de eerste regel die niet klopt en "
        "eindigt met foutcode 1. De controle zelf komt ook in het toegangslog.",
    )
    verify.add_argument(
        "--from",
        dest="since",
        metavar="DATUM",
        help="begin bij de eerste regel van deze dag (DD-MM-JJJJ of JJJJ-MM-DD); standaard: alles",
    )
    parser.set_defaults(handler=handle)


def parse_day(text: str):  # type: ignore[no-untyped-def]
    """The start of a day (local midnight, as an aware datetime) from DD-MM-JJJJ or JJJJ-MM-DD."""
    import datetime as dt

    from app.errors import UserError

    text = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return day.astimezone()  # naive = local time; astimezone attaches the local zone
    raise UserError(f"--from '{text}' is geen datum; schrijf bijvoorbeeld 01-12-2026.")


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args
    from app.services.audit import verify_chain

    since = parse_day(args.since) if args.since else None
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        report = verify_chain(session, actor, since=since)
    print(report.summary)
    return 0 if report.ok else 1
