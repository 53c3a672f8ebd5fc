"""``swap-plan``: the regional swap plan, headless (the same service as the Uitruilplan tab)."""

from __future__ import annotations

import argparse

from app.commands.common import Column

COLUMNS: list[Column] = ["V-nummer", "Van", "Naar", "Pers.", "Woning", "Vrij per", "Termijn"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from app.commands.common import add_table_options

    plan = sub.add_parser(
        "swap-plan",
        help="uitruilplan voor de regio: welke uitruil de meeste huishoudens op tijd een woning geeft",
        description="Het uitruilplan (regio-coördinator of beheerder): voorstellen voor uitruil van "
        "huishoudens tussen gemeenten, zodat zo veel mogelijk huishoudens binnen hun termijn een passende "
        "woning krijgen, met elk grootboek binnen de grens. Er wordt niets verstuurd; de uitleg per "
        "voorstel staat in --wide en --csv.",
    )
    bound = plan.add_mutually_exclusive_group()
    bound.add_argument(
        "--grens", type=int, metavar="PERSONEN", help="grens voor het grootboek in personen (standaard 15)"
    )
    bound.add_argument(
        "--aandeel",
        type=float,
        metavar="DEEL",
        help="grens als deel van de taakstelling van elke gemeente, bijvoorbeeld 0.1 voor 10%%",
    )
    add_table_options(plan)
    plan.set_defaults(handler=handle_swap_plan)


def handle_swap_plan(args: argparse.Namespace) -> int:
    import sys

    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.domain.swap_plan import DEFAULT_BOUND_PERSONS, LedgerBound
    from app.errors import UserError
    from app.services.board.swap_plan import compute_swap_plan

    try:
        if args.aandeel is not None:
            bound = LedgerBound(share=args.aandeel)
        else:
            bound = LedgerBound(DEFAULT_BOUND_PERSONS if args.grens is None else args.grens)
    except ValueError as exc:
        raise UserError(f"{exc}.") from exc
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        run = compute_swap_plan(session, actor, bound=bound)
    rows = [
        [
            s.v_nummer,
            s.owner_name,
            s.host_name,
            s.persons,
            s.dwelling,
            f"{s.available_from:%d-%m-%Y}",
            f"{s.deadline:%d-%m-%Y}",
            " ".join(s.explanation),
        ]
        for s in run.swaps
    ]
    headers = ["V-nummer", "Van", "Naar", "Pers.", "Woning", "Vrij per", "Termijn", "Uitleg"]
    print_table(headers, rows, as_csv=args.csv, wide=args.wide, columns=COLUMNS)
    if not args.csv:
        print(f"\n{run.summary}", file=sys.stderr)
    return 0
