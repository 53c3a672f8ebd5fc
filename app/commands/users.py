"""``users list|add|disable|enable|set-role|set-password``: a beheerder manages users. On
PostgreSQL each user gets their own login; passwords come in on standard input only."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options
    from app.domain.roles import Role

    parser = sub.add_parser(
        "users", help="gebruikers tonen, toevoegen, uitschakelen, rol of wachtwoord wijzigen"
    )
    actions = parser.add_subparsers(dest="users_action", metavar="ACTIE", required=True)
    listing = actions.add_parser("list", help="toon de gebruikers", description="Toon de gebruikers.")
    add_table_options(listing)
    roles = ", ".join(f"{r.value} ({r.label})" for r in Role)
    role_choices = [r.value for r in Role]
    gemeente_help = "de eigen gemeente: CBS-code (GM0344) of naam; nodig voor elke rol behalve beheerder"
    add = actions.add_parser(
        "add",
        help="voeg een gebruiker toe",
        description="Voeg een gebruiker toe. Op PostgreSQL krijgt die een eigen login met het wachtwoord "
        "dat u op standaardinvoer geeft (--password-stdin); op een database op deze computer is de login "
        "de gebruikersnaam op de computer.",
    )
    add.add_argument("login", metavar="LOGIN", help="inlognaam: kleine letters, cijfers, punt of streepje")
    add.add_argument("--name", required=True, metavar="NAAM", help="volledige naam, zoals anderen die zien")
    add.add_argument("--role", required=True, metavar="ROL", choices=role_choices, help=f"rol: {roles}")
    add.add_argument("--gemeente", metavar="CODE", help=gemeente_help)
    add.add_argument("--email", default="", metavar="ADRES", help="e-mailadres (mag leeg blijven)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="lees het wachtwoord (eerste regel) van standaardinvoer; nodig op PostgreSQL",
    )
    switches = (
        ("disable", "schakel een gebruiker uit (kan niet meer aanmelden; open sessies stoppen)"),
        ("enable", "schakel een uitgeschakelde gebruiker weer in"),
    )
    for name, text in switches:
        one = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        one.add_argument("login", metavar="LOGIN", help="de inlognaam van de gebruiker")
    set_role = actions.add_parser(
        "set-role", help="geef een gebruiker een andere rol (en eventueel gemeente)",
        description="Geef een gebruiker een andere rol; met --gemeente ook een andere gemeente. "
        "Geldt direct, ook in een sessie die al open is.",
    )  # fmt: skip
    set_role.add_argument("login", metavar="LOGIN", help="de inlognaam van de gebruiker")
    set_role.add_argument("role", metavar="ROL", choices=role_choices, help=f"rol: {roles}")
    set_role.add_argument("--gemeente", metavar="CODE", help=gemeente_help)
    set_password = actions.add_parser(
        "set-password", help="stel een nieuw wachtwoord in (PostgreSQL)",
        description="Stel een nieuw wachtwoord in voor een gebruiker; het wachtwoord komt van "
        "standaardinvoer.",
    )  # fmt: skip
    set_password.add_argument("login", metavar="LOGIN", help="de inlognaam van de gebruiker")
    set_password.add_argument(
        "--password-stdin", action="store_true", required=True, help="lees het wachtwoord van standaardinvoer"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.commands.common import (
        actor_from_args,
        database_from_args,
        gemeente_from_args,
        print_table,
        read_password_stdin,
    )
    from app.domain.roles import Role
    from app.errors import UserError
    from app.services import users

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    action = args.users_action
    password = read_password_stdin() if getattr(args, "password_stdin", False) else None
    with db.unit_of_work() as session:
        if action == "add":
            if db.is_postgresql and password is None:
                raise UserError(
                    "Op PostgreSQL krijgt elke gebruiker een eigen login met wachtwoord: geef het wachtwoord "
                    "op standaardinvoer met --password-stdin."
                )
            info = users.create_user(
                session,
                actor,
                login=args.login,
                name=args.name,
                role=Role(args.role),
                gemeente_code=gemeente_from_args(session, actor, args.gemeente),
                email=args.email,
                password=password if db.is_postgresql else None,
            )
            print(f"Gebruiker '{info.login}' toegevoegd ({info.role.label}).")
            return 0
        if action == "list":
            rows = [
                (u.login, u.name, u.role.label, u.gemeente_name or "", "ja" if u.active else "nee")
                for u in users.list_users(session, actor)
            ]
        else:
            target = users.find_user(session, actor, args.login)
            if action in ("disable", "enable"):
                users.update_user(session, actor, target.id, target.version, active=action == "enable")
                state = "weer ingeschakeld" if action == "enable" else "uitgeschakeld"
                print(f"Gebruiker '{target.login}' is {state}.")
            elif action == "set-role":
                code = gemeente_from_args(session, actor, args.gemeente)
                info = users.update_user(
                    session, actor, target.id, target.version, role=Role(args.role), gemeente_code=code
                )
                where = f", {info.gemeente_name}" if info.gemeente_name else ""
                print(f"Gebruiker '{info.login}' is nu {info.role.label.lower()}{where}.")
            else:
                assert password is not None
                users.set_password(session, actor, target.id, password)
                print(f"Nieuw wachtwoord ingesteld voor '{target.login}'.")
            return 0
    print_table(["Login", "Naam", "Rol", "Gemeente", "Actief"], rows, as_csv=args.csv, wide=args.wide)
    return 0
