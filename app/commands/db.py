"""``db upgrade`` / ``db current``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("db", help="database: schema bijwerken, huidige versie tonen")
    actions = parser.add_subparsers(dest="db_action", required=True)
    actions.add_parser("upgrade", help="schema bijwerken naar de nieuwste versie (migraties)")
    actions.add_parser(
        "current", help="toon waar de gegevens staan (database, instellingen) en de schemaversie"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import database_from_args
    from app.db.migrate import current_revision

    db = database_from_args(args, migrate=False)
    if args.db_action == "upgrade":
        from app.bootstrap import prepare

        prepare(db)
        print(f"{db.description}: schema bijgewerkt naar versie {current_revision(db.engine)}")
    else:
        from app.config import data_dir, env_database_url, settings_path

        print(f"{db.description}: schemaversie {current_revision(db.engine) or '(leeg)'}")
        source = (
            "--db" if getattr(args, "db", None)
            else "DOORLOPENDE_LIJN_DB_URL" if env_database_url() else f"instellingen ({settings_path()})"
        )  # fmt: skip
        print(f"Gekozen door: {source}")
        print(f"Gegevensmap: {data_dir()}")
    return 0
