"""``board`` and ``match``: the exchange board's figures and matching proposals, headless."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    board = sub.add_parser("board", help="cijfers van het uitwisselbord per gemeente voor een periode")
    board.add_argument("--period", help="halfjaar, bijvoorbeeld 2017-H1 (standaard: het huidige)")
    board.add_argument("--csv", action="store_true", help="als CSV (puntkomma) in plaats van een tabel")
    board.set_defaults(handler=handle_board)
    match = sub.add_parser("match", help="matchingvoorstellen huishouden ↔ woning met uitleg")
    match.add_argument("--gemeente", metavar="CODE", help="alleen voor deze gemeente (CBS-code, bv. GM0344)")
    match.add_argument("--csv", action="store_true", help="als CSV (puntkomma) in plaats van een tabel")
    match.set_defaults(handler=handle_match)


def handle_board(args: argparse.Namespace) -> int:
    from datetime import date

    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.domain.periods import Period
    from app.services.board.figures import BEDROOM_BUCKETS, board_figures

    period = Period.parse(args.period) if args.period else Period.containing(date.today())
    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        board = board_figures(session, actor, period)
    headers = [
        "Gemeente",
        "CBS",
        "Taakstelling",
        "Achterstand",
        "Gecorrigeerd",
        "Gehuisvest",
        "Huish. gehuisvest",
        "Gekoppeld wachtend (pers.)",
        "Gekoppeld wachtend (huish.)",
        "Te laat",
        *[f"Woningen {b} slpk" for b in BEDROOM_BUCKETS],
        "Uitruilsaldo",
        "Stand",
    ]
    rows = [
        [
            r.name,
            r.cbs_code,
            r.taakstelling,
            r.backlog_in,
            r.corrected,
            r.housed_persons,
            r.housed_households,
            r.pending_persons,
            r.pending_households,
            r.overdue_households,
            *[r.vacancies[b] for b in BEDROOM_BUCKETS],
            r.swap_balance,
            r.status.label_nl,
        ]
        for r in board.rows
    ]
    if not args.csv:
        print(f"Uitwisselbord {period.code}, peildatum {board.reference_date:%d-%m-%Y}\n")
    print_table(headers, rows, as_csv=args.csv)
    return 0


def handle_match(args: argparse.Namespace) -> int:
    import sys

    from app.commands.common import actor_from_args, database_from_args, print_table
    from app.services.board.matching import run_matching

    db = database_from_args(args)
    actor = actor_from_args(db, args)
    with db.unit_of_work() as session:
        run = run_matching(session, actor, gemeente_code=args.gemeente)
    result = run.result
    rows = []
    for p in result.proposals:
        explanation = "; ".join(
            f"{c.label_nl} {c.value:.2f}×{c.weight:g}={c.contribution:.2f}" for c in p.criteria
        )
        rows.append(
            [
                run.v_nummers[p.household_id],
                run.names.get(p.household_gemeente, p.household_gemeente),
                run.dwelling_labels[p.dwelling_id],
                run.names.get(p.dwelling_gemeente, p.dwelling_gemeente),
                "ja" if p.cross_municipality else "nee",
                f"{p.score:.2f}",
                explanation,
                "; ".join(p.constraints_met),
            ]
        )
    print_table(
        ["V-nummer", "Gekoppeld aan", "Woning", "Woning in", "Uitruil", "Score", "Uitleg", "Voldoet aan"],
        rows,
        as_csv=args.csv,
    )
    if not args.csv:
        print(
            f"\n{len(result.proposals)} voorstellen; {run.households} huishoudens en {run.dwellings} "
            f"beschikbare woningen bekeken; {len(result.households_without_fitting_dwelling)} huishoudens "
            "zonder passende woning.",
            file=sys.stderr,
        )
    return 0
