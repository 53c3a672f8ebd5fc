"""``setup``: on a new database on this computer, say which municipality and role you have."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.domain.roles import Role

    parser = sub.add_parser(
        "setup",
        help="eerste start: uw gemeente en rol op een nieuwe database op deze computer",
        description="Maakt u (uw account op deze computer) gebruiker van een nieuwe, lege database op "
        "deze computer, met de gemeente en rol die u opgeeft. Alleen op een database zonder gebruikers; "
        "daarna voegt een beheerder gebruikers toe (users add). Op PostgreSQL maakt de beheerder de "
        "gebruikers aan.",
    )
    roles = ", ".join(r.value for r in Role)
    parser.add_argument(
        "--gemeente", metavar="CODE", help="uw gemeente: CBS-code (GM0344) of naam; niet voor beheerder"
    )
    parser.add_argument(
        "--role", required=True, metavar="ROL", choices=[r.value for r in Role], help=f"uw rol: {roles}"
    )
    parser.add_argument("--name", default="", metavar="NAAM", help="uw naam zoals anderen die zien")
    parser.add_argument("--email", default="", metavar="ADRES", help="uw e-mailadres (mag leeg blijven)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.auth.identity import setup_first_user
    from app.commands.common import database_from_args, gemeente_from_args
    from app.domain.roles import Role
    from app.services.access import Actor

    db = database_from_args(args)
    with db.unit_of_work() as session:
        code = gemeente_from_args(session, Actor.system_actor("installatie"), args.gemeente)
    actor = setup_first_user(db, gemeente_code=code, role=Role(args.role), name=args.name, email=args.email)
    where = f" van {actor.gemeente_name}" if actor.gemeente_name else ""
    print(f"U bent '{actor.login}': {actor.role.label.lower()}{where}. U kunt nu met het programma werken.")
    return 0
