"""``users list`` / ``users add``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options
    from app.domain.roles import Role

    parser = sub.add_parser("users", help="gebruikers tonen of toevoegen")
    actions = parser.add_subparsers(dest="users_action", metavar="ACTIE", required=True)
    listing = actions.add_parser("list", help="toon de gebruikers", description="Toon de gebruikers.")
    add_table_options(listing)
    add = actions.add_parser(
        "add",
        help="voeg een gebruiker toe",
        description="Voeg een gebruiker toe. Die meldt zich aan met de login (de Windows-gebruikersnaam).",
    )
    add.add_argument(
        "login", metavar="LOGIN", help="inlognaam, zoals de Windows-gebruikersnaam (bv. jdevries)"
    )
    add.add_argument("--name", required=True, metavar="NAAM", help="volledige naam, zoals anderen die zien")
    roles = ", ".join(f"{r.value} ({r.label})" for r in Role)
    add.add_argument(
        "--role", required=True, metavar="ROL", choices=[r.value for r in Role], help=f"rol: {roles}"
    )
    add.add_argument(
        "--gemeente",
        metavar="CODE",
        help="de eigen gemeente: CBS-code (GM0344) of naam; nodig voor elke rol behalve beheerder",
    )
    add.add_argument("--email", default="", metavar="ADRES", help="e-mailadres (mag leeg blijven)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import actor_from_args, database_from_args, gemeente_from_args, print_table
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
                gemeente_code=gemeente_from_args(session, actor, args.gemeente),
                email=args.email,
            )
            print(f"Gebruiker '{info.login}' toegevoegd ({info.role.label}).")
            return 0
        rows = [
            (u.login, u.name, u.role.label, u.gemeente_name or "", "ja" if u.active else "nee")
            for u in users.list_users(session, actor)
        ]
    print_table(["Login", "Naam", "Rol", "Gemeente", "Actief"], rows, as_csv=args.csv, wide=args.wide)
    return 0
