"""``users list`` / ``users add``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.domain.roles import Role

    parser = sub.add_parser("users", help="gebruikers tonen of toevoegen")
    actions = parser.add_subparsers(dest="users_action", required=True)
    listing = actions.add_parser("list", help="toon gebruikers")
    listing.add_argument("--csv", action="store_true", help="als CSV (puntkomma) in plaats van een tabel")
    add = actions.add_parser("add", help="voeg een gebruiker toe")
    add.add_argument("login")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--gemeente", help="CBS-code, bijvoorbeeld GM0344")
    add.add_argument("--email", default="")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.domain.roles import Role
    from app.services import users

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        if args.users_action == "add":
            info = users.create_user(
                session,
                actor,
                login=args.login,
                name=args.name,
                role=Role(args.role),
                gemeente_code=args.gemeente,
                email=args.email,
            )
            print(f"Gebruiker '{info.login}' toegevoegd ({info.role.label}).")
            return 0
        rows = [
            (u.login, u.name, u.role.label, u.gemeente_name or "", "ja" if u.active else "nee")
            for u in users.list_users(session, actor)
        ]
    print_table(["Login", "Naam", "Rol", "Gemeente", "Actief"], rows, as_csv=args.csv)
    return 0
