"""``backup FILE`` and ``restore FILE``: a consistent copy of the database while the program may be
running (SQLite's backup API, or pg_dump -Fc), and putting one back into an empty database."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "backup",
        help="een reservekopie van de database maken (ook terwijl het programma open is)",
        description="Maakt een volledige, consistente kopie van de database, ook terwijl het programma "
        "ermee werkt. SQLite: een .db-bestand (alleen voor u leesbaar). PostgreSQL: pg_dump -Fc "
        "(.dump), alleen voor een beheerder. Elke reservekopie komt in het toegangslog.",
    )
    p.add_argument(
        "file", metavar="BESTAND", help="het bestand dat gemaakt wordt (.db; bij PostgreSQL .dump)"
    )
    p.add_argument("--force", action="store_true", help="een bestaand bestand overschrijven")
    p.set_defaults(handler=handle_backup)
    r = sub.add_parser(
        "restore",
        help="een reservekopie terugzetten in een lege database",
        description="Zet een reservekopie (van 'backup') terug in de gekozen database. Die moet leeg "
        "zijn: een database met gegevens wordt geweigerd. Kies een andere met --db of "
        "DOORLOPENDE_LIJN_DB_URL.",
    )
    r.add_argument("file", metavar="BESTAND", help="de reservekopie (.db; bij PostgreSQL .dump)")
    r.set_defaults(handler=handle_restore)


def _progress() -> object:
    """Percentages on the terminal (stderr), only when it is one."""
    if not sys.stderr.isatty():
        return None

    def show(fraction: float) -> None:
        print(f"\r{round(fraction * 100):3d}%", end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)

    return show


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",") if size >= 100_000 else f"{size // 1000 or 1} kB"


def handle_backup(args: argparse.Namespace) -> int:
    from app.auth.identity import NeedsSetup
    from app.commands.common import actor_from_args, database_from_args
    from app.commands.files import output_file
    from app.services.access import Actor
    from app.services.backup import backup_suffixes, make_backup

    db = database_from_args(args)
    target = output_file(args.file, suffixes=backup_suffixes(db), force=args.force)
    try:
        actor = actor_from_args(db, args)
    except NeedsSetup:  # a new SQLite file without users: its owner backs it up
        actor = Actor.system_actor("reservekopie")
    result = make_backup(db, actor, target, progress=_progress())  # type: ignore[arg-type]
    version = f", schemaversie {result.revision}" if result.revision else ""
    print(f"Reservekopie gemaakt: {result.path} ({_size(result.size)}{version}) van {db.description}.")
    print(f"Terugzetten in een lege database: python -m app --db URL restore {result.path}")
    return 0


def handle_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.commands.common import database_from_args
    from app.services.backup import restore_backup

    db = database_from_args(args, migrate=False)
    result = restore_backup(db, Path(args.file), progress=_progress())  # type: ignore[arg-type]
    print(f"Reservekopie {args.file} teruggezet in {result.description} (schemaversie {result.revision}).")
    return 0
